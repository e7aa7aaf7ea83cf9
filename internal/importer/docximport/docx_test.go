package docximport

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

func pack(t testing.TB, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(bodyPart)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func p(s string) string { return `<w:p><w:r><w:t xml:space="preserve">` + s + `</w:t></w:r></w:p>` }

func tc(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + p(text) + `</w:tc>`
}

func lines(t *testing.T, body string) string {
	t.Helper()
	d, err := Read("d.docx", pack(t, body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range d.Lines {
		var cells []string
		for _, c := range l.Cells {
			if l.Tabbed {
				cells = append(cells, strings.Repeat(">", int(c.X))+c.Text)
			} else {
				cells = append(cells, c.Text)
			}
		}
		out = append(out, strings.Join(cells, "|")+"@"+string(rune('0'+l.Page)))
	}
	return strings.Join(out, " / ")
}

func TestRead(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"gridSpan and vMerge keep the columns",
			`<w:tbl><w:tr>` + tc(`<w:vMerge w:val="restart"/>`, "项目") + tc(`<w:gridSpan w:val="2"/>`, "本年支出") + `</w:tr>` +
				`<w:tr>` + tc(`<w:vMerge/>`, "") + tc("", "基本支出") + tc("", "项目支出") + `</w:tr>` +
				`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc("", "1.00") + tc("", "2.00") + `</w:tr></w:tbl>`,
			"项目|>本年支出@1 / >基本支出|>>项目支出@1 / >1.00|>>2.00@1"},
		{"tabs split a paragraph, tab stops do not",
			`<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr><w:r><w:t>部门：某单位</w:t></w:r><w:r><w:tab/><w:t>单位：万元</w:t></w:r></w:p>`,
			"部门：某单位|单位：万元@1"},
		{"page breaks count once",
			p("封面") + `<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p><w:r><w:lastRenderedPageBreak/><w:t>第二页</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>第三页</w:t></w:r></w:p>`,
			"封面@1 / 第二页@2 / 第三页@3"},
		{"deleted text, field codes and fallbacks are left out",
			`<w:p><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>新</w:t></w:r>` +
				`<mc:AlternateContent><mc:Choice><w:r><w:t>框</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
			"新框@1"},
		{"a one-cell table frames paragraphs",
			`<w:tbl><w:tr><w:tc>` + p("第一段") + p("第二段") + `</w:tc></w:tr></w:tbl>`,
			"第一段@1 / 第二段@1"},
		{"a label wrapped into two paragraphs is one cell",
			`<w:tbl><w:tr><w:tc>` + p("一般公共") + p("服务支出") + `</w:tc>` + tc("", "3.00") + `</w:tr></w:tbl>`,
			"一般公共 服务支出|>3.00@1"},
	}
	for _, c := range cases {
		if got := lines(t, c.body); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// Automatic numbering is printed: Word keeps 第一部分 and 一、 out of the
// paragraph's text.
func TestNumbering(t *testing.T) {
	lists := `<?xml version="1.0"?><w:numbering ` + ns + `><w:abstractNum w:abstractNumId="4">` +
		`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/><w:lvlText w:val="第%1部分"/></w:lvl>` +
		`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:suff w:val="nothing"/><w:lvlText w:val="%2、"/></w:lvl>` +
		`<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/></w:lvl>` +
		`</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num></w:numbering>`
	np := func(lvl, text string) string {
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := np("0", "某单位概况") + np("1", "主要职能") + np("1", "") + np("1", "机构设置") + np("2", "人员") +
		np("0", "决算表") + np("1", "收入")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		bodyPart:      `<?xml version="1.0"?><w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`,
		numberingPart: lists,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	d, err := Read("n.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range d.Lines {
		got = append(got, l.Text())
	}
	want := "第一部分 某单位概况/一、主要职能/三、机构设置/一.1 人员/第二部分 决算表/一、收入"
	if strings.Join(got, "/") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "/"), want)
	}
}

func TestReadErrors(t *testing.T) {
	good := pack(t, p("部门决算"))
	var noBody bytes.Buffer
	zw := zip.NewWriter(&noBody)
	zw.Create("xl/workbook.xml")
	zw.Close()
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "损坏"},
		{"not a zip", []byte("hello"), "DOCX"},
		{"no body", noBody.Bytes(), "word/document.xml"},
		{"bad xml", pack(t, "<w:p>"), "无法读取"},
		{"empty", pack(t, ""), "没有任何文字"},
	}
	for _, c := range cases {
		_, err := Read("d.docx", c.data)
		if err == nil || !strings.Contains(err.Error(), "d.docx") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// A body whose directory size is beyond the limit is refused before it
// is inflated.
func TestZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(bodyPart)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < MaxBodyXML>>20+1; i++ {
		w.Write(chunk)
	}
	zw.Close()
	_, err := Read("bomb.docx", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), "超过上限") {
		t.Errorf("err = %v", err)
	}
}

func FuzzDOCX(f *testing.F) {
	f.Add(pack(f, p("部门决算")))
	f.Add(pack(f, `<w:tbl><w:tr>`+tc(`<w:gridSpan w:val="300"/><w:vMerge w:val="restart"/>`, "a")+tc(`<w:vMerge/>`, "1.00")+`</w:tr></w:tbl>`))
	f.Add(pack(f, `<w:p><w:r><w:br w:type="page"/><w:t>x</w:t><w:lastRenderedPageBreak/></w:r></w:p>`))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(`<w:document ` + ns + `><w:body><w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl></w:body></w:document>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check(t, b)
		// The bytes as the body of a valid package: the XML reader sees them.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(bodyPart)
		w.Write(b)
		zw.Close()
		check(t, buf.Bytes())
	})
}

func check(t *testing.T, b []byte) {
	{
		d, err := Read("f.docx", b)
		if err != nil {
			return
		}
		if d.Pages < 1 {
			t.Fatalf("%d pages", d.Pages)
		}
		for _, l := range d.Lines {
			if l.Page < 1 || l.Page > d.Pages || len(l.Cells) == 0 {
				t.Fatalf("bad line %+v of %d pages", l, d.Pages)
			}
			for _, c := range l.Cells {
				if c.End < c.X || c.X < 0 || strings.TrimSpace(c.Text) == "" || !utf8.ValidString(c.Text) {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	}
}
