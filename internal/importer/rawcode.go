package importer

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// Raw text (pdftotext without -layout, and the reading-order extractors
// like it) prints a code table as streams, not rows: the codes one a
// line, then the names, then each amount column top to bottom with its
// blank cells gone — or a block of adjacent columns row by row, one cell
// a line. Nothing but the order and the arithmetic says which amount is
// whose. The rows are the codes in order; a column's stream is placed by
// the table's own hierarchy (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项), which
// almost always leaves one placement; a block of columns row by row is
// cut into rows by its 合计 column (each row's total, then the parts that
// add up to it) and left to the solver like flat text.

// rawText tells raw text: flat text in which most amounts stand alone on
// their line.
func rawText(d *textimport.Doc) bool {
	alone, lines := 0, 0
	for _, l := range d.Lines {
		n, other := 0, 0
		for _, c := range l.Cells {
			for _, t := range strings.Fields(c.Text) {
				if IsAmount(t) {
					n++
				} else {
					other++
				}
			}
		}
		if n == 0 {
			continue
		}
		lines++
		if n == 1 && other == 0 {
			alone++
		}
	}
	return lines >= 20 && alone*10 >= lines*7
}

// rawRun is one stream of amounts and the printed words just before it
// (column headings, 栏次 numbers).
type rawRun struct {
	amts  []amt
	heads []string
}

// rawPage is what one page of a code table prints in raw text.
type rawPage struct {
	codes []string
	names []string
	total bool
	// totalLast: the 合计 row is printed below the codes (Shanghai), so
	// each column's stream ends with it.
	totalLast bool
	runs      []*rawRun
	// digits are the two-digit words among the codes: the 款 and 项
	// columns of a table that prints 类|款|项 apart.
	digits []string
}

// rawCodeRows reads a code table from raw text, page by page: a page's
// streams hold its own rows only.
func (b *builder) rawCodeRows(s *section) bool {
	var pages []*rawPage
	var pg *rawPage
	var heads []string
	var cur *rawRun
	page := -1
	interleaved, runsAtFirstCode := 0, 0
	// A 合计 word is the 合计 row's label, or the heading of a column named
	// 合计 (表5), printed on every page of the table: a page of such a
	// table holds the 合计 row when it prints 合计 twice, or once but not
	// as a heading (an amount stream or another column's heading follows a
	// heading at once, which is known at the next word).
	type totalWord struct{ heading, last bool }
	var words []totalWord
	var total *rawPage
	totalLast := false
	totalCol := slices.ContainsFunc(s.ts.Columns, func(c juesuan.ColumnSpec) bool { return norm(c.Name) == "合计" })
	settle := func(heading bool) {
		if total == nil {
			return
		}
		heading = heading && totalCol
		if heading {
			heads = append(heads, "合计")
		}
		words = append(words, totalWord{heading, totalLast})
		total = nil
	}
	endPage := func() {
		settle(false)
		if pg != nil && len(words) > 0 {
			row := len(words) > 1 || !words[0].heading
			pg.total = row
			for _, w := range words {
				pg.totalLast = pg.totalLast || row && w.last && (!w.heading || len(words) > 1)
			}
		}
		words = nil
	}
	for _, l := range s.lines {
		if l.Page != page || pg == nil {
			endPage()
			page = l.Page
			pg = &rawPage{}
			pages = append(pages, pg)
			cur, heads, runsAtFirstCode = nil, nil, 0
		}
		for _, t := range tokens(l) {
			_, isAmt := b.flatAmount(t, l)
			settle(isAmt || norm(t) != "合计" && columnHeading(s.ts, t))
			if a, ok := b.flatAmount(t, l); ok {
				if cur == nil {
					cur = &rawRun{heads: heads}
					pg.runs = append(pg.runs, cur)
					heads = nil
				}
				cur.amts = append(cur.amts, a)
				continue
			}
			if IsAmount(t) {
				continue
			}
			cur = nil
			switch nt := norm(t); {
			case reCode.MatchString(t) && s.ts.CheckCode(t) == nil:
				if len(pg.codes) > 0 && len(pg.runs) > runsAtFirstCode {
					interleaved++
				}
				if len(pg.codes) == 0 {
					runsAtFirstCode = len(pg.runs)
				}
				pg.codes = append(pg.codes, t)
			case nt == "合计" || nt == "总计":
				total = pg
				// Below every code and its name: the last row.
				totalLast = len(pg.codes) > 0 && len(pg.names) >= len(pg.codes) && len(pg.runs) == 0
			default:
				if len(pg.codes) > 0 && len(pg.runs) == 0 && reKuanDigits.MatchString(t) {
					pg.digits = append(pg.digits, t)
				}
				heads = append(heads, t)
				if len(pg.runs) == 0 && !reInt.MatchString(t) && len([]rune(nt)) >= 2 && !columnHeading(s.ts, t) && !notName(nt) {
					pg.names = append(pg.names, nt)
				}
			}
		}
	}
	endPage()
	carry := ""
	for _, p := range pages {
		b.splitCodeRows(s, p, carry)
		if len(p.codes) > 0 {
			carry = p.codes[len(p.codes)-1]
		}
	}
	streams := false
	for _, p := range pages {
		streams = streams || len(p.codes) > 0 && len(p.runs) > 0
	}
	if !streams || interleaved > 1 {
		// No streams: the rows are printed one after another, each code
		// before its amounts, as flat text (flatCodeRows).
		return false
	}
	for i, p := range pages {
		if len(p.runs) == 0 {
			continue
		}
		// A page that is not the table's last may end inside a 类: the
		// rows above its last one are not complete there.
		var open []string
		if i+1 < len(pages) && len(p.codes) > 0 {
			for _, q := range pages[i+1:] {
				if len(q.codes) > 0 {
					open = p.codes
					break
				}
			}
		}
		// A page after one with codes holds the table's 合计 without
		// the 类 printed before it.
		after := slices.ContainsFunc(pages[:i], func(q *rawPage) bool { return len(q.codes) > 0 })
		b.rawCodePage(s, p, open, after)
	}
	return true
}

