package web

import (
	"net/http"
	"strconv"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
)

type aggregatePage struct {
	Unit     *juesuan.Unit
	Year     int
	Used     []string
	Grid     *gridTable
	Tab      int
	Tabs     []int
	Findings []findingView
	Counts   juesuan.Counts
	Error    string
	Sel      *aggSelection
	Saved    *juesuan.ReportVersion // the latest saved 汇总 version, if any
	Notice   string
}

// aggBuild is the 汇总 of a request's selection.
type aggBuild struct {
	page *aggregatePage
	rep  *juesuan.Report // nil when nothing could be summed (page.Error says why)
}

// aggregateUnit resolves {unit} and checks that the user may aggregate it.
func (s *Server) aggregateUnit(w http.ResponseWriter, r *http.Request) (*juesuan.Unit, bool) {
	ctx := r.Context()
	u := userFrom(ctx)
	unit, err := s.st.Unit(ctx, r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	anc, err := s.st.Ancestors(ctx, unit.Code)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !juesuan.CanAggregate(u, anc) {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有审核人或管理员可以汇总该单位"))
		return nil, false
	}
	return unit, true
}

// aggregateFor builds the 汇总 of the units and states the request
// chooses (query or form), answering the request itself on failure.
func (s *Server) aggregateFor(w http.ResponseWriter, r *http.Request) (*aggBuild, bool) {
	ctx := r.Context()
	unit, ok := s.aggregateUnit(w, r)
	if !ok {
		return nil, false
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表单无法读取"))
		return nil, false
	}
	year, _ := strconv.Atoi(r.Form.Get("year"))
	if year == 0 {
		year = 2020
	}
	tpl, err := s.templateFor(year)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	tab, _ := strconv.Atoi(r.Form.Get("t"))
	if _, ok := tpl.Table(tab); !ok {
		tab = 1
	}
	p := &aggregatePage{Unit: unit, Year: year, Tab: tab}
	for _, ts := range tpl.Tables {
		p.Tabs = append(p.Tabs, ts.Number)
	}
	if p.Sel, err = s.selectUnits(ctx, r.Form, unit.Code, year); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if in, err := s.st.ReportInfo(ctx, aggregateKey(unit.Code, year)); err == nil {
		if _, v, err := s.st.LoadReport(ctx, in.Key, in.Current); err == nil {
			p.Saved = v
		}
	}
	b := &aggBuild{page: p}
	if len(p.Sel.Included) == 0 {
		p.Error = "所选单位中没有处于所选状态（" + p.Sel.StateList() + "）的报表可汇总；请在下方调整汇总范围。"
		return b, true
	}
	rep, used, err := aggregate.FromStore(ctx, s.st, tpl, unit.Code, p.Sel.Included, juesuan.ScopeOwn,
		juesuan.Profile{Name: unit.Name, Code: unit.Code, Kind: string(unit.Kind)})
	if err != nil {
		if juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			s.fail(w, r, err)
			return nil, false
		}
		p.Error = errMessage(err)
		return b, true
	}
	a, err := analyse(tpl, rep)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p.Used, p.Counts = used, a.Counts
	p.Findings = findingViews(a, nil)
	p.Grid = buildGrid(tpl, rep, tab, a.Computed, cellFlags(a.Findings))
	b.rep = rep
	return b, true
}

// aggregate shows the 汇总 of a unit's subtree: the chosen units whose
// reports are in the chosen states, every cell the SQL sum of their
// current versions, audited like any report, with the units left out.
func (s *Server) aggregate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.aggregateFor(w, r)
	if !ok {
		return
	}
	if v := r.URL.Query().Get("saved"); v != "" {
		b.page.Notice = "已保存为汇总报表第 " + v + " 版，可下载各种格式。"
	}
	s.render(w, r, http.StatusOK, "aggregate", "", page{Title: b.page.Unit.Name + " 汇总", Nav: "dashboard", P: b.page})
}
