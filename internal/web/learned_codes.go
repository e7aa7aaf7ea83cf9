package web

import (
	"context"
	"fmt"

	"github.com/juesuan/juesuan"
)

// learnedName looks for a code the shipped catalog lacks in the reports
// already stored for the year (imported or entered): the name printed
// beside it there, and which report it comes from. The catalog grows with
// use without anyone's entry being changed: the name is only offered.
func (s *Server) learnedName(ctx context.Context, catalog string, year int, code string) (name, source string) {
	reps, err := s.st.Reports(ctx, year)
	if err != nil {
		return "", ""
	}
	tr, err := s.tree(ctx)
	if err != nil {
		return "", ""
	}
	u := userFrom(ctx)
	for _, in := range reps {
		// Only reports the user may read (their units', or published).
		if !juesuan.CanReadReport(u, tr.ancestors(in.Key.Unit), in.State) {
			continue
		}
		a, err := s.load(ctx, in.Key, in.Current)
		if err != nil {
			continue
		}
		for _, ts := range a.Report.Tables(a.Tpl) {
			if ts.Catalog != catalog {
				continue
			}
			if n := a.Report.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]; n != "" {
				unit := in.Key.Unit
				if a.Report.Unit.Name != "" {
					unit = a.Report.Unit.Name
				}
				return n, fmt.Sprintf("%s %d 年度报表第 %d 版%s", unit, in.Key.Year, in.Current, ts.Code())
			}
		}
	}
	return "", ""
}
