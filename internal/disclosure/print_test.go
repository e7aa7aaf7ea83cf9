package disclosure

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

func TestGrouped(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.00", "0.00"}, {"999.99", "999.99"}, {"1000.00", "1,000.00"}, {"2940.05", "2,940.05"},
		{"1234567.89", "1,234,567.89"}, {"-1511.89", "-1,511.89"}, {"100000", "100,000"},
	} {
		if got := Grouped(tc.in); got != tc.want {
			t.Errorf("Grouped(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitCode(t *testing.T) {
	for _, tc := range []struct {
		code  string
		parts int
		want  string
	}{
		{"2010601", 3, "201|06|01"}, {"20106", 3, "201|06|"}, {"201", 3, "201||"},
		{"30101", 2, "301|01"}, {"301", 2, "301|"},
	} {
		if got := strings.Join(splitCode(tc.code, tc.parts), "|"); got != tc.want {
			t.Errorf("splitCode(%q, %d) = %q, want %q", tc.code, tc.parts, got, tc.want)
		}
	}
}

// TestBadPrintLayout: a family's print.json that cannot be used is a
// clear Chinese error naming the family and the file.
func TestBadPrintLayout(t *testing.T) {
	tpl, r := mustExample(t)
	for _, tc := range []struct{ name, json, want string }{
		{"syntax", `{"parts": [`, "print.json 有误"},
		{"unknown field", `{"partz": []}`, "print.json 有误"},
		{"no parts", `{"tableTitle": "{{.Title}}"}`, "没有列出文档的各部分"},
		{"bad content", `{"parts": [{"title": "x", "content": "charts"}]}`, "content 应为"},
		{"bad title", `{"tableTitle": "{{.Nope}}", "parts": [{"title": "x", "content": "tables"}]}`, "无法生成文字"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := withPrint(tpl, tc.json)
			_, err := Build(c, r.Clone())
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), c.ID) {
				t.Errorf("err = %v, want one naming %s and saying %q", err, c.ID, tc.want)
			}
		})
	}
}

func withPrint(tpl *juesuan.Template, js string) *juesuan.Template {
	c := *tpl
	c.Files = map[string][]byte{}
	for k, v := range tpl.Files {
		c.Files[k] = v
	}
	c.Files[printFile] = []byte(js)
	return &c
}

// FuzzPrintLayout: whatever a print.json holds, Build returns a document
// or an error, never a panic.
func FuzzPrintLayout(f *testing.F) {
	tpl, r := mustExample(f)
	f.Add(string(tpl.Files[printFile]))
	f.Add(`{"parts": [{"title": "第{{.No}}部分", "content": "tables"}], "thousands": true, "splitCodes": true, "totalLast": ["general"]}`)
	f.Add(`{"parts": [{"title": "{{", "content": "narrative", "narrative": ""}]}`)
	f.Fuzz(func(t *testing.T, js string) {
		_, _ = Build(withPrint(tpl, js), r.Clone())
	})
}