// rawCodePage places the streams of one page.
func (b *builder) rawCodePage(s *section, p *rawPage, open []string, after bool) {
	codes := p.codes
	if len(codes) == 0 {
		for _, r := range p.runs {
			b.leftover(s, r.amts)
		}
		return
	}
	var keys []string
	if p.total {
		keys = append(keys, "total")
	}
	keys = append(keys, codes...)
	tree := newCodeTree(keys)
	if after && keys[0] == "total" {
		tree.open(0)
	}
	if len(open) > 0 {
		// The ancestors of the page's last row continue on the next page.
		last := open[len(open)-1]
		for i, k := range keys {
			if k == "total" || len(k) < len(last) && strings.HasPrefix(last, k) {
				tree.open(i)
			}
		}
	}
	runs := p.runs
	if p.totalLast {
		// Each stream ends with its 合计; the tree has it first.
		runs = nil
		for _, r := range p.runs {
			if len(r.amts) <= len(keys) {
				r = &rawRun{amts: lastFirst(r.amts), heads: r.heads}
			}
			runs = append(runs, r)
		}
	}
	taken := map[string]bool{}
	cols := s.ts.Columns
	colIdx := map[string]int{}
	for i, c := range cols {
		colIdx[c.Key] = i
	}
	next := 0 // the first column a run without a heading may be
	// Blocks printed row by row are cut after the single columns are
	// placed: a row's parts add up to its total only with the columns
	// printed outside the block.
	type pendingBlock struct {
		lanes []string
		amts  []amt
		loose bool // no heading named its columns
	}
	var blocks []pendingBlock
	var unheaded [][]amt                   // blocks whose columns are the ones left
	lost := false                          // a stream whose column is not known
	unsure := map[string]*reading{}        // columns placed more than one way
	known := map[string][]juesuan.Amount{} // column → value per row, where placed for sure
	// readColumn reads one column's stream, placed under the hierarchy
	// in the ways sols gives.
	readColumn := func(col string, amts []amt, sols [][]int) {
		taken[col] = true
		next = colIdx[col] + 1
		rd := &reading{s: s, row: "第 " + col + " 栏", amts: amts, given: sols}
		if vals, ok := placedFor(sols, amts, len(keys)); ok {
			known[col] = vals
		} else {
			unsure[col] = rd
		}
		for _, k := range keys {
			rd.cands = append(rd.cands, juesuan.CellRef{Table: s.ts.Number, Row: k, Col: col})
		}
		b.readings = append(b.readings, rd)
	}
	// readColumns reads the page's last stream, which the heading leaves
	// to several columns (基本支出 项目支出 over one stream: the other is
	// blank on this page): which is the solver's, by the identities
	// across pages (a 类 whose 款 continue on the next page).
	readColumns := func(cs []string, amts []amt, sols [][]int) {
		rd := &reading{s: s, row: "第 " + strings.Join(cs, "、") + " 栏", amts: amts}
		for ci, col := range cs {
			taken[col] = true
			unsure[col] = rd
			for _, k := range keys {
				rd.cands = append(rd.cands, juesuan.CellRef{Table: s.ts.Number, Row: k, Col: col})
			}
			for _, sol := range sols {
				opt := make([]int, len(sol))
				for i, r := range sol {
					opt[i] = r + ci*len(keys)
				}
				rd.given = append(rd.given, opt)
			}
		}
		next = colIdx[cs[len(cs)-1]] + 1
		b.readings = append(b.readings, rd)
	}
	for ri, r := range runs {
		lanes, named := runLanes(r.heads, cols)
		if len(lanes) > 1 || len(r.amts) > len(keys) {
			// Several columns printed one after another, each top to
			// bottom, with nothing between them.
			streams := lanes
			if len(named) > len(streams) {
				streams = named
			}
			if len(streams) > 1 {
				chunks := b.columnChunks(tree, r.amts, len(streams), p.totalLast)
				if chunks == nil {
					streams, chunks = b.fewerChunks(s.ts, tree, r.amts, streams, p.totalLast)
				}
				if chunks != nil {
					at := 0
					for i, col := range streams {
						part := r.amts[at : at+chunks[i].n]
						at += chunks[i].n
						if p.totalLast {
							part = lastFirst(part)
						}
						readColumn(col, part, chunks[i].sols)
					}
					continue
				}
			}
			// A block of columns printed row by row.
			if len(lanes) < 2 {
				lanes = nil
				for _, c := range cols[next:] {
					lanes = append(lanes, c.Key)
				}
			}
			blocks = append(blocks, pendingBlock{lanes: lanes, amts: r.amts})
			for _, k := range lanes {
				taken[k] = true
			}
			next = colIdx[lanes[len(lanes)-1]] + 1
			continue
		}
		var cands []string
		switch {
		case len(lanes) == 1:
			cands = lanes
		case len(named) > 0:
			cands = named
		default:
			for _, c := range cols[min(next, len(cols)):] {
				if !taken[c.Key] {
					cands = append(cands, c.Key)
				}
			}
		}
		col, sols := b.rawColumn(s, tree, r.amts, cands)
		if col == "" && len(r.amts) > 1 && len(lanes) == 0 {
			// No column's stream: a block of columns printed row by
			// row, under a heading that need not be its own (raw text
			// prints a wrapped header's pieces between the blocks). Its
			// columns are those no stream is found for.
			unheaded = append(unheaded, r.amts)
			continue
		}
		if col == "" {
			b.leftover(s, r.amts)
			lost = true
			continue
		}
		if ri == len(runs)-1 && len(lanes) == 0 && len(named) > 1 {
			var open []string
			for _, k := range named {
				if !taken[k] && !slices.Contains(open, k) {
					open = append(open, k)
				}
			}
			if len(open) > 1 && slices.Contains(open, col) {
				if len(unheaded) > 0 {
					// The column that leaves the unheaded block one band
					// reading, if one does.
					if c := b.columnForBands(s, tree, keys, cols, taken, unsure, known, slices.Concat(unheaded...), open, r.amts, sols, p.totalLast); c != "" {
						col = c
					}
				} else {
					readColumns(open, r.amts, sols)
					continue
				}
			}
		}
		readColumn(col, r.amts, sols)
	}
	if len(unheaded) > 1 {
		// Runs no heading names are one block split by stray words.
		unheaded = [][]amt{slices.Concat(unheaded...)}
	}
	if len(unheaded) == 1 {
		var lanes []string
		for _, c := range cols {
			if !taken[c.Key] && unsure[c.Key] == nil {
				lanes = append(lanes, c.Key)
				taken[c.Key] = true
			}
		}
		blocks = append(blocks, pendingBlock{lanes: lanes, amts: unheaded[0], loose: true})
	} else {
		for _, a := range unheaded {
			b.leftover(s, a)
			lost = true
		}
	}
	if !lost {
		// Every stream of the page is some column's: a column none is
		// printed for is blank on this page.
		for _, c := range cols {
			if !taken[c.Key] && unsure[c.Key] == nil {
				known[c.Key] = make([]juesuan.Amount, len(keys))
			}
		}
	}
	for _, bl := range blocks {
		from := len(b.readings)
		if !b.rawBlock(s, tree, keys, bl.lanes, bl.amts, known) &&
			!(len(unsure) > 0 && !lost && b.rawBlockWith(s, tree, keys, bl.lanes, bl.amts, known, unsure)) &&
			!b.rawBands(s, tree, keys, bl.lanes, bl.amts, known, p.totalLast) {
			b.leftover(s, bl.amts)
			continue
		}
		if bl.loose && len(bl.lanes) > 1 {
			for _, rd := range b.readings[from:] {
				rd.loose = true
			}
		}
	}
	if names := p.names; len(names) >= len(codes) {
		// The names stream, in the codes' order, after the headings.
		names = names[len(names)-len(codes):]
		for i, c := range codes {
			b.res.Report.RowNames[juesuan.RowRef{Table: s.ts.Number, Row: c}] = names[i]
		}
	}
}

