package importer

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// A reading is the amounts printed for one row whose columns the text
// does not tell (blank cells are simply missing, positions mean nothing):
// they keep their printed order and occupy an increasing choice of the
// row's candidate cells. The solver picks, for every reading at once, the
// choice under which the template's own identities hold (row = Σ columns,
// 类 = Σ款 = Σ项, totals, equalities between tables).
type reading struct {
	s     *section
	row   string // row key, for messages
	amts  []amt
	cands []juesuan.CellRef // the row's cells in printed order
	// spans are the alternative rows the amounts may belong to, as ranges
	// of cands: an amount-only line between two rows belongs to one of
	// them (a PDF centres a wrapped row's amounts between its lines).
	spans [][2]int
	opts  [][]int // candidate choices, leftmost first
	given [][]int // the only choices, when the reader found them itself
	pick  int     // index into opts
	alts  []int   // other options as good as pick
	touch []int   // identities that involve a candidate cell

	// stream is set for an amount of a table printed as streams, whose
	// row the text does not tell either (rawpredict.go).
	stream bool
	// tied lists the options an exhaustive search found as good as the
	// chosen one (exhaustStreams): the reading is the import's doubt.
	tied []int
	// loose is set for a row of a block whose heading did not name its
	// columns (rawcode.go): when nothing but the arithmetic places it and
	// the identities hold alike for the other columns the row may be in
	// (a column of another table read as streams is fitted to it only
	// afterwards), each of them is the import's doubt.
	loose bool

	optIndex  map[string]int
	candIndex map[juesuan.CellRef]int
}

// maxOptions caps the choices tried for one row: C(12,6) = 924 covers the
// widest table of the templates; beyond the cap only the contiguous
// placements are tried.
const maxOptions = 5000

// combos lists the increasing k-subsets of 0..n-1, lexicographically (the
// leftmost placement first).
func combos(n, k int) [][]int {
	if k > n || k == 0 {
		return nil
	}
	if binom(n, k) > maxOptions {
		var out [][]int
		for start := 0; start+k <= n; start++ {
			c := make([]int, k)
			for i := range c {
				c[i] = start + i
			}
			out = append(out, c)
		}
		return out
	}
	var out [][]int
	c := make([]int, k)
	var rec func(i, from int)
	rec = func(i, from int) {
		if i == k {
			out = append(out, append([]int(nil), c...))
			return
		}
		for j := from; j <= n-(k-i); j++ {
			c[i] = j
			rec(i+1, j+1)
		}
	}
	rec(0, 0)
	return out
}

func binom(n, k int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > 1<<30 {
			return r
		}
	}
	return r
}

// solver holds the current values of every cell and the identities.
type solver struct {
	vals   map[juesuan.CellRef]juesuan.Amount
	occ    map[juesuan.CellRef]int // readings placing an amount in the cell
	ids    []juesuan.Identity
	byCell map[juesuan.CellRef][]int
	rds    []*reading
}

func (sv *solver) set(r *reading, opt int, on bool) {
	for i, c := range r.opts[opt] {
		ref := r.cands[c]
		if on {
			sv.vals[ref] += r.amts[i].v
			sv.occ[ref]++
		} else {
			sv.vals[ref] -= r.amts[i].v
			sv.occ[ref]--
		}
	}
}

// clashes counts the cells of r that two readings fill at once.
func (sv *solver) clashes(r *reading) int {
	n := 0
	for _, c := range r.cands {
		if sv.occ[c] > 1 {
			n++
		}
	}
	return n
}

// clashWeight makes a cell filled twice outweigh any identity.
const clashWeight = int64(1) << 50

// score is the identities held, a clash outweighing any of them.
func (sv *solver) score(r *reading, ids []int) int64 {
	return sv.held(ids) - clashWeight*int64(sv.clashes(r))
}

func (sv *solver) allHold(ids []int) bool {
	for _, i := range ids {
		if !sv.ids[i].Holds(sv.vals) {
			return false
		}
	}
	return true
}

func (sv *solver) held(ids []int) int64 {
	var n, res int64
	for _, i := range ids {
		id := sv.ids[i]
		d := sv.vals[id.LHS]
		for _, t := range id.Terms {
			if t.Neg {
				d += sv.vals[t.Ref]
			} else {
				d -= sv.vals[t.Ref]
			}
		}
		if d == 0 {
			n++
		} else if d < 0 {
			res -= int64(d)
		} else {
			res += int64(d)
		}
	}
	// Identities held count first; among equals, the smaller total gap,
	// so that rows read wrong together are re-read one by one.
	return n<<40 - min(res, 1<<39)
}

