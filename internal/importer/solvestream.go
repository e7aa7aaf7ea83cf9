package importer

import (
	"fmt"
	"slices"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// Amounts of a table printed as streams are readings of one amount each,
// any of whose cells may be its own (rawpredict.go). Two of them read into
// each other's cells hold each other in place: each alone breaks the row
// it leaves and the row it enters, so only exchanging both repairs them.

// exchange swaps the cells of two one-amount readings, if each may take
// the other's; it reports whether it did.
func (sv *solver) exchange(a, c *reading) bool {
	ia, ok1 := a.indexOf(c.cands[c.opts[c.pick][0]])
	ic, ok2 := c.indexOf(a.cands[a.opts[a.pick][0]])
	if !ok1 || !ok2 {
		return false
	}
	sv.set(a, a.pick, false)
	sv.set(c, c.pick, false)
	a.pick, c.pick = ia, ic
	sv.set(a, a.pick, true)
	sv.set(c, c.pick, true)
	return true
}

// indexOf is the option of a one-amount reading that puts it in cell ref.
func (q *reading) indexOf(ref juesuan.CellRef) (int, bool) {
	for o, opt := range q.opts {
		if len(opt) == 1 && q.cands[opt[0]] == ref {
			return o, true
		}
	}
	return 0, false
}

// streamPairs lists the pairs of one-amount readings of one table with
// different amounts.
func (sv *solver) streamPairs() [][2]*reading {
	var out [][2]*reading
	for i, a := range sv.rds {
		if !a.stream {
			continue
		}
		for _, c := range sv.rds[i+1:] {
			if c.stream && c.s == a.s && c.amts[0].v != a.amts[0].v {
				out = append(out, [2]*reading{a, c})
			}
		}
	}
	return out
}

// tryExchange exchanges the cells of a and c, if each may take the
// other's, and returns how many more identities that holds.
func (sv *solver) tryExchange(a, c *reading) (int64, bool) {
	touch := union(a.touch, c.touch)
	base := sv.held(touch)
	if !sv.exchange(a, c) {
		return 0, false
	}
	return sv.held(touch) - base, true
}

// exchangeMoves makes every exchange that holds more identities.
func (sv *solver) exchangeMoves() bool {
	improved := false
	for _, p := range sv.streamPairs() {
		if gain, ok := sv.tryExchange(p[0], p[1]); ok {
			if gain > 0 {
				improved = true
			} else {
				sv.exchange(p[0], p[1])
			}
		}
	}
	return improved
}

// exchangeAlts records, as each other's alternatives, two amounts whose
// exchange holds as many identities: the arithmetic cannot tell them apart.
func (sv *solver) exchangeAlts() {
	for _, p := range sv.streamPairs() {
		a, c := p[0], p[1]
		gain, ok := sv.tryExchange(a, c)
		if !ok {
			continue
		}
		na, nc := a.pick, c.pick
		sv.exchange(a, c)
		if gain == 0 {
			if !slices.Contains(a.alts, na) {
				a.alts = append(a.alts, na)
			}
			if !slices.Contains(c.alts, nc) {
				c.alts = append(c.alts, nc)
			}
		}
	}
}

// streamBudget bounds the placements exhaustStreams tries.
const streamBudget = 300000

// exhaustStreams tries every placement of the amounts the predictions
// left (equal amounts of a table taken together, since exchanging them
// changes nothing) when there are few: the local moves of the solver can
// miss a placement that needs two tables to move at once (表1 and 表4 hold
// each other's 财政拨款 rows). The best placement is fixed; where several
// as good place different amounts, the readings concerned are marked as
// the import's doubt.
func (b *builder) exhaustStreams(p *check.Program, rds []*reading) {
	type group struct {
		rs   []*reading
		opts [][]int // increasing choices of cands (shared by the group)
	}
	byKey := map[string]*group{}
	var groups []*group
	total := 1
	for _, r := range rds {
		// Equal amounts that may go to the same cells are taken together.
		k := fmt.Sprint(r.s.ts.Number, ":", r.amts[0].v, ":", r.cands)
		g := byKey[k]
		if g == nil {
			g = &group{}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.rs = append(g.rs, r)
	}
	for _, g := range groups {
		if n, k := len(g.rs[0].cands), len(g.rs); k > n || binom(n, k) > maxOptions {
			return // too many, or cut to the contiguous ones by combos: not exhaustive
		}
		g.opts = combos(len(g.rs[0].cands), len(g.rs))
		if total *= len(g.opts); total > streamBudget {
			return
		}
	}
	if len(groups) == 0 {
		return
	}
	vals := make(map[juesuan.CellRef]juesuan.Amount, len(b.res.Report.Cells))
	probe := juesuan.NewReport(b.res.Report.Year, b.tpl.ID)
	for k, v := range b.res.Report.Cells {
		vals[k] = v
		probe.Cells[k] = v
	}
	free := map[juesuan.CellRef]bool{}
	for _, r := range rds {
		for _, c := range r.cands {
			free[c] = true
			if _, ok := probe.Cells[c]; !ok {
				probe.Cells[c] = juesuan.Wanyuan
			}
		}
	}
	var ids []juesuan.Identity
	for _, id := range p.Identities(probe) {
		touches := free[id.LHS]
		for _, t := range id.Terms {
			touches = touches || free[t.Ref]
		}
		if touches {
			ids = append(ids, id)
		}
	}
	held := func() int {
		n := 0
		for _, id := range ids {
			if id.Holds(vals) {
				n++
			}
		}
		return n
	}
	pick := make([]int, len(groups))
	best, bestN := [][]int{}, -1
	var walk func(i int)
	walk = func(i int) {
		if i == len(groups) {
			n := held()
			switch {
			case n > bestN:
				best, bestN = [][]int{slices.Clone(pick)}, n
			case n == bestN && len(best) < 16:
				best = append(best, slices.Clone(pick))
			}
			return
		}
		g := groups[i]
		for o, opt := range g.opts {
			ok := true
			for j, ci := range opt {
				c := g.rs[j].cands[ci]
				if _, taken := vals[c]; taken {
					ok = false // a cell takes one amount
				}
			}
			if !ok {
				continue
			}
			for j, ci := range opt {
				vals[g.rs[j].cands[ci]] = g.rs[j].amts[0].v
			}
			pick[i] = o
			walk(i + 1)
			for j, ci := range opt {
				delete(vals, g.rs[j].cands[ci])
			}
		}
	}
	walk(0)
	if len(best) == 0 {
		return
	}
	// Of the placements the arithmetic cannot tell apart, the likeliest
	// first: amounts in rows and columns that are seldom filled count
	// against, amounts the text states for the row or column count for.
	weight := func(pick []int) int {
		w := 0
		for i, g := range groups {
			for j, ci := range g.opts[pick[i]] {
				w += b.cellWeight(g.rs[j], ci, g.rs[j].amts[0])
			}
		}
		return w
	}
	slices.SortStableFunc(best, func(x, y []int) int { return weight(y) - weight(x) })
	for i, g := range groups {
		for j, r := range g.rs {
			cell := g.opts[best[0][i]][j]
			r.given = [][]int{{cell}}
			for _, alt := range best[1:] {
				if c := g.opts[alt[i]][j]; c != cell && !slices.ContainsFunc(r.given, func(o []int) bool { return o[0] == c }) {
					r.tied = append(r.tied, len(r.given))
					r.given = append(r.given, []int{c})
				}
			}
		}
	}
}
