package identify

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

func identText(name, text string) *Info {
	return Identify(textimport.Parse(name, text))
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// toTraditional writes simplified text as a mirrored traditional copy
// would, with the inverse of the embedded map (the first traditional
// form of each simplified character).
func toTraditional(s string) string {
	inv := map[rune]rune{}
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if _, ok := inv[rs[i+1]]; !ok && rs[i] != rs[i+1] {
			inv[rs[i+1]] = rs[i]
		}
	}
	return strings.Map(func(r rune) rune {
		if t, ok := inv[r]; ok {
			return t
		}
		return r
	}, s)
}

func TestTraditional(t *testing.T) {
	for _, path := range []string{importerData + "wuhan-zhigong-2020-final.txt", importerData + "putuo-caizhengju-2024-final.txt", "testdata/008_sh_putuo_fuliyuan_2024_unitbudget.txt"} {
		text := readText(t, path)
		trad := toTraditional(text)
		if trad == text || !strings.Contains(trad, "決算") && !strings.Contains(trad, "預算") {
			t.Fatalf("%s: the conversion changed nothing that matters", path)
		}
		want, got := identText(path, text), identText(path, trad)
		if got.Unit != want.Unit || got.Kind != want.Kind || got.Year != want.Year || got.Region != want.Region || got.MoneyUnit != want.MoneyUnit {
			t.Errorf("%s: traditional copy reads %q %s %d %s %s, want %q %s %d %s %s", path, got.Unit, got.Kind, got.Year, got.Region, got.MoneyUnit,
				want.Unit, want.Kind, want.Year, want.Region, want.MoneyUnit)
		}
		if states(got) != states(want) || len(got.Tables) != len(want.Tables) {
			t.Fatalf("%s: tables %s, want %s", path, states(got), states(want))
		}
		for i := range got.Tables {
			if got.Tables[i].Title != want.Tables[i].Title {
				t.Errorf("%s: table %d %q, want %q", path, i+1, got.Tables[i].Title, want.Tables[i].Title)
			}
		}
	}
}

func TestSimplifyLeavesSimplifiedText(t *testing.T) {
	for _, path := range []string{importerData + "wuhan-zhigong-2020-final.txt", "testdata/005_js_gaofayuan_2017_budget.txt"} {
		text := readText(t, path)
		if Simplify(text) != text {
			t.Errorf("%s: Simplify changed simplified text", path)
		}
	}
	if n := len(toSimplified); n < 300 {
		t.Errorf("the traditional map has %d characters, want several hundred", n)
	}
	for k, v := range toSimplified {
		if _, chain := toSimplified[v]; chain {
			t.Errorf("%c maps to %c, which is itself mapped", k, v)
		}
	}
}

// tocOnly is a document cut after its 目录: the body is not there.
func tocOnly(t *testing.T, path string) string {
	text := readText(t, path)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if i > 5 && strings.TrimSpace(l) == "第一部分" {
			return strings.Join(lines[:i], "\n")
		}
	}
	t.Fatalf("%s: no body part found", path)
	return ""
}

func TestTOCOnly(t *testing.T) {
	text := tocOnly(t, importerData+"putuo-caizhengju-2024-final.txt")
	in := identText("toc.txt", text)
	if in.Kind != DeptFinal || in.Year != 2024 || in.Unit != "上海市普陀区财政局" {
		t.Errorf("got %s %d %q", in.Kind, in.Year, in.Unit)
	}
	if states(in) != "MMMMMMMMM" {
		t.Errorf("states %s, want every table missing", states(in))
	}
	if in.Tables[6].Title != "财政拨款“三公”经费支出决算表" {
		t.Errorf("table 7 %q", in.Tables[6].Title)
	}
}