// scores returns the identities held under every option of r, the others
// as they stand.
func (sv *solver) scores(r *reading) []int64 {
	out := make([]int64, len(r.opts))
	sv.set(r, r.pick, false)
	for o := range r.opts {
		sv.set(r, o, true)
		out[o] = sv.score(r, r.touch)
		sv.set(r, o, false)
	}
	sv.set(r, r.pick, true)
	return out
}

// solveReadings chooses the columns of every reading. fixed holds the
// cells already placed from positions or labels.
func (b *builder) solveReadings(rds []*reading) { b.solveWith(rds, nil, true) }

// solveWith solves rds under extra identities, and under the template's
// own when tplIDs is set (a generic table has none: its identities are
// the ones its printed rows show, see flatgeneric.go).
func (b *builder) solveWith(rds []*reading, extra []juesuan.Identity, tplIDs bool) {
	if len(rds) == 0 {
		return
	}
	sv := &solver{vals: map[juesuan.CellRef]juesuan.Amount{}, occ: map[juesuan.CellRef]int{}, byCell: map[juesuan.CellRef][]int{}, rds: rds}
	// The rules bind their loops to the rows present: every candidate cell
	// is filled so that each row's identities are stated.
	probe := juesuan.NewReport(b.res.Report.Year, b.tpl.ID)
	for k, v := range b.res.Report.Cells {
		probe.Cells[k] = v
		sv.vals[k] = v
	}
	for _, r := range rds {
		for _, c := range r.cands {
			if _, ok := probe.Cells[c]; !ok {
				probe.Cells[c] = juesuan.Wanyuan
			}
		}
	}
	if p, err := check.Cached(b.tpl); err == nil && tplIDs {
		sv.ids = p.Identities(probe)
	}
	sv.ids = append(sv.ids, extra...)
	for i, id := range sv.ids {
		sv.byCell[id.LHS] = append(sv.byCell[id.LHS], i)
		for _, t := range id.Terms {
			sv.byCell[t.Ref] = append(sv.byCell[t.Ref], i)
		}
	}
	readingsOf := map[juesuan.CellRef][]*reading{}
	for _, r := range rds {
		seen := map[int]bool{}
		own := map[juesuan.CellRef]bool{}
		for _, c := range r.cands {
			own[c] = true
			readingsOf[c] = append(readingsOf[c], r)
			for _, i := range sv.byCell[c] {
				if !seen[i] {
					seen[i] = true
					r.touch = append(r.touch, i)
				}
			}
		}
		if len(r.spans) == 0 {
			r.spans = [][2]int{{0, len(r.cands)}}
		}
		r.opts = r.given
		for _, sp := range r.spans {
			if r.given != nil {
				break
			}
			for _, o := range combos(sp[1]-sp[0], len(r.amts)) {
				for i := range o {
					o[i] += sp[0]
				}
				r.opts = append(r.opts, o)
			}
		}
		if len(r.opts) == 0 {
			continue // more amounts than cells: reported when placed
		}
		// Start from the leftmost choice that keeps the row's own sums.
		var local []int
		for _, i := range r.touch {
			if within(sv.ids[i], own) {
				local = append(local, i)
			}
		}
		best, bs := 0, int64(math.MinInt64)
		for o := range r.opts {
			sv.set(r, o, true)
			if n := sv.score(r, local); n > bs {
				best, bs = o, n
			}
			sv.set(r, o, false)
		}
		r.pick = best
		sv.set(r, best, true)
	}
	var live []*reading
	for _, r := range rds {
		if len(r.opts) > 0 {
			live = append(live, r)
		}
	}
	rds = live
	sv.rds = live
	joints := 0
	for pass := 0; pass < 40; pass++ {
		changed := false
		for _, r := range rds {
			sc := sv.scores(r)
			best := r.pick
			for o, n := range sc {
				if n > sc[best] {
					best = o
				}
			}
			if best != r.pick {
				sv.set(r, r.pick, false)
				r.pick = best
				sv.set(r, best, true)
				changed = true
			}
		}
		if changed || sv.groupMoves() || sv.swapMoves() || sv.exchangeMoves() {
			continue
		}
		// Pairs and families are tried last and twice at most: they cost
		// the square and more.
		if joints++; joints > 2 || !(sv.jointMoves(readingsOf) || sv.familyMoves(b.tpl, readingsOf)) {
			break
		}
	}
	sv.exchangeAlts()
	for _, r := range rds {
		sc := sv.scores(r)
		best := r.pick
		for o, n := range sc {
			if o != r.pick && n == sc[r.pick] && differs(r, o, r.pick) {
				r.alts = append(r.alts, o)
				if sv.likelihood(b.tpl, r, o)+b.stated(r, o) > sv.likelihood(b.tpl, r, best)+b.stated(r, best) {
					best = o
				}
			}
		}
		if best != r.pick {
			// Among readings the arithmetic cannot tell apart, the one
			// leaving blank the columns that are usually blank (公务用车
			// 购置费: vehicles are bought in few years) is the likelier.
			sv.set(r, r.pick, false)
			sv.set(r, best, true)
			for i, o := range r.alts {
				if o == best {
					r.alts[i] = r.pick
				}
			}
			r.pick = best
		}
	}
}

