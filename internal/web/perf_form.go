package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/perf"
)

// perfView is the 绩效自评 form: every sheet with its goals and
// indicators as typed, and beside each declared score the computed one.
type perfView struct {
	Sheets []perfSheetView
	Errors []string
}

type perfSheetView struct {
	I                                     int
	Kind, Title, Unit, Project            string
	Weight, Adjusted, Executed, Declared  string
	Total, Deviation, Improvement         string
	Goals                                 []perfGoalView
	Computed, Grade, BudgetComputed, Rate string
	WeightSum                             string
}

type perfGoalView struct {
	I, S                int
	Title, Weight, Text string
	Achieved            string
	Indicators          []perfIndView
}

type perfIndView struct {
	I, G, S                                                int
	Level1, Level2, Name, Weight, Target, Actual, Declared string
	Computed, Err                                          string
}

func pointsText(p *juesuan.Points) string {
	if p == nil {
		return ""
	}
	return p.String()
}

func pts(p juesuan.Points) string {
	if p == 0 {
		return ""
	}
	return p.String()
}

func amountText(a juesuan.Amount) string {
	if a == 0 {
		return ""
	}
	return a.Wan()
}

// perfFrom shows the report's sheets with their computed scores.
func perfFrom(tpl *juesuan.Template, sheets []juesuan.PerfSheet) *perfView {
	v := &perfView{}
	for si := range sheets {
		s := &sheets[si]
		sv := perfSheetView{I: si, Kind: s.Kind, Title: s.Title, Unit: s.Unit, Project: s.Project,
			Weight: pts(s.Budget.Weight), Adjusted: amountText(s.Budget.Adjusted), Executed: amountText(s.Budget.Executed),
			Declared: pointsText(s.Budget.Declared), Total: pointsText(s.Total), Deviation: s.Deviation, Improvement: s.Improvement}
		for gi, g := range s.Goals {
			gv := perfGoalView{I: gi, S: si, Title: g.Title, Weight: pts(g.Weight), Text: g.Text, Achieved: g.Achieved}
			for ii, in := range g.Indicators {
				gv.Indicators = append(gv.Indicators, perfIndView{I: ii, G: gi, S: si, Level1: in.Level1, Level2: in.Level2, Name: in.Name,
					Weight: pts(in.Weight), Target: in.Target, Actual: in.Actual, Declared: pointsText(in.Declared)})
			}
			sv.Goals = append(sv.Goals, gv)
		}
		v.Sheets = append(v.Sheets, sv)
	}
	v.score(tpl, sheets)
	return v
}

// Number is the goal's printed number, from 1.
func (g perfGoalView) Number() int { return g.I + 1 }

// score fills the computed scores of the view from the sheets.
func (v *perfView) score(tpl *juesuan.Template, sheets []juesuan.PerfSheet) {
	if tpl == nil {
		return
	}
	for si := range sheets {
		if si >= len(v.Sheets) {
			break
		}
		res, err := perf.Score(tpl, &sheets[si])
		if err != nil {
			v.Errors = append(v.Errors, "无法计算绩效得分："+err.Error())
			continue
		}
		sv := &v.Sheets[si]
		sv.Computed, sv.Grade, sv.BudgetComputed, sv.Rate, sv.WeightSum = res.Computed.String(), res.Grade, res.Budget.Computed.String(), res.Budget.RateText(), res.WeightSum.String()
		for gi, gr := range res.Goals {
			if gi >= len(sv.Goals) {
				break
			}
			for ii, ir := range gr.Indicators {
				if ii < len(sv.Goals[gi].Indicators) {
					sv.Goals[gi].Indicators[ii].Computed = ir.Computed.String()
				}
			}
		}
	}
}

