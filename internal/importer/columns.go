package importer

import (
	"math"
	"sort"
)

// colMapper maps printed amounts to columns. Header text is centred and
// pdftotext may compress it, so the header only gives the columns' order
// and rough place: the amounts of each page are grouped by their right
// edge (amounts are right-aligned) and the groups are matched with the
// header columns in order, at the least total distance.
type colMapper struct {
	cols []string
	// per page: group right edges and the column index of each group
	groups map[int][]float64
	colOf  map[int][]int
	tol    float64
}

func newColMapper(cols []string, anc map[string]float64, amts []amt) *colMapper {
	m := &colMapper{cols: cols, groups: map[int][]float64{}, colOf: map[int][]int{}, tol: 2.5}
	xs := anchorsInOrder(cols, anc)
	edges := map[int][]float64{}
	for _, a := range amts {
		if a.line.Tabbed {
			m.tol = 0.5
		}
		edges[a.line.Page] = append(edges[a.line.Page], a.cell.End)
	}
	for page, es := range edges {
		sort.Float64s(es)
		var gs []float64
		var n int
		for i, e := range es {
			if i == 0 || e-es[i-1] > m.tol {
				gs = append(gs, e)
				n = 1
				continue
			}
			n++
			gs[len(gs)-1] += (e - gs[len(gs)-1]) / float64(n)
		}
		m.groups[page] = gs
		m.colOf[page] = match(gs, xs)
	}
	return m
}

// col returns the column index of an amount, or -1.
func (m *colMapper) col(a amt) int {
	gs := m.groups[a.line.Page]
	best, bd := -1, math.Inf(1)
	for i, g := range gs {
		if d := math.Abs(g - a.cell.End); d < bd {
			best, bd = i, d
		}
	}
	if best < 0 {
		return -1
	}
	return m.colOf[a.line.Page][best]
}

// anchorsInOrder returns a position for every column: the header's, or
// interpolated between found neighbours so that the order is kept.
func anchorsInOrder(cols []string, anc map[string]float64) []float64 {
	xs := make([]float64, len(cols))
	known := make([]bool, len(cols))
	for i, k := range cols {
		xs[i], known[i] = anc[k]
	}
	step := 8.0
	var firstKnown = -1
	for i := range cols {
		if known[i] {
			firstKnown = i
			break
		}
	}
	if firstKnown < 0 {
		for i := range xs {
			xs[i] = float64(i) * step
		}
		return xs
	}
	for i := firstKnown - 1; i >= 0; i-- {
		xs[i] = xs[i+1] - step
	}
	for i := firstKnown + 1; i < len(cols); i++ {
		if known[i] {
			continue
		}
		j := i
		for j < len(cols) && !known[j] {
			j++
		}
		if j < len(cols) {
			xs[i] = xs[i-1] + (xs[j]-xs[i-1])/float64(j-i+1)
		} else {
			xs[i] = xs[i-1] + step
		}
	}
	return xs
}

// match assigns ascending groups to ascending anchors one-to-one at the
// least total distance; groups beyond the anchors go to the nearest one.
func match(gs, xs []float64) []int {
	m, k := len(gs), len(xs)
	out := make([]int, m)
	if m == 0 || k == 0 {
		for i := range out {
			out[i] = -1
		}
		return out
	}
	if m > k {
		for i, g := range gs {
			best, bd := 0, math.Inf(1)
			for j, x := range xs {
				if d := math.Abs(g - x); d < bd {
					best, bd = j, d
				}
			}
			out[i] = best
		}
		return out
	}
	inf := math.Inf(1)
	// dp[i][j]: cost of placing groups[:i] among anchors[:j].
	dp := make([][]float64, m+1)
	for i := range dp {
		dp[i] = make([]float64, k+1)
		for j := range dp[i] {
			dp[i][j] = inf
		}
	}
	for j := 0; j <= k; j++ {
		dp[0][j] = 0
	}
	for i := 1; i <= m; i++ {
		for j := i; j <= k; j++ {
			skip := dp[i][j-1]
			take := dp[i-1][j-1] + math.Abs(gs[i-1]-xs[j-1])
			dp[i][j] = math.Min(skip, take)
		}
	}
	i, j := m, k
	for i > 0 {
		if dp[i][j] == dp[i][j-1] && j > i {
			j--
			continue
		}
		out[i-1] = j - 1
		i--
		j--
	}
	return out
}
