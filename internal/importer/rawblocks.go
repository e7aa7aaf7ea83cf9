package importer

import (
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
)

// Raw text prints a table of blocks side by side (表6: 人员经费 | 公用经费)
// as streams: the codes and names of the blocks, and each block's amounts
// top to bottom, its 合计 last, glued to whatever words share their line
// (`320.47 302`, `48.03 30203 咨询费`). The words do not tell which
// amount is whose; the blocks' own arithmetic does: on each page the
// amounts are one contiguous run per group of blocks (the blocks up to
// the one that ends with a 合计 row, 公用经费 being printed over two), and
// each run must place under its group's code hierarchy with its 合计 =
// Σ 类. Only when exactly one order and cut of the runs does so are the
// amounts placed; otherwise the table is read as flat text.

// rawGroupRow is one printed row of a group of blocks.
type rawGroupRow struct {
	key  string // code, or the 合计 row's key
	name string
}

// rawBlockPage is what one page of a table of blocks prints.
type rawBlockPage struct {
	rows    [][]rawGroupRow // per group, in printed order
	totalOn []bool          // per group: its 合计 row is printed on this page
	amts    []amt
}

// maxBlockPlacings bounds the runs a page's cuts place: a page of 80
// amounts in three groups, and no hostile page's time beyond it.
const maxBlockPlacings = 10000

// rawBlockTable reads a table of blocks from raw text.
func (b *builder) rawBlockTable(s *section) bool {
	groupOf, ngroups := blockGroups(s.ts)
	if ngroups == 0 {
		return false
	}
	cat := b.tpl.Catalogs[s.ts.Catalog]
	var pages []*rawBlockPage
	var pg *rawBlockPage
	page := -1
	var last *rawGroupRow
	for _, l := range s.lines {
		if l.Page != page || pg == nil {
			page = l.Page
			pg = &rawBlockPage{rows: make([][]rawGroupRow, ngroups), totalOn: make([]bool, ngroups)}
			pages = append(pages, pg)
			last = nil
		}
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				pg.amts = append(pg.amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			nt := norm(t)
			key := ""
			if len(t) == 2 && t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9' && last != nil && len(last.key) == 3 && last.name == "" && s.ts.CheckCode(last.key+t) == nil {
				// 类 and 款 printed in columns of their own: the 款
				// extends the 类 printed just before it (301 / 01).
				last.key += t
				continue
			}
			switch {
			case reCode.MatchString(t) && reEconCode.MatchString(t) && (len(t) == 3 || len(t) == 5):
				if s.ts.CheckCode(t) != nil {
					return false
				}
				key = t
			default:
				for _, r := range s.ts.Rows {
					if _, ok := groupOf[r.Key]; ok && nt == norm(r.Label) {
						key = r.Key
					}
				}
			}
			if key == "" {
				if last != nil && !columnHeading(s.ts, t) && !reInt.MatchString(t) {
					last.name += nt
				}
				continue
			}
			g, ok := groupOf[key]
			if !ok {
				g, ok = groupOf[key[:min(3, len(key))]]
			}
			if !ok {
				g = ngroups - 1
			}
			if _, special := s.ts.Row(key); special {
				pg.totalOn[g] = true
				last = nil
				continue
			}
			pg.rows[g] = append(pg.rows[g], rawGroupRow{key: key})
			last = &pg.rows[g][len(pg.rows[g])-1]
		}
	}
	specials := make([]string, ngroups)
	for k, g := range groupOf {
		if _, ok := s.ts.Row(k); ok {
			specials[g] = k
		}
	}
	var rds []*reading
	for pi, p := range pages {
		var present []int
		for g := range ngroups {
			if len(p.rows[g]) > 0 || p.totalOn[g] {
				present = append(present, g)
			}
		}
		if len(present) == 0 {
			if len(p.amts) > 0 {
				return false
			}
			continue
		}
		// The page's cells: each present group's rows, its 合计 first.
		var cands []juesuan.CellRef
		first := make([]int, ngroups) // index in cands of each group's first row
		keys := make([][]string, ngroups)
		trees := make([]*codeTree, ngroups)
		for _, g := range present {
			var ks []string
			if p.totalOn[g] {
				ks = append(ks, "total")
			}
			for _, r := range p.rows[g] {
				ks = append(ks, r.key)
			}
			keys[g] = ks
			trees[g] = newCodeTree(ks)
			if !p.totalOn[g] && len(ks) > 0 && continues(pages[pi+1:], g) {
				lastKey := ks[len(ks)-1]
				for i, k := range ks {
					if len(k) < len(lastKey) && strings.HasPrefix(lastKey, k) {
						trees[g].open(i)
					}
				}
			}
			first[g] = len(cands)
			for _, k := range ks {
				if k == "total" {
					k = specials[g]
				}
				cands = append(cands, juesuan.CellRef{Table: s.ts.Number, Row: k, Col: s.ts.Columns[0].Key})
			}
		}
		// Every order and cut of the runs that places under the groups'
		// hierarchies is one way to read the page; several are the
		// solver's to choose among by the other tables, and its doubt
		// when they cannot.
		var given [][]int
		budget := maxBlockPlacings
		spans := make([]*spans, ngroups)
		for _, g := range present {
			spans[g] = b.newSpans(trees[g], p.amts, p.totalOn[g], &budget)
		}
		eachOrder(present, func(order []int) bool {
			eachCut(len(p.amts), len(order), func(cut []int) bool {
				ways := [][]int{make([]int, len(p.amts))}
				at := 0
				for i, g := range order {
					n := cut[i]
					pos := spans[g].order(at, n) // the page's amount each placed value is
					sols, ok := spans[g].place(at, n)
					at += n
					if !ok {
						return false
					}
					if len(sols) == 0 {
						return true
					}
					var next [][]int
					for _, w := range ways {
						for _, sol := range sols {
							if len(next) >= maxPlacings {
								break
							}
							nw := slices.Clone(w)
							for j, r := range sol {
								nw[pos[j]] = first[g] + r
							}
							next = append(next, nw)
						}
					}
					ways = next
				}
				for _, w := range ways {
					if len(given) < maxPlacings {
						given = append(given, w)
					}
				}
				return len(given) < maxPlacings
			})
			return len(given) < maxPlacings
		})
		if len(given) == 0 || budget < 0 {
			return false
		}
		if len(p.amts) > 0 {
			rds = append(rds, &reading{s: s, row: "表内分块", amts: p.amts, cands: cands, given: given})
		}
	}
	b.readings = append(b.readings, rds...)
	for _, p := range pages {
		for _, rows := range p.rows {
			for _, r := range rows {
				name := r.name
				if e, ok := lookup(cat, r.key); ok && (name == "" || strings.Contains(norm(e.Name), name) || strings.Contains(name, norm(e.Name))) {
					name = norm(e.Name)
				}
				if name != "" {
					b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: r.key}] = name
				}
			}
		}
	}
	return true
}

