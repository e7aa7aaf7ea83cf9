package htmlimport

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func lineTexts(t *testing.T, page string) []string {
	t.Helper()
	d, err := Read("p.html", []byte(page))
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
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

func TestRead(t *testing.T) {
	cases := []struct {
		name, page, want string
	}{
		{"colspan and rowspan keep the columns",
			`<table><tr><td rowspan=2>项目</td><td colspan=2>本年支出</td></tr><tr><td>基本支出</td><td>项目支出</td></tr><tr><td>合计</td><td>1.00</td><td>2.00</td></tr></table>`,
			"项目|>本年支出 / >基本支出|>>项目支出 / 合计|>1.00|>>2.00"},
		{"nbsp and br inside a cell",
			`<table><tr><td>一般公共<br>服务支出</td><td>&nbsp;12.50&nbsp;</td></tr><tr><td><p>合</p><p>计</p></td><td>1</td></tr></table>`,
			"一般公共 服务支出|>12.50 / 合 计|>1"},
		{"chrome left out, title kept",
			`<html><head><title>标题</title><script>var a="x"</script></head><body><nav>导航</nav><header>网站头</header><div class="bread-crumb">当前位置</div><main><header><h1>某单位2020年度部门决算</h1></header><p>正文</p></main><footer>版权</footer><div style="display: none">隐藏</div></body></html>`,
			"标题 / 某单位2020年度部门决算 / 正文"},
		{"a layout table is read as its blocks",
			`<table><tr><td class="menu">菜单</td><td><p>说明</p><table><tr><td>合计</td><td>3.00</td></tr></table></td></tr></table>`,
			"说明 / 合计|>3.00"},
		{"labelled fields side by side are separate cells, split sentences join",
			`<div class="table-meta"><span>部门：某单位</span><span>单位：万元</span></div><p>收入<b>12.00</b>万元</p><p><span>机关运行</span><span>经费</span><span>3.50</span><span>万元</span></p>`,
			"部门：某单位|单位：万元 / 收入12.00万元 / 机关运行经费3.50万元"},
		{"preformatted text keeps its columns",
			"<pre>合计      1.00     2.00\n项目   3.00</pre>",
			"合计|1.00|2.00 / 项目|3.00"},
	}
	for _, c := range cases {
		if got := strings.Join(lineTexts(t, c.page), " / "); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestCharset(t *testing.T) {
	page := `<html><head><meta charset="GBK"><title>决算</title></head><body><p>部门决算</p></body></html>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lineTexts(t, gbk), "/"); got != "决算/部门决算" {
		t.Errorf("GBK page: %q", got)
	}
	if got := Charset([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />`)); got != "gb2312" {
		t.Errorf("http-equiv charset %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	for _, page := range []string{"", "<html><body><script>x()</script></body></html>", "<nav>只有导航</nav>"} {
		if _, err := Read("p.html", []byte(page)); err == nil || !strings.Contains(err.Error(), "p.html") {
			t.Errorf("%q: err = %v", page, err)
		}
	}
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<table><tr><td rowspan=3 colspan=2>a</td><td>1.00</td></tr><tr><td>b</td></tr></table>`))
	f.Add([]byte(`<meta charset=gbk><p>` + "\xb2\xbf\xc3\xc5" + `</p><table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>`))
	f.Add([]byte(`<pre>合计  1.00</pre><div><span>a</span><span>b</span></div>`))
	f.Add([]byte(`<table><tr><td colspan=999999 rowspan=-1>x</td><td colspan=0>y</td></tr></table>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Read("f.html", b)
		if err != nil {
			return
		}
		for _, l := range d.Lines {
			if len(l.Cells) == 0 {
				t.Fatalf("empty line %+v", l)
			}
			for _, c := range l.Cells {
				if c.End < c.X || c.X < 0 || c.X >= MaxCols && l.Tabbed || strings.TrimSpace(c.Text) == "" || !utf8.ValidString(c.Text) {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	})
}
