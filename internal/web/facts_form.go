package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// factsView is one of the forms of the 概况, 说明数据 and 重点工作 tabs:
// from the report, or as posted when the save was refused, so that
// nothing typed is lost.
type factsView struct {
	Section  string // profile, facts, keywork
	Sections []sectionView
	Budgets  []budgetRow
	KeyWork  []textPair
	Terms    []textPair
	Errors   []string
}

type sectionView struct {
	Title  string
	Fields []fieldView
}

type fieldView struct {
	Key, Label, Kind, Unit, Value, Err string
}

type budgetRow struct {
	Code, Name, Amount, Reason, Err string
}

type textPair struct {
	Title, Text string
}

// blankRows is how many empty rows a repeated part offers for adding.
const blankRows = 2

func sectionsOf(section string) []factSection {
	switch section {
	case "profile":
		return profileSections
	case "facts":
		return factSections
	}
	return nil
}

// factsFrom shows the report's values.
func factsFrom(section string, r *juesuan.Report) *factsView {
	v := &factsView{Section: section}
	for _, sec := range sectionsOf(section) {
		sv := sectionView{Title: sec.Title}
		for _, f := range sec.Fields {
			sv.Fields = append(sv.Fields, fieldView{Key: f.Key, Label: f.Label, Kind: f.Kind, Unit: f.Unit, Value: f.get(r)})
		}
		v.Sections = append(v.Sections, sv)
	}
	switch section {
	case "facts":
		for _, b := range r.Budgets {
			v.Budgets = append(v.Budgets, budgetRow{Code: b.Code, Name: b.Name, Amount: b.Amount.Wan(), Reason: b.Reason})
		}
		for i := 0; i < blankRows; i++ {
			v.Budgets = append(v.Budgets, budgetRow{})
		}
	case "keywork":
		for _, s := range r.KeyWork.Sections {
			v.KeyWork = append(v.KeyWork, textPair{s.Title, strings.Join(s.Paragraphs, "\n\n")})
		}
		for _, t := range r.Glossary.Terms {
			v.Terms = append(v.Terms, textPair{t.Title, t.Text})
		}
		for i := 0; i < blankRows; i++ {
			v.KeyWork = append(v.KeyWork, textPair{})
			v.Terms = append(v.Terms, textPair{})
		}
	}
	return v
}

// applyFacts sets the posted values on next; the view carries what was
// typed and every error.
func applyFacts(section string, form url.Values, tpl *juesuan.Template, next *juesuan.Report) *factsView {
	v := &factsView{Section: section}
	val := func(k string) string { return strings.TrimSpace(strings.ReplaceAll(form.Get(k), "\r\n", "\n")) }
	for _, sec := range sectionsOf(section) {
		sv := sectionView{Title: sec.Title}
		for _, f := range sec.Fields {
			fv := fieldView{Key: f.Key, Label: f.Label, Kind: f.Kind, Unit: f.Unit, Value: val(f.Key)}
			if err := f.set(next, fv.Value); err != nil {
				fv.Err = fmt.Sprintf("%s：%v", f.Label, err)
				v.Errors = append(v.Errors, sec.Title+"「"+fv.Err+"」")
			}
			sv.Fields = append(sv.Fields, fv)
		}
		v.Sections = append(v.Sections, sv)
	}
	switch section {
	case "facts":
		applyBudgets(form, tpl, next, v)
	case "keywork":
		applyKeyWork(form, next, v)
	}
	return v
}

