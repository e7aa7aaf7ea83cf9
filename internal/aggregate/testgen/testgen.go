// Package testgen generates a deterministic unit tree with consistent
// reports, for aggregation tests and benchmarks.
package testgen

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// Tree returns n units: a 部门 root "D", about √n second-level units under
// it and the rest spread under those, parents before children.
func Tree(n int) []juesuan.Unit {
	if n < 1 {
		return nil
	}
	units := []juesuan.Unit{{Code: "D", Name: "生成部门", Kind: juesuan.KindAdministrative}}
	mid := 1
	for mid*mid < n {
		mid++
	}
	for i := 1; i < n; i++ {
		u := juesuan.Unit{Code: fmt.Sprintf("U%05d", i), Name: fmt.Sprintf("生成单位%d", i), Kind: juesuan.KindInstitution, Parent: "D"}
		if i > mid {
			u.Parent = fmt.Sprintf("U%05d", 1+(i-mid-1)%mid)
		}
		units = append(units, u)
	}
	return units
}

// Report derives unit i's report from a consistent base report (blank
// totals filled) by scaling every cell by a factor in 1…9: sums, and so
// every audit equality, still hold. tpl is base's layout.
func Report(tpl *juesuan.Template, base *juesuan.Report, i int) *juesuan.Report {
	k := juesuan.Amount(1 + i%9)
	r := juesuan.NewReport(base.Year, base.Template)
	r.MoneyUnit = base.MoneyUnit
	r.Complete = base.Complete // a multiple of a complete report is complete
	for c, v := range base.Cells {
		r.Cells[c] = v * k
	}
	for rr, n := range base.RowNames {
		r.RowNames[rr] = n
	}
	r.Prior = juesuan.PriorYear{Year: base.Year - 1}
	if c, ok := tpl.Key("income_total"); ok {
		total := base.Cells[c] * k
		r.Prior.Total = &total
	}
	r.Unit = juesuan.Profile{Code: fmt.Sprintf("U%05d", i), Staff: juesuan.Staff{InService: int(k)}}
	return r
}
