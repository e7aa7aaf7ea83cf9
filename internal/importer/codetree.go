package importer

import "github.com/juesuan/juesuan"

// codeTree is the hierarchy of a code table's printed rows: 合计 over the
// 类, each 类 over its 款, each 款 over its 项 (a missing level is
// skipped: a 项 printed without its 款 hangs from the 类).
type codeTree struct {
	kids  [][]int
	roots []int
	// unbound rows continue on the next page: their printed children
	// here need not add up to them.
	unbound map[int]bool
}

// open marks row i as continuing on the next page.
func (t *codeTree) open(i int) {
	if t.unbound == nil {
		t.unbound = map[int]bool{}
	}
	t.unbound[i] = true
}

func newCodeTree(keys []string) *codeTree {
	t := &codeTree{kids: make([][]int, len(keys))}
	for i, k := range keys {
		parent := -1
		if k != "total" {
			best := 0
			for j := i - 1; j >= 0; j-- {
				p := keys[j]
				if p != "total" && len(p) < len(k) && len(p) > best && k[:len(p)] == p {
					parent, best = j, len(p)
				}
			}
			if parent < 0 && len(keys) > 0 && keys[0] == "total" && i > 0 {
				parent = 0
			}
		}
		if parent < 0 {
			t.roots = append(t.roots, i)
		} else {
			t.kids[parent] = append(t.kids[parent], i)
		}
	}
	return t
}

// placing is one way to place a run of amounts in a subtree: the amounts
// vals[pos:end] go to rows, in order; val is the subtree root's value.
type placing struct {
	end   int
	val   juesuan.Amount
	rows  []int
	terms int // children printed, each rounded on its own
}

// maxPlacings bounds the ways kept per subtree and start: far more than
// real tables leave, few enough to stay quick on any input.
const maxPlacings = 64

// place returns up to limit placements of vals (in order, blank cells
// skipped) on the rows under which every printed parent equals the sum
// of its printed children, within tol (the printed resolution) per child:
// each figure is rounded on its own. Each placement gives the row of
// every amount.
func (t *codeTree) place(vals []juesuan.Amount, tol juesuan.Amount, limit int) [][]int {
	nonneg := true
	for _, v := range vals {
		nonneg = nonneg && v >= 0
	}
	memo := map[[2]int][]placing{}
	var sub func(node, pos int) []placing
	// seq combines the subtrees of nodes from pos; target < 0 with
	// constrained means no sum is required.
	seq := func(nodes []int, pos int, target juesuan.Amount, constrained bool) []placing {
		states := []placing{{end: pos}}
		for _, n := range nodes {
			var next []placing
			// States that end at the same amount with the same sum have the
			// same future: a few of each are kept, not the first few of all
			// (a 款 of 20 printed 项 has 2^20 ways to take or leave each,
			// and the one that takes every amount comes last).
			seen := map[[2]int64]int{}
			for _, st := range states {
				for _, p := range sub(n, st.end) {
					sum := st.val + p.val
					terms := st.terms
					if p.val != 0 || len(p.rows) > 0 {
						terms++
					}
					if constrained && nonneg && sum > target+tol*juesuan.Amount(len(nodes)) {
						continue
					}
					k := [2]int64{int64(p.end), int64(sum)}
					if !constrained {
						k[1] = 0 // no sum is required: only where it ends matters
					}
					if seen[k] >= maxPlacings || len(next) >= maxPlacings*64 {
						continue
					}
					seen[k]++
					rows := append(append([]int(nil), st.rows...), p.rows...)
					next = append(next, placing{end: p.end, val: sum, rows: rows, terms: terms})
				}
			}
			states = next
		}
		if !constrained {
			return states
		}
		var out []placing
		for _, st := range states {
			if d := st.val - target; d <= tol*juesuan.Amount(st.terms) && -d <= tol*juesuan.Amount(st.terms) {
				out = append(out, st)
			}
		}
		return out
	}
	sub = func(node, pos int) []placing {
		key := [2]int{node, pos}
		if r, ok := memo[key]; ok {
			return r
		}
		var out []placing
		kids := t.kids[node]
		// Blank: its children add up to nothing.
		if len(kids) == 0 {
			out = append(out, placing{end: pos})
		} else {
			for _, st := range seq(kids, pos, 0, !t.unbound[node]) {
				out = append(out, placing{end: st.end, rows: st.rows})
			}
		}
		if pos < len(vals) {
			v := vals[pos]
			if len(kids) == 0 {
				out = append(out, placing{end: pos + 1, val: v, rows: []int{node}})
			} else {
				for _, st := range seq(kids, pos+1, v, !t.unbound[node]) {
					out = append(out, placing{end: st.end, val: v, rows: append([]int{node}, st.rows...)})
				}
			}
		}
		if len(out) > maxPlacings {
			// A few ways of each end and value are kept: an open row's
			// children end anywhere, and the ways that take every amount
			// come last.
			seen := map[[2]int64]int{}
			kept := out[:0]
			for _, p := range out {
				k := [2]int64{int64(p.end), int64(p.val)}
				if seen[k] < maxPlacings && len(kept) < maxPlacings*64 {
					seen[k]++
					kept = append(kept, p)
				}
			}
			out = kept
		}
		memo[key] = out
		return out
	}
	var sols [][]int
	for _, st := range seq(t.roots, 0, 0, false) {
		if st.end == len(vals) {
			sols = append(sols, st.rows)
			if len(sols) == limit {
				break
			}
		}
	}
	return sols
}