func applyBudgets(form url.Values, tpl *juesuan.Template, next *juesuan.Report, v *factsView) {
	codes, names, amounts, reasons := form["b.code"], form["b.name"], form["b.amount"], form["b.reason"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	var cat *juesuan.Catalog
	if ts, ok := tpl.TableByRole("expense"); ok {
		cat = tpl.Catalogs[ts.Catalog]
	}
	next.Budgets = nil
	for i := range codes {
		row := budgetRow{Code: at(codes, i), Name: at(names, i), Amount: at(amounts, i), Reason: at(reasons, i)}
		if row.Code == "" && row.Name == "" && row.Amount == "" && row.Reason == "" {
			continue
		}
		line := juesuan.BudgetLine{Code: row.Code, Name: row.Name, Reason: row.Reason}
		switch n := len(row.Code); {
		case !digitsOnly(row.Code) || n != 3 && n != 5 && n != 7:
			row.Err = fmt.Sprintf("年初预算第 %d 行：科目编码应为 3、5 或 7 位数字，而不是“%s”", i+1, row.Code)
		default:
			if e, ok := cat.Lookup(row.Code); ok && line.Name == "" {
				line.Name = e.Name
				row.Name = e.Name
			}
			a, err := parseWan(row.Amount)
			if err != nil {
				row.Err = fmt.Sprintf("年初预算第 %d 行（%s）：年初预算数%v", i+1, row.Code, err)
			}
			line.Amount = a
		}
		if row.Err != "" {
			v.Errors = append(v.Errors, row.Err)
		}
		next.Budgets = append(next.Budgets, line)
		v.Budgets = append(v.Budgets, row)
	}
	for i := 0; i < blankRows; i++ {
		v.Budgets = append(v.Budgets, budgetRow{})
	}
}

func applyKeyWork(form url.Values, next *juesuan.Report, v *factsView) {
	pairs := func(tk, xk string) []textPair {
		var out []textPair
		ts, xs := form[tk], form[xk]
		for i := range ts {
			p := textPair{Title: strings.TrimSpace(ts[i])}
			if i < len(xs) {
				p.Text = strings.TrimSpace(strings.ReplaceAll(xs[i], "\r\n", "\n"))
			}
			if p.Title != "" || p.Text != "" {
				out = append(out, p)
			}
		}
		return out
	}
	kw, terms := pairs("kw.title", "kw.text"), pairs("g.title", "g.text")
	next.KeyWork.Sections = nil
	for _, p := range kw {
		s := juesuan.Section{Title: p.Title}
		for _, para := range strings.Split(p.Text, "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				s.Paragraphs = append(s.Paragraphs, para)
			}
		}
		next.KeyWork.Sections = append(next.KeyWork.Sections, s)
	}
	next.Glossary.Terms = nil
	for _, p := range terms {
		next.Glossary.Terms = append(next.Glossary.Terms, juesuan.Term{Title: p.Title, Text: p.Text})
	}
	v.KeyWork, v.Terms = kw, terms
	for i := 0; i < blankRows; i++ {
		v.KeyWork = append(v.KeyWork, textPair{})
		v.Terms = append(v.Terms, textPair{})
	}
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// glossaryFill adds a 名词解释 term for each 功能分类 项 the report uses
// in its 一般公共预算财政拨款支出 table (the codes the audit wants
// explained) that the glossary does not explain yet, named
// 类（类）款（款）项（项） from the catalog or the printed names.
func glossaryFill(tpl *juesuan.Template, r *juesuan.Report) int {
	ts, ok := tpl.TableByRole("general")
	if !ok {
		return 0
	}
	have := map[string]bool{}
	for _, t := range r.Glossary.Terms {
		have[t.Title] = true
	}
	name := func(code string) string {
		if n := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]; n != "" {
			return n
		}
		if e, ok := tpl.Catalogs[ts.Catalog].Lookup(code); ok {
			return e.Name
		}
		return code
	}
	added := 0
	for _, code := range r.RowsOf(ts) {
		if juesuan.CodeLevel(code) != 3 {
			continue
		}
		title := fmt.Sprintf("%s（类）%s（款）%s（项）", name(code[:3]), name(code[:5]), name(code))
		if have[title] {
			continue
		}
		have[title] = true
		r.Glossary.Terms = append(r.Glossary.Terms, juesuan.Term{Title: title, Text: "反映" + name(code) + "方面的支出。"})
		added++
	}
	return added
}

// factChanges lists the changed fields of a section for the version note.
func factChanges(section string, before, after *juesuan.Report) []string {
	var out []string
	for _, sec := range sectionsOf(section) {
		for _, f := range sec.Fields {
			if a, b := f.get(before), f.get(after); a != b {
				out = append(out, fmt.Sprintf("%s：%s → %s", f.Label, short(a), short(b)))
			}
		}
	}
	return out
}

func short(s string) string {
	if s == "" {
		return "空"
	}
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

var sectionNames = map[string]string{"profile": "概况", "facts": "说明数据", "keywork": "重点工作和名词解释"}

// saveFacts stores one of the 概况 / 说明数据 / 重点工作 forms.
func (s *Server) saveFacts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	section := r.PostFormValue("section")
	if _, ok := sectionNames[section]; !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "表单 %q 无效", section))
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	next := cur.Report.Clone()
	view := applyFacts(section, r.PostForm, cur.Tpl, next)
	r.URL.RawQuery = "t=" + section
	if len(view.Errors) > 0 {
		s.showEditorFacts(w, r, rc, http.StatusUnprocessableEntity, "没有保存：请改正标红的内容（您输入的内容都保留在下面）。", view)
		return
	}
	changes := factChanges(section, cur.Report, next)
	note := "在线填报：修改" + sectionNames[section]
	if r.PostFormValue("op") == "composition-fill" {
		text, err := s.compositionFromTree(ctx, rc.Unit.Code, rc.Key.Year)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.Unit.Composition = text
		changes = append(changes, "按单位树生成部门决算单位构成")
	}
	if r.PostFormValue("op") == "glossary-fill" {
		n := glossaryFill(cur.Tpl, next)
		changes = append(changes, fmt.Sprintf("按使用的科目生成名词解释 %d 条", n))
	}
	if len(changes) > 0 {
		note += "（" + strings.Join(changes, "；") + "）"
	}
	if _, err := s.st.SaveReport(ctx, rc.Key, base, next, rc.User.Name, note); err != nil {
		if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
			if info, err := s.st.ReportInfo(ctx, rc.Key); err == nil {
				rc.Info = info
			}
			s.showEditorFacts(w, r, rc, http.StatusConflict, fmt.Sprintf(
				"保存冲突：在您编辑期间报表已被他人更新到第 %d 版，您的修改没有保存（下面保留了您输入的内容）。请查看版本历史后再保存。", rc.Info.Current), view)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?t="+section+"&msg=saved", http.StatusSeeOther)
}
