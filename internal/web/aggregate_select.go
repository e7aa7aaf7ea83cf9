package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// aggSelection is which units a 汇总 counts: units of the subtree (all by
// default) whose report is in one of the chosen states (默认 已审核、已公开).
type aggSelection struct {
	States   map[juesuan.ReviewState]bool
	Units    map[string]bool // chosen units; every unit of the subtree when the form has none
	Included []string        // units whose reports are summed
	Left     []leftOut       // units of the subtree not summed, and why
	Choices  []aggChoice     // the subtree, for the form
}

type leftOut struct {
	Unit   *juesuan.Unit
	Reason string
}

type aggChoice struct {
	Unit    *juesuan.Unit
	Depth   int
	State   string // "" not started
	Checked bool
}

// aggStates are the states a 汇总 may count, in workflow order.
var aggStates = []juesuan.ReviewState{juesuan.StateDraft, juesuan.StateReturned, juesuan.StateSubmitted, juesuan.StateApproved, juesuan.StatePublished}

// selectUnits reads the choice of the form (or the defaults) and sorts
// the subtree of root into the units summed and those left out.
func (s *Server) selectUnits(ctx context.Context, form url.Values, root string, year int) (*aggSelection, error) {
	tr, err := s.tree(ctx)
	if err != nil {
		return nil, err
	}
	reps, err := s.st.Reports(ctx, year)
	if err != nil {
		return nil, err
	}
	state := map[string]juesuan.ReviewState{}
	for _, in := range reps {
		if in.Key.Scope == juesuan.ScopeOwn {
			state[in.Key.Unit] = in.State
		}
	}
	sel := &aggSelection{States: map[juesuan.ReviewState]bool{}, Units: map[string]bool{}}
	for _, v := range form["states"] {
		for _, st := range aggStates {
			if string(st) == v {
				sel.States[st] = true
			}
		}
	}
	if len(sel.States) == 0 {
		sel.States[juesuan.StateApproved], sel.States[juesuan.StatePublished] = true, true
	}
	for _, v := range form["units"] {
		sel.Units[v] = true
	}
	all := len(sel.Units) == 0
	rootDepth := tr.depth(root)
	for _, u := range tr.ordered() {
		anc := tr.ancestors(u.Code)
		if !contains(anc, root) || !u.ValidIn(year) {
			continue
		}
		st, started := state[u.Code]
		c := aggChoice{Unit: u, Depth: tr.depth(u.Code) - rootDepth, State: string(st), Checked: all || sel.Units[u.Code]}
		sel.Choices = append(sel.Choices, c)
		switch {
		case !c.Checked:
			sel.Left = append(sel.Left, leftOut{u, "未选择"})
		case !started:
			sel.Left = append(sel.Left, leftOut{u, "尚未开始填报"})
		case !sel.States[st]:
			sel.Left = append(sel.Left, leftOut{u, fmt.Sprintf("状态为“%s”，不在所选状态中", st)})
		default:
			sel.Included = append(sel.Included, u.Code)
		}
	}
	return sel, nil
}

// StateList names the chosen states: 已审核、已公开.
func (sel *aggSelection) StateList() string {
	var out []string
	for _, st := range aggStates {
		if sel.States[st] {
			out = append(out, string(st))
		}
	}
	return strings.Join(out, "、")
}

// StateChoices lists the states for the form with whether each is chosen.
func (sel *aggSelection) StateChoices() []aggChoiceState {
	var out []aggChoiceState
	for _, st := range aggStates {
		out = append(out, aggChoiceState{string(st), sel.States[st]})
	}
	return out
}

type aggChoiceState struct {
	State   string
	Checked bool
}

// Query is the selection as URL parameters, for links that keep it.
func (sel *aggSelection) Query() string {
	v := url.Values{}
	for _, st := range aggStates {
		if sel.States[st] {
			v.Add("states", string(st))
		}
	}
	for _, c := range sel.Choices {
		if c.Checked && len(sel.Units) > 0 {
			v.Add("units", c.Unit.Code)
		}
	}
	return v.Encode()
}

// aggregateKey is where a unit's saved 汇总 is kept.
func aggregateKey(unit string, year int) juesuan.ReportKey {
	return juesuan.ReportKey{Unit: unit, Year: year, Scope: juesuan.ScopeAggregate}
}

// aggregateSave stores the 汇总 of the chosen units as a new version of
// the unit's 汇总 report, its note naming the units summed and left out.
func (s *Server) aggregateSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ag, ok := s.aggregateFor(w, r)
	if !ok {
		return
	}
	if ag.rep == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "%s", ag.page.Error))
		return
	}
	k := aggregateKey(ag.page.Unit.Code, ag.page.Year)
	base := 0
	if in, err := s.st.ReportInfo(ctx, k); err == nil {
		base = in.Current
	} else if juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	var left []string
	for _, l := range ag.page.Sel.Left {
		left = append(left, l.Unit.Code+" "+l.Unit.Name+"（"+l.Reason+"）")
	}
	note := fmt.Sprintf("汇总 %d 个单位（计入状态：%s）：%s", len(ag.page.Used), ag.page.Sel.StateList(), strings.Join(ag.page.Used, "、"))
	if len(left) > 0 {
		note += "；未计入：" + strings.Join(left, "、")
	}
	v, err := s.st.SaveReport(ctx, k, base, ag.rep, userFrom(ctx).Name, note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/units/%s/aggregate?year=%d&saved=%d&%s", urlPathEscape(k.Unit), k.Year, v.Number, ag.page.Sel.Query()), http.StatusSeeOther)
}

// aggregateDocument downloads a saved 汇总 version in any format.
func (s *Server) aggregateDocument(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	unit, ok := s.aggregateUnit(w, r)
	if !ok {
		return
	}
	year, _ := strconv.Atoi(r.PathValue("year"))
	format := r.PathValue("format")
	dt, ok := docTypes[format]
	if !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "不支持的文档格式 %q（可用：html、pdf、docx、xlsx）", format))
		return
	}
	v, _ := strconv.Atoi(r.URL.Query().Get("v"))
	a, err := s.load(ctx, aggregateKey(unit.Code, year), v)
	if err != nil {
		if juesuan.ErrorCode(err) == juesuan.ENOTFOUND {
			err = juesuan.Errorf(juesuan.ENOTFOUND, "%s %d 年度还没有保存的汇总报表，请先在汇总页面“保存为汇总报表”", unit.Name, year)
		}
		s.fail(w, r, err)
		return
	}
	body, err := renderDocument(ctx, format, a, s.pdf.print)
	if err != nil {
		s.cfg.Log.Printf("web: render aggregate %s %s: %v", format, r.URL.Path, err)
		http.Error(w, fmt.Sprintf("暂时无法生成 %s 文档：%v", format, err), http.StatusServiceUnavailable)
		return
	}
	name := fmt.Sprintf("%s%d年度部门决算汇总（第%d版）%s", unit.Name, year, a.Version.Number, dt.ext)
	h := w.Header()
	h.Set("Content-Type", dt.mime)
	h.Set("Cache-Control", "private, no-store")
	if format == "html" {
		h.Set("Content-Security-Policy", documentCSP)
		h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
	} else {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	}
	w.Write(body)
}
