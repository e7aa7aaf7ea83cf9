package rounding

import (
	"reflect"
	"sort"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestBalanceSameAsByMaps: the search over numbered cells gives what the
// search over maps it replaced gave (kept below as the reference), on
// generated reports in 元 with and without faults and on the example.
func TestBalanceSameAsByMaps(t *testing.T) {
	tpl, err := yearspec.Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	p, err := check.Cached(tpl)
	if err != nil {
		t.Fatal(err)
	}
	var reports []*juesuan.Report
	for _, o := range []gen.Options{{Units: 15, Seed: 7}, {Units: 15, Seed: 8, Faults: 3}, {Units: 10, Seed: 9, Shapes: true}} {
		for _, g := range gen.Generate(p, 2020, o) {
			eval.Derive(p, g.Report)
			reports = append(reports, g.Report)
		}
	}
	_, ex := YuanExample(t)
	reports = append(reports, ex)
	adjusted, unresolved := 0, 0
	for i, r := range reports {
		got, want := Balance(tpl, r), balanceByMaps(tpl, r)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("report %d: Balance differs from the search by maps:\n%+v\n%+v", i, got.Adjustments, want.Adjustments)
		}
		adjusted += len(got.Adjustments)
		unresolved += len(got.Unresolved)
	}
	if adjusted == 0 || unresolved == 0 {
		t.Errorf("the reports exercise too little: %d adjustments, %d unresolved", adjusted, unresolved)
	}
}

// balanceByMaps is Balance as it was before cells were numbered.
func balanceByMaps(tpl *juesuan.Template, r *juesuan.Report) Result {
	res := Result{Values: map[juesuan.CellRef]juesuan.Amount{}}
	// Cells held equal by a two-cell cross identity form one variable, so
	// a change appears the same in every table that shows the figure.
	parent := map[juesuan.CellRef]juesuan.CellRef{}
	var find func(c juesuan.CellRef) juesuan.CellRef
	find = func(c juesuan.CellRef) juesuan.CellRef {
		p, ok := parent[c]
		if !ok || p == c {
			return c
		}
		root := find(p)
		parent[c] = root
		return root
	}
	ids := Identities(tpl, r)
	var sums []Identity
	for _, id := range ids {
		if !id.Holds(r.Cells) {
			continue // inconsistent data: the audit reports it, rounding cannot fix it
		}
		_, lok := r.Cells[id.LHS]
		if len(id.Terms) == 1 && !id.Terms[0].Neg {
			_, tok := r.Cells[id.Terms[0].Ref]
			if lok && tok {
				a, b := find(id.LHS), find(id.Terms[0].Ref)
				if a != b {
					if less(b, a) {
						a, b = b, a
					}
					parent[b] = a
				}
			}
			continue
		}
		sums = append(sums, id)
	}
	type variable struct {
		root         juesuan.CellRef
		cells        []juesuan.CellRef
		exact        juesuan.Amount
		lo, hi, cur  juesuan.Amount
		naive        juesuan.Amount
		distanceHalf juesuan.Amount // how far the exact amount is from the midpoint
	}
	vars := map[juesuan.CellRef]*variable{}
	var order []juesuan.CellRef
	for c, v := range r.Cells {
		root := find(c)
		x, ok := vars[root]
		if !ok {
			lo := floorCent(v)
			hi := lo
			if lo != v {
				hi = lo + juesuan.Cent
			}
			n := v.RoundTo(juesuan.Cent)
			mid := lo + juesuan.Cent/2
			d := v - mid
			if d < 0 {
				d = -d
			}
			x = &variable{root: root, exact: v, lo: lo, hi: hi, cur: n, naive: n, distanceHalf: d}
			vars[root] = x
			order = append(order, root)
		}
		x.cells = append(x.cells, c)
	}
	sort.Slice(order, func(i, j int) bool { return less(order[i], order[j]) })
	// Constraints over variables, by index in order, with their residuals
	// kept up to date as variables move (the search asks for them often).
	xs := make([]*variable, len(order))
	at := make(map[juesuan.CellRef]int, len(order))
	for i, root := range order {
		xs[i] = vars[root]
		at[root] = i
	}
	type use struct{ con, coef int } // a variable's coefficient in a constraint
	type con struct {
		id    Identity
		resid juesuan.Amount
	}
	cons := make([]con, 0, len(sums))
	byVar := make([][]use, len(order))
	for _, id := range sums {
		terms := map[int]int{} // variable → coefficient
		if _, ok := r.Cells[id.LHS]; ok {
			terms[at[find(id.LHS)]]--
		}
		for _, t := range id.Terms {
			if _, ok := r.Cells[t.Ref]; !ok {
				continue
			}
			if t.Neg {
				terms[at[find(t.Ref)]]--
			} else {
				terms[at[find(t.Ref)]]++
			}
		}
		k := con{id: id}
		for v, c := range terms {
			k.resid += juesuan.Amount(c) * xs[v].cur
			if c != 0 {
				byVar[v] = append(byVar[v], use{len(cons), c})
			}
		}
		cons = append(cons, k)
	}
	absA := func(a juesuan.Amount) juesuan.Amount {
		if a < 0 {
			return -a
		}
		return a
	}
	for step := 0; step < maxSteps; step++ {
		bestGain := juesuan.Amount(0)
		best := -1
		var bestTo juesuan.Amount
		for vi, x := range xs {
			if x.lo == x.hi || len(byVar[vi]) == 0 {
				continue
			}
			to := x.lo
			if x.cur == x.lo {
				to = x.hi
			}
			var gain juesuan.Amount
			for _, u := range byVar[vi] {
				before := cons[u.con].resid
				after := before + juesuan.Amount(u.coef)*(to-x.cur)
				gain += absA(before) - absA(after)
			}
			if gain > bestGain || gain == bestGain && gain > 0 && best >= 0 && x.distanceHalf < xs[best].distanceHalf {
				bestGain, best, bestTo = gain, vi, to
			}
		}
		if best < 0 {
			break
		}
		x := xs[best]
		for _, u := range byVar[best] {
			cons[u.con].resid += juesuan.Amount(u.coef) * (bestTo - x.cur)
		}
		x.cur = bestTo
	}
	for _, root := range order {
		x := vars[root]
		for _, c := range x.cells {
			res.Values[c] = x.cur
		}
		if x.cur != x.naive {
			cells := append([]juesuan.CellRef(nil), x.cells...)
			sort.Slice(cells, func(i, j int) bool { return less(cells[i], cells[j]) })
			res.Adjustments = append(res.Adjustments, Adjustment{Cells: cells, Exact: x.exact, Naive: x.naive, Placed: x.cur})
		}
	}
	for _, k := range cons {
		if k.resid != 0 {
			res.Unresolved = append(res.Unresolved, k.id)
		}
	}
	return res
}

func less(a, b juesuan.CellRef) bool { return compare(a, b) < 0 }
