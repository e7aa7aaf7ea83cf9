// Package layouts builds template families that the embedded data does not
// have, for tests of code that must follow any layout: NoSanGong is the
// 8-table layout (no “三公”经费支出决算表, its figures only in the 说明) in
// which the 政府性基金 and 国有资本经营 tables become 表7 and 表8.
package layouts

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
	"github.com/juesuan/juesuan/years"
)

// NoSanGongID is the id of the family NoSanGong loads.
const NoSanGongID = "nosangong"

// NoSanGongYear is the year NoSanGong resolves the family for.
const NoSanGongYear = 2020

// noSanGongFamily extends national: its tables without the 三公 table, and
// the national rules that do not reach past 表6 (the rules address tables
// by number, and the numbers after 三公 shift).
const noSanGongFamily = `{
 "id": "nosangong",
 "name": "测试样式（8张表，无“三公”经费支出决算表）",
 "region": "测试",
 "years": [2020, 2020],
 "regions": ["测试地区"],
 "extends": "national",
 "tables": ["tables/T1.json", "tables/T2.json", "tables/T3.json", "tables/T4.json", "tables/T5.json", "tables/T6.json", "tables/T8.json", "tables/T9.json"],
 "rules": ["rules/tables.rules", "rules/cross.rules", "rules/disclosure.rules"]
}`

// reRule starts a rule; reLate names a table after 表6.
var (
	reRule = regexp.MustCompile(`(?m)^rule `)
	reLate = regexp.MustCompile(`\bT[7-9]\b`)
)

// FS is the embedded families plus the nosangong family.
func FS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(years.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(years.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	m[NoSanGongID+"/template.json"] = &fstest.MapFile{Data: []byte(noSanGongFamily)}
	for _, name := range []string{"rules/tables.rules", "rules/cross.rules", "rules/disclosure.rules"} {
		src := m["national/"+name]
		if src == nil {
			tb.Fatalf("national/%s is missing", name)
		}
		m[NoSanGongID+"/"+name] = &fstest.MapFile{Data: []byte(earlyRules(string(src.Data)))}
	}
	return m
}

// earlyRules keeps the rules of a rule file that address only 表1–表6.
func earlyRules(src string) string {
	starts := reRule.FindAllStringIndex(src, -1)
	var b strings.Builder
	if len(starts) > 0 {
		b.WriteString(src[:starts[0][0]])
	}
	for i, s := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		if chunk := src[s[0]:end]; !reLate.MatchString(chunk) {
			b.WriteString(chunk)
		}
	}
	return b.String()
}

// NoSanGong loads the 8-table family for NoSanGongYear.
func NoSanGong(tb testing.TB) *juesuan.Template {
	tb.Helper()
	l := &yearspec.Loader{FS: FS(tb)}
	tpl, err := l.For(NoSanGongID, NoSanGongYear)
	if err != nil {
		tb.Fatal(err)
	}
	if _, ok := tpl.TableByRole("sangong"); ok || len(tpl.Tables) != 8 {
		tb.Fatalf("nosangong: %d tables, want 8 without 三公", len(tpl.Tables))
	}
	return tpl
}

// Relayout moves a report of layout from into layout to, table by role:
// the cells and row names of a table to lacks are dropped, the others
// take to's table numbers. Totals the audit filled are left blank, to be
// filled again under to's rules.
func Relayout(r *juesuan.Report, from, to *juesuan.Template) *juesuan.Report {
	number := map[int]int{}
	for _, ts := range from.Tables {
		if dst, ok := to.TableByRole(ts.Role); ok {
			number[ts.Number] = dst.Number
		}
	}
	out := r.Clone()
	out.Template, out.Complete = to.ID, false
	out.Cells = map[juesuan.CellRef]juesuan.Amount{}
	for c, v := range r.Cells {
		if n, ok := number[c.Table]; ok && !r.Derived[c] {
			c.Table = n
			out.Cells[c] = v
		}
	}
	out.Derived = map[juesuan.CellRef]bool{}
	out.DerivedFrom = map[juesuan.CellRef][]juesuan.CellRef{}
	out.RowNames = map[juesuan.RowRef]string{}
	for rr, name := range r.RowNames {
		if n, ok := number[rr.Table]; ok {
			rr.Table = n
			out.RowNames[rr] = name
		}
	}
	if r.Published.Notes != nil {
		out.Published.Notes = map[int]string{}
		for n, note := range r.Published.Notes {
			if m, ok := number[n]; ok {
				out.Published.Notes[m] = note
			}
		}
	}
	return out
}

// WriteFamily writes the nosangong family's own files under dir, as a
// JUESUAN_YEARS directory laid over the embedded families.
func WriteFamily(tb testing.TB, dir string) {
	tb.Helper()
	for name, f := range FS(tb) {
		if !strings.HasPrefix(name, NoSanGongID+"/") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
