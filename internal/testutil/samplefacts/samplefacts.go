// Package samplefacts gives tests facts of every kind a store and a 汇总
// meet: the reference example's (every section filled, published lines)
// and generated units' with the shapes and faults of real reports.
package samplefacts

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Example is the reference example's path from a package two levels
// below the repository root (internal/x).
const Example = "../../examples/wuhan-zhigong-2020.yaml"

// Facts returns the example's facts followed by those of n generated
// units (seed seed), with the units' codes ("W" for the example).
func Facts(t testing.TB, n int, seed uint64) ([]juesuan.Facts, []string) {
	t.Helper()
	r, tpl, err := reportfile.ReadFile(Example, yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := check.Cached(tpl)
	if err != nil {
		t.Fatal(err)
	}
	facts, units := []juesuan.Facts{r.Facts}, []string{"W"}
	for _, g := range gen.Generate(p, 2020, gen.Options{Units: n, Seed: seed, Shapes: true, Faults: 2, FaultKinds: []string{"reason", "score"}}) {
		facts, units = append(facts, g.Report.Facts), append(units, g.Unit.Code)
	}
	return facts, units
}