// runLanes lists the columns the words before a run name: by printed 栏次
// numbers, and by column headings.
func runLanes(heads []string, cols []juesuan.ColumnSpec) (byNo, byName []string) {
	for _, h := range heads {
		for _, c := range cols {
			switch {
			case reInt.MatchString(h) && h == c.Key:
				byNo = append(byNo, c.Key)
			case c.Name != "" && labelMatch(h, c.Name):
				byName = append(byName, c.Key)
			}
		}
	}
	return byNo, byName
}

// rawBlock cuts a block of adjacent columns printed row by row into rows,
// each row's printed cells in column order, blank cells dropped. A cut must
// keep the table's own arithmetic: each row's identities between columns
// (合计 = Σ parts, 年末 = 年初 + 收入 − 支出 …) wherever all their cells are
// in the block or in columns placed for sure (known), and each column's
// code hierarchy. Only a cut that is the one the arithmetic leaves is
// taken; which of a row's columns its amounts are in is left to the solver.
func (b *builder) rawBlock(s *section, tree *codeTree, keys, lanes []string, amts []amt, known map[string][]juesuan.Amount) bool {
	cuts := b.blockCuts(s, tree, keys, lanes, amts, known)
	if len(cuts) != 1 {
		return false
	}
	b.applyCut(s, keys, lanes, amts, cuts[0])
	return true
}

