package web

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

// TestFindingsHTMLSameAsTemplate: the findings panel of the example (with
// and without edit rights, 出错说明 given and not) and of hostile text
// comes out byte for byte as the template wrote it.
func TestFindingsHTMLSameAsTemplate(t *testing.T) {
	tm := template.Must(template.New("f").Funcs(template.FuncMap{
		"sev":      sevLabel,
		"sevClass": func(sv juesuan.Severity) string { return string(sv) },
	}).ParseFiles("testdata/findings.tmpl"))
	check := func(name string, p *editorPage) {
		t.Helper()
		var want bytes.Buffer
		if err := tm.ExecuteTemplate(&want, "findings-body", p); err != nil {
			t.Fatal(err)
		}
		if got := string(p.FindingsHTML()); got != want.String() {
			i := 0
			for i < len(got) && i < want.Len() && got[i] == want.String()[i] {
				i++
			}
			t.Fatalf("%s: FindingsHTML differs from the template at byte %d:\n got  …%.200q\n want …%.200q", name, i, got[max(0, i-60):], want.String()[max(0, i-60):])
		}
	}
	r, tpl := readExample(t)
	a, err := analyse(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	fs := findingViews(a, nil)
	if len(fs) < 10 {
		t.Fatalf("only %d findings", len(fs))
	}
	ex := map[string]store.Explanation{}
	for i, f := range fs {
		if i%3 == 0 {
			ex[f.Key] = store.Explanation{Text: "已核实 <" + f.Rule + "> & 'ok'", Author: "张三"}
		}
	}
	withEx := findingViews(a, ex)
	for _, edit := range []bool{true, false} {
		for _, f := range [][]findingView{fs, withEx, nil} {
			p := &editorPage{Findings: f, Counts: a.Counts, CanEdit: edit, Base: "/reports/420101/2020", Tab: "1", Strict: 2, Unexplained: 3}
			check("example", p)
			p.Strict = 0
			check("example, no strict", p)
			p.Unexplained = 0
			check("example, all explained", p)
		}
	}
	hostile := `<b>"x"</b> & 'y' + z` + "\x00"
	many := []cellLink{{ID: "c-1-2-3", Table: 1, Label: hostile}, {ID: `c"<>&+ 中`, Table: 12, Label: "b"}}
	hf := []findingView{
		{Finding: juesuan.Finding{Rule: hostile, Severity: juesuan.SevError, Message: hostile, Expected: hostile, Where: hostile}, Key: hostile, Title: hostile, Mandatory: true, Cells: many},
		{Finding: juesuan.Finding{Rule: "r", Severity: juesuan.SevWarning, Actual: "1"}, Key: "k", Explanation: hostile, ExplainedBy: hostile, Cells: many, Summary: hostile},
		{Finding: juesuan.Finding{Rule: "i", Severity: juesuan.SevInfo}, Explanation: "x"},
		{Finding: juesuan.Finding{Rule: "w", Severity: juesuan.SevWarning}},
	}
	for _, base := range []string{"/reports/a b/ü%20%zz?x=1&y=+2#f", "javascript:alert(1)", "HTTP://x/y", "mailto:a@b", "/r/" + hostile} {
		for _, edit := range []bool{true, false} {
			check("hostile "+base, &editorPage{Findings: hf, CanEdit: edit, Base: base, Tab: hostile, Strict: 0, Unexplained: 1})
		}
	}
}
