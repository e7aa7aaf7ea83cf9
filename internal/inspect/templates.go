package inspect

import (
	"github.com/juesuan/juesuan/internal/identify"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Candidates describes the template families for identify.Match: one
// candidate per family and year (as `juesuan identify` does).
func Candidates(l *yearspec.Loader) ([]identify.Candidate, error) {
	var cands []identify.Candidate
	for _, f := range l.Families() {
		for y := f.Years[0]; y <= f.Years[1]; y++ {
			t, err := l.For(f.ID, y)
			if err != nil {
				return nil, err
			}
			c := identify.Candidate{ID: t.ID, Years: [2]int{y, y}, Kinds: t.Kinds, Regions: t.Regions, Attached: t.Attached}
			if len(c.Kinds) == 0 {
				c.Kinds = []string{identify.DeptFinal, identify.UnitFinal}
			}
			for _, ts := range t.Tables {
				c.Titles = append(c.Titles, ts.Title)
			}
			cands = append(cands, c)
		}
	}
	return cands, nil
}