// blockCuts lists, up to two, the cuts of a block the arithmetic admits.
func (b *builder) blockCuts(s *section, tree *codeTree, keys, lanes []string, amts []amt, known map[string][]juesuan.Amount) [][]int {
	if len(lanes) == 0 || len(keys) == 0 {
		return nil
	}
	if cut := totalFirstCut(s.ts, keys, lanes, amts); cut != nil {
		return [][]int{cut}
	}
	bc := &blockCut{
		ts: s.ts, keys: keys, lanes: lanes, amts: amts, known: known,
		tol:    max(b.unit.Scale()/100, 1),
		rowIDs: b.rowIdentities(s.ts, keys),
		tree:   tree,
		budget: 200000,
	}
	return bc.cuts()
}

// applyCut reads each row of a cut block, its columns left to the solver.
func (b *builder) applyCut(s *section, keys, lanes []string, amts []amt, cut []int) {
	at := 0
	for i, n := range cut {
		if n == 0 {
			continue
		}
		var cands []juesuan.CellRef
		for _, k := range lanes {
			cands = append(cands, juesuan.CellRef{Table: s.ts.Number, Row: keys[i], Col: k})
		}
		b.readings = append(b.readings, &reading{s: s, row: keys[i], amts: amts[at : at+n], cands: cands})
		at += n
	}
}

