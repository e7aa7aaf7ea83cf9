package disclosure_test

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// A 单位决算 is the same tables in 单位 wording: the title, the parts and
// the 概况 headings say 单位决算 and 单位, never 部门决算.
func TestUnitFinalWording(t *testing.T) {
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ kind, want, not string }{
		{"", "部门决算", "单位决算"},
		{"单位决算", "单位决算", "部门决算"},
	} {
		r.Document.Kind = c.kind
		doc, err := disclosure.Build(tpl, r)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc.Title, c.want) {
			t.Errorf("%q: title %q", c.kind, doc.Title)
		}
		var text strings.Builder
		// Headings are ours; the paragraphs quote what the unit wrote.
		for _, b := range doc.Blocks {
			if b.Kind == disclosure.Heading {
				text.WriteString(b.Text + "\n")
			}
		}
		if strings.Contains(text.String(), c.not) {
			i := strings.Index(text.String(), c.not)
			t.Errorf("%q: the document says %s: …%s…", c.kind, c.not, text.String()[max(0, i-60):i+20])
		}
		if c.kind == "单位决算" && !strings.Contains(text.String(), "单位主要职能") {
			t.Errorf("概况 headings are not in 单位 wording")
		}
	}
}