func TestChromeAndFieldCodes(t *testing.T) {
	text := `首页 > 信息公开 > 财政预决算
【字体：大 中 小】 打印本页 关闭窗口
发布时间：2022年08月30日
上海市长宁区卫生健康委员会
2021年度部门决算
目录
第一部分 上海市长宁区卫生健康委员会概况 PAGEREF _Toc25831 \h 3
第二部分 上海市长宁区卫生健康委员会2021年度部门决算表 PAGEREF _Toc25832 \h 5
HYPERLINK \l "_Toc25833" 一、收入支出决算总表……………………………… PAGEREF _Toc25833 \h 5
二、收入决算表 PAGEREF _Toc25834 h 6
公开03表 支出决算表 7
第三部分 上海市长宁区卫生健康委员会2021年度部门决算情况说明 PAGEREF _Toc25840 \h 9
第一部分
上海市长宁区卫生健康委员会概况
上海市长宁区卫生健康委员会主要职能是负责全区卫生健康工作，拟订卫生健康事业发展规划，并组织实施。
收入支出决算总表
单位：万元
项目 决算数
一、一般公共预算财政拨款收入 1,234.56
收入决算表
单位：万元
合计 0.00
注：本单位无此项收入，故本表无数据。
版权所有：上海市长宁区人民政府
`
	in := identText("page.html.txt", text)
	toc := identText("toc.txt", text[:strings.Index(text, "第一部分\n")])
	if toc.Unit != "上海市长宁区卫生健康委员会" || states(toc) != "MMM" {
		t.Errorf("the 目录 alone reads %q %s", toc.Unit, states(toc))
	}
	if in.Unit != "上海市长宁区卫生健康委员会" || in.Year != 2021 || in.Kind != DeptFinal || in.Locality != "长宁区" || in.Region != "上海市" {
		t.Errorf("got %q %d %s %s %s", in.Unit, in.Year, in.Kind, in.Region, in.Locality)
	}
	want := []Table{{Title: "收入支出决算总表", State: Filled}, {Title: "收入决算表", State: Empty}, {Title: "支出决算表", State: Missing}}
	if len(in.Tables) != len(want) {
		t.Fatalf("tables %+v", in.Tables)
	}
	for i, w := range want {
		if in.Tables[i].Title != w.Title || in.Tables[i].State != w.State {
			t.Errorf("table %d = %+v, want %+v", i+1, in.Tables[i], w)
		}
	}
}

func TestNoYearAndYuan(t *testing.T) {
	text := "某县教育局部门决算\n目录\n一、收入支出决算总表\n第一部分 某县教育局概况\n" +
		"某县教育局主管全县教育工作，负责学前教育、义务教育和高中教育的统筹规划与管理，并组织实施。\n" +
		"收入支出决算总表\n金额单位：元\n项目 决算数\n一、一般公共预算财政拨款收入 1,234,567.00\n"
	in := identText("noyear.txt", text)
	if in.Year != 0 || in.MoneyUnit != "元" || in.Unit != "某县教育局" || in.Kind != DeptFinal || states(in) != "F" {
		t.Errorf("got year %d, money %q, unit %q, kind %s, tables %s", in.Year, in.MoneyUnit, in.Unit, in.Kind, states(in))
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{`"year":null`, `"region":null`, `"template":null`, `"money_unit":"元"`} {
		if !bytes.Contains(b, []byte(frag)) {
			t.Errorf("JSON %s lacks %s", b, frag)
		}
	}
	if id, reason := Match(in, []Candidate{{ID: "2020", Years: [2]int{2020, 2020}, Kinds: []string{DeptFinal}}}); id != "" || !strings.Contains(reason, "年度") {
		t.Errorf("Match = %q, %q", id, reason)
	}
}

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		cover, kind string
		year        int
		unit        string
	}{
		{"武汉市江汉区城市管理执法局\n2019年决算公开报告", DeptFinal, 2019, "武汉市江汉区城市管理执法局"},
		{"二〇二〇年度\n湖北省武汉市洪山区教育局部门决算", DeptFinal, 2020, "湖北省武汉市洪山区教育局"},
		{"２０２３年度北京市海淀区图书馆单位决算", UnitFinal, 2023, "北京市海淀区图书馆"},
		{"广州市第一人民医院单位2022年度决算", UnitFinal, 2022, "广州市第一人民医院"},
		{"2024年度江苏省南京市财政局部门预算", DeptBudget, 2024, "江苏省南京市财政局"},
		{"上海市普陀区财(cái)政局2024年度部门决(jué)算", DeptFinal, 2024, "上海市普陀区财政局"},
		{"臺灣省某某局2021年度部門決算", DeptFinal, 2021, "台湾省某某局"},
		{"目录\n第一部分 上海市长宁区卫生健康委员会概况 PAGEREF _Toc25831 h 3\n第二部分 上海市长宁区卫生健康委员会2021年度部门决算表 PAGEREF _Toc25832 h 5", DeptFinal, 2021, "上海市长宁区卫生健康委员会"},
	} {
		in := identText("cover.txt", c.cover+"\n")
		if in.Kind != c.kind || in.Year != c.year || in.Unit != c.unit {
			t.Errorf("%q: got %s %d %q, want %s %d %q", c.cover, in.Kind, in.Year, in.Unit, c.kind, c.year, c.unit)
		}
	}
}