// rawBlockWith cuts a block when the columns outside it leave some
// columns whose streams place several ways (a short stream: 基本支出
// printed for two rows): each combination of their placements is tried
// (up to maxBlockWith), and a combination and cut that are together the
// only ones the arithmetic admits are taken.
func (b *builder) rawBlockWith(s *section, tree *codeTree, keys, lanes []string, amts []amt, known map[string][]juesuan.Amount, unsure map[string]*reading) bool {
	cols := slices.Sorted(maps.Keys(unsure))
	n := 1
	for _, c := range cols {
		if n *= len(unsure[c].given); n > maxBlockWith || n == 0 {
			return false
		}
	}
	var hit []int
	var hitSols [][]int
	pick := make([][]int, len(cols))
	with := maps.Clone(known)
	var walk func(i int) bool
	walk = func(i int) bool {
		if i == len(cols) {
			cuts := b.blockCuts(s, tree, keys, lanes, amts, with)
			if len(cuts) == 0 {
				return true
			}
			if hit != nil || len(cuts) > 1 {
				return false
			}
			hit, hitSols = cuts[0], slices.Clone(pick)
			return true
		}
		rd := unsure[cols[i]]
		for _, sol := range rd.given {
			vals := make([]juesuan.Amount, len(keys))
			ok := true
			for j, r := range sol {
				if r < 0 || r >= len(keys) {
					ok = false
					break
				}
				vals[r] = rd.amts[j].v
			}
			if !ok {
				continue
			}
			with[cols[i]], pick[i] = vals, sol
			if !walk(i + 1) {
				return false
			}
		}
		return true
	}
	if !walk(0) || hit == nil {
		return false
	}
	for i, c := range cols {
		unsure[c].given = [][]int{hitSols[i]}
	}
	b.applyCut(s, keys, lanes, amts, hit)
	return true
}

// maxBlockWith bounds the combinations of placements rawBlockWith tries.
const maxBlockWith = 128

// totalFirstCut is the cut of a block that holds the whole row, its total
// first: each row is its total followed by the parts that add up to it.
// It returns nil when the amounts do not cut so.
func totalFirstCut(ts *juesuan.TableSpec, keys, lanes []string, amts []amt) []int {
	if len(lanes) != len(ts.Columns) || lanes[0] != ts.Columns[0].Key {
		return nil
	}
	var cut []int
	for i := 0; i < len(amts); {
		var sum juesuan.Amount
		j := i + 1
		for ; j < len(amts) && sum < amts[i].v; j++ {
			sum += amts[j].v
		}
		if (sum != amts[i].v && j > i+1) || j-i > len(lanes) {
			return nil
		}
		cut = append(cut, j-i)
		i = j
	}
	if len(cut) != len(keys) {
		return nil
	}
	return cut
}

