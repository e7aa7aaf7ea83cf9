package audit

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// A generic table is known by its title alone: no rule is written for it,
// so the audit says so once per table that holds data, lest a reader take
// the silence for a pass.
func init() { Register(genericFindings) }

func genericFindings(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	has := map[int]bool{}
	for c := range r.Cells {
		has[c.Table] = true
	}
	var out []juesuan.Finding
	for _, ts := range r.Tables(t) {
		if !ts.IsGeneric() || !has[ts.Number] {
			continue
		}
		out = append(out, juesuan.Finding{
			Rule: "G1.generic", Severity: juesuan.SevInfo, Cells: []string{}, Where: ts.Code(),
			Message: fmt.Sprintf("%s「%s」按标题识别，未做审核（模板只知道表名）", ts.Code(), ts.Title),
		})
	}
	return out
}
