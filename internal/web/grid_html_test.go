package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

// gridTemplate is the grid as it was a template: what gridHTML must write.
func gridTemplate(t *testing.T) *template.Template {
	t.Helper()
	return template.Must(template.New("g").Funcs(template.FuncMap{
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}).ParseFiles("testdata/grid.tmpl"))
}

func sameAsTemplate(t *testing.T, tm *template.Template, name string, g *gridTable, edit bool) {
	t.Helper()
	var want bytes.Buffer
	if err := tm.ExecuteTemplate(&want, "grid", map[string]any{"G": g, "Edit": edit}); err != nil {
		t.Fatal(err)
	}
	if got := string(gridHTML(g, edit)); got != want.String() {
		i := 0
		for i < len(got) && i < want.Len() && got[i] == want.String()[i] {
			i++
		}
		t.Fatalf("%s (edit %v): gridHTML differs from the template at byte %d:\n got  …%.160q\n want …%.160q", name, edit, i, got[max(0, i-40):], want.String()[max(0, i-40):])
	}
}

// TestGridHTMLSameAsTemplate: every table of the example, with findings
// flagged and given totals that disagree, in both modes, and a grid of
// hostile text, come out byte for byte as the template wrote them.
func TestGridHTMLSameAsTemplate(t *testing.T) {
	tm := gridTemplate(t)
	r, tpl := readExample(t)
	a, err := analyse(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	flags := cellFlags(a.Findings)
	n := 0
	for _, ts := range tpl.Tables {
		g := buildGrid(tpl, a.Report, ts.Number, a.Computed, flags)
		if g == nil {
			continue
		}
		// Every computed cell disagreeing, to reach the given-total branch.
		calc := map[juesuan.CellRef]juesuan.Amount{}
		for ref := range a.Computed {
			calc[ref] = 12345
		}
		for _, edit := range []bool{true, false} {
			sameAsTemplate(t, tm, ts.Title, g, edit)
		}
		g.markCalc(calc)
		sameAsTemplate(t, tm, ts.Title+" 合计不符", g, true)
		n++
	}
	if n < 9 {
		t.Fatalf("only %d tables laid out", n)
	}
	hostile := `<script>alert("x")</script> & 'q' + a` + "\x00"
	g := &gridTable{Coded: true, Parts: []gridPart{
		{Title: hostile, Cols: []juesuan.ColumnSpec{{Key: "1", Name: hostile}, {Key: `"2"`, Name: "b+c"}}, Rows: []gridRow{
			{Key: "total", Label: hostile, Level: 0, Total: true, Cells: []gridCell{{Exists: true, Computed: true, Value: "1.00", ID: `i"d`, Flag: "error"}, {}}},
			{Key: "201<", Label: "x", Level: 1, Cells: []gridCell{{Exists: true, Value: hostile, ID: "c1", Ref: juesuan.CellRef{Table: 1, Row: "2&", Col: "3'"}, Flag: "warning"}, {Exists: true, Computed: true, Calc: hostile, Flag: "x<"}}},
			{Key: "personnel", Level: 2, Cells: []gridCell{{Exists: true}}},
			{Key: "public", Level: 3},
			{Key: "30101", Level: 3, Cells: []gridCell{{Exists: true, Computed: true}}},
		}},
		{Cols: nil, Rows: nil},
	}}
	for _, edit := range []bool{true, false} {
		sameAsTemplate(t, tm, "hostile", g, edit)
	}
	g.Coded = false
	g.Parts = g.Parts[:1]
	sameAsTemplate(t, tm, "one part", g, true)
	if !strings.Contains(string(gridHTML(g, true)), "&lt;script&gt;") {
		t.Fatal("text not escaped")
	}
}
