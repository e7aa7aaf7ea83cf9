package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/cellcsv"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/testutil/generictpl"
)

// genericCells lists the cells and row names of table n as "row name|col=value …".
func genericCells(r *juesuan.Report, ts *juesuan.TableSpec) []string {
	var out []string
	for _, row := range r.RowsOf(ts) {
		s := row + " " + r.RowNames[juesuan.RowRef{Table: ts.Number, Row: row}] + "|"
		for _, c := range r.Columns(ts) {
			if v, ok := r.Cells[juesuan.CellRef{Table: ts.Number, Row: row, Col: c.Key}]; ok {
				s += " " + c.Key + "=" + v.Wan()
			}
		}
		out = append(out, s)
	}
	return out
}

func importGeneric(t *testing.T) *Result {
	t.Helper()
	tpls := generictpl.Loader(t)
	res, err := Text("generic.txt", []byte(generictpl.Text(t)), tpls, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Template.ID != generictpl.Family {
		t.Fatalf("template = %s, want %s (the family that prints 表10)", res.Template.ID, generictpl.Family)
	}
	return res
}

func TestGenericImportCheckRender(t *testing.T) {
	res := importGeneric(t)
	r, tpl := res.Report, res.Template
	if len(res.Diags) != 0 {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	tables := r.Tables(tpl)
	if len(tables) != 11 {
		t.Fatalf("%d tables, want 10 of the template and 1 extra", len(tables))
	}
	t10, t11 := tables[9], tables[10]
	if t11.Title != generictpl.ExtraTitle || !t11.IsGeneric() || !r.Generic[11].Extra {
		t.Errorf("表11 = %+v, %+v", t11, r.Generic[11])
	}
	want := map[*juesuan.TableSpec][]string{
		t10: {"1 专户资金合计| 1=12.50 2=10.00 3=2.50", "2 其中：教育收费| 1=12.50 3=2.50", "3 其他专户资金|", "4 行政事业性收费| 1=1200.00 2=1199.99 3=0.01"},
		t11: {"1 机关运行经费| 1=25.25 2=24.10", "2 国有资产占用| 1=310.00 2=-3.50"},
	}
	for ts, w := range want {
		if got := genericCells(r, ts); strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", ts.Code(), got, w)
		}
	}
	if h := strings.Join(r.Generic[10].Columns, "|"); h != "本年收入|本年支出|年末结余" {
		t.Errorf("表10 headers = %q", h)
	}
	if h := strings.Join(r.Generic[11].Columns, "|"); h != "本年数|上年数" {
		t.Errorf("表11 headers = %q", h)
	}
	var extra []string
	for _, s := range res.Tables {
		if s.Extra {
			extra = append(extra, s.Title)
		}
	}
	if len(extra) != 1 || extra[0] != generictpl.ExtraTitle {
		t.Errorf("summary lists extra tables %q", extra)
	}
	// The nine standard tables read as they do without the generic ones.
	if r.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}].Wan() != "122.40" {
		t.Errorf("表1 1行 = %v", r.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}])
	}

	fs, err := audit.Check(tpl, r.Clone())
	if err != nil {
		t.Fatal(err)
	}
	var g1 []string
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			t.Errorf("error finding: %s %s", f.Rule, f.Message)
		}
		if f.Rule == "G1.generic" {
			if f.Severity != juesuan.SevInfo || f.Cells == nil || len(f.Cells) != 0 {
				t.Errorf("G1 finding = %+v", f)
			}
			g1 = append(g1, f.Message)
		}
		for _, c := range f.Cells {
			if ref, err := juesuan.ParseCellRef(c); err == nil && ref.Table >= 10 {
				t.Errorf("rule %s mentions generic cell %s", f.Rule, c)
			}
		}
	}
	wantG1 := []string{
		"表10「财政专户管理资金收入支出决算表」按标题识别，未做审核（模板只知道表名）",
		"表11「部门决算公开相关信息统计表」按标题识别，未做审核（模板只知道表名）",
	}
	if strings.Join(g1, "\n") != strings.Join(wantG1, "\n") {
		t.Errorf("G1 findings = %q", g1)
	}

	doc, err := disclosure.Build(tpl, r.Clone())
	if err != nil {
		t.Fatal(err)
	}
	var dt []*disclosure.Table
	for _, x := range doc.Tables {
		if x.Number >= 10 {
			dt = append(dt, x)
			if len(x.Notes) > 1 || x.Unit != "单位：万元" {
				t.Errorf("表%d notes %q unit %q", x.Number, x.Notes, x.Unit)
			}
		}
	}
	if len(dt) != 2 || len(dt[0].Body) != 4 || len(dt[0].Header[0]) != 4 || dt[0].Header[0][2].Text != "本年支出" {
		t.Fatalf("document generic tables = %+v", dt)
	}
	words := []string{"财政专户管理资金收入支出决算表", "部门决算公开相关信息统计表", "专户资金合计", "其他专户资金",
		"行政事业性收费", "本年收入", "年末结余", "机关运行经费", "上年数"}
	var hb bytes.Buffer
	if err := html.Render(&hb, doc); err != nil {
		t.Fatal(err)
	}
	for _, w := range append(words, "1199.99", "24.10", "-3.50") {
		if !strings.Contains(hb.String(), w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	for name, render := range map[string]func(io.Writer, *disclosure.Document) error{"XLSX": xlsx.Render, "DOCX": docx.Render} {
		var b bytes.Buffer
		if err := render(&b, doc); err != nil {
			t.Fatal(err)
		}
		text := unzipText(t, b.Bytes())
		for _, w := range words {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
		for _, v := range [][]string{{"1199.99", "1,199.99"}, {"24.1", "24.10"}, {"-3.5", "-3.50"}} {
			if !strings.Contains(text, ">"+v[0]+"<") && !strings.Contains(text, ">"+v[1]+"<") {
				t.Errorf("%s lacks amount %s", name, v[1])
			}
		}
	}
}

func unzipText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		sb.Write(x)
	}
	return sb.String()
}

