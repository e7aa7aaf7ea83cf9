package eval_test

import (
	"maps"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// DeriveValues (the fill on the dense form, used for the editor's totals
// from parts on every save) must fill exactly what Derive fills: the same
// cells with the same values, marked derived. Held to it on generated
// reports of every template family, at its first and last year, as they
// are, with every total dropped (what the editor does), with cells
// dropped at random, and mutated.
func TestDeriveValuesSameAsDerive(t *testing.T) {
	units := 12
	if testing.Short() {
		units = 4
	}
	compared, filled := 0, 0
	for _, fam := range yearspec.Default.Families() {
		for _, year := range []int{fam.Years[0], fam.Years[1]} {
			tpl, err := yearspec.Default.For(fam.ID, year)
			if err != nil {
				t.Fatal(err)
			}
			if gen.Supports(tpl) != nil {
				continue
			}
			p, err := check.Cached(tpl)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(29, uint64(year)))
			for _, g := range gen.Generate(p, year, gen.Options{Units: units, Seed: 29, Faults: 1, Shapes: true}) {
				// The totals Derive fills in a report whose every cell is
				// given: the cells the editor computes.
				all := g.Report.Clone()
				for ref := range all.Cells {
					all.Derived[ref] = true
				}
				eval.Derive(p, all)
				for k := range 4 {
					r := g.Report.Clone()
					switch k {
					case 1:
						for ref := range all.DerivedFrom {
							delete(r.Cells, ref)
						}
					case 2:
						for _, ref := range sortedRefs(r.Cells) {
							if rng.IntN(3) == 0 {
								delete(r.Cells, ref)
							}
						}
					case 3:
						for ref := range all.DerivedFrom {
							delete(r.Cells, ref)
						}
						mutate(r, rng)
					}
					slow, fast := r.Clone(), r.Clone()
					slow.Derived, fast.Derived = map[juesuan.CellRef]bool{}, map[juesuan.CellRef]bool{}
					eval.Derive(p, slow)
					eval.DeriveValues(p, fast)
					compared++
					filled += len(slow.Derived)
					if !maps.Equal(slow.Cells, fast.Cells) || !maps.Equal(slow.Derived, fast.Derived) {
						for ref, v := range slow.Cells {
							if fv, ok := fast.Cells[ref]; !ok || fv != v {
								t.Errorf("%s %d %s case %d: %s: Derive gives %v, DeriveValues %v (set %v)", fam.ID, year, g.Unit.Code, k, ref, v, fv, ok)
							}
						}
						for ref, v := range fast.Cells {
							if _, ok := slow.Cells[ref]; !ok {
								t.Errorf("%s %d %s case %d: %s: DeriveValues fills %v, Derive leaves it blank", fam.ID, year, g.Unit.Code, k, ref, v)
							}
						}
						t.FailNow()
					}
				}
			}
		}
	}
	if filled < compared {
		t.Fatalf("%d reports compared, only %d cells filled: the test fills nothing", compared, filled)
	}
	t.Logf("%d reports, %d cells filled, the same", compared, filled)
}

func sortedRefs(m map[juesuan.CellRef]juesuan.Amount) []juesuan.CellRef {
	refs := make([]juesuan.CellRef, 0, len(m))
	for ref := range m {
		refs = append(refs, ref)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	return refs
}
