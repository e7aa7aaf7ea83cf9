package rounding

import (
	"cmp"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
)

// Adjustment is one cell whose printed 万元 value differs from its plain
// rounding so that the sums it takes part in add up.
type Adjustment struct {
	Cells  []juesuan.CellRef // the cell and every cell held equal to it
	Exact  juesuan.Amount    // the unrounded amount
	Naive  juesuan.Amount    // plain half-up rounding to 0.01 万元
	Placed juesuan.Amount    // the printed value
}

// Result is the outcome of Balance.
type Result struct {
	Values      map[juesuan.CellRef]juesuan.Amount // printed values (multiples of 0.01 万元)
	Adjustments []Adjustment
	// Unresolved lists identities still off after balancing (should be none
	// for consistent data).
	Unresolved []Identity
}

// NeedsBalance reports whether r holds amounts finer than 0.01 万元.
func NeedsBalance(r *juesuan.Report) bool {
	if r.MoneyUnit != juesuan.UnitYuan && r.MoneyUnit != juesuan.UnitFen {
		return false
	}
	for _, v := range r.Cells {
		if v%juesuan.Cent != 0 {
			return true
		}
	}
	return false
}

// maxSteps bounds the greedy search: every step fixes at least one cent.
const maxSteps = 10000

// Balance rounds every cell of r to 0.01 万元 so that each identity that
// holds on the exact amounts also holds on the printed ones (controlled
// rounding: every cell goes to one of its two neighbouring multiples).
// Starting from plain rounding, it repeatedly moves the one cell whose
// move most reduces the total imbalance, preferring the cell whose exact
// amount lies closest to half a cent, until nothing is off.
func Balance(tpl *juesuan.Template, r *juesuan.Report) Result {
	// Cells are numbered in their sorted order, so that every map of the
	// search is a slice and "the smaller cell" is the smaller number; the
	// search's order, and so its result, is the one of the cells' order.
	n := len(r.Cells)
	cells := make([]juesuan.CellRef, 0, n)
	for c := range r.Cells {
		cells = append(cells, c)
	}
	slices.SortFunc(cells, compare)
	num := make(map[juesuan.CellRef]int32, n)
	vals := make([]juesuan.Amount, n)
	for i, c := range cells {
		num[c] = int32(i)
		vals[i] = r.Cells[c]
	}
	look := func(c juesuan.CellRef) int32 {
		if i, ok := num[c]; ok {
			return i
		}
		return -1
	}
	// Cells held equal by a two-cell cross identity form one variable, so
	// a change appears the same in every table that shows the figure. The
	// root of a set is its smallest cell.
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		root := i
		for parent[root] != root {
			root = parent[root]
		}
		for parent[i] != root {
			parent[i], i = root, parent[i]
		}
		return root
	}
	// The sums that hold on the exact amounts, each with its operands'
	// numbers (-1: a blank cell) in one slab.
	type sum struct {
		id, lhs  int32 // in ids; in cells
		from, to int32 // its terms in slab
	}
	ids := sharedIdentities(tpl, r)
	sums := make([]sum, 0, len(ids))
	nterms := 0
	for _, id := range ids {
		nterms += len(id.Terms)
	}
	slab := make([]int32, 0, nterms)
	for k, id := range ids {
		lhs := look(id.LHS)
		from := len(slab)
		var total juesuan.Amount
		for _, t := range id.Terms {
			i := look(t.Ref)
			slab = append(slab, i)
			if i < 0 {
				continue
			}
			if t.Neg {
				total -= vals[i]
			} else {
				total += vals[i]
			}
		}
		var want juesuan.Amount
		if lhs >= 0 {
			want = vals[lhs]
		}
		if total != want {
			slab = slab[:from]
			continue // inconsistent data: the audit reports it, rounding cannot fix it
		}
		if len(id.Terms) == 1 && !id.Terms[0].Neg {
			if t := slab[from]; lhs >= 0 && t >= 0 {
				a, b := find(lhs), find(t)
				if a != b {
					if b < a {
						a, b = b, a
					}
					parent[b] = a
				}
			}
			slab = slab[:from]
			continue
		}
		sums = append(sums, sum{int32(k), lhs, int32(from), int32(len(slab))})
	}
	type variable struct {
		exact        juesuan.Amount
		lo, hi, cur  juesuan.Amount
		naive        juesuan.Amount
		distanceHalf juesuan.Amount // how far the exact amount is from the midpoint
		first, last  int32          // its cells, in order, linked by next
	}
	varOf := make([]int32, n)
	next := make([]int32, n)
	xs := make([]variable, 0, n)
	for i := range int32(n) {
		next[i] = -1
		root := find(i)
		if root != i { // the root, smaller, came first
			x := &xs[varOf[root]]
			varOf[i] = varOf[root]
			next[x.last], x.last = i, i
			continue
		}
		v := vals[i]
		lo := floorCent(v)
		hi := lo
		if lo != v {
			hi = lo + juesuan.Cent
		}
		nv := v.RoundTo(juesuan.Cent)
		d := v - (lo + juesuan.Cent/2)
		if d < 0 {
			d = -d
		}
		varOf[i] = int32(len(xs))
		xs = append(xs, variable{exact: v, lo: lo, hi: hi, cur: nv, naive: nv, distanceHalf: d, first: i, last: i})
	}
	// Constraints over variables with their residuals kept up to date as
	// variables move (the search asks for them often), and each variable's
	// uses in constraint order.
	type use struct{ con, coef int32 }
	resid := make([]juesuan.Amount, len(sums))
	type coef struct{ v, c int32 }
	all := make([]struct {
		v int32
		u use
	}, 0, len(slab)+len(sums))
	var terms []coef
	add := func(v, c int32) {
		for k := range terms {
			if terms[k].v == v {
				terms[k].c += c
				return
			}
		}
		terms = append(terms, coef{v, c})
	}
	for k, s := range sums {
		terms = terms[:0]
		if s.lhs >= 0 {
			add(varOf[find(s.lhs)], -1)
		}
		for j, t := range slab[s.from:s.to] {
			if t < 0 {
				continue
			}
			if ids[s.id].Terms[j].Neg {
				add(varOf[find(t)], -1)
			} else {
				add(varOf[find(t)], 1)
			}
		}
		for _, tc := range terms {
			resid[k] += juesuan.Amount(tc.c) * xs[tc.v].cur
			if tc.c != 0 {
				all = append(all, struct {
					v int32
					u use
				}{tc.v, use{int32(k), tc.c}})
			}
		}
	}
	start := make([]int32, len(xs)+1)
	for _, a := range all {
		start[a.v+1]++
	}
	for i := range xs {
		start[i+1] += start[i]
	}
	uses := make([]use, len(all))
	fill := slices.Clone(start[:len(xs)])
	for _, a := range all {
		uses[fill[a.v]] = a.u
		fill[a.v]++
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
		for vi := range xs {
			x := &xs[vi]
			us := uses[start[vi]:start[vi+1]]
			if x.lo == x.hi || len(us) == 0 {
				continue
			}
			to := x.lo
			if x.cur == x.lo {
				to = x.hi
			}
			var gain juesuan.Amount
			for _, u := range us {
				before := resid[u.con]
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
		x := &xs[best]
		for _, u := range uses[start[best]:start[best+1]] {
			resid[u.con] += juesuan.Amount(u.coef) * (bestTo - x.cur)
		}
		x.cur = bestTo
	}
	res := Result{Values: make(map[juesuan.CellRef]juesuan.Amount, n)}
	for i, c := range cells {
		res.Values[c] = xs[varOf[i]].cur
	}
	for _, x := range xs {
		if x.cur == x.naive {
			continue
		}
		var cs []juesuan.CellRef
		for i := x.first; i >= 0; i = next[i] {
			cs = append(cs, cells[i])
		}
		res.Adjustments = append(res.Adjustments, Adjustment{Cells: cs, Exact: x.exact, Naive: x.naive, Placed: x.cur})
	}
	for k, s := range sums {
		if resid[k] != 0 {
			res.Unresolved = append(res.Unresolved, ids[s.id])
		}
	}
	return res
}

// Plain rounds every cell half-up to 0.01 万元 (data already in 万元 is unchanged).
func Plain(r *juesuan.Report) map[juesuan.CellRef]juesuan.Amount {
	out := make(map[juesuan.CellRef]juesuan.Amount, len(r.Cells))
	for c, v := range r.Cells {
		out[c] = v.RoundTo(juesuan.Cent)
	}
	return out
}

func floorCent(v juesuan.Amount) juesuan.Amount {
	q := v / juesuan.Cent
	if v%juesuan.Cent != 0 && v < 0 {
		q--
	}
	return q * juesuan.Cent
}

// compare orders cells by table, row and column (as text).
func compare(a, b juesuan.CellRef) int {
	if a.Table != b.Table {
		return cmp.Compare(a.Table, b.Table)
	}
	if a.Row != b.Row {
		return strings.Compare(a.Row, b.Row)
	}
	return strings.Compare(a.Col, b.Col)
}
