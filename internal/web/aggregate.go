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
}

// aggregatePage shows the 汇总 of a unit's subtree: every cell the SQL
// sum of the units' current versions, audited like any report.
func (s *Server) aggregate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	unit, err := s.st.Unit(ctx, r.PathValue("unit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	anc, err := s.st.Ancestors(ctx, unit.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !juesuan.CanAggregate(u, anc) {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有审核人或管理员可以汇总该单位"))
		return
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year == 0 {
		year = 2020
	}
	tpl, err := s.templateFor(year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tab, _ := strconv.Atoi(r.URL.Query().Get("t"))
	if _, ok := tpl.Table(tab); !ok {
		tab = 1
	}
	p := aggregatePage{Unit: unit, Year: year, Tab: tab}
	for _, ts := range tpl.Tables {
		p.Tabs = append(p.Tabs, ts.Number)
	}
	rep, used, err := aggregate.FromStore(ctx, s.st, tpl, unit.Code, nil, juesuan.ScopeOwn,
		juesuan.Profile{Name: unit.Name, Code: unit.Code, Kind: string(unit.Kind)})
	if err != nil {
		if juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		p.Error = errMessage(err)
	} else {
		a, err := analyse(tpl, rep)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Used, p.Counts = used, a.Counts
		p.Findings = findingViews(a.Findings, nil)
		p.Grid = buildGrid(tpl, rep, tab, a.Computed, cellFlags(a.Findings))
	}
	s.render(w, r, http.StatusOK, "aggregate", "", page{Title: unit.Name + " 汇总", Nav: "dashboard", P: p})
}