// parsePerf reads the posted sheets, applying an add/remove operation;
// errors name the sheet, goal and indicator and keep what was typed.
func parsePerf(form url.Values) ([]juesuan.PerfSheet, *perfView) {
	v := &perfView{}
	get := func(k string) string { return strings.TrimSpace(strings.ReplaceAll(form.Get(k), "\r\n", "\n")) }
	count := func(k string) int { n, _ := strconv.Atoi(form.Get(k)); return min(max(n, 0), 200) }
	op := form.Get("op")
	var sheets []juesuan.PerfSheet
	for si := 0; si < count("sheets"); si++ {
		p := fmt.Sprintf("s%d.", si)
		if op == "del-sheet:"+strconv.Itoa(si) {
			continue
		}
		where := fmt.Sprintf("第 %d 张绩效自评表", len(sheets)+1)
		s := juesuan.PerfSheet{Kind: get(p + "kind"), Title: get(p + "title"), Unit: get(p + "unit"), Project: get(p + "project"),
			Deviation: get(p + "deviation"), Improvement: get(p + "improvement")}
		if s.Kind != juesuan.PerfSheetProject {
			s.Kind = juesuan.PerfSheetUnit
		}
		sv := perfSheetView{I: len(sheets), Kind: s.Kind, Title: s.Title, Unit: s.Unit, Project: s.Project, Deviation: s.Deviation, Improvement: s.Improvement,
			Weight: get(p + "weight"), Adjusted: get(p + "adjusted"), Executed: get(p + "executed"), Declared: get(p + "declared"), Total: get(p + "total")}
		fail := func(what string, err error) { v.Errors = append(v.Errors, fmt.Sprintf("%s%s：%v", where, what, err)) }
		var err error
		if s.Budget.Weight, err = pointsOf(sv.Weight); err != nil {
			fail("预算执行率分值", err)
		}
		if s.Budget.Adjusted, err = parseWan(sv.Adjusted); err != nil {
			fail("全年预算数", err)
		}
		if s.Budget.Executed, err = parseWan(sv.Executed); err != nil {
			fail("全年执行数", err)
		}
		if s.Budget.Declared, err = optPoints(sv.Declared); err != nil {
			fail("预算执行率得分", err)
		}
		if s.Total, err = optPoints(sv.Total); err != nil {
			fail("自评总分", err)
		}
		ngoals := count(p + "goals")
		if op == "add-goal:"+strconv.Itoa(si) {
			ngoals++
		}
		for gi := 0; gi < ngoals; gi++ {
			gp := fmt.Sprintf("%sg%d.", p, gi)
			if op == "del-goal:"+strconv.Itoa(si)+"."+strconv.Itoa(gi) {
				continue
			}
			g := juesuan.PerfGoal{Title: get(gp + "title"), Text: get(gp + "text"), Achieved: get(gp + "achieved")}
			gv := perfGoalView{I: len(s.Goals), S: sv.I, Title: g.Title, Weight: get(gp + "weight"), Text: g.Text, Achieved: g.Achieved}
			gwhere := fmt.Sprintf("年度目标 %d", gv.I+1)
			if g.Weight, err = pointsOf(gv.Weight); err != nil {
				fail(gwhere+"分值", err)
			}
			ninds := count(gp + "inds")
			if op == "add-ind:"+strconv.Itoa(si)+"."+strconv.Itoa(gi) || gi == ngoals-1 && op == "add-goal:"+strconv.Itoa(si) {
				ninds++
			}
			for ii := 0; ii < ninds; ii++ {
				ip := fmt.Sprintf("%si%d.", gp, ii)
				if form.Get(ip+"del") != "" {
					continue
				}
				in := juesuan.PerfIndicator{Level1: get(ip + "level1"), Level2: get(ip + "level2"), Name: get(ip + "name"),
					Target: get(ip + "target"), Actual: get(ip + "actual")}
				iv := perfIndView{I: len(g.Indicators), G: gv.I, S: sv.I, Level1: in.Level1, Level2: in.Level2, Name: in.Name,
					Weight: get(ip + "weight"), Target: in.Target, Actual: in.Actual, Declared: get(ip + "declared")}
				iwhere := fmt.Sprintf("%s第 %d 个指标（%s）", gwhere, iv.I+1, in.Name)
				if in.Weight, err = pointsOf(iv.Weight); err != nil {
					fail(iwhere+"分值", err)
					iv.Err = err.Error()
				}
				if in.Declared, err = optPoints(iv.Declared); err != nil {
					fail(iwhere+"得分", err)
					iv.Err = err.Error()
				}
				g.Indicators = append(g.Indicators, in)
				gv.Indicators = append(gv.Indicators, iv)
			}
			s.Goals = append(s.Goals, g)
			sv.Goals = append(sv.Goals, gv)
		}
		sheets = append(sheets, s)
		v.Sheets = append(v.Sheets, sv)
	}
	if kind, ok := strings.CutPrefix(op, "add-sheet:"); ok {
		s := newPerfSheet(kind)
		sheets = append(sheets, s)
		v.Sheets = append(v.Sheets, perfFrom(nil, []juesuan.PerfSheet{s}).Sheets[0])
		v.Sheets[len(v.Sheets)-1].I = len(v.Sheets) - 1
	}
	return sheets, v
}

