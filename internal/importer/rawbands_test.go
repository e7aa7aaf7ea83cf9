package importer

import (
	"slices"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// A code table printed in bands, as pdftotext gives Putuo's 收入决算表
// (2024): the 合计 row alone, then rows 201 … 20805 column after column
// (其他收入 sparse), then the tall row 2080505 on its own. The rows of
// each amount are what the arithmetic leaves; with every column of the
// table open to the streams, only which columns stays open.
func TestBandReadings(t *testing.T) {
	tpl, err := yearspec.Default.Load("shanghai")
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := tpl.Table(2)
	b := &builder{tpl: tpl, unit: juesuan.UnitWanyuan, res: &Result{Report: juesuan.NewReport(2024, tpl.ID)}}
	s := &section{ts: ts}
	keys := []string{"total", "201", "20106", "2010601", "2010602", "208", "20805", "2080505"}
	printed := "300.00 290.00 10.00 " + // 合计: 本年收入合计, 财政拨款收入, 其他收入
		"200.00 200.00 150.00 50.00 100.00 100.00 " + // 本年收入合计, rows 201 … 20805
		"190.00 190.00 145.00 45.00 100.00 100.00 " + // 财政拨款收入
		"10.00 10.00 5.00 5.00 " + // 其他收入: 201, 20106, 2010601, 2010602
		"100.00 100.00" // row 2080505
	var amts []amt
	for _, w := range strings.Fields(printed) {
		v, err := juesuan.ParseAmount(w, juesuan.UnitWanyuan)
		if err != nil {
			t.Fatal(err)
		}
		amts = append(amts, amt{v: v})
	}
	want := map[string][3]string{ // row → 本年收入合计, 财政拨款收入, 其他收入
		"total": {"300.00", "290.00", "10.00"}, "201": {"200.00", "190.00", "10.00"},
		"20106": {"200.00", "190.00", "10.00"}, "2010601": {"150.00", "145.00", "5.00"},
		"2010602": {"50.00", "45.00", "5.00"}, "208": {"100.00", "100.00", ""},
		"20805": {"100.00", "100.00", ""}, "2080505": {"100.00", "100.00", ""},
	}
	tree := newCodeTree(keys)

	// The three columns printed: one reading.
	lanes := []string{"1", "2", "7"}
	found := b.bandReadings(s, tree, keys, lanes, amts, nil, false)
	if len(found) != 1 {
		t.Fatalf("%d readings, want 1", len(found))
	}
	for row, k := range keys {
		for l := range lanes {
			got := ""
			if i := found[0][l][row]; i >= 0 {
				got = amts[i].v.Wan()
			}
			if got != want[k][l] {
				t.Errorf("%s 第 %s 栏: got %q, want %q", k, lanes[l], got, want[k][l])
			}
		}
	}

	// Every column open: the rows are the same in every reading.
	all := []string{"1", "2", "3", "4", "5", "6", "7"}
	found = b.bandReadings(s, tree, keys, all, amts, nil, false)
	if len(found) < 2 {
		t.Fatalf("%d readings, want the columns left open", len(found))
	}
	for _, f := range found {
		for row, k := range keys {
			var vals []string
			for l := range all {
				if i := f[l][row]; i >= 0 {
					vals = append(vals, amts[i].v.Wan())
				}
			}
			wk := want[k]
			w := slices.DeleteFunc(wk[:], func(s string) bool { return s == "" })
			if !slices.Equal(vals, w) {
				t.Errorf("%s: got %v, want %v", k, vals, w)
			}
		}
	}

	// Amounts that fit no band reading leave the block unread.
	if found := b.bandReadings(s, tree, keys, lanes, amts[:len(amts)-1], nil, false); found != nil {
		t.Errorf("a short block read %d ways", len(found))
	}
}