// The report file and the cells CSV carry generic tables: labels, headers
// and extra tables come back as written.
func TestGenericRoundTrip(t *testing.T) {
	res := importGeneric(t)
	tpls := generictpl.Loader(t)
	var b bytes.Buffer
	if err := reportfile.Write(&b, res.Template, res.Report); err != nil {
		t.Fatal(err)
	}
	r2, tpl2, err := reportfile.Read("generic.yaml", b.Bytes(), tpls, 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	var b2 bytes.Buffer
	if err := reportfile.Write(&b2, tpl2, r2); err != nil {
		t.Fatal(err)
	}
	if b.String() != b2.String() {
		t.Errorf("report file changed on a round trip:\n%s\n---\n%s", b.String(), b2.String())
	}
	for _, n := range []int{10, 11} {
		ts, ok := r2.Table(tpl2, n)
		if !ok {
			t.Fatalf("表%d lost", n)
		}
		ts1, _ := res.Report.Table(res.Template, n)
		if got, want := genericCells(r2, ts), genericCells(res.Report, ts1); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("表%d after round trip %q, want %q", n, got, want)
		}
		if ts.Title != ts1.Title || strings.Join(r2.Generic[n].Columns, "|") != strings.Join(res.Report.Generic[n].Columns, "|") {
			t.Errorf("表%d title/headers %q %q", n, ts.Title, r2.Generic[n].Columns)
		}
	}
	if !strings.Contains(b.String(), "generic_tables:\n  10: {columns: [本年收入, 本年支出, 年末结余]}\n  11: {title: 部门决算公开相关信息统计表, extra: true, columns: [本年数, 上年数]}\n") {
		t.Errorf("generic_tables not written as documented:\n%s", b.String())
	}

	var csv bytes.Buffer
	if err := cellcsv.Write(&csv, res.Template, res.Report); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"10,4,2,1199.99", "11,2,2,-3.50"} {
		if !strings.Contains(csv.String(), "\n"+line+"\n") {
			t.Errorf("cells CSV lacks %s", line)
		}
	}
	// The cells import reads the default family: 表11 and beyond are extra
	// tables there, and their cells come back.
	r3, tpl3, err := cellcsv.Read("cells.csv", strings.NewReader(csv.String()), tpls, 2020)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := cellcsv.Write(&again, tpl3, r3); err != nil {
		t.Fatal(err)
	}
	if again.String() != csv.String() {
		t.Errorf("cells CSV round trip differs:\n%s\n---\n%s", csv.String(), again.String())
	}
}

func TestExtraTitle(t *testing.T) {
	cases := []struct{ line, want string }{
		{"附表1 部门决算公开相关信息统计表", "部门决算公开相关信息统计表"},
		{"表10  项目支出决算表", "项目支出决算表"},
		{"公开11表 资产负债情况表", "资产负债情况表"},
		{"2024年度财政专户管理资金收入支出决算表（表十）", "财政专户管理资金收入支出决算表"},
		{"注：本表反映部门本年度收支情况表", ""},
		{"中共上海市普陀区委社会工作部 2024 年度部门决算表", ""},
		{"第二部分 2020 年度部门决算表", ""},
		{"合计\t12.50\t决算表", ""},
		{"一、收入支出决算总表", "一、收入支出决算总表"}, // a known title never reaches here
		{"资产表", ""},
	}
	for _, tc := range cases {
		l := textimport.Parse("t", tc.line).Lines[0]
		got, ok := extraTitle(l)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("extraTitle(%q) = %q, %v; want %q", tc.line, got, ok, tc.want)
		}
	}
}