// rowIdentities lists, per row key, the identities between the columns of
// that one row that the year's rules state.
func (b *builder) rowIdentities(ts *juesuan.TableSpec, keys []string) map[string][]juesuan.Identity {
	p, err := check.Cached(b.tpl)
	if err != nil {
		return nil
	}
	probe := juesuan.NewReport(b.res.Report.Year, b.tpl.ID)
	for _, k := range keys {
		for _, c := range ts.Columns {
			probe.Cells[juesuan.CellRef{Table: ts.Number, Row: k, Col: c.Key}] = juesuan.Wanyuan
		}
	}
	out := map[string][]juesuan.Identity{}
	for _, id := range p.Identities(probe) {
		if id.LHS.Table != ts.Number {
			continue
		}
		same := true
		for _, t := range id.Terms {
			same = same && t.Ref.Table == ts.Number && t.Ref.Row == id.LHS.Row
		}
		if same {
			out[id.LHS.Row] = append(out[id.LHS.Row], id)
		}
	}
	return out
}

// blockCut searches the cuts of a block printed row by row.
type blockCut struct {
	ts     *juesuan.TableSpec
	keys   []string
	lanes  []string
	amts   []amt
	known  map[string][]juesuan.Amount
	tol    juesuan.Amount
	rowIDs map[string][]juesuan.Identity
	tree   *codeTree
	budget int

	ends   [][]int            // row → the parents whose subtree ends there
	n      []int              // amounts per row of the cut being built
	lane   [][]int            // each row's lanes of the cut being built
	vals   [][]juesuan.Amount // lane → row → value of the cut being built
	found  [][]int
	failed bool
}

// cuts lists, up to two, the distinct cuts (amounts per row) the
// arithmetic admits; none when the search ran out of budget.
func (c *blockCut) cuts() [][]int {
	c.n = make([]int, len(c.keys))
	c.ends = make([][]int, len(c.keys))
	var last func(int) int
	last = func(i int) int {
		e := i
		for _, k := range c.tree.kids[i] {
			e = max(e, last(k))
		}
		return e
	}
	for p, kids := range c.tree.kids {
		if len(kids) > 0 && !c.tree.unbound[p] {
			e := last(p)
			c.ends[e] = append(c.ends[e], p)
		}
	}
	c.lane = make([][]int, len(c.keys))
	c.vals = make([][]juesuan.Amount, len(c.lanes))
	for i := range c.vals {
		c.vals[i] = make([]juesuan.Amount, len(c.keys))
	}
	c.walk(0, 0)
	if c.failed {
		return nil
	}
	return c.found
}

func (c *blockCut) walk(row, pos int) {
	if len(c.found) >= 2 || c.failed {
		return
	}
	if c.budget--; c.budget < 0 {
		c.failed = true
		return
	}
	if row == len(c.keys) {
		if pos == len(c.amts) {
			for _, f := range c.found {
				if slices.Equal(f, c.n) {
					return
				}
			}
			c.found = append(c.found, slices.Clone(c.n))
		}
		return
	}
	left := len(c.keys) - row - 1
	for n := 0; n <= len(c.lanes) && pos+n <= len(c.amts); n++ {
		if len(c.amts)-pos-n > left*len(c.lanes) {
			continue
		}
		c.n[row] = n
		eachChoice(len(c.lanes), n, func(ls []int) bool {
			for l := range c.lanes {
				c.vals[l][row] = 0
			}
			for j, l := range ls {
				c.vals[l][row] = c.amts[pos+j].v
			}
			if c.rowHolds(row) && c.subtreesHold(row) {
				c.lane[row] = ls
				c.walk(row+1, pos+n)
				// Which of the row's columns hold its amounts is the
				// solver's to choose; one choice that fits is enough here.
				return false
			}
			return !c.failed
		})
	}
	for l := range c.lanes {
		c.vals[l][row] = 0
	}
}

// rowHolds checks row's identities whose cells are all known.
func (c *blockCut) rowHolds(row int) bool {
	key := c.keys[row]
	value := func(col string) (juesuan.Amount, bool) {
		for l, k := range c.lanes {
			if k == col {
				return c.vals[l][row], true
			}
		}
		if v, ok := c.known[col]; ok {
			return v[row], true
		}
		return 0, false
	}
	for _, id := range c.rowIDs[key] {
		lhs, ok := value(id.LHS.Col)
		if !ok {
			continue
		}
		sum, all := juesuan.Amount(0), true
		for _, t := range id.Terms {
			v, ok := value(t.Ref.Col)
			if !ok {
				all = false
				break
			}
			if t.Neg {
				v = -v
			}
			sum += v
		}
		if !all {
			continue
		}
		d, slack := lhs-sum, c.tol*juesuan.Amount(len(id.Terms)+1)
		if d > slack || -d > slack {
			return false
		}
	}
	return true
}