// rareRow tells whether the template marks row key of ts usually blank.
func rareRow(ts *juesuan.TableSpec, key string) bool {
	for _, r := range ts.Rows {
		if r.Key == key && r.Rare {
			return true
		}
	}
	return false
}

// likelihood weighs option o of r by what the template says of its
// rows and columns: a row or column usually blank counts against; a column whose hint
// cell is printed counts for, one whose hint cell is blank against; an
// item filled on both sides (预算数 and 决算数) counts for.
func (sv *solver) likelihood(tpl *juesuan.Template, r *reading, o int) int {
	n := 0
	// An item with a 预算数 usually has a 决算数 too: a column whose
	// namesake on the other side is filled by the same reading counts for.
	sides := map[string]map[string]bool{}
	for _, c := range r.opts[o] {
		if col, ok := r.s.ts.Column(r.cands[c].Col); ok && col.Side != "" {
			if sides[col.Name] == nil {
				sides[col.Name] = map[string]bool{}
			}
			sides[col.Name][col.Side] = true
		}
	}
	for _, c := range r.opts[o] {
		if rareRow(r.s.ts, r.cands[c].Row) {
			n--
		}
		col, ok := r.s.ts.Column(r.cands[c].Col)
		if !ok {
			continue
		}
		if len(sides[col.Name]) > 1 {
			n++
		}
		if col.Rare {
			n--
		}
		if col.Hint == "" {
			continue
		}
		if ref, ok := tpl.ResolveKey(col.Hint); ok && sv.vals[ref] != 0 {
			n += 2
		} else {
			n--
		}
	}
	return n
}

// groupMoves moves rows read alike together: a 类 with all its 款 and 项
// (or a whole table under its 合计) printed in one column that the
// single-row moves cannot leave, since each row alone would break its
// parent's sum. Only rows with the same number of amounts and the same
// choice move, to the same other choice.
func (sv *solver) groupMoves() bool {
	improved := false
	for _, r := range sv.rds {
		if len(r.spans) != 1 || len(r.opts) < 2 {
			continue
		}
		var g []*reading
		for _, q := range sv.rds {
			if q.s == r.s && q.pick == r.pick && len(q.amts) == len(r.amts) && len(q.opts) == len(r.opts) && len(q.spans) == 1 &&
				(q == r || r.row == "total" || q.row != "total" && strings.HasPrefix(q.row, r.row)) {
				g = append(g, q)
			}
		}
		if len(g) < 2 {
			continue
		}
		var touch []int
		for _, q := range g {
			touch = union(touch, q.touch)
		}
		if sv.allHold(touch) {
			continue
		}
		eval := func() int64 {
			n := sv.held(touch)
			for _, q := range g {
				n -= clashWeight * int64(sv.clashes(q))
			}
			return n
		}
		from := r.pick
		best, bs := from, eval()
		for o := range r.opts {
			if o == from {
				continue
			}
			for _, q := range g {
				sv.set(q, q.pick, false)
				q.pick = o
				sv.set(q, o, true)
			}
			if n := eval(); n > bs {
				best, bs = o, n
			}
		}
		for _, q := range g {
			sv.set(q, q.pick, false)
			q.pick = best
			sv.set(q, best, true)
		}
		if best != from {
			improved = true
		}
	}
	return improved
}

