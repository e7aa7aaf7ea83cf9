package importer

import (
	"cmp"
	"fmt"
	"maps"
	"math"
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

// maxGap caps what one broken identity adds to a placement's gaps: one
// wildly wrong cell should not outweigh several near misses.
const maxGap = 1_000_000 * juesuan.Wanyuan

// streamBudget bounds the work of exhaustStreams (options tried times the
// identities judged with them), and streamLeaves the placements it sets
// out to search at all: beyond either it leaves the amounts to the solver.
const (
	streamBudget = 20_000_000
	streamLeaves = 1e13
)

// exhaustStreams tries every placement of the amounts the predictions
// left (equal amounts of a table taken together, since exchanging them
// changes nothing): the local moves of the solver can miss a placement
// that needs two tables to move at once (表1 and 表4 hold each other's
// 财政拨款 rows). The search is branch and bound: the groups that settle
// the most identities go first, an identity is judged as soon as the last
// group that can change it is placed, and a branch that cannot hold as
// many identities as the best found is left. An identity off by no more
// than rounding each of its figures to 0.01 万元 makes holds, as the audit
// judges it: published reports differ so. The best placement is fixed, the
// likeliest of those that hold as many (cellWeight), then the one with the
// smallest gaps; where several as good place different amounts, the
// readings concerned are marked as the import's doubt.
func (b *builder) exhaustStreams(p *check.Program, rds []*reading) {
	byKey := map[string]*streamGroup{}
	var groups []*streamGroup
	for _, r := range rds {
		// Equal amounts that may go to the same cells are taken together.
		k := fmt.Sprint(r.s.ts.Number, ":", r.amts[0].v, ":", r.cands)
		g := byKey[k]
		if g == nil {
			g = &streamGroup{}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.rs = append(g.rs, r)
	}
	var tame []*streamGroup
	for _, g := range groups {
		if n, k := len(g.rs[0].cands), len(g.rs); k > n || binom(n, k) > maxOptions {
			continue // too many, or cut to the contiguous ones by combos: not exhaustive
		}
		g.opts = combos(len(g.rs[0].cands), len(g.rs))
		tame = append(tame, g)
	}
	if len(tame) == 0 || len(tame) == len(groups) && b.searchStreams(p, groups, nil) {
		return
	}
	// Too many placements together: each half of the tables (收入, 支出)
	// alone, by the identities within it (those with a cell another half
	// or a group of too many cells may fill are left out), and only when
	// one of its placements keeps every one of them: 表1's and 表4's income
	// rows are placed together where 表4's many expense cells made the
	// whole too large. A half that cannot keep them all is left to the
	// solver, as a document the other tables were not read right from.
	halves := map[int][]*streamGroup{}
	for _, g := range tame {
		if h, ok := groupHalf(g); ok {
			halves[h] = append(halves[h], g)
		}
	}
	for _, h := range slices.Sorted(maps.Keys(halves)) {
		foreign := map[juesuan.CellRef]bool{}
		for _, g := range groups {
			if gh, ok := groupHalf(g); !ok || gh != h || g.opts == nil {
				for _, c := range g.rs[0].cands {
					foreign[c] = true
				}
			}
		}
		b.searchStreams(p, halves[h], foreign)
	}
}

// streamGroup is equal amounts of a table that may go to the same cells.
type streamGroup struct {
	rs   []*reading
	opts [][]int // increasing choices of cands (shared by the group)
}

// groupHalf is the half of a table of two halves that every candidate
// cell of g is in.
func groupHalf(g *streamGroup) (int, bool) {
	ts := g.rs[0].s.ts
	if ts.Layout != "two-halves" {
		return 0, false
	}
	half := -1
	for _, c := range g.rs[0].cands {
		for _, r := range ts.Rows {
			if r.Key != c.Row {
				continue
			}
			if half >= 0 && r.Half != half {
				return 0, false
			}
			half = r.Half
			break
		}
	}
	return half, half >= 0
}

// searchStreams searches the placements of groups, the others' amounts
// not placed, and fixes the best as exhaustStreams says; it reports
// whether the search was complete. With foreign set (cells other groups
// may fill), the identities touching those are left out, the best is
// fixed only when it keeps every identity searched, and its ties are left
// for the solver to judge with every identity (a tie within one half may
// be none across both).
func (b *builder) searchStreams(p *check.Program, groups []*streamGroup, foreign map[juesuan.CellRef]bool) bool {
	type group = streamGroup
	leaves := 1.0
	for _, g := range groups {
		if leaves *= float64(len(g.opts)); leaves > streamLeaves {
			return false
		}
	}
	probe := juesuan.NewReport(b.res.Report.Year, b.tpl.ID)
	for k, v := range b.res.Report.Cells {
		probe.Cells[k] = v
	}
	// The search runs on a dense copy: the cells of the identities and of
	// the candidates numbered, the identities as signed index lists.
	idx := map[juesuan.CellRef]int{}
	var vals []juesuan.Amount
	var taken []bool // a cell holds an amount (read for sure, or placed now)
	at := func(c juesuan.CellRef) int {
		i, ok := idx[c]
		if !ok {
			i = len(vals)
			idx[c] = i
			v, read := b.res.Report.Cells[c]
			vals = append(vals, v)
			taken = append(taken, read)
		}
		return i
	}
	fillers := map[int][]int{}            // the groups that may fill a cell
	cells := make([][][]int, len(groups)) // group → option → cells
	for gi, g := range groups {
		for _, c := range g.rs[0].cands {
			fillers[at(c)] = append(fillers[at(c)], gi)
			if _, ok := probe.Cells[c]; !ok {
				probe.Cells[c] = juesuan.Wanyuan
			}
		}
		for _, opt := range g.opts {
			cs := make([]int, len(opt))
			for j, ci := range opt {
				cs[j] = at(g.rs[j].cands[ci])
			}
			cells[gi] = append(cells[gi], cs)
		}
	}
	type rule struct {
		lhs    int
		terms  []int // index, or −index−1 when subtracted
		tol    juesuan.Amount
		groups []int
	}
	var rules []rule
	for _, id := range p.Identities(probe) {
		if foreign != nil && (foreign[id.LHS] || slices.ContainsFunc(id.Terms, func(t juesuan.Operand) bool { return foreign[t.Ref] })) {
			continue
		}
		var gs []int
		ru := rule{lhs: at(id.LHS), tol: juesuan.Cent * juesuan.Amount(len(id.Terms)+1)}
		gs = append(gs, fillers[ru.lhs]...)
		for _, t := range id.Terms {
			i := at(t.Ref)
			gs = append(gs, fillers[i]...)
			if t.Neg {
				i = -i - 1
			}
			ru.terms = append(ru.terms, i)
		}
		if len(gs) > 0 {
			slices.Sort(gs)
			ru.groups = slices.Compact(gs)
			rules = append(rules, ru)
		}
	}
	// gap is how far a rule is from holding, capped.
	gap := func(ru *rule) juesuan.Amount {
		d := vals[ru.lhs]
		for _, i := range ru.terms {
			if i < 0 {
				d += vals[-i-1]
			} else {
				d -= vals[i]
			}
		}
		return min(max(d, -d), maxGap)
	}
	// The order: next the group, or pair of groups, that settles the most
	// identities with those before it per bit of choice (log2 of its
	// options): the tightly bound groups first, so that the search learns
	// early how many identities can hold and prunes the rest.
	order := make([]int, 0, len(groups))
	placed := make([]bool, len(groups))
	settled := make([]bool, len(rules))
	judged := make([][]*rule, len(groups)) // by position in order
	settles := func(with ...int) int {
		n := 0
		for ri, ru := range rules {
			if !settled[ri] && !slices.ContainsFunc(ru.groups, func(o int) bool { return !placed[o] && !slices.Contains(with, o) }) {
				n++
			}
		}
		return n
	}
	bits := func(gi int) float64 { return math.Log2(float64(len(groups[gi].opts)) + 1) }
	place := func(gi int) {
		placed[gi] = true
		for ri := range rules {
			if !settled[ri] && !slices.ContainsFunc(rules[ri].groups, func(o int) bool { return !placed[o] }) {
				settled[ri] = true
				judged[len(order)] = append(judged[len(order)], &rules[ri])
			}
		}
		order = append(order, gi)
	}
	for len(order) < len(groups) {
		var next []int
		bestRate := -1.0
		for gi := range groups {
			if placed[gi] {
				continue
			}
			if r := float64(settles(gi)) / bits(gi); r > bestRate {
				next, bestRate = []int{gi}, r
			}
			for gj := gi + 1; gj < len(groups); gj++ {
				if placed[gj] {
					continue
				}
				if r := float64(settles(gi, gj)) / (bits(gi) + bits(gj)); r > bestRate {
					next, bestRate = []int{gi, gj}, r
				}
			}
		}
		for _, gi := range next {
			place(gi)
		}
	}
	type leaf struct {
		pick []int // option per group
		gap  juesuan.Amount
	}
	pick := make([]int, len(groups))
	var best []leaf
	bestN, work := -1, 0
	set := func(g *group, cs []int, on bool) {
		for j, c := range cs {
			taken[c] = on
			if on {
				vals[c] = g.rs[j].amts[0].v
			} else {
				vals[c] = 0
			}
		}
	}
	type child struct {
		o, held int
		gap     juesuan.Amount
	}
	var walk func(i, held, open int, gp juesuan.Amount) bool
	walk = func(i, held, open int, gp juesuan.Amount) bool {
		if held+open < bestN {
			return true // cannot hold as many as the best any more
		}
		if i == len(order) {
			switch {
			case held > bestN:
				best, bestN = []leaf{{slices.Clone(pick), gp}}, held
			case held == bestN && len(best) < 16:
				best = append(best, leaf{slices.Clone(pick), gp})
			}
			return true
		}
		gi := order[i]
		g := groups[gi]
		if work += len(g.opts) * (1 + len(judged[i])); work > streamBudget {
			return false
		}
		// The options that hold the most identities judged here first:
		// a good placement found early prunes the rest.
		var kids []child
		for o, cs := range cells[gi] {
			if slices.ContainsFunc(cs, func(c int) bool { return taken[c] }) {
				continue // a cell takes one amount
			}
			set(g, cs, true)
			h, d := held, gp
			for _, ru := range judged[i] {
				x := gap(ru)
				if x <= ru.tol {
					h++ // holds, or within what rounding each figure makes
				}
				d += x
			}
			set(g, cs, false)
			kids = append(kids, child{o, h, d})
		}
		slices.SortStableFunc(kids, func(x, y child) int { return y.held - x.held })
		for _, k := range kids {
			set(g, cells[gi][k.o], true)
			pick[gi] = k.o
			more := walk(i+1, k.held, open-len(judged[i]), k.gap)
			set(g, cells[gi][k.o], false)
			if !more {
				return false
			}
		}
		return true
	}
	if !walk(0, 0, len(rules), 0) {
		return false // too many placements to be sure of the best
	}
	if len(best) == 0 || foreign != nil && bestN < len(rules) {
		return true
	}
	// Of the placements as good, the likeliest first: amounts in rows and
	// columns that are seldom filled count against, amounts the text
	// states for the row or column count for; then the smallest gaps.
	weight := func(pick []int) int {
		w := 0
		for i, g := range groups {
			for j, ci := range g.opts[pick[i]] {
				w += b.cellWeight(g.rs[j], ci, g.rs[j].amts[0])
			}
		}
		return w
	}
	slices.SortStableFunc(best, func(x, y leaf) int {
		if c := cmp.Compare(weight(y.pick), weight(x.pick)); c != 0 {
			return c
		}
		return cmp.Compare(x.gap, y.gap)
	})
	for i, g := range groups {
		for j, r := range g.rs {
			cell := g.opts[best[0].pick[i]][j]
			r.given = [][]int{{cell}}
			for _, alt := range best[1:] {
				if c := g.opts[alt.pick[i]][j]; c != cell && !slices.ContainsFunc(r.given, func(o []int) bool { return o[0] == c }) {
					if foreign == nil {
						r.tied = append(r.tied, len(r.given))
					}
					r.given = append(r.given, []int{c})
				}
			}
		}
	}
	return true
}