// subtreesHold checks, in every lane, the parents whose last descendant
// is row against their children.
func (c *blockCut) subtreesHold(row int) bool {
	for _, p := range c.ends[row] {
		kids := c.tree.kids[p]
		for l := range c.lanes {
			v := c.vals[l]
			var sum juesuan.Amount
			for _, k := range kids {
				sum += v[k]
			}
			d, slack := v[p]-sum, c.tol*juesuan.Amount(len(kids)+1)
			if d > slack || -d > slack {
				return false
			}
		}
	}
	return true
}

// eachChoice calls f with every increasing choice of n of k lanes until f
// returns false.
func eachChoice(k, n int, f func([]int) bool) {
	ls := make([]int, n)
	var rec func(i, from int) bool
	rec = func(i, from int) bool {
		if i == n {
			return f(ls)
		}
		for l := from; l <= k-(n-i); l++ {
			ls[i] = l
			if !rec(i+1, l+1) {
				return false
			}
		}
		return true
	}
	rec(0, 0)
}

// placedFor gives each row's value of a column whose placements all agree,
// blank rows 0.
func placedFor(sols [][]int, amts []amt, rows int) ([]juesuan.Amount, bool) {
	if len(sols) == 0 {
		return nil, false
	}
	vals := make([]juesuan.Amount, rows)
	for i, r := range sols[0] {
		for _, o := range sols[1:] {
			if o[i] != r {
				return nil, false
			}
		}
		if r < 0 || r >= rows {
			return nil, false
		}
		vals[r] = amts[i].v
	}
	return vals, true
}

// rawColumn places one column's stream: among the candidate columns, the
// first under which the hierarchy admits a placement, preferring columns
// that are not usually blank. It returns the column and the placements
// (the row of each amount, -1 never).
func (b *builder) rawColumn(s *section, tree *codeTree, amts []amt, cands []string) (string, [][]int) {
	vals := make([]juesuan.Amount, len(amts))
	for i, a := range amts {
		vals[i] = a.v
	}
	sols := tree.place(vals, max(b.unit.Scale()/100, 1), maxPlacings)
	if len(sols) == 0 || len(cands) == 0 {
		return "", nil
	}
	best := ""
	for _, k := range cands {
		c, _ := s.ts.Column(k)
		if best == "" {
			best = k
		}
		if c != nil && !c.Rare {
			best = k
			break
		}
	}
	return best, sols
}

// pageSections gives each table the lines printed on its title's page
// before the title: raw text may print a page's left columns (the codes)
// before the block holding the title.
func (b *builder) pageSections() {
	if len(b.sections) > 0 {
		// The first table takes its page's lines from its 部门：line on.
		s := b.sections[0]
		page := b.doc.Lines[s.start].Page
		for i := s.start - 1; i >= 0 && b.doc.Lines[i].Page == page; i-- {
			if reDeptLine.MatchString(norm(b.doc.Lines[i].Text())) {
				s.lines = append(slices.Clone(b.doc.Lines[i:s.start]), s.lines...)
				break
			}
		}
	}
	for i := 1; i < len(b.sections); i++ {
		prev, s := b.sections[i-1], b.sections[i]
		page := b.doc.Lines[s.start].Page
		cut := len(prev.lines)
		for cut > 0 && prev.lines[cut-1].Page == page {
			cut--
		}
		if cut == len(prev.lines) {
			continue
		}
		// When the previous table ends on this page, its last block comes
		// first; the next table's own lines begin at its 部门：line, printed
		// once under each title.
		for i := len(prev.lines) - 1; i > cut; i-- {
			if reDeptLine.MatchString(norm(prev.lines[i].Text())) {
				cut = i
				break
			}
		}
		moved := append([]textimport.Line(nil), prev.lines[cut:]...)
		prev.lines = prev.lines[:cut]
		s.lines = append(moved, s.lines...)
	}
}

