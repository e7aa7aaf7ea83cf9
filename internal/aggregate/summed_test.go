package aggregate

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestSummedKeepsWhatSumFactsReads: summing the kept part of each facts
// (what FromStore caches) gives exactly what summing the whole facts
// gives, on the example (every section filled, texts included) and on
// generated units with all their shapes and faults.
func TestSummedKeepsWhatSumFactsReads(t *testing.T) {
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := check.Cached(tpl)
	if err != nil {
		t.Fatal(err)
	}
	full := []*juesuan.Facts{&r.Facts}
	units := []string{"W"}
	for _, g := range gen.Generate(p, 2020, gen.Options{Units: 40, Seed: 9, Shapes: true, Faults: 2, FaultKinds: []string{"reason", "score"}}) {
		f := g.Report.Facts
		full = append(full, &f)
		units = append(units, g.Unit.Code)
	}
	kept := make([]*juesuan.Facts, len(full))
	for i, f := range full {
		kept[i] = summed(f)
	}
	for _, n := range []int{1, 2, len(full)} {
		want, got := SumFacts(full[:n], units[:n]), SumFacts(kept[:n], units[:n])
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%d facts: the kept part sums to\n%+v\nthe whole facts to\n%+v", n, got, want)
		}
	}
}
