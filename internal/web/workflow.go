package web

import (
	"fmt"

	"github.com/juesuan/juesuan/internal/aggregate"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

func urlPathEscape(s string) string { return url.PathEscape(s) }

// move changes the review state: 上报, 退回 (with a comment), 审核通过
// (which locks the version: the store saves only drafts and returned
// reports) and 公开.
func (s *Server) move(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := juesuan.ReviewState(r.PostFormValue("to"))
	comment := strings.TrimSpace(r.PostFormValue("comment"))
	if rc.Info == nil || !juesuan.CanMove(rc.Info.State, to) {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "报表当前处于“%s”状态，不能改为“%s”", rc.state(), to))
		return
	}
	if !rc.CanMove(to) {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "您没有把该报表改为“%s”的权限", to))
		return
	}
	if base, err := strconv.Atoi(r.PostFormValue("base")); err == nil && base != rc.Info.Current {
		s.showEditor(w, r, rc, http.StatusConflict, fmt.Sprintf("报表已被他人更新到第 %d 版（您看到的是第 %d 版），请先查看最新版本再操作。", rc.Info.Current, base))
		return
	}
	switch to {
	case juesuan.StateReturned:
		if rc.Info.State == juesuan.StatePublished && comment == "" {
			s.showEditor(w, r, rc, http.StatusUnprocessableEntity, "更正已公开的报表必须填写更正原因；原因将以“更正说明”随更正后的报告公开。")
			return
		}
		if comment == "" {
			s.showEditor(w, r, rc, http.StatusUnprocessableEntity, "退回报表必须填写退回意见，说明需要修改的内容。")
			return
		}
	case juesuan.StateSubmitted:
		a, err := s.load(ctx, rc.Key, rc.Info.Current)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ex, err := s.st.Explanations(ctx, rc.Key)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if msg := submitBlock(a, findingViews(a, ex)); msg != "" {
			s.showEditor(w, r, rc, http.StatusUnprocessableEntity, msg)
			return
		}
	}
	if err := s.st.Move(ctx, rc.Key, to, rc.User.Name, comment); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?msg=moved", http.StatusSeeOther)
}

// explain records the 出错说明 of one finding and returns the panel.
func (s *Server) explain(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rc.Info == nil || !rc.CanEdit() {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有填报人在草稿或退回状态下可以填写出错说明"))
		return
	}
	key := r.PostFormValue("key")
	text := strings.TrimSpace(r.PostFormValue("text"))
	if len([]rune(text)) > 2000 {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "出错说明不能超过 2000 字"))
		return
	}
	a, err := s.load(ctx, rc.Key, rc.Info.Current)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	found := false
	for _, f := range a.Findings {
		found = found || findingKey(f) == key
	}
	if !found {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "该审核结果已不存在（数据可能已修改），请刷新页面"))
		return
	}
	if err := s.st.SetExplanation(ctx, rc.Key, key, text, rc.User.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	if !isHTMX(r) {
		http.Redirect(w, r, reportURL(rc.Key)+"?t="+url.QueryEscape(r.PostFormValue("t")), http.StatusSeeOther)
		return
	}
	p := &editorPage{RC: rc, Tab: r.PostFormValue("t"), CanEdit: true, Base: reportURL(rc.Key)}
	if err := s.fillFindings(r, rc, a, p); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report", "findings-frag", page{P: p})
}

// create starts a unit's report for the year: an empty version 1 with
// the unit's profile.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rc.Info != nil {
		http.Redirect(w, r, reportURL(rc.Key), http.StatusSeeOther)
		return
	}
	if !rc.CanEdit() {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有本单位的填报人或管理员可以开始填报"))
		return
	}
	tpl, err := s.templateFor(rc.Key.Year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Last year's report, read through its own year's template, opens
	// this one: the same family where it covers the year (a Shanghai unit
	// stays in the Shanghai layout), 上年数, and 年初结转和结余 =
	// 上年年末结转和结余.
	prevKey := rc.Key
	prevKey.Year--
	prev, _, prevErr := s.st.LoadReport(ctx, prevKey, 0)
	if prevErr == nil {
		if same, err := s.cfg.Templates.Load(juesuan.TemplateRef(prev.Template, rc.Key.Year)); err == nil {
			tpl = same
		}
	}
	rep := juesuan.NewReport(rc.Key.Year, tpl.ID)
	rep.Unit = juesuan.Profile{Name: rc.Unit.Name, Code: rc.Unit.Code, Kind: string(rc.Unit.Kind)}
	note := "在线新建报表"
	if prevErr == nil {
		if prevTpl, err := s.cfg.Templates.Load(juesuan.TemplateRef(prev.Template, prev.Year)); err == nil {
			aggregate.CarryForward(prevTpl, prev, rep)
			n := juesuan.CarryOpening(prevTpl, prev, tpl, rep)
			note = fmt.Sprintf("在线新建报表，从 %d 年度结转 %d 个年初数", prev.Year, n)
		}
	}
	if _, err := s.st.SaveReport(ctx, rc.Key, 0, rep, rc.User.Name, note); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?msg=created", http.StatusSeeOther)
}

// templateFor finds the template of a fiscal year: the default family
// for that year.
func (s *Server) templateFor(year int) (*juesuan.Template, error) {
	tpl, err := s.cfg.Templates.Load(strconv.Itoa(year))
	if err != nil {
		return nil, juesuan.Errorf(juesuan.EINVALID, "%d 年度没有可用的报表模板", year)
	}
	return tpl, nil
}