// swapMoves exchanges two columns over a 类 and everything under it (or
// a whole table): a row whose amounts are split over two lines, read with
// two of them swapped, holds its own sum and breaks only its parent's, as
// do its siblings placed after it.
func (sv *solver) swapMoves() bool {
	improved := false
	done := map[string]bool{}
	for _, r := range sv.rds {
		root := r.row
		key := fmt.Sprint(r.s.ts.Number, ":", root)
		if len(r.spans) != 1 || done[key] {
			continue
		}
		done[key] = true
		var g []*reading
		for _, q := range sv.rds {
			if q.s != r.s {
				continue
			}
			for _, c := range q.cands {
				if root == "total" || strings.HasPrefix(c.Row, root) {
					g = append(g, q)
					break
				}
			}
		}
		var touch []int
		for _, q := range g {
			touch = union(touch, q.touch)
		}
		if sv.allHold(touch) {
			continue
		}
		eval := func() int64 {
			n := sv.held(touch)
			for _, q := range g {
				n -= clashWeight * int64(sv.clashes(q))
			}
			return n
		}
		cols := r.s.ts.Columns
		for a := 0; a < len(cols); a++ {
			for bb := a + 1; bb < len(cols); bb++ {
				base := eval()
				old := make([]int, len(g))
				moved := false
				for i, q := range g {
					old[i] = q.pick
					if o, ok := q.swapped(cols[a].Key, cols[bb].Key); ok && o != q.pick {
						sv.set(q, q.pick, false)
						q.pick = o
						sv.set(q, o, true)
						moved = true
					}
				}
				if !moved {
					continue
				}
				if eval() > base {
					improved = true
					continue
				}
				for i, q := range g {
					sv.set(q, q.pick, false)
					q.pick = old[i]
					sv.set(q, q.pick, true)
				}
			}
		}
	}
	return improved
}

// swapped is the option of q with columns a and b exchanged.
func (q *reading) swapped(a, b string) (int, bool) {
	if q.candIndex == nil {
		q.candIndex = map[juesuan.CellRef]int{}
		for i, c := range q.cands {
			q.candIndex[c] = i
		}
	}
	idx := q.candIndex
	var set []int
	for _, i := range q.opts[q.pick] {
		c := q.cands[i]
		switch c.Col {
		case a:
			c.Col = b
		case b:
			c.Col = a
		}
		j, ok := idx[c]
		if !ok {
			return 0, false
		}
		set = append(set, j)
	}
	sort.Ints(set)
	if q.optIndex == nil {
		q.optIndex = map[string]int{}
		for o, opt := range q.opts {
			q.optIndex[fmt.Sprint(opt)] = o
		}
	}
	o, ok := q.optIndex[fmt.Sprint(set)]
	return o, ok
}

// jointMoves re-reads two rows together where an identity fails: a 类 and
// its only 款 printed in the wrong column hold each other in place, and
// only moving both repairs the column sums.
func (sv *solver) jointMoves(readingsOf map[juesuan.CellRef][]*reading) bool {
	improved := false
	tried := map[[2]*reading]bool{}
	budget := 200000 // options evaluated: pairs cost the square
	for _, id := range sv.ids {
		if budget <= 0 {
			break
		}
		if id.Holds(sv.vals) {
			continue
		}
		var rs []*reading
		seen := map[*reading]bool{}
		add := func(c juesuan.CellRef) {
			for _, r := range readingsOf[c] {
				if !seen[r] && len(r.opts) > 1 && !r.stream {
					seen[r] = true
					rs = append(rs, r)
				}
			}
		}
		add(id.LHS)
		for _, t := range id.Terms {
			add(t.Ref)
		}
		if len(rs) > 12 {
			rs = rs[:12]
		}
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				a, c := rs[i], rs[j]
				if n := len(a.opts) * len(c.opts); n > 2000 || n > budget || tried[[2]*reading{a, c}] {
					continue
				}
				tried[[2]*reading{a, c}] = true
				budget -= len(a.opts) * len(c.opts)
				touch := union(a.touch, c.touch)
				base := sv.score(a, touch) - clashWeight*int64(sv.clashes(c))
				pa, pc := a.pick, c.pick
				bestA, bestC, best := pa, pc, base
				sv.set(a, pa, false)
				sv.set(c, pc, false)
				for oa := range a.opts {
					sv.set(a, oa, true)
					for oc := range c.opts {
						sv.set(c, oc, true)
						if n := sv.score(a, touch) - clashWeight*int64(sv.clashes(c)); n > best {
							bestA, bestC, best = oa, oc, n
						}
						sv.set(c, oc, false)
					}
					sv.set(a, oa, false)
				}
				a.pick, c.pick = bestA, bestC
				sv.set(a, bestA, true)
				sv.set(c, bestC, true)
				if best > base {
					improved = true
				}
			}
		}
	}
	return improved
}