// reDeptLine is the line naming the unit under a table's title.
var reDeptLine = regexp.MustCompile(`^(?:部门|单位名称|编制单位|填报单位|公开部门)[:：]`)

func columnHeading(ts *juesuan.TableSpec, t string) bool {
	for _, c := range ts.Columns {
		if c.Name != "" && labelMatch(t, c.Name) {
			return true
		}
	}
	return false
}

// notName tells the words printed among a code table's names that name no
// row: the code column's own headings (科目名称 …), and the table's note
// and printed formulas, which raw text may give before the amounts. Taken
// for names, they would shift every row's name by one.
func notName(nt string) bool {
	return reHeadWord.MatchString(nt) || strings.HasPrefix(nt, "注") || strings.ContainsAny(nt, "=＝")
}

// chunk is one column's stream of a run: its length and placements.
type chunk struct {
	n    int
	sols [][]int
}

// columnChunks cuts a run into k consecutive column streams, each placing
// under the page's hierarchy, when exactly one cut does; nil otherwise.
func (b *builder) columnChunks(tree *codeTree, amts []amt, k int, totalLast bool) []chunk {
	budget := maxBlockPlacings
	sp := b.newSpans(tree, amts, totalLast, &budget)
	place := sp.place
	var found []chunk
	hits := 0
	eachCut(len(amts), k, func(cut []int) bool {
		at := 0
		var cs []chunk
		for _, n := range cut {
			if n == 0 {
				return true // a column named by the heading prints something
			}
			sols, ok := place(at, n)
			if !ok {
				hits = 2
				return false
			}
			if len(sols) == 0 {
				return true
			}
			cs = append(cs, chunk{n: n, sols: sols})
			at += n
		}
		hits++
		found = cs
		return hits < 2
	})
	if hits != 1 {
		return nil
	}
	return found
}

// lastFirst moves a stream's last amount (its 合计) to the front.
func lastFirst(a []amt) []amt {
	if len(a) < 2 {
		return a
	}
	return append([]amt{a[len(a)-1]}, a[:len(a)-1]...)
}

// spans places runs of a stream of amounts (amts[from:from+n]) under a
// code tree, each run once, within a budget a search shares; with
// totalLast each run ends with its 合计, which the tree has first.
type spans struct {
	tree      *codeTree
	amts      []amt
	tol       juesuan.Amount
	totalLast bool
	budget    *int
	memo      map[[2]int][][]int
}

func (b *builder) newSpans(tree *codeTree, amts []amt, totalLast bool, budget *int) *spans {
	return &spans{tree: tree, amts: amts, tol: max(b.unit.Scale()/100, 1), totalLast: totalLast, budget: budget, memo: map[[2]int][][]int{}}
}

// order gives the stream's index of each of a run's amounts, in the
// tree's order.
func (sp *spans) order(from, n int) []int {
	pos := make([]int, n)
	for i := range n {
		pos[i] = from + i
	}
	if sp.totalLast && n > 1 {
		pos = append([]int{pos[n-1]}, pos[:n-1]...)
	}
	return pos
}

// place returns the placements of a run (rows of the tree, in order's
// order), and false when the budget is spent.
func (sp *spans) place(from, n int) ([][]int, bool) {
	key := [2]int{from, n}
	if sols, ok := sp.memo[key]; ok {
		return sols, true
	}
	if *sp.budget--; *sp.budget < 0 {
		return nil, false
	}
	var vals []juesuan.Amount
	for _, i := range sp.order(from, n) {
		vals = append(vals, sp.amts[i].v)
	}
	sols := sp.tree.place(vals, sp.tol, maxPlacings)
	sp.memo[key] = sols
	return sols, true
}
