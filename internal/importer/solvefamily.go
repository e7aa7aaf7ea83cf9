package importer

import "github.com/juesuan/juesuan"

// familyMoves tries every combination of choices of the readings behind
// one broken identity at once: a 款 whose 项 each have a 基本支出 or a
// 项目支出 amount holds only when several of them move together, which
// single and pair moves cannot reach. The search is exhaustive but
// bounded (familyBudget options in all).
func (sv *solver) familyMoves(tpl *juesuan.Template, readingsOf map[juesuan.CellRef][]*reading) bool {
	improved := false
	budget := familyBudget
	for _, id := range sv.ids {
		if id.Holds(sv.vals) {
			continue
		}
		var rs []*reading
		var choices [][]int // the options of each reading worth trying
		seen := map[*reading]bool{}
		n := 1
		add := func(c juesuan.CellRef) {
			for _, r := range readingsOf[c] {
				// Amounts printed as streams move by exchange (solvestream.go).
				if !seen[r] && len(r.opts) > 1 && !r.stream {
					seen[r] = true
					ch := sv.likeliest(tpl, r, sv.rowBest(r))
					rs = append(rs, r)
					choices = append(choices, ch)
					n *= len(ch)
				}
			}
		}
		add(id.LHS)
		for _, t := range id.Terms {
			add(t.Ref)
		}
		if len(rs) < 3 || n > familyMax || n > budget {
			continue // pairs are jointMoves'
		}
		budget -= n
		var touch []int
		for _, r := range rs {
			touch = union(touch, r.touch)
		}
		score := func() int64 {
			s := sv.held(touch)
			for _, r := range rs {
				s -= clashWeight * int64(sv.clashes(r))
			}
			return s
		}
		base := score()
		picks := make([]int, len(rs))
		best := make([]int, len(rs))
		for i, r := range rs {
			picks[i], best[i] = r.pick, r.pick
			sv.set(r, r.pick, false)
		}
		top := base
		var walk func(i int)
		walk = func(i int) {
			if i == len(rs) {
				if s := score(); s > top {
					top = s
					copy(best, picks)
				}
				return
			}
			r := rs[i]
			for _, o := range choices[i] {
				sv.set(r, o, true)
				picks[i] = o
				walk(i + 1)
				sv.set(r, o, false)
			}
		}
		walk(0)
		for i, r := range rs {
			r.pick = best[i]
			sv.set(r, r.pick, true)
		}
		if top > base {
			improved = true
		}
	}
	return improved
}

const (
	familyMax    = 20000  // combinations tried for one identity
	familyBudget = 200000 // combinations tried in one call
)

// rowBest lists the options of r that keep as many of its own row's
// identities (合计 = Σ its columns) as any option does.
func (sv *solver) rowBest(r *reading) []int {
	own := map[juesuan.CellRef]bool{}
	for _, c := range r.cands {
		own[c] = true
	}
	var local []int
	for _, i := range r.touch {
		if within(sv.ids[i], own) {
			local = append(local, i)
		}
	}
	sv.set(r, r.pick, false)
	var out []int
	var top int64
	for o := range r.opts {
		sv.set(r, o, true)
		s := sv.held(local) &^ (1<<40 - 1) // identities held, not the gaps
		sv.set(r, o, false)
		switch {
		case len(out) == 0 || s > top:
			out, top = []int{o}, s
		case s == top:
			out = append(out, o)
		}
	}
	sv.set(r, r.pick, true)
	return out
}

// likeliest keeps, of the options, those the template finds likeliest
// (usually-blank columns left blank, see likelihood): the family search
// tries the likely combinations; the unlikely stay reachable by the
// other moves.
func (sv *solver) likeliest(tpl *juesuan.Template, r *reading, opts []int) []int {
	var out []int
	top := 0
	for _, o := range opts {
		l := sv.likelihood(tpl, r, o)
		switch {
		case len(out) == 0 || l > top:
			out, top = []int{o}, l
		case l == top:
			out = append(out, o)
		}
	}
	return out
}