// newPerfSheet is an empty sheet of a kind, with one goal and indicator.
func newPerfSheet(kind string) juesuan.PerfSheet {
	s := juesuan.PerfSheet{Kind: juesuan.PerfSheetUnit, Budget: juesuan.PerfBudget{Weight: 2000}}
	if kind == juesuan.PerfSheetProject {
		s.Kind, s.Budget.Weight = juesuan.PerfSheetProject, 1000
	}
	s.Goals = []juesuan.PerfGoal{{Indicators: []juesuan.PerfIndicator{{Level1: "产出指标", Level2: "数量指标"}}}}
	return s
}

func pointsOf(s string) (juesuan.Points, error) {
	if s == "" {
		return 0, nil
	}
	p, err := juesuan.ParsePoints(toHalfWidth(s))
	if err != nil || p < 0 || p > 10000 {
		return 0, fmt.Errorf("应为 0–100 的分值（最多两位小数），而不是“%s”", s)
	}
	return p, nil
}

func optPoints(s string) (*juesuan.Points, error) {
	if s == "" {
		return nil, nil
	}
	p, err := pointsOf(s)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// savePerf stores the 绩效自评 sheets; an add/remove button saves too, so
// nothing typed before it is lost.
func (s *Server) savePerf(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	sheets, view := parsePerf(r.PostForm)
	r.URL.RawQuery = "t=perf"
	if len(view.Errors) > 0 {
		view.score(cur.Tpl, sheets)
		s.showEditorPerf(w, r, rc, http.StatusUnprocessableEntity, "没有保存：请改正标红的内容（您输入的内容都保留在下面）。", view)
		return
	}
	next := cur.Report.Clone()
	next.PerfSheets = sheets
	note := fmt.Sprintf("在线填报：修改绩效自评表（%d 张）", len(sheets))
	if _, err := s.st.SaveReport(ctx, rc.Key, base, next, rc.User.Name, note); err != nil {
		if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
			view.score(cur.Tpl, sheets)
			s.showEditorPerf(w, r, rc, http.StatusConflict, "保存冲突：报表已被他人更新，您的修改没有保存（下面保留了您输入的内容）。请查看版本历史后再保存。", view)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?t=perf&msg=saved#perf-end", http.StatusSeeOther)
}

// perfScore answers a change in the 绩效自评 form with the computed
// scores (out-of-band swaps); nothing is saved.
func (s *Server) perfScore(w http.ResponseWriter, r *http.Request) {
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表单无法读取"))
		return
	}
	if rc.Info == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "报表尚未开始填报"))
		return
	}
	a, err := s.load(r.Context(), rc.Key, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tpl := a.Tpl
	form := r.PostForm
	form.Del("op")
	sheets, view := parsePerf(form)
	view.score(tpl, sheets)
	s.render(w, r, http.StatusOK, "report", "perf-scores", page{P: view})
}
