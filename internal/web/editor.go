package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

type tabLink struct {
	Key, Label string
	Errors     int
	On         bool
}

type moveButton struct {
	From, To juesuan.ReviewState
	Label    string
	Comment  string // the placeholder of the comment asked for ("" none)
}

type editorPage struct {
	RC          *reportCtx
	Tab         string
	Tabs        []tabLink
	Grid        *gridTable
	A           *audited
	Version     int
	Findings    []findingView
	Counts      juesuan.Counts
	Unexplained int
	Strict      int // 强制 findings: they block 上报
	Moves       []moveButton
	History     []*juesuan.ReviewEvent
	Alert       string
	Notice      string
	CanEdit     bool
	CanReview   bool   // the unit's 审核人 or 管理员: offered the review copy
	Base        string // URL of the report
	Narr        *narrView
	Facts       *factsView // the 概况, 说明数据 or 重点工作 form
	Perf        *perfView  // the 绩效自评 form
	Public      bool       // a published report seen by someone without a role on it
	// PublicState is what the public is told of the state: a report under
	// 更正 is still 已公开 in its published version.
	PublicState juesuan.ReviewState
	// AddCode, AddName keep what was typed into 增加科目行 when it was refused.
	AddCode, AddName string
}

// narrView is the 情况说明 form: from the report, or as the user posted it
// when the save was refused, so no typed text is lost.
type narrView struct {
	Functions, Composition                                        string
	TotalChange, FiscalChange, ExpenseChange, ProjectUse, SanGong string
	Budgets                                                       []juesuan.BudgetLine
}

func narrFrom(r *juesuan.Report) *narrView {
	return &narrView{Functions: r.Unit.Functions, Composition: r.Unit.Composition,
		TotalChange: r.Reasons.TotalChange, FiscalChange: r.Reasons.FiscalChange, ExpenseChange: r.Reasons.ExpenseChange,
		ProjectUse: r.Reasons.ProjectUse, SanGong: r.Reasons.SanGong, Budgets: r.Budgets}
}

var moveLabels = []moveButton{
	{juesuan.StateDraft, juesuan.StateSubmitted, "上报", ""},
	{juesuan.StateReturned, juesuan.StateSubmitted, "上报", ""},
	{juesuan.StateSubmitted, juesuan.StateDraft, "撤回", ""},
	{juesuan.StateSubmitted, juesuan.StateReturned, "退回修改", "退回意见（必填）"},
	{juesuan.StateSubmitted, juesuan.StateApproved, "审核通过", ""},
	{juesuan.StateApproved, juesuan.StateReturned, "退回修改", "退回意见（必填）"},
	{juesuan.StateApproved, juesuan.StatePublished, "公开", ""},
	{juesuan.StatePublished, juesuan.StateReturned, "更正", "更正原因（必填，将随更正后的报告公开）"},
}

var notices = map[string]string{
	"created":     "已新建报表（第 1 版），请逐表填报。",
	"moved":       "审核状态已更新。",
	"saved":       "已保存。",
	"imported":    "导入的报表已保存为新版本。",
	"row-added":   "已增加科目行。",
	"row-unknown": "已按您填写的名称增加科目行：该编码未见于本年度科目目录，审核结果中列为警告（未见于目录）。",
}

func reportURL(k juesuan.ReportKey) string {
	return fmt.Sprintf("/reports/%s/%d", urlPathEscape(k.Unit), k.Year)
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	if !s.cpu.enter(r.Context(), false) {
		return // the client is gone
	}
	defer s.cpu.leave()
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showEditor(w, r, rc, http.StatusOK, "")
}

// showEditor renders the report page on its tab, with an optional alert.
func (s *Server) showEditor(w http.ResponseWriter, r *http.Request, rc *reportCtx, status int, alert string) {
	s.showEditorWith(w, r, rc, status, alert, nil)
}

func (s *Server) showEditorWith(w http.ResponseWriter, r *http.Request, rc *reportCtx, status int, alert string, narr *narrView) {
	s.showEditorAll(w, r, rc, status, alert, posted{narr: narr})
}

// showEditorPerf shows the 绩效自评 form as it was posted.
func (s *Server) showEditorPerf(w http.ResponseWriter, r *http.Request, rc *reportCtx, status int, alert string, pv *perfView) {
	s.showEditorAll(w, r, rc, status, alert, posted{perf: pv})
}

// showEditorFacts shows a 概况/说明数据/重点工作 form as it was posted.
func (s *Server) showEditorFacts(w http.ResponseWriter, r *http.Request, rc *reportCtx, status int, alert string, facts *factsView) {
	s.showEditorAll(w, r, rc, status, alert, posted{facts: facts})
}

// posted is a form as the user posted it, shown again when its save was
// refused so that nothing typed is lost.
type posted struct {
	narr  *narrView
	facts *factsView
	perf  *perfView
}

