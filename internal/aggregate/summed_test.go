package aggregate

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/testutil/samplefacts"
)

// TestSummedKeepsWhatSumFactsReads: summing the kept part of each facts
// (what FromStore caches) gives exactly what summing the whole facts
// gives, on the example (every section filled, texts included) and on
// generated units with all their shapes and faults.
func TestSummedKeepsWhatSumFactsReads(t *testing.T) {
	all, units := samplefacts.Facts(t, 40, 9)
	full := make([]*juesuan.Facts, len(all))
	for i := range all {
		full[i] = &all[i]
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
