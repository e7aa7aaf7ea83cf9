package audit

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

// TestUnsureTableDoubts: an identity broken in a table the importer read
// with doubts is the import's doubt (a warning, source "import", saying
// why), not the unit's error; the same break in a table read with
// certainty stays an error.
func TestUnsureTableDoubts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		unsure map[int]string
		want   juesuan.Severity
	}{
		{"read with certainty", nil, juesuan.SevError},
		{"table 3 unsure", map[int]string{3: "表3 的 40 个金额中有 2 个未能确定位置"}, juesuan.SevWarning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, tpl := loadExample(t)
			ref := juesuan.CellRef{Table: 3, Row: "2010350", Col: "1"}
			if _, ok := r.Cells[ref]; !ok {
				for c := range r.Cells {
					if c.Table == 3 && len(c.Row) == 7 && c.Col == "1" {
						ref = c
						break
					}
				}
			}
			r.Cells[ref] += 100 * juesuan.Wanyuan
			r.Published.ImportUnsure = tc.unsure
			fs, err := Check(tpl, r)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range fs {
				if !strings.Contains(strings.Join(f.Cells, ","), ref.String()) || !strings.HasPrefix(f.Rule, "T3") {
					continue
				}
				n++
				if f.Severity != tc.want {
					t.Errorf("%s: %s, want %s", f.Rule, f.Severity, tc.want)
				}
				if tc.unsure != nil && (f.Source != "import" || !strings.Contains(f.Message, "导入存疑") || !strings.Contains(f.Message, "未能确定位置")) {
					t.Errorf("%s: source %q, message %s", f.Rule, f.Source, f.Message)
				}
			}
			if n == 0 {
				t.Fatalf("no 表3 finding names %s", ref)
			}
		})
	}
}

// TestMissingTableNamed: a table the document names (its 目录) but does
// not print is an error; one it never names may not be in its region's
// layout at all (or be printed under another title): a warning.
func TestMissingTableNamed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []juesuan.PrintedLine
		want  juesuan.Severity
	}{
		{"named in the 目录", []juesuan.PrintedLine{{Page: 2, No: 9, Text: "九、国有资本经营预算财政拨款支出决算表（表9）"}}, juesuan.SevError},
		{"never named", []juesuan.PrintedLine{{Page: 2, No: 9, Text: "第二部分 部门决算表"}}, juesuan.SevWarning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, tpl := loadExample(t)
			r.Published.MissingTables = []int{9}
			r.Published.Lines = tc.lines
			fs, err := Check(tpl, r)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range fs {
				if f.Rule == "C1.table-missing" {
					n++
					if f.Severity != tc.want {
						t.Errorf("C1 %s, want %s: %s", f.Severity, tc.want, f.Message)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d C1 findings, want 1", n)
			}
		})
	}
}

// TestUnsureBlankCells: a cross-table identity that reads only blank
// cells of a table left in doubt (its amounts unplaced) names none of
// them among its cells; it is still the import's doubt, not an error.
func TestUnsureBlankCells(t *testing.T) {
	r, tpl := loadExample(t)
	for c := range r.Cells {
		if c.Table == 1 && c.Col == "1" {
			delete(r.Cells, c) // 表1's income side left unread
		}
	}
	r.Published.ImportUnsure = map[int]string{1: "表1 的 9 个金额中有 5 个未能确定位置"}
	fs, err := Check(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs {
		if f.Rule != "X2.income-sources" {
			continue
		}
		n++
		if f.Severity == juesuan.SevError || f.Source != "import" {
			t.Errorf("%s on cells %v: %s, source %q", f.Rule, f.Cells, f.Severity, f.Source)
		}
	}
	if n == 0 {
		t.Fatal("no X2.income-sources finding")
	}
}