func TestPlaces(t *testing.T) {
	for _, c := range []struct{ name, region, locality string }{
		{"上海市普陀区财政局", "上海市", "普陀区"},
		{"中共上海市普陀区委社会工作部", "上海市", "普陀区"},
		{"上海市财政局", "上海市", ""},
		{"湖北省武汉市洪山区教育局", "湖北省", "武汉市"},
		{"武汉经济技术开发区（汉南区）职工服务中心", "湖北省", "武汉市"},
		{"江苏省高级人民法院", "江苏省", ""},
		{"浙江省平湖市财政局", "浙江省", "平湖市"},
		{"广东省社区矫正管理局", "广东省", ""},
		{"某县教育局", "", ""},
	} {
		r, l := place(c.name)
		if r != c.region || l != c.locality {
			t.Errorf("%s: got %q %q, want %q %q", c.name, r, l, c.region, c.locality)
		}
	}
}

func TestPinyinInTitles(t *testing.T) {
	text := "上海市普陀区财政局\n2024年度部门决算\n目录\n一、收入支出决(jué)算总表\n二、财(cái)政拨款收入支出决算总表\n第一部分 上海市普陀区财政局概况\n"
	in := identText("py.txt", text)
	if len(in.Tables) != 2 || in.Tables[0].Title != "收入支出决算总表" || in.Tables[1].Title != "财政拨款收入支出决算总表" {
		t.Errorf("tables %+v", in.Tables)
	}
}

func TestHTMLAndDOCX(t *testing.T) {
	page := `<html><head><title>x</title><style>p{}</style></head><body><div>首页 &gt; 信息公开</div>
<p>上海市普陀区财政局</p><p>2024年度部门决算</p><p>目&nbsp;录</p><p>一、收入支出决算总表</p>
<p>第一部分 上海市普陀区财政局概况</p><p>收入支出决算总表</p><p>单位：万元</p>
<table><tr><td>项目</td><td>决算数</td></tr><tr><td>本年收入合计</td><td>2,946.25</td></tr></table></body></html>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	para := func(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		para("上海市普陀区财政局") + para("2024年度部门决算") + para("目录") + para("一、收入支出决算总表") +
		para("第一部分 上海市普陀区财政局概况") + `<w:p><w:r><w:br w:type="page"/></w:r></w:p>` + para("收入支出决算总表") + para("单位：万元") +
		`<w:tbl><w:tr><w:tc>` + para("本年收入合计") + `</w:tc><w:tc>` + para("2,946.25") + `</w:tc></w:tr></w:tbl></w:body></w:document>`))
	zw.Close()
	for name, data := range map[string][]byte{"page.html": []byte(page), "doc.docx": buf.Bytes()} {
		doc, err := ReadDoc(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		in := Identify(doc)
		if in.Unit != "上海市普陀区财政局" || in.Year != 2024 || states(in) != "F" {
			t.Errorf("%s: got %q %d %s", name, in.Unit, in.Year, states(in))
		}
	}
	if _, err := ReadDoc("bad.docx", []byte("PK\x03\x04 not a zip")); err == nil || !strings.Contains(err.Error(), "bad.docx") {
		t.Errorf("a broken DOCX: %v", err)
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := dir + "/empty.txt"
	os.WriteFile(empty, nil, 0o644)
	for _, path := range []string{dir + "/none.pdf", empty, dir} {
		if _, err := File(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v should name the file", path, err)
		}
	}
}

// A workbook of the tables alone has no cover: the titles carry the year.
func TestTablesOnly(t *testing.T) {
	text := "2020年度收入支出决算总表\n单位：万元\n部门：武汉市某某局\n项目\t决算数\n一般公共预算财政拨款收入\t12.50\n" +
		"\f2020年度收入决算表\n部门：武汉市某某局\t单位：万元\n合计\t0.00\n"
	in := identText("book.xlsx.txt", text)
	if in.Year != 2020 || in.Kind != DeptFinal || in.Unit != "武汉市某某局" || in.Region != "湖北省" || in.MoneyUnit != "万元" || states(in) != "FE" {
		t.Errorf("got %d %s %q %s %s %s", in.Year, in.Kind, in.Unit, in.Region, in.MoneyUnit, states(in))
	}
	if in.Tables[1].Page != 2 {
		t.Errorf("the second table is on page %d, want 2", in.Tables[1].Page)
	}
}