func (s *Server) showEditorAll(w http.ResponseWriter, r *http.Request, rc *reportCtx, status int, alert string, in posted) {
	ctx := r.Context()
	p := &editorPage{RC: rc, Tab: r.URL.Query().Get("t"), Alert: alert, Notice: notices[r.URL.Query().Get("msg")],
		CanEdit: rc.CanEdit(), CanReview: juesuan.CanAggregate(rc.User, rc.Anc), Base: reportURL(rc.Key), Public: !juesuan.CanReadUnit(rc.User, rc.Anc),
		AddCode: r.URL.Query().Get("code"), AddName: r.URL.Query().Get("name"), PublicState: juesuan.StatePublished}
	if p.Tab == "" {
		p.Tab = "1"
	}
	if rc.Info == nil {
		s.render(w, r, status, "report", "", page{Title: rc.Unit.Name + " " + strconv.Itoa(rc.Key.Year) + " 年度决算", Nav: "dashboard", P: p})
		return
	}
	a, err := s.load(ctx, rc.Key, rc.shownVersion())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.fillFindings(r, rc, a, p); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range moveLabels {
		if m.From == rc.Info.State && rc.CanMove(m.To) {
			p.Moves = append(p.Moves, m)
		}
	}
	if p.History = rc.history; p.History == nil {
		if p.History, err = s.st.ReviewHistory(ctx, rc.Key); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p.Narr = in.narr
	if p.Narr == nil {
		p.Narr = narrFrom(a.Report)
	}
	p.Perf = in.perf
	if p.Tab == "perf" && p.Perf == nil {
		p.Perf = perfFrom(a.Tpl, a.Report.PerfSheets)
	}
	p.Facts = in.facts
	if _, ok := sectionNames[p.Tab]; ok && p.Facts == nil {
		p.Facts = factsFrom(p.Tab, a.Report)
	}
	if n, err := strconv.Atoi(p.Tab); err == nil {
		p.Grid = buildGrid(a.Tpl, a.Report, n, a.Computed, cellFlags(a.Findings))
		if p.Grid == nil {
			p.Tab = "1"
			p.Grid = buildGrid(a.Tpl, a.Report, 1, a.Computed, cellFlags(a.Findings))
		}
		p.Grid.markCalc(a.Calc)
	}
	s.render(w, r, status, "report", "", page{Title: rc.Unit.Name + " " + strconv.Itoa(rc.Key.Year) + " 年度决算", Nav: "dashboard", P: p})
}

// fillFindings sets the findings, counts and table tabs of the page.
func (s *Server) fillFindings(r *http.Request, rc *reportCtx, a *audited, p *editorPage) error {
	ex, err := s.st.Explanations(r.Context(), rc.Key)
	if err != nil {
		return err
	}
	p.A, p.Version, p.Counts = a, a.Version.Number, a.Counts
	p.Findings = findingViews(a, ex)
	p.Unexplained = len(unexplainedErrors(p.Findings))
	p.Strict = 0
	for _, f := range p.Findings {
		if f.Mandatory {
			p.Strict++
		}
	}
	errs := map[int]int{}
	for _, f := range p.Findings {
		if f.Severity != juesuan.SevError {
			continue
		}
		seen := map[int]bool{}
		for _, c := range f.Cells {
			if !seen[c.Table] {
				seen[c.Table] = true
				errs[c.Table]++
			}
		}
	}
	p.Tabs = nil
	for _, t := range a.Report.Tables(a.Tpl) {
		k := strconv.Itoa(t.Number)
		p.Tabs = append(p.Tabs, tabLink{Key: k, Label: t.Code(), Errors: errs[t.Number], On: p.Tab == k})
	}
	p.Tabs = append([]tabLink{{Key: "profile", Label: "概况", On: p.Tab == "profile"}}, p.Tabs...)
	p.Tabs = append(p.Tabs, tabLink{Key: "narrative", Label: "情况说明", On: p.Tab == "narrative"},
		tabLink{Key: "facts", Label: "说明数据", On: p.Tab == "facts"},
		tabLink{Key: "keywork", Label: "重点工作和名词解释", On: p.Tab == "keywork"},
		tabLink{Key: "perf", Label: "绩效自评", On: p.Tab == "perf"})
	return nil
}

// saveResult is the htmx response to a save: a status line, and
// out-of-band the findings panel, the new base version and the
// recomputed totals of the table.
type saveResult struct {
	*editorPage
	Status   string
	OK       bool
	Conflict *conflictView
	Computed []gridCell
}

type conflictView struct {
	Base, Current int
	Author        string
	Reason        string
	DiffURL       string
	ReloadURL     string
}

// saveCells stores the entered cells of one table as a new version.
func (s *Server) saveCells(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.cpu.enter(ctx, false) {
		return // the client is gone
	}
	inGate := true
	defer func() {
		if inGate {
			s.cpu.leave()
		}
	}()
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rc.Info == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "报表尚未开始填报"))
		return
	}
	if !rc.CanEdit() {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "报表处于“%s”状态或您没有填报权限，不能修改", rc.state()))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表单无法读取"))
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	n, _ := strconv.Atoi(r.PostFormValue("table"))
	cur, err := s.load(ctx, rc.Key, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &editorPage{RC: rc, Tab: strconv.Itoa(n), CanEdit: true, Base: reportURL(rc.Key)}
	if base != cur.Version.Number {
		s.conflict(w, r, rc, p, base, cur)
		return
	}
	ts, ok := cur.Report.Table(cur.Tpl, n)
	if !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表号 %d 无效", n))
		return
	}
	edits := map[juesuan.CellRef]*juesuan.Amount{}
	for name, vals := range r.PostForm {
		refText, ok := strings.CutPrefix(name, "v:")
		if !ok || len(vals) != 1 {
			continue
		}
		ref, err := juesuan.ParseCellRef(refText)
		if err != nil || ref.Table != n {
			s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "单元格地址 %q 无效", refText))
			return
		}
		if err := ts.HasCell(ref.Row, ref.Col); err != nil {
			s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "%v", err))
			return
		}
		if _, given := cur.Calc[ref]; cur.Computed[ref] && !given {
			continue // totals are computed here, whatever the browser sent
		}
		text := normalizeInput(vals[0])
		old, had := cur.Report.Cells[ref]
		if had && text == old.Wan() || !had && text == "" {
			continue
		}
		if text == "" {
			edits[ref] = nil
			continue
		}
		v, err := juesuan.ParseAmount(text, juesuan.UnitWanyuan)
		if err != nil {
			s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "%s（%s）：“%s”不是有效的金额，请输入以万元为单位的数字，如 12.34", cellTitle(cur.Tpl, cur.Report, ref), ref, vals[0]))
			return
		}
		edits[ref] = &v
	}
	res := &saveResult{editorPage: p, OK: true}
	if len(edits) == 0 {
		res.Status = "没有修改"
		s.renderSave(w, r, rc, cur, res)
		return
	}
	e, err := applyEdits(cur, edits)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changed := len(edits)
	note := changeNote(cur.Tpl, cur.Report, ts.Code(), e.Changes)
	s.cpu.leave()
	inGate = false
	v, err := s.st.SaveReport(ctx, rc.Key, base, e.Next, rc.User.Name, note)
	// Back in the gate whatever the client does: the answer is made.
	inGate = s.cpu.enter(context.WithoutCancel(ctx), true)
	if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
		if cur, err = s.load(ctx, rc.Key, 0); err == nil {
			s.conflict(w, r, rc, p, base, cur)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The new version is audited from the report just stored, not read
	// back: a stored version reads back as it was written (reportfile's
	// round trip), and reading it again cost a save about a third more.
	a, err := analyseEdit(cur.Tpl, e)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a.Version, a.Sum = v, v.Checksum
	s.audits.Put(auditKey{rc.Key, v.Number}, a, a.cost())
	res.Status = fmt.Sprintf("已保存第 %d 版（%d 个单元格），合计数已重算，审核结果已更新", v.Number, changed)
	s.renderSave(w, r, rc, a, res)
}

