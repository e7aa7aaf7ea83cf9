package eval_test

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// The fast path (check/fast.go) decides which rules pass without
// provenance; the slow path (check/expr.go) builds the findings. They must
// agree, rule by rule, or a finding is lost (fast says Pass, slow would
// not) or wasted. Both judge through check.Judge; this test holds them to
// it on thousands of generated reports, each also mutated by 0.01 万元, 1
// 万元, a blanked or a zeroed cell.
func TestFastAndSlowPathsAgree(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	for _, fam := range []struct {
		id   string
		year int
	}{{"national", 2020}, {"national", 2024}} {
		tpl, err := yearspec.Default.Load(juesuan.TemplateRef(fam.id, fam.year))
		if err != nil {
			t.Fatal(err)
		}
		p, err := check.Cached(tpl)
		if err != nil {
			t.Fatal(err)
		}
		base := gen.Generate(p, fam.year, gen.Options{Units: 25, Seed: 17, Faults: 1, Shapes: true})
		rng := rand.New(rand.NewPCG(17, uint64(fam.year)))
		checked, disagreements, compared := 0, 0, 0
		outcomes := map[check.Outcome]int{}
		for i := 0; checked < n/2; i++ {
			g := base[i%len(base)]
			r := g.Report.Clone()
			if i >= len(base) {
				mutate(r, rng)
			}
			eval.Derive(p, r)
			fast := p.NewFastEnv(r)
			env := check.NewEnv(p.Template, r)
			env.Notes = p.Notes()
			for _, ru := range p.Rules {
				fo, ok := ru.Fast(fast)
				if !ok {
					continue
				}
				so := check.Pass
				ru.Run(env, func(res check.Result) {
					if res.Out > so {
						so = res.Out
					}
				})
				compared++
				outcomes[fo]++
				if fo != so {
					disagreements++
					if disagreements <= 5 {
						t.Errorf("%s %d report %d (%s), rule %s: fast %v, slow %v", fam.id, fam.year, i, g.Unit.Code, ru.ID, fo, so)
					}
				}
			}
			checked++
		}
		t.Logf("%s %d: %d reports, %d rule evaluations compared (pass %d, drift %d, fail %d), %d disagreements",
			fam.id, fam.year, checked, compared, outcomes[check.Pass], outcomes[check.Drift], outcomes[check.Fail], disagreements)
		if outcomes[check.Fail] == 0 || outcomes[check.Drift] == 0 {
			t.Errorf("the mutations never made a rule fail or drift: the test compares nothing interesting")
		}
	}
}

// mutate changes one to three cells: by 0.01 万元, by 1 万元, to zero, or to
// blank.
func mutate(r *juesuan.Report, rng *rand.Rand) {
	refs := make([]juesuan.CellRef, 0, len(r.Cells))
	for k := range r.Cells {
		refs = append(refs, k)
	}
	if len(refs) == 0 {
		return
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	for range 1 + rng.IntN(3) {
		ref := refs[rng.IntN(len(refs))]
		switch rng.IntN(5) {
		case 0:
			r.Cells[ref] += juesuan.Cent
		case 1:
			r.Cells[ref] -= juesuan.Cent
		case 2:
			r.Cells[ref] += 100 * juesuan.Cent
		case 3:
			r.Cells[ref] = 0
		default:
			delete(r.Cells, ref)
		}
	}
}