func within(id juesuan.Identity, own map[juesuan.CellRef]bool) bool {
	if !own[id.LHS] {
		return false
	}
	for _, t := range id.Terms {
		if !own[t.Ref] {
			return false
		}
	}
	return true
}

func union(a, b []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, x := range append(append([]int(nil), a...), b...) {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// differs tells whether two options put some non-zero amount in different
// cells: zeros moved between columns change neither a sum nor a check.
func differs(r *reading, a, b int) bool {
	vals := func(o int) map[juesuan.CellRef]juesuan.Amount {
		m := map[juesuan.CellRef]juesuan.Amount{}
		for i, c := range r.opts[o] {
			if r.amts[i].v != 0 {
				m[r.cands[c]] = r.amts[i].v
			}
		}
		return m
	}
	va, vb := vals(a), vals(b)
	if len(va) != len(vb) {
		return true
	}
	for k, v := range va {
		if vb[k] != v {
			return true
		}
	}
	return false
}

// placeReadings places the solved readings and records the doubts.
func (b *builder) placeReadings(rds []*reading) {
	for _, r := range rds {
		if len(r.opts) == 0 {
			for _, a := range r.amts {
				b.unplaced(a, fmt.Sprintf("表%d %s 行的金额多于栏数，无法放置", r.s.ts.Number, r.row))
			}
			continue
		}
		for i, c := range r.opts[r.pick] {
			b.place(r.s, r.cands[c], r.amts[i])
		}
		if len(r.alts) == 0 {
			r.alts = slices.DeleteFunc(slices.Clone(r.tied), func(o int) bool { return o == r.pick })
		}
		if len(r.alts) == 0 && r.loose {
			for o := range r.opts {
				if o != r.pick && differs(r, o, r.pick) {
					r.alts = append(r.alts, o)
				}
			}
		}
		if len(r.alts) == 0 {
			continue
		}
		r.s.stat.Guessed += len(r.amts)
		var alts []string
		for _, o := range r.alts {
			if len(alts) == 3 {
				alts = append(alts, "…")
				break
			}
			alts = append(alts, r.describe(o))
		}
		a := r.amts[0]
		cells := r.cellsOf(r.pick)
		for _, o := range r.alts {
			for _, c := range r.cellsOf(o) {
				if !slices.Contains(cells, c) {
					cells = append(cells, c)
				}
			}
		}
		b.res.Report.ImportDoubts = append(b.res.Report.ImportDoubts, juesuan.Finding{
			Rule: "I1.uncertain", Severity: juesuan.SevWarning, Source: "import",
			Cells:   cells,
			Where:   where(a.line),
			Message: doubtMessage(r, alts),
		})
	}
}

func doubtMessage(r *reading, alts []string) string {
	a := r.amts[0]
	if r.stream {
		return fmt.Sprintf("%s：表%d 的各栏分列印出，金额 %s 在哪一行哪一栏无法从文字确定，与其他表的算术关系同样成立的读法不止一种；已按 %s 读入，也可能是 %s，请对照原件核实",
			where(a.line), r.s.ts.Number, a.cell.Text, r.describe(r.pick), strings.Join(alts, "，或 "))
	}
	return fmt.Sprintf("%s：表%d %s 行的 %d 个金额印在哪些栏无法从文字确定，算术关系同样成立的读法不止一种；已按 %s 读入，也可能是 %s，请对照原件核实",
		where(a.line), r.s.ts.Number, r.row, len(r.amts), r.describe(r.pick), strings.Join(alts, "，或 "))
}

func (r *reading) cellsOf(o int) []string {
	var out []string
	for _, c := range r.opts[o] {
		out = append(out, r.cands[c].String())
	}
	return out
}

// describe names the columns of an option: "本年收入合计 306.90、财政拨款收入 306.90".
func (r *reading) describe(o int) string {
	var parts []string
	for i, c := range r.opts[o] {
		name := r.cands[c].Col
		if col, ok := r.s.ts.Column(name); ok && col.Name != "" {
			name = col.Name
			if col.Side != "" && col.Side != "收入" && col.Side != "支出" {
				name = col.Side + name
			}
		}
		row := ""
		if len(r.spans) > 1 {
			row = r.cands[c].Row + " 行"
		}
		parts = append(parts, fmt.Sprintf("%s第 %s 栏（%s）%s", row, r.cands[c].Col, name, r.amts[i].cell.Text))
	}
	return strings.Join(parts, "、")
}

// where names a printed line: 第 3 页第 12 行 (the file's line for text).
func where(l textimport.Line) string {
	return fmt.Sprintf("第 %d 页第 %d 行", l.Page, l.No)
}
