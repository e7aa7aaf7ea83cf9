package web

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// readExample reads the reference example report.
func readExample(t testing.TB) (*juesuan.Report, *juesuan.Template) {
	t.Helper()
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r, tpl
}

// BenchmarkEditCycle is the CPU of a one-cell save without HTTP and the
// database: the edit applied (totals from their parts) and the new version
// audited, as saveCells does, each edit based on the version before.
func BenchmarkEditCycle(b *testing.B) {
	r, tpl := readExample(b)
	cur, err := analyse(tpl, r)
	if err != nil {
		b.Fatal(err)
	}
	ref := juesuan.CellRef{Table: 1, Row: "4", Col: "1"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v := juesuan.Amount(i%100)*juesuan.Wanyuan + juesuan.Amount(i%97)*100
		e, err := applyEdits(cur, map[juesuan.CellRef]*juesuan.Amount{ref: &v})
		if err != nil {
			b.Fatal(err)
		}
		if cur, err = analyseEdit(tpl, e); err != nil {
			b.Fatal(err)
		}
	}
}