func (s *Server) renderSave(w http.ResponseWriter, r *http.Request, rc *reportCtx, a *audited, res *saveResult) {
	if err := s.fillFindings(r, rc, a, res.editorPage); err != nil {
		s.fail(w, r, err)
		return
	}
	if n, err := strconv.Atoi(res.Tab); err == nil {
		if g := buildGrid(a.Tpl, a.Report, n, a.Computed, nil); g != nil {
			for _, part := range g.Parts {
				for _, row := range part.Rows {
					for _, c := range row.Cells {
						if c.Computed && c.Exists {
							res.Computed = append(res.Computed, c)
						}
					}
				}
			}
		}
	}
	status := http.StatusOK
	if res.Conflict != nil {
		status = http.StatusConflict
	}
	s.render(w, r, status, "report", "save-result", page{P: res})
}

// conflict answers a save based on an old version: nothing is written,
// the user's entries stay in the page, and the message links to the other
// change.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, rc *reportCtx, p *editorPage, base int, cur *audited) {
	cv := &conflictView{Base: base, Current: cur.Version.Number, Author: cur.Version.Author, Reason: cur.Version.Reason,
		DiffURL:   fmt.Sprintf("%s/diff?a=%d&b=%d", reportURL(rc.Key), base, cur.Version.Number),
		ReloadURL: fmt.Sprintf("%s?t=%s", reportURL(rc.Key), p.Tab)}
	res := &saveResult{editorPage: p, Conflict: cv}
	// The findings and base stay those of the version the user sees.
	old, err := s.load(r.Context(), rc.Key, base)
	if err != nil {
		old = cur
	}
	s.renderSave(w, r, rc, old, res)
}

// normalizeInput accepts what people type or paste from Excel: spaces,
// thousands separators, full-width digits are handled by ParseAmount.
func normalizeInput(s string) string {
	// Invalid bytes go first: removing separators could otherwise join two
	// of them into a character (found by fuzzing: "\xc2,\xa0" → NBSP).
	s = strings.ToValidUTF8(s, "")
	s = strings.NewReplacer("\u00a0", "", ",", "", "，", "").Replace(s)
	s = strings.TrimSpace(s)
	if s == "-" || s == "—" {
		return ""
	}
	if v, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan); err == nil && s != "" {
		// "5" and "5.00" are the same entry.
		if v.RoundTo(juesuan.Cent) == v {
			return v.Wan()
		}
	}
	return s
}
