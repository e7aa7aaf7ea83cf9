// Package layouts gives tests the layouts code must follow besides the
// national one: NoSanGong is the 8-table layout (no “三公”经费支出决算表,
// its figures only in the 说明) in which the 政府性基金 and 国有资本经营
// tables become 表7 and 表8, and Relayout moves a report into it.
package layouts

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// NoSanGongID is the 8-table family NoSanGong loads.
const NoSanGongID = "national-8"

// NoSanGongYear is the year NoSanGong resolves the family for.
const NoSanGongYear = 2020

// NoSanGong loads the 8-table family (no “三公”经费支出决算表: the
// 政府性基金 and 国有资本经营 tables are 表7 and 表8) for NoSanGongYear.
func NoSanGong(tb testing.TB) *juesuan.Template {
	tb.Helper()
	tpl, err := yearspec.Default.For(NoSanGongID, NoSanGongYear)
	if err != nil {
		tb.Fatal(err)
	}
	if _, ok := tpl.TableByRole("sangong"); ok || len(tpl.Tables) != 8 {
		tb.Fatalf("%s: %d tables, want 8 without 三公", NoSanGongID, len(tpl.Tables))
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