// FuzzReadGeneric: any section text reads without a panic into rows 1…n
// whose cells are addresses the generic table accepts.
func FuzzReadGeneric(f *testing.F) {
	f.Add(generictpl.Tables)
	f.Add("项目\t本年数\n合计\t1.00\t2.00\t3.00\n\f项目\t本年数\n其中\t(4.00)")
	f.Add("项目          本年收入      本年支出\n合计              12.50         10.00\n  其他                             2.00\n")
	f.Add("1,234.56 7.00\n\n\t\t\t9.99")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		doc := textimport.Parse("fuzz", text)
		ts := juesuan.ExtraTableSpec(10, "测试表")
		g := readGeneric(doc.Lines, juesuan.UnitWanyuan, juesuan.MaxGenericColumns)
		if len(g.heads) > juesuan.MaxGenericColumns*4 {
			t.Fatalf("%d headers", len(g.heads))
		}
		for i, row := range g.rows {
			if len(row.amts) != len(row.cols) {
				t.Fatalf("row %d: %d amounts, %d columns", i+1, len(row.amts), len(row.cols))
			}
			if row.label == "" && len(row.amts) == 0 {
				t.Fatalf("row %d is empty", i+1)
			}
			for _, c := range row.cols {
				if err := ts.HasCell(juesuan.Itoa(i+1), juesuan.Itoa(c+1)); err != nil {
					t.Fatalf("row %d: %v", i+1, err)
				}
			}
		}
	})
}

// readGeneric gives the same rows and headers for tab-separated text and
// for text laid out by position (pdftotext -layout), blank cells included.
func TestReadGenericLayouts(t *testing.T) {
	want := []string{"专户资金合计|1=12.50 2=10.00 3=2.50", "其中：教育收费|1=12.50 3=2.50", "其他|", "行政事业性收费|2=1199.99"}
	cases := []struct{ name, text string }{
		{"tabs", "单位：万元\n项目\t本年收入\t本年支出\t年末结余\n专户资金合计\t12.50\t10.00\t2.50\n其中：教育收费\t12.50\t\t2.50\n其他\t\t\t\n行政事业性收费\t\t1,199.99\t\n"},
		{"layout", laidOut(false)},
		{"layout with 行次", laidOut(true)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := readGeneric(textimport.Parse("t", tc.text).Lines, juesuan.UnitWanyuan, juesuan.MaxGenericColumns)
			var got []string
			for _, r := range g.rows {
				s := r.label + "|"
				for i, a := range r.amts {
					if i > 0 {
						s += " "
					}
					s += juesuan.Itoa(r.cols[i]+1) + "=" + a.v.Wan()
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("rows\n got %q\nwant %q", got, want)
			}
			if h := strings.Join(g.heads, "|"); h != "本年收入|本年支出|年末结余" {
				t.Errorf("headers = %q", h)
			}
			if len(g.diags) != 0 {
				t.Errorf("diags = %v", g.diags)
			}
		})
	}
}

// laidOut prints the rows of TestReadGenericLayouts as pdftotext -layout
// does: labels padded to a width, amounts right-aligned under centred
// headers, a wider amount in the middle column, optionally a 行次 column.
func laidOut(lineNo bool) string {
	pad := func(s string, n int) string {
		return s + strings.Repeat(" ", max(n-len([]rune(s)), 1))
	}
	right := func(s string, n int) string { return strings.Repeat(" ", max(n-len([]rune(s)), 1)) + s }
	centre := func(s string, n int) string {
		k := len([]rune(s))
		l := (n - k) / 2
		return strings.Repeat(" ", l) + s + strings.Repeat(" ", n-k-l)
	}
	var b strings.Builder
	b.WriteString(right("单位：万元", 60) + "\n")
	row := func(label, no string, cells ...string) {
		b.WriteString("  " + pad(label, 16))
		if lineNo {
			b.WriteString(pad(no, 6))
		}
		for _, c := range cells {
			b.WriteString(c)
		}
		b.WriteString("\n")
	}
	row("项目", "行次", centre("本年收入", 14), centre("本年支出", 14), centre("年末结余", 14))
	row("专户资金合计", "1", right("12.50", 14), right("10.00", 14), right("2.50", 14))
	row("其中：教育收费", "2", right("12.50", 14), right("", 14), right("2.50", 14))
	row("其他", "3")
	row("行政事业性收费", "4", right("", 14), right("1,199.99", 14))
	return b.String()
}