// blockGroups maps every key of a table's blocks (codes, and the 类 of
// codes) to its group: the blocks up to the one holding a 合计 row.
func blockGroups(ts *juesuan.TableSpec) (map[string]int, int) {
	if len(ts.Blocks) == 0 || len(ts.Columns) != 1 {
		return nil, 0
	}
	out := map[string]int{}
	g := 0
	for _, bl := range ts.Blocks {
		closed := false
		for _, k := range bl {
			out[k] = g
			if _, ok := ts.Row(k); ok {
				closed = true
			}
		}
		if closed {
			g++
		}
	}
	if g == 0 {
		return nil, 0
	}
	// Keys after the last 合计 belong to the last group.
	for k, v := range out {
		if v >= g {
			out[k] = g - 1
		}
	}
	return out, g
}

// continues tells whether a later page prints rows of group g.
func continues(pages []*rawBlockPage, g int) bool {
	for _, p := range pages {
		if len(p.rows[g]) > 0 {
			return true
		}
	}
	return false
}

// eachOrder calls f with each order of gs until f returns false.
func eachOrder(gs []int, f func([]int) bool) {
	order := append([]int(nil), gs...)
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(order) {
			return f(order)
		}
		for j := i; j < len(order); j++ {
			order[i], order[j] = order[j], order[i]
			ok := rec(i + 1)
			order[i], order[j] = order[j], order[i]
			if !ok {
				return false
			}
		}
		return true
	}
	rec(0)
}

// eachCut calls f with each way to cut n amounts into k contiguous runs,
// empty ones allowed, until f returns false.
func eachCut(n, k int, f func([]int) bool) {
	cut := make([]int, k)
	var rec func(i, left int) bool
	rec = func(i, left int) bool {
		if i == k-1 {
			cut[i] = left
			return f(cut)
		}
		for c := 0; c <= left; c++ {
			cut[i] = c
			if !rec(i+1, left-c) {
				return false
			}
		}
		return true
	}
	if k > 0 {
		rec(0, n)
	}
}
