package audit

import (
	"math/rand/v2"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// Derive fills a report's computed cells (the blank totals and parent
// rows its template's derive rules define) in place. It is the one entry
// point for whoever reads or changes cells and needs the totals: the
// commands, the API, the workbench, aggregation, the documents and the
// store's codec call it; the store itself never derives (it asks its
// codec, internal/storecodec). Only the generator of test reports, which
// is handed a compiled program, calls the evaluator directly.
func Derive(tpl *juesuan.Template, r *juesuan.Report) error {
	p, err := Program(tpl)
	if err != nil {
		return err
	}
	eval.Derive(p, r)
	return nil
}

// DeriveValues is Derive without r.DerivedFrom (what each total was
// computed from), on the rules' dense form: for callers that read the
// totals only.
func DeriveValues(tpl *juesuan.Template, r *juesuan.Report) error {
	p, err := Program(tpl)
	if err != nil {
		return err
	}
	eval.DeriveValues(p, r)
	return nil
}

// Recompute drops every computed cell of r and derives them again from
// the entered ones, so that a total never keeps a stale value nobody can
// edit. Whoever changes entered cells (the editor, an import into an
// existing report) calls it before saving.
func Recompute(tpl *juesuan.Template, r *juesuan.Report) error {
	comp, err := ComputedCells(tpl, r)
	if err != nil {
		return err
	}
	for ref := range comp {
		delete(r.Cells, ref)
		delete(r.Derived, ref)
	}
	return Derive(tpl, r)
}

// ComputedCells returns the cells the template's derive rules compute for
// the rows r has. Every cell of a copy is marked derived and given a
// distinct random value, so each derive equation disagrees with its
// target and records it; which cells are targets depends only on the rows
// present, not on the amounts.
func ComputedCells(tpl *juesuan.Template, r *juesuan.Report) (map[juesuan.CellRef]bool, error) {
	p, err := Program(tpl)
	if err != nil {
		return nil, err
	}
	c := r.Clone()
	c.DerivedFrom = map[juesuan.CellRef][]juesuan.CellRef{}
	rng := rand.New(rand.NewPCG(1, 2))
	for ref := range c.Cells {
		c.Cells[ref] = juesuan.Amount(1<<40 + rng.Int64N(1<<40))
		c.Derived[ref] = true
	}
	eval.Derive(p, c)
	out := make(map[juesuan.CellRef]bool, len(c.DerivedFrom))
	for ref := range c.DerivedFrom {
		out[ref] = true
	}
	return out, nil
}
