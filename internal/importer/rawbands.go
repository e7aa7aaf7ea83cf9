package importer

import (
	"maps"
	"slices"

	"github.com/juesuan/juesuan"
)

// Raw text of a code table whose rows are not all one line high (a long
// name wrapped over two lines) prints its amounts in bands: pdftotext
// reads the rows between two tall rows as one block, each column's cells
// of the block top to bottom, blank cells gone, then the next block. So
// the 合计 row first (合计 | 财政拨款 | 其他收入, row by row), then rows
// 201 … 2080501 column after column, then the tall row 2080505 on its own.
// A band's first column (the row's total) has a cell on every row, so its
// length is the band's height; which rows a sparse column's cells are in
// is what each row's identity (total = Σ its columns) and each column's
// hierarchy (类 = Σ 款 = Σ 项) admit. Only a reading that is the one the
// arithmetic leaves is taken.

// bandCut searches the band readings of a block.
type bandCut struct {
	*blockCut
	order    []int         // the rows in printed order (tree indices)
	complete map[int][]int // printed position → the parents complete there
	neg      bool          // an amount is negative: no partial-sum bound
	idx      [][]int       // lane → row → the amount there, -1 blank
	// budget is, when no lane is the rows' total, what each row's total
	// leaves to the block's lanes.
	budget []juesuan.Amount
	steps  int
	found  [][][]int // idx of each reading found
}

// maxBandSteps bounds the search; maxBandReadings the readings kept.
const (
	maxBandSteps    = 400000
	maxBandReadings = 64
)

// bandReadings returns the band readings the arithmetic admits, each as
// lane → row (tree order) → the index of the amount in that cell (-1
// blank), with the 合计 row printed first or, when totalLast, last; nil
// when none, or too many to tell.
func (b *builder) bandReadings(s *section, tree *codeTree, keys, lanes []string, amts []amt, known map[string][]juesuan.Amount, totalLast bool) [][][]int {
	if len(lanes) == 0 || len(keys) == 0 {
		return nil
	}
	first := s.ts.Columns[0].Key
	dense := lanes[0] == first
	if !dense && known[first] == nil {
		return nil
	}
	bc := &bandCut{blockCut: &blockCut{
		ts: s.ts, keys: keys, lanes: lanes, amts: amts, known: known,
		tol:    max(b.unit.Scale()/100, 1),
		rowIDs: b.rowIdentities(s.ts, keys),
		tree:   tree,
	}}
	bc.vals = make([][]juesuan.Amount, len(lanes))
	bc.idx = make([][]int, len(lanes))
	for i := range bc.vals {
		bc.vals[i] = make([]juesuan.Amount, len(keys))
		bc.idx[i] = make([]int, len(keys))
		for j := range bc.idx[i] {
			bc.idx[i][j] = -1
		}
	}
	all := make([]int, len(keys))
	for i := range keys {
		all[i] = i
	}
	if totalLast && keys[0] == "total" {
		all = append(all[1:], 0)
	}
	if dense {
		bc.order = all
	} else {
		// The block holds the columns of a row that the columns read
		// outside it leave: the rows with something left are its rows.
		bc.budget = make([]juesuan.Amount, len(keys))
		for _, r := range all {
			left := known[first][r]
			for col, vals := range known {
				if col != first && !slices.Contains(lanes, col) {
					left -= vals[r]
				}
			}
			bc.budget[r] = left
			if left > bc.tol {
				bc.order = append(bc.order, r)
			}
		}
	}
	if len(amts) < len(bc.order) && dense || len(bc.order) == 0 {
		return nil
	}
	pos := make([]int, len(keys))
	for i := range pos {
		pos[i] = -1
	}
	for p, r := range bc.order {
		pos[r] = p
	}
	bc.complete = map[int][]int{}
	for p, kids := range tree.kids {
		if len(kids) == 0 || tree.unbound[p] {
			continue
		}
		at := pos[p]
		for _, k := range kids {
			at = max(at, pos[k])
		}
		if at >= 0 { // else blank in every lane
			bc.complete[at] = append(bc.complete[at], p)
		}
	}
	for _, a := range amts {
		bc.neg = bc.neg || a.v < 0
	}
	bc.band(0, 0)
	if len(bc.found) == 0 || len(bc.found) >= maxBandReadings || bc.steps > maxBandSteps {
		return nil
	}
	return bc.found
}