// addRow adds a 科目 row (and its missing parents) to a code table.
func (s *Server) addRow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	n, _ := strconv.Atoi(r.PostFormValue("table"))
	code := strings.TrimSpace(r.PostFormValue("code"))
	ts, ok := cur.Tpl.Table(n)
	if !ok || ts.RowKind == juesuan.RowsFixed || ts.IsGeneric() {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表号 %d 不能增加科目行", n))
		return
	}
	// A refusal stays on the table the user was on, with what was typed.
	r.URL.RawQuery = url.Values{"t": {strconv.Itoa(n)}, "code": {code}, "name": {r.PostFormValue("name")}}.Encode()
	if err := ts.CheckCode(code); err != nil {
		s.showEditor(w, r, rc, http.StatusUnprocessableEntity, err.Error())
		return
	}
	cat := cur.Tpl.Catalogs[ts.Catalog]
	name := strings.TrimSpace(r.PostFormValue("name"))
	_, known := cat.Lookup(code)
	if !known && name == "" {
		msg := fmt.Sprintf("%s：科目编码 %s 未见于本年度科目目录。如确为有效科目（目录可能未收录），请在“科目名称”中填写其名称后再增加；审核结果将列为警告（未见于目录）。", ts.Code(), code)
		if learned, src := s.learnedName(ctx, ts.Catalog, rc.Key.Year, code); learned != "" {
			msg += fmt.Sprintf("已保存的报表中该编码印为“%s”（来源：%s），已填入名称，请核对后点“增加”。", learned, src)
			r.URL.RawQuery = url.Values{"t": {strconv.Itoa(n)}, "code": {code}, "name": {learned}}.Encode()
		}
		s.showEditor(w, r, rc, http.StatusUnprocessableEntity, msg)
		return
	}
	if len([]rune(name)) > 100 {
		s.showEditor(w, r, rc, http.StatusUnprocessableEntity, "科目名称不能超过 100 字")
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	next := cur.Report.Clone()
	if name != "" {
		next.RowNames[juesuan.RowRef{Table: n, Row: code}] = name
	}
	for c := code; c != ""; c = juesuan.ParentCode(c) {
		if e, ok := cat.Lookup(c); ok {
			k := juesuan.RowRef{Table: n, Row: c}
			if next.RowNames[k] == "" {
				next.RowNames[k] = e.Name
			}
		}
	}
	msg := "row-added"
	if !known {
		msg = "row-unknown"
	}
	if _, err := s.st.SaveReport(ctx, rc.Key, base, next, rc.User.Name, fmt.Sprintf("在线填报：%s增加科目 %s", ts.Code(), code)); err != nil {
		if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
			s.showEditor(w, r, rc, http.StatusConflict, "保存冲突："+errMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s?t=%d&msg=%s#%s", reportURL(rc.Key), n, msg, cellID(juesuan.CellRef{Table: n, Row: code, Col: ts.Columns[0].Key})), http.StatusSeeOther)
}

// narrative saves the 情况说明 inputs: the profile and the reasons the
// document states.
func (s *Server) narrative(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	next := cur.Report.Clone()
	f := func(k string) string { return strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(k), "\r\n", "\n")) }
	next.Unit.Functions = f("functions")
	next.Unit.Composition = f("composition")
	next.Reasons = juesuan.Reasons{TotalChange: f("total_change"), FiscalChange: f("fiscal_change"),
		ExpenseChange: f("expense_change"), ProjectUse: f("project_use"), SanGong: f("sangong")}
	next.Budgets = append([]juesuan.BudgetLine(nil), cur.Report.Budgets...)
	for i := range next.Budgets {
		if v, ok := r.PostForm["budget:"+next.Budgets[i].Code]; ok && len(v) == 1 {
			next.Budgets[i].Reason = strings.TrimSpace(v[0])
		}
	}
	if err := next.Facts.CheckTextLimits(); err != nil {
		// Refused before saving, with every typed text shown again.
		r.URL.RawQuery = "t=narrative"
		s.showEditorWith(w, r, rc, http.StatusUnprocessableEntity, errMessage(err), narrFrom(next))
		return
	}
	if _, err := s.st.SaveReport(ctx, rc.Key, base, next, rc.User.Name, "在线填报：修改情况说明"); err != nil {
		if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
			r.URL.RawQuery = "t=narrative"
			if info, err := s.st.ReportInfo(ctx, rc.Key); err == nil {
				rc.Info = info
			}
			s.showEditorWith(w, r, rc, http.StatusConflict, fmt.Sprintf(
				"保存冲突：在您编辑期间报表已被他人更新到第 %d 版，您的修改没有保存（下面保留了您输入的文字）。请查看对方的修改（版本历史）后再保存。", rc.Info.Current), narrFrom(next))
			return
		}
		if msg, ok := store.Unavailable(err); ok {
			// A full disk or a held lock: say so, and keep the text.
			s.cfg.Log.Printf("web: %s %s: %v", r.Method, r.URL.Path, err)
			r.URL.RawQuery = "t=narrative"
			w.Header().Set("Retry-After", "5")
			s.showEditorWith(w, r, rc, http.StatusServiceUnavailable, msg+"（下面保留了您输入的文字）", narrFrom(next))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?t=narrative&msg=saved", http.StatusSeeOther)
}

// editable loads the current version of the request's report for a change,
// answering the request itself (and returning false) when the user may not
// change it or it cannot be loaded.
func (s *Server) editable(w http.ResponseWriter, r *http.Request) (*reportCtx, *audited, bool) {
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if rc.Info == nil || !rc.CanEdit() {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "报表当前不能修改"))
		return nil, nil, false
	}
	cur, err := s.load(r.Context(), rc.Key, 0)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return rc, cur, true
}
