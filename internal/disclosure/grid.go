package disclosure

import "github.com/juesuan/juesuan"

// newGrid returns rows×cols blank single cells.
func newGrid(rows, cols int) [][]Cell {
	g := make([][]Cell, rows)
	for i := range g {
		g[i] = make([]Cell, cols)
		for j := range g[i] {
			g[i][j] = Cell{ColSpan: 1, RowSpan: 1}
		}
	}
	return g
}

// put places c at (r, col) and marks the cells under its span covered.
func put(g [][]Cell, r, col int, c Cell) {
	if c.ColSpan < 1 {
		c.ColSpan = 1
	}
	if c.RowSpan < 1 {
		c.RowSpan = 1
	}
	if r < 0 || r >= len(g) || col < 0 || col >= len(g[r]) {
		return // a layout narrower than its data: drop, never crash
	}
	for i := r; i < r+c.RowSpan && i < len(g); i++ {
		for j := col; j < col+c.ColSpan && j < len(g[i]); j++ {
			g[i][j] = Cell{Covered: true, ColSpan: 1, RowSpan: 1}
		}
	}
	g[r][col] = c
}

// headerGrid lays out printed header rows (HTML span semantics) on a grid
// of cols columns. A blank header cell under a cell whose columns it fully
// covers continues that cell downwards: the templates transcribe printed
// headers whose merged cells lost their vertical span.
func headerGrid(rows [][]juesuan.HeadCell, cols int) [][]Cell {
	g := newGrid(len(rows), cols)
	type pos struct{ r, c int }
	owner := make([][]pos, len(rows))
	for i := range owner {
		owner[i] = make([]pos, cols)
		for j := range owner[i] {
			owner[i][j] = pos{-1, -1}
		}
	}
	for r, row := range rows {
		c := 0
		for _, h := range row {
			for c < cols && owner[r][c].r >= 0 {
				c++
			}
			if c >= cols {
				break
			}
			cs, rs := max(h.ColSpan, 1), max(h.RowSpan, 1)
			cs = min(cs, cols-c)
			rs = min(rs, len(rows)-r)
			put(g, r, c, Cell{Text: h.Text, ColSpan: cs, RowSpan: rs, Align: Center, Bold: true})
			for i := r; i < r+rs; i++ {
				for j := c; j < c+cs; j++ {
					owner[i][j] = pos{r, c}
				}
			}
			c += cs
		}
	}
	for r := 1; r < len(g); r++ {
		for c := 0; c < cols; c++ {
			x := g[r][c]
			if x.Covered || x.Text != "" || x.RowSpan != 1 {
				continue
			}
			lo, hi := c, c+x.ColSpan
			absorbed := make([]bool, x.ColSpan)
			for j := lo; j < hi; j++ {
				a := owner[r-1][j]
				if a.r < 0 {
					continue
				}
				above := &g[a.r][a.c]
				if a.c < lo || a.c+above.ColSpan > hi || a.r+above.RowSpan != r {
					continue
				}
				above.RowSpan++
				for k := a.c; k < a.c+above.ColSpan; k++ {
					absorbed[k-lo] = true
					owner[r][k] = a
				}
				j = a.c + above.ColSpan - 1
			}
			// Rebuild the row segment: absorbed columns are covered, the
			// rest become blank cells.
			for j := lo; j < hi; j++ {
				if absorbed[j-lo] {
					g[r][j] = Cell{Covered: true, ColSpan: 1, RowSpan: 1}
					continue
				}
				k := j
				for k < hi && !absorbed[k-lo] {
					k++
				}
				put(g, r, j, Cell{ColSpan: k - j, Align: Center})
				for m := j; m < k; m++ {
					owner[r][m] = pos{r, j}
				}
				j = k - 1
			}
			c = hi - 1
		}
	}
	return g
}