// band reads the bands from printed row r and amount pos on.
func (c *bandCut) band(r, pos int) {
	if len(c.found) >= maxBandReadings || c.steps > maxBandSteps {
		return
	}
	if r == len(c.order) {
		if pos == len(c.amts) {
			c.record()
		}
		return
	}
	if c.budget != nil {
		// No lane has a cell on every row: each lane's rows are chosen.
		for e := r + 1; e <= len(c.order); e++ {
			c.lane(0, r, e, pos)
		}
		return
	}
	for e := r + 1; e <= len(c.order) && pos+(e-r) <= len(c.amts); e++ {
		// The first lane has a cell on every row of the band.
		for i := r; i < e; i++ {
			c.vals[0][c.order[i]] = c.amts[pos+i-r].v
			c.idx[0][c.order[i]] = pos + i - r
		}
		if c.laneHolds(0, r, e) {
			c.lane(1, r, e, pos+(e-r))
		}
		for i := r; i < e; i++ {
			c.vals[0][c.order[i]], c.idx[0][c.order[i]] = 0, -1
		}
	}
}

// lane places the next lane's cells of band [r, e) from amount pos on.
func (c *bandCut) lane(l, r, e, pos int) {
	if c.steps++; c.steps > maxBandSteps || len(c.found) >= maxBandReadings {
		return
	}
	if l == len(c.lanes) {
		if c.bandHolds(r, e) {
			c.band(e, pos)
		}
		return
	}
	m := e - r
	for k := 0; k <= m && pos+k <= len(c.amts); k++ {
		eachChoice(m, k, func(rows []int) bool {
			if c.steps++; c.steps > maxBandSteps {
				return false
			}
			ok := true
			for j, i := range rows {
				row := c.order[r+i]
				c.vals[l][row], c.idx[l][row] = c.amts[pos+j].v, pos+j
				ok = ok && c.partialOK(row, l)
			}
			if ok && c.laneHolds(l, r, e) {
				c.lane(l+1, r, e, pos+k)
			}
			for _, i := range rows {
				c.vals[l][c.order[r+i]], c.idx[l][c.order[r+i]] = 0, -1
			}
			return c.steps <= maxBandSteps && len(c.found) < maxBandReadings
		})
	}
}

// partialOK bounds a row's parts so far by its total (lane 0), the amounts
// being positive: a part larger than what is left cannot be the row's.
func (c *bandCut) partialOK(row, upTo int) bool {
	if c.neg {
		return true
	}
	if c.budget != nil {
		var sum juesuan.Amount
		for l := 0; l <= upTo; l++ {
			sum += c.vals[l][row]
		}
		return sum <= c.budget[row]+c.tol*juesuan.Amount(upTo+1)
	}
	var sum juesuan.Amount
	for l := 1; l <= upTo; l++ {
		sum += c.vals[l][row]
	}
	return sum <= c.vals[0][row]+c.tol*juesuan.Amount(upTo)
}

// bandHolds checks the rows of band [r, e): each lane's parents are
// checked as the lane is placed (laneHolds).
func (c *bandCut) bandHolds(r, e int) bool {
	for i := r; i < e; i++ {
		row := c.order[i]
		if !c.rowHolds(row) {
			return false
		}
		if c.budget != nil {
			var sum juesuan.Amount
			for l := range c.lanes {
				sum += c.vals[l][row]
			}
			if d, slack := c.budget[row]-sum, c.tol*juesuan.Amount(len(c.lanes)); d > slack || -d > slack {
				return false
			}
		}
	}
	return true
}

// laneHolds checks, in lane l, the parents whose rows and children are
// all placed once band [r, e) is.
func (c *bandCut) laneHolds(l, r, e int) bool {
	for i := r; i < e; i++ {
		for _, p := range c.complete[i] {
			kids := c.tree.kids[p]
			var sum juesuan.Amount
			for _, k := range kids {
				sum += c.vals[l][k]
			}
			d, slack := c.vals[l][p]-sum, c.tol*juesuan.Amount(len(kids)+1)
			if d > slack || -d > slack {
				return false
			}
		}
	}
	return true
}

