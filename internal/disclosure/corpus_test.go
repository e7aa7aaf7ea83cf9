package disclosure

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestShanghaiAsPublished imports the two Shanghai 2024 reports from
// their published PDFs and checks that the document rendered from them
// has the parts, sections and table layout they were published with.
func TestShanghaiAsPublished(t *testing.T) {
	for _, name := range []string{"putuo-caizhengju-2024-final", "putuo-shehuigongzuobu-2024-final"} {
		t.Run(name, func(t *testing.T) {
			res, err := importer.File(filepath.Join("..", "importer", "testdata", name+".pdf"), yearspec.Default, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Build(res.Template, res.Report)
			if err != nil {
				t.Fatal(err)
			}
			var parts, sections []string
			for i, b := range doc.Blocks {
				if b.Kind != Heading {
					continue
				}
				if b.Level == 1 {
					parts = append(parts, b.Text)
				}
				if b.Level == 2 && len(parts) == 3 {
					sections = append(sections, b.Text)
				}
				// No empty heading: a heading is followed by its text or by
				// a heading below it.
				j := i + 1
				if j == len(doc.Blocks) || doc.Blocks[j].Kind == PageBreak || doc.Blocks[j].Kind == Heading && doc.Blocks[j].Level <= b.Level {
					t.Errorf("empty heading %q", b.Text)
				}
			}
			wantParts := []string{"第一部分", "第二部分", "第三部分", "第四部分 名词解释"}
			if len(parts) != len(wantParts) {
				t.Fatalf("parts %q, want 4", parts)
			}
			for i, p := range parts {
				if !strings.HasPrefix(p, wantParts[i]) {
					t.Errorf("part %d is %q, want %s…", i+1, p, wantParts[i])
				}
			}
			if len(sections) != 11 {
				t.Errorf("第三部分 has %d sections, want 11: %q", len(sections), sections)
			}
			for i, s := range sections {
				if !strings.HasPrefix(s, ChineseNumber(i+1)+"、") {
					t.Errorf("section %d is %q", i+1, s)
				}
			}
			byRole := map[string]*Table{}
			for i, ts := range res.Report.Tables(res.Template) {
				if i < len(doc.Tables) {
					byRole[ts.Role] = doc.Tables[i]
				}
			}
			// 表6: every amount under a 决算数 heading, every item named in full.
			basic := byRole["basic"]
			for i, row := range basic.Body {
				for j, c := range row {
					if c.Value != nil && !strings.Contains(columnHead(basic, j), "决算数") {
						t.Errorf("表6 row %d: %s printed under %q", i+1, c.Text, columnHead(basic, j))
					}
				}
			}
			text := tableText(basic)
			for _, s := range []string{"|用|", "|费|", "|出|", "|新|"} {
				if strings.Contains(text, s) {
					t.Errorf("表6 prints a wrapped name fragment %s", s)
				}
			}
			// 表2 prints 类|款|项 apart; 表5 prints 合计 last, 表2 first.
			if !regexp.MustCompile(`(?m)^\d{3}\|\d{2}\|\d{2}\|`).MatchString(tableText(byRole["income"])) {
				t.Errorf("表2 does not print split codes:\n%s", tableText(byRole["income"]))
			}
			general := byRole["general"]
			if last := general.Body[len(general.Body)-1][0].Text; last != "合计" {
				t.Errorf("表5 ends with %q, want 合计", last)
			}
			if first := byRole["income"].Body[0][0].Text; first != "合计" {
				t.Errorf("表2 begins with %q, want 合计", first)
			}
		})
	}
}

// columnHead is the text of the lowest header cell over column j.
func columnHead(t *Table, j int) string {
	for i := len(t.Header) - 1; i >= 0; i-- {
		for k := j; k >= 0; k-- {
			c := t.Header[i][k]
			if c.Covered {
				continue
			}
			if k+max(c.ColSpan, 1) > j && c.Text != "" {
				return c.Text
			}
			break
		}
	}
	return ""
}
