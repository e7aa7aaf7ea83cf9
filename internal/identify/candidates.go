package identify

import "github.com/juesuan/juesuan/internal/yearspec"

// Candidates describes the template families of l for Match: one
// candidate per family and year, since a family's tables can change with
// the year; a 单位决算 prints the same tables as a 部门决算.
func Candidates(l *yearspec.Loader) ([]Candidate, error) {
	var cands []Candidate
	for _, f := range l.Families() {
		for y := f.Years[0]; y <= f.Years[1]; y++ {
			t, err := l.For(f.ID, y)
			if err != nil {
				return nil, err
			}
			c := Candidate{ID: t.ID, Years: [2]int{y, y}, Kinds: t.Kinds, Regions: t.Regions, Attached: t.Attached}
			if len(c.Kinds) == 0 {
				c.Kinds = []string{DeptFinal, UnitFinal}
			}
			for _, ts := range t.Tables {
				c.Titles = append(c.Titles, ts.Title)
			}
			cands = append(cands, c)
		}
	}
	return cands, nil
}