// record keeps a reading found, unless it places the same values as one
// already found (equal amounts exchanged).
func (c *bandCut) record() {
	for _, f := range c.found {
		same := true
		for l := range f {
			for row, i := range f[l] {
				v := juesuan.Amount(0)
				if i >= 0 {
					v = c.amts[i].v
				}
				same = same && v == c.vals[l][row]
			}
		}
		if same {
			return
		}
	}
	out := make([][]int, len(c.idx))
	for l := range c.idx {
		out[l] = slices.Clone(c.idx[l])
	}
	c.found = append(c.found, out)
}

// rawBands reads a block as bands (the 合计 row printed first, or last),
// if the arithmetic leaves the rows of its amounts one way. Where it
// leaves several columns for them (a stream of 6.20 as 其他收入 or as 事业
// 收入: a row's total holds alike), each row is a reading whose options are
// those columns: the solver weighs them with the other tables and says
// the ties as the import's doubt.
func (b *builder) rawBands(s *section, tree *codeTree, keys, lanes []string, amts []amt, known map[string][]juesuan.Amount, totalLast bool) bool {
	found := b.bandReadings(s, tree, keys, lanes, amts, known, totalLast)
	if found == nil && keys[0] == "total" {
		found = b.bandReadings(s, tree, keys, lanes, amts, known, !totalLast)
	}
	if found == nil {
		return false
	}
	// The likeliest first, the solver's starting point: the fewest cells
	// in columns that are usually blank.
	rare := func(f [][]int) int {
		n := 0
		for l, rows := range f {
			if c, ok := s.ts.Column(lanes[l]); ok && c.Rare {
				for _, i := range rows {
					if i >= 0 {
						n++
					}
				}
			}
		}
		return n
	}
	slices.SortStableFunc(found, func(a, b [][]int) int { return rare(a) - rare(b) })
	// rowOf[i]: the row amount i is in, the same in every reading.
	rowOf := make([]int, len(amts))
	for i := range rowOf {
		rowOf[i] = -1
	}
	for n, f := range found {
		for _, rows := range f {
			for row, i := range rows {
				if i < 0 {
					continue
				}
				if n == 0 {
					rowOf[i] = row
				} else if rowOf[i] != row {
					return false
				}
			}
		}
	}
	for row, key := range keys {
		var rd *reading
		for _, f := range found {
			var opt []int
			for l := range lanes {
				if i := f[l][row]; i >= 0 {
					opt = append(opt, l)
				}
			}
			if len(opt) == 0 {
				break
			}
			if rd == nil {
				rd = &reading{s: s, row: key}
				for l := range opt {
					rd.amts = append(rd.amts, amts[f[opt[l]][row]])
				}
				for _, k := range lanes {
					rd.cands = append(rd.cands, juesuan.CellRef{Table: s.ts.Number, Row: key, Col: k})
				}
			}
			if !slices.ContainsFunc(rd.given, func(g []int) bool { return slices.Equal(g, opt) }) {
				rd.given = append(rd.given, opt)
			}
		}
		if rd != nil {
			b.readings = append(b.readings, rd)
		}
	}
	return true
}

// columnForBands picks, of the columns a page's last stream may be (its
// heading names several), the one with which a block no heading names
// reads as bands one way; "" when none or several do.
func (b *builder) columnForBands(s *section, tree *codeTree, keys []string, cols []juesuan.ColumnSpec, taken map[string]bool, unsure map[string]*reading, known map[string][]juesuan.Amount, block []amt, open []string, amts []amt, sols [][]int, totalLast bool) string {
	vals, ok := placedFor(sols, amts, len(keys))
	if !ok {
		return ""
	}
	hit := ""
	for _, col := range open {
		with := maps.Clone(known)
		with[col] = vals
		var lanes []string
		for _, c := range cols {
			if !taken[c.Key] && unsure[c.Key] == nil && c.Key != col {
				lanes = append(lanes, c.Key)
			}
		}
		found := b.bandReadings(s, tree, keys, lanes, block, with, totalLast)
		if found == nil && keys[0] == "total" {
			found = b.bandReadings(s, tree, keys, lanes, block, with, !totalLast)
		}
		if found == nil {
			continue
		}
		if hit != "" {
			return ""
		}
		hit = col
	}
	return hit
}
