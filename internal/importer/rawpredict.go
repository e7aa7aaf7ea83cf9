package importer

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// Raw text prints 表1 and 表4 (the tables of two halves) as streams that
// the labels no longer line up with: an income amount glued to an expense
// label, the expense amounts after the last 行次. What places them is what
// the other tables, read for sure, say each cell must be: 表1 支出 of a 类 is
// 表3's total of that 类, 本年收入合计 is 表2's, 表4's 一般公共预算 column is
// 表5's. Each printed amount may go to a cell it equals, or to a cell
// nothing predicts; the tables in doubt are then solved together, so the
// identities between them (表1 = 表4 for the 财政拨款 rows, 收支平衡) place
// the rest, and the ties left are said as the import's doubt.

// doubtful reports whether s was read with amounts unplaced or guessed.
func doubtful(s *section) bool {
	return s.stat.Amounts > 0 && s.stat.Placed-s.stat.Guessed < s.stat.Amounts
}

// sectionAmounts lists the amounts printed in s, in reading order.
func (b *builder) sectionAmounts(s *section) []amt {
	var out []amt
	for _, l := range s.lines {
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// tableCells lists the cells of a table of fixed rows that can hold an
// amount: the blank lines that pad a half to the other's length have no
// label and no name and hold none; a row printed without a label but
// named (表4's 年末 line of each fund) holds amounts.
func tableCells(ts *juesuan.TableSpec) []juesuan.CellRef {
	var out []juesuan.CellRef
	for _, r := range ts.Rows {
		if norm(r.Label) != "" || r.Name != "" {
			out = append(out, cellsOfRow(ts, r.Key)...)
		}
	}
	return out
}

// predictRaw re-reads the tables of two halves that raw text left in
// doubt, and keeps the new reading when it places more amounts for sure
// and breaks no more identities.
func (b *builder) predictRaw() {
	var redo []*section
	for _, s := range b.sections {
		if doubtful(s) && s.ts.Layout == "two-halves" && len(b.sectionAmounts(s)) > 0 {
			redo = append(redo, s)
		}
	}
	if len(redo) == 0 {
		return
	}
	p, err := check.Cached(b.tpl)
	if err != nil {
		return
	}
	unknown := map[int]bool{}
	for _, ts := range b.tpl.Tables {
		unknown[ts.Number] = true
	}
	for _, s := range b.sections {
		unknown[s.ts.Number] = doubtful(s)
	}

	saved := b.snapshot()
	sureBefore, brokenBefore := 0, brokenIdentities(b.tpl, b.res.Report)
	for _, s := range redo {
		sureBefore += s.stat.Placed - s.stat.Guessed
		b.forget(s)
	}

	// Predictions: every identity with one cell left unknown gives it.
	probe := juesuan.NewReport(b.res.Report.Year, b.tpl.ID)
	for k, v := range b.res.Report.Cells {
		if !unknown[k.Table] {
			probe.Cells[k] = v
		}
	}
	for _, s := range redo {
		for _, c := range tableCells(s.ts) {
			probe.Cells[c] = juesuan.Wanyuan
		}
	}
	ids := p.Identities(probe)
	pred := predict(ids, b.res.Report.Cells, unknown)

	// An amount equal to a cell's prediction goes there (equal amounts are
	// interchangeable); the others are solved among the cells nothing
	// predicts, the placed ones standing.
	supported := b.classSupport()
	var rds []*reading
	for _, s := range redo {
		cells := tableCells(s.ts)
		var free []juesuan.CellRef
		for _, c := range cells {
			if _, ok := pred[c]; !ok {
				free = append(free, c)
			}
		}
		amts := b.sectionAmounts(s)
		at := make([]int, len(amts)) // the row index each amount went to, or -1
		rowIdx := map[string]int{}
		for i, r := range s.ts.Rows {
			rowIdx[r.Key] = i
		}
		runs := b.streamRuns(s, amts)
		for i := range at {
			at[i] = -1
		}
		for i, c := range runs.align(amts, cells, pred, rowIdx) {
			if _, taken := b.res.Report.Cells[c]; !taken {
				b.place(s, c, amts[i])
				at[i] = rowIdx[c.Row]
			}
		}
		for i, a := range amts {
			if at[i] >= 0 || runs.lane[runs.run[i]] != "" {
				continue
			}
			lanes := runs.lanes[runs.run[i]]
			for _, c := range cells {
				if v, ok := pred[c]; ok && v == a.v && v != 0 && (len(lanes) == 0 || slices.Contains(lanes, c.Col)) {
					if _, taken := b.res.Report.Cells[c]; !taken {
						b.place(s, c, a)
						at[i] = rowIdx[c.Row]
						break
					}
				}
			}
		}
		for i, a := range amts {
			if at[i] >= 0 {
				continue
			}
			cands := free
			if len(cands) == 0 {
				cands = cells // a cell the other tables disagree with: the arithmetic decides
			}
			if in := runs.within(i, at, cells, rowIdx, func(c juesuan.CellRef) bool {
				v, ok := pred[c]
				_, taken := b.res.Report.Cells[c]
				return !ok || v == a.v && !taken
			}); len(in) > 0 {
				cands = in
			}
			cands = supported(s.ts, cands)
			rd := &reading{s: s, amts: []amt{a}, cands: cands, stream: true}
			for i := range cands {
				rd.given = append(rd.given, []int{i})
			}
			rds = append(rds, rd)
		}
	}
	b.exhaustStreams(p, rds)
	b.solveWith(rds, nil, true)
	b.placeInPrintedOrder(rds)
	b.doubtBroken(p, rds)

	sureAfter := 0
	for _, s := range redo {
		sureAfter += s.stat.Placed - s.stat.Guessed
	}
	// The new reading stays when it breaks fewer identities, or as few
	// and places as many amounts for sure: a first reading can place
	// amounts confidently and wrongly, which the identities then show.
	if brokenAfter := brokenIdentities(b.tpl, b.res.Report); brokenAfter > brokenBefore || brokenAfter == brokenBefore && sureAfter < sureBefore {
		b.restore(saved)
	}
}

// placeInPrintedOrder places the readings as solved, or, when that
// breaks no more identities, with the amounts of each column of a page in
// the order the text prints them: raw text prints a column's amounts from
// the top row down, and the identities (a column's total, a row's sum of
// columns) hold for every order of amounts that sum alike, so the solver
// alone could put 119.72 above 258.63 where the page prints it below.
func (b *builder) placeInPrintedOrder(rds []*reading) {
	type choice struct {
		pick int
		alts []int
	}
	save := func() []choice {
		out := make([]choice, len(rds))
		for i, r := range rds {
			out[i] = choice{r.pick, slices.Clone(r.alts)}
		}
		return out
	}
	load := func(cs []choice) {
		for i, r := range rds {
			r.pick, r.alts = cs[i].pick, slices.Clone(cs[i].alts)
		}
	}
	solved := save()
	if !printedOrder(rds) {
		b.placeReadings(rds)
		return
	}
	ordered := save()
	st := b.snapshot()
	b.placeReadings(rds)
	broken := brokenIdentities(b.tpl, b.res.Report)
	b.restore(st)
	load(solved)
	b.placeReadings(rds)
	if broken <= brokenIdentities(b.tpl, b.res.Report) {
		b.restore(st)
		load(ordered)
		b.placeReadings(rds)
	}
}

// printedOrder re-picks the stream readings so that within each column of
// a page the amounts go down the rows in the order they are printed, the
// set of cells taken unchanged; it says whether any pick changed.
func printedOrder(rds []*reading) bool {
	type key struct {
		s    *section
		col  string
		page int
	}
	groups := map[key][]*reading{}
	var keys []key
	for _, r := range rds {
		if !r.stream || len(r.amts) != 1 || len(r.opts) == 0 {
			continue
		}
		c := r.cands[r.opts[r.pick][0]]
		k := key{r.s, c.Col, r.amts[0].line.Page}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	changed := false
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		rowIdx := map[string]int{}
		for i, sp := range k.s.ts.Rows {
			rowIdx[sp.Key] = i
		}
		cells := make([]juesuan.CellRef, len(g))
		for i, r := range g {
			cells[i] = r.cands[r.opts[r.pick][0]]
		}
		slices.SortStableFunc(cells, func(a, b juesuan.CellRef) int { return rowIdx[a.Row] - rowIdx[b.Row] })
		byText := slices.Clone(g)
		slices.SortStableFunc(byText, func(a, b *reading) int {
			la, lb := a.amts[0], b.amts[0]
			if la.line.No != lb.line.No {
				return la.line.No - lb.line.No
			}
			return int(la.cell.X - lb.cell.X)
		})
		picks := make([]int, len(byText))
		ok := true
		for i, r := range byText {
			picks[i] = -1
			for o, opt := range r.opts {
				if len(opt) == 1 && r.cands[opt[0]] == cells[i] {
					picks[i] = o
					break
				}
			}
			if picks[i] < 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for i, r := range byText {
			if r.pick != picks[i] {
				r.pick = picks[i]
				r.alts = slices.DeleteFunc(r.alts, func(o int) bool { return o == r.pick })
				changed = true
			}
		}
	}
	return changed
}

// classSupport restricts the candidate cells of a 类 row (表1/表4's
// expense rows, each standing for a 功能分类 class) to the classes the
// report's code tables print: an expense of a class in 表4 is part of that
// class's expense in 表3, so a class no code table has spends nothing
// here. Raw text prints 表4's amounts without their rows; when the tables
// it depends on are not modelled (a region's generic 表5), this is what
// tells 25 class rows apart. Only code tables read for sure count: when
// one is in doubt, when none prints a class, or when it would leave no
// candidate, nothing is restricted.
func (b *builder) classSupport() func(ts *juesuan.TableSpec, cands []juesuan.CellRef) []juesuan.CellRef {
	present := map[string]bool{}
	for _, s := range b.sections {
		t := s.ts
		if t.Catalog != "function" || t.RowKind == juesuan.RowsFixed {
			continue
		}
		if doubtful(s) {
			// A code table read in doubt may lack classes it prints:
			// restricting by it could exclude the right row.
			present = nil
			break
		}
		for c, v := range b.res.Report.Cells {
			if c.Table == t.Number && v != 0 && len(c.Row) >= 3 && isDigits(c.Row) {
				present[c.Row[:3]] = true
			}
		}
	}
	return func(ts *juesuan.TableSpec, cands []juesuan.CellRef) []juesuan.CellRef {
		if len(present) == 0 {
			return cands
		}
		var kept []juesuan.CellRef
		for _, c := range cands {
			if sp, ok := ts.Row(c.Row); ok && sp.Code != "" && !present[sp.Code] {
				continue
			}
			kept = append(kept, c)
		}
		if len(kept) == 0 {
			return cands
		}
		return kept
	}
}

// doubtBroken turns into the import's doubt each amount the arithmetic
// placed where an identity still breaks: a cell nothing predicted, chosen
// as the least bad, is a guess and not the unit's error.
func (b *builder) doubtBroken(p *check.Program, rds []*reading) {
	byCell := map[juesuan.CellRef][]juesuan.Identity{}
	for _, id := range p.Identities(b.res.Report) {
		byCell[id.LHS] = append(byCell[id.LHS], id)
		for _, t := range id.Terms {
			byCell[t.Ref] = append(byCell[t.Ref], id)
		}
	}
	for _, r := range rds {
		if len(r.opts) == 0 || len(r.alts) > 0 {
			continue
		}
		c := r.cands[r.opts[r.pick][0]]
		for _, id := range byCell[c] {
			if id.Holds(b.res.Report.Cells) {
				continue
			}
			a := r.amts[0]
			r.s.stat.Guessed++
			b.res.Report.ImportDoubts = append(b.res.Report.ImportDoubts, juesuan.Finding{
				Rule: "I1.uncertain", Severity: juesuan.SevWarning, Source: "import",
				Cells: juesuan.CellList{c.String()}, Where: where(a.line),
				Message: fmt.Sprintf("%s：表%d 的各栏分列印出，金额 %s 在哪一行哪一栏无法从文字确定；已读入 %s（%s），但与其他表的算术关系仍不符，请对照原件核实",
					where(a.line), r.s.ts.Number, a.cell.Text, c, c.Label()),
			})
			break
		}
	}
}

// predict solves, again and again, each identity that has exactly one
// cell of an unknown table left: the sure tables' cells (blank = 0) and
// the cells predicted so far give it.
func predict(ids []juesuan.Identity, cells map[juesuan.CellRef]juesuan.Amount, unknown map[int]bool) map[juesuan.CellRef]juesuan.Amount {
	pred := map[juesuan.CellRef]juesuan.Amount{}
	value := func(c juesuan.CellRef) (juesuan.Amount, bool) {
		if !unknown[c.Table] {
			return cells[c], true
		}
		v, ok := pred[c]
		return v, ok
	}
	for changed := true; changed; {
		changed = false
		for _, id := range ids {
			var open []juesuan.CellRef
			var neg bool
			var sum juesuan.Amount // Σ terms − LHS over the known cells
			if v, ok := value(id.LHS); ok {
				sum -= v
			} else {
				open = append(open, id.LHS)
			}
			for _, t := range id.Terms {
				v, ok := value(t.Ref)
				switch {
				case !ok:
					open = append(open, t.Ref)
					neg = t.Neg
				case t.Neg:
					sum -= v
				default:
					sum += v
				}
			}
			if len(open) > 1 && sum == 0 && !cannotSplit(id, value) {
				// A total that is 0 leaves its parts 0: amounts of these
				// tables are not negative.
				for _, c := range open {
					pred[c] = 0
				}
				changed = true
				continue
			}
			if len(open) != 1 {
				continue
			}
			c := open[0]
			switch {
			case c == id.LHS:
				pred[c] = sum
			case neg:
				pred[c] = sum
			default:
				pred[c] = -sum
			}
			changed = true
		}
	}
	return pred
}

// cannotSplit reports whether id's zero cannot be split into zero parts:
// its total is unknown, or a part is subtracted.
func cannotSplit(id juesuan.Identity, value func(juesuan.CellRef) (juesuan.Amount, bool)) bool {
	if _, ok := value(id.LHS); !ok {
		return true
	}
	for _, t := range id.Terms {
		if t.Neg {
			return true
		}
	}
	return false
}

// importState is what reading the tables has produced so far.
type importState struct {
	cells      map[juesuan.CellRef]juesuan.Amount
	placements []Placement
	diags      []Diag
	doubts     []juesuan.Finding
	stats      map[*section]TableStat
}

func (b *builder) snapshot() importState {
	st := importState{
		cells:      make(map[juesuan.CellRef]juesuan.Amount, len(b.res.Report.Cells)),
		placements: slices.Clone(b.res.Placements),
		diags:      slices.Clone(b.res.Diags),
		doubts:     slices.Clone(b.res.Report.ImportDoubts),
		stats:      map[*section]TableStat{},
	}
	for k, v := range b.res.Report.Cells {
		st.cells[k] = v
	}
	for _, s := range b.sections {
		st.stats[s] = *s.stat
	}
	return st
}

// restore puts the import back as it was at st. It copies st, so that
// one snapshot can be restored again after another trial.
func (b *builder) restore(st importState) {
	b.res.Report.Cells = maps.Clone(st.cells)
	b.res.Placements = slices.Clone(st.placements)
	b.res.Diags = slices.Clone(st.diags)
	b.res.Report.ImportDoubts = slices.Clone(st.doubts)
	for s, v := range st.stats {
		*s.stat = v
	}
}

// forget drops what was read of s: its cells, placements, the amounts it
// left unplaced and its doubts.
func (b *builder) forget(s *section) {
	n := s.ts.Number
	for k := range b.res.Report.Cells {
		if k.Table == n {
			delete(b.res.Report.Cells, k)
		}
	}
	b.res.Placements = slices.DeleteFunc(b.res.Placements, func(p Placement) bool { return p.Cell.Table == n })
	type at struct{ page, line int }
	mine := map[at]bool{}
	for _, l := range s.lines {
		mine[at{l.Page, l.No}] = true
	}
	b.res.Diags = slices.DeleteFunc(b.res.Diags, func(d Diag) bool { return d.Line > 0 && mine[at{d.Page, d.Line}] })
	b.res.Report.ImportDoubts = slices.DeleteFunc(b.res.Report.ImportDoubts, func(f juesuan.Finding) bool {
		for _, c := range f.Cells {
			if ref, err := juesuan.ParseCellRef(c); err == nil && ref.Table == n {
				return true
			}
		}
		return false
	})
	s.stat.Placed, s.stat.Guessed = 0, 0
}

// streamRun is where each amount of a table printed as streams stands: its
// run (a column's stream starts after a heading naming one column: its 栏次
// number or its name) and that run's column, "" when the heading names
// several (a block printed row by row, whose order is not the rows').
type streamRun struct {
	run   []int
	lane  []string
	lanes [][]string // the columns each run's heading names
}

// streamRuns cuts a section's amounts (in sectionAmounts' order) into runs.
func (b *builder) streamRuns(s *section, amts []amt) *streamRun {
	out := &streamRun{run: make([]int, 0, len(amts)), lane: []string{""}, lanes: [][]string{nil}}
	var heads []string
	heads2 := newHeaderLanes(s.ts)
	run := 0
	for _, l := range s.lines {
		for _, t := range tokens(l) {
			if _, ok := b.flatAmount(t, l); ok {
				lanes, named := headingLanes(rowLabelsOut(s.ts, heads), s.ts.Columns)
				if !named {
					lanes, named = heads2.lane(heads)
				}
				if named {
					run++
					lane := ""
					if len(lanes) == 1 {
						lane = lanes[0]
					}
					out.lane = append(out.lane, lane)
					out.lanes = append(out.lanes, lanes)
				}
				heads = heads[:0]
				out.run = append(out.run, run)
				continue
			}
			heads = append(heads, t)
		}
	}
	out.unnameBlocks(amts)
	return out
}

// rowLabelsOut drops from the words before a stream those that are the
// labels of the table's own rows: 表4 prints its row labels (二、政府性基金
// 预算财政拨款) just above its first stream, and a label that is also a
// column's name (政府性基金预算财政拨款) names no column there.
func rowLabelsOut(ts *juesuan.TableSpec, heads []string) []string {
	labels := map[string]bool{}
	for _, r := range ts.Rows {
		if l := norm(r.Label); l != "" {
			labels[l] = true
		}
	}
	out := make([]string, 0, len(heads))
	for _, h := range heads {
		if !labels[norm(h)] || strings.HasPrefix(norm(h), "合计") {
			out = append(out, h)
		}
	}
	return out
}

// unnameBlocks forgets the single column a run's heading was read to
// name when the run prints two amounts on one line: that is a block of
// columns printed row by row (the heading over it wrapped into pieces of
// several names), not one column's stream, and which of its columns each
// amount is in is for the predictions and the arithmetic to say.
func (r *streamRun) unnameBlocks(amts []amt) {
	type at struct{ page, no int }
	seen := map[int]map[at]bool{}
	for i, a := range amts {
		ru := r.run[i]
		if r.lane[ru] == "" {
			continue
		}
		k := at{a.line.Page, a.line.No}
		if seen[ru] == nil {
			seen[ru] = map[at]bool{}
		}
		if seen[ru][k] {
			r.lane[ru], r.lanes[ru] = "", nil
			continue
		}
		seen[ru][k] = true
	}
}

// headingLanes reads the words printed since the previous amount: whether
// they name columns, and which. Only the words after the last 行次 number
// count (a table prints its rows' 行次 before its first stream too), or the
// last few words where no 行次 is printed.
func headingLanes(heads []string, cols []juesuan.ColumnSpec) ([]string, bool) {
	from := max(0, len(heads)-6)
	for i := len(heads) - 1; i >= 0; i-- {
		if reInt.MatchString(heads[i]) && !slices.ContainsFunc(cols, func(c juesuan.ColumnSpec) bool { return c.Key == heads[i] }) {
			from = i + 1
			break
		}
	}
	tail := heads[from:]
	byNo, byName := runLanes(tail, cols)
	switch {
	case len(byNo) > 0:
		return byNo, true
	case len(byName) > 0:
		return byName, true
	}
	return nil, false
}

// within narrows the cells amount i may go to by the order of its
// stream: in a column's stream the rows go down, so the amount lies below
// the rows of the amounts placed before it in the same run and above
// those placed after it, in the run's column, in a cell nothing predicts
// or one predicted to hold its amount and still free.
func (r *streamRun) within(i int, at []int, cands []juesuan.CellRef, rowIdx map[string]int, ok func(juesuan.CellRef) bool) []juesuan.CellRef {
	lane := r.lane[r.run[i]]
	if lane == "" {
		// A block printed row by row: its columns, in no order.
		lanes := r.lanes[r.run[i]]
		var out []juesuan.CellRef
		for _, c := range cands {
			if slices.Contains(lanes, c.Col) && ok(c) {
				out = append(out, c)
			}
		}
		return out
	}
	lo, hi := -1, len(rowIdx)
	for j := i - 1; j >= 0 && r.run[j] == r.run[i]; j-- {
		if at[j] >= 0 {
			lo = at[j]
			break
		}
	}
	for j := i + 1; j < len(r.run) && r.run[j] == r.run[i]; j++ {
		if at[j] >= 0 {
			hi = at[j]
			break
		}
	}
	var out []juesuan.CellRef
	for _, c := range cands {
		if k := rowIdx[c.Row]; c.Col == lane && k > lo && k < hi && ok(c) {
			out = append(out, c)
		}
	}
	return out
}

// align matches the amounts of each one-column run to the cells their
// predictions equal, in the run's order: the rows of a column's stream go
// down, so the k-th amount lies below the (k-1)-th. Of the alignments that
// match the most amounts, one is taken; an amount matched to no
// prediction keeps a free cell between its neighbours' (a cell nothing
// predicts). It returns the matched amounts' cells.
func (r *streamRun) align(amts []amt, cells []juesuan.CellRef, pred map[juesuan.CellRef]juesuan.Amount, rowIdx map[string]int) map[int]juesuan.CellRef {
	out := map[int]juesuan.CellRef{}
	for run, lane := range r.lane {
		if lane == "" {
			continue
		}
		var idx []int
		for i, ru := range r.run {
			if ru == run {
				idx = append(idx, i)
			}
		}
		var col []juesuan.CellRef
		for _, c := range cells {
			if c.Col == lane {
				col = append(col, c)
			}
		}
		slices.SortStableFunc(col, func(a, b juesuan.CellRef) int { return rowIdx[a.Row] - rowIdx[b.Row] })
		k, m := len(idx), len(col)
		if k == 0 || m < k {
			continue
		}
		// score[i][j]: the most matches with amount i in cell j; -1 none.
		score := make([][]int, k)
		for i := range k {
			score[i] = make([]int, m)
			for j := range m {
				score[i][j] = -1
				v, predicted := pred[col[j]]
				gain := 0
				switch {
				case predicted && v == amts[idx[i]].v && v != 0:
					gain = 1
				case predicted:
					continue // a cell predicted otherwise
				}
				if i == 0 {
					score[i][j] = gain
					continue
				}
				for jj := range j {
					if score[i-1][jj] >= 0 && score[i-1][jj]+gain > score[i][j] {
						score[i][j] = score[i-1][jj] + gain
					}
				}
			}
		}
		// back[i][j]: the most matches of amounts i.. with amount i in cell j.
		back := make([][]int, k)
		for i := k - 1; i >= 0; i-- {
			back[i] = make([]int, m)
			for j := range m {
				back[i][j] = -1
				if score[i][j] < 0 && (i > 0 || score[0][j] < 0) {
					continue
				}
				gain := 0
				if v, ok := pred[col[j]]; ok && v == amts[idx[i]].v && v != 0 {
					gain = 1
				}
				if i == k-1 {
					back[i][j] = gain
					continue
				}
				for jj := j + 1; jj < m; jj++ {
					if back[i+1][jj] >= 0 && back[i+1][jj]+gain > back[i][j] {
						back[i][j] = back[i+1][jj] + gain
					}
				}
			}
		}
		best := 0
		for j := range m {
			best = max(best, score[k-1][j])
		}
		if best == 0 {
			continue
		}
		// An amount is anchored only where every best alignment puts it:
		// equal amounts of one stream may take a predicted cell in turn,
		// and the identities choose (exhaustStreams).
		for i := range k {
			cell, n := -1, 0
			for j := range m {
				if score[i][j] < 0 || back[i][j] < 0 {
					continue
				}
				gain := 0
				if v, ok := pred[col[j]]; ok && v == amts[idx[i]].v && v != 0 {
					gain = 1
				}
				if score[i][j]+back[i][j]-gain == best {
					cell, n = j, n+1
				}
			}
			if n == 1 {
				if v, ok := pred[col[cell]]; ok && v == amts[idx[i]].v && v != 0 {
					out[idx[i]] = col[cell]
				}
			}
		}
	}
	return out
}

// headerLanes names the columns by the words of the table's printed
// header, where the columns' names are not what is printed (Shanghai's 表1
// prints 决算数 over both halves' amounts): the k-th stream headed by a
// word is the k-th column under that word.
type headerLanes struct {
	cols []string // the header word over each column, in order
	keys []string // the columns' keys
	seen map[string]int
}

// labelHeads are the header words over label columns, not amounts.
var labelHeads = map[string]bool{"项目": true, "行次": true, "栏次": true, "科目编码": true, "科目名称": true, "类": true, "款": true, "项": true}

func newHeaderLanes(ts *juesuan.TableSpec) *headerLanes {
	h := &headerLanes{seen: map[string]int{}}
	if len(ts.Header) == 0 {
		return h
	}
	var words []string
	for _, c := range ts.Header[len(ts.Header)-1] {
		if w := norm(c.Text); w != "" && !labelHeads[w] {
			words = append(words, w)
		}
	}
	if len(words) == len(ts.Columns) {
		h.cols = words
		for _, c := range ts.Columns {
			h.keys = append(h.keys, c.Key)
		}
	}
	return h
}

// lane reads the last words before a stream for a header word.
func (h *headerLanes) lane(heads []string) ([]string, bool) {
	for i := len(heads) - 1; i >= max(0, len(heads)-3); i-- {
		w := norm(heads[i])
		var cols []int
		for k, c := range h.cols {
			if c == w {
				cols = append(cols, k)
			}
		}
		if len(cols) == 0 {
			continue
		}
		n := h.seen[w]
		h.seen[w]++
		if n < len(cols) {
			return []string{h.keys[cols[n]]}, true
		}
		return nil, false
	}
	return nil, false
}
