package aggregate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
)

// SumFacts adds the facts of several reports: prior-year figures, budgets
// (by 功能分类 code), 三公 counts, procurement, assets, staff and
// performance funds. A stated amount (a pointer fact) is summed only when
// every input states it, since a partial sum would be a wrong figure.
// Texts that belong to one unit (published text, key work, glossary,
// scoring sheets) are not carried over; the aggregate's document is
// generated. units labels the inputs for joined reasons.
func SumFacts(in []*juesuan.Facts, units []string) juesuan.Facts {
	var out juesuan.Facts
	if len(in) == 0 {
		return out
	}
	out.Prior.Closing = map[string]juesuan.Amount{}
	budgetIdx := map[string]int{}
	var budgetReasons [][]reason
	ptrs := struct{ total, fiscal, expense, operating, ubudget, uexec []*juesuan.Amount }{}
	for i, f := range in {
		s := &out.Unit.Staff
		st := f.Unit.Staff
		s.InService += st.InService
		s.Administrative += st.Administrative
		s.Institution += st.Institution
		s.CivilManaged += st.CivilManaged
		s.Retired += st.Retired
		s.Lixiu += st.Lixiu
		s.Tuixiu += st.Tuixiu

		if out.Prior.Year == 0 {
			out.Prior.Year = f.Prior.Year
		}
		ptrs.total = append(ptrs.total, f.Prior.Total)
		ptrs.fiscal = append(ptrs.fiscal, f.Prior.FiscalTotal)
		ptrs.expense = append(ptrs.expense, f.Prior.FiscalExpense)
		ptrs.operating = append(ptrs.operating, f.Operating)
		ptrs.ubudget = append(ptrs.ubudget, f.Performance.UnitBudget)
		ptrs.uexec = append(ptrs.uexec, f.Performance.UnitExecuted)
		for k, v := range f.Prior.Closing {
			out.Prior.Closing[k] += v
		}

		for _, b := range f.Budgets {
			j, ok := budgetIdx[b.Code]
			if !ok {
				j = len(out.Budgets)
				budgetIdx[b.Code] = j
				out.Budgets = append(out.Budgets, juesuan.BudgetLine{Code: b.Code, Name: b.Name})
				budgetReasons = append(budgetReasons, nil)
			}
			out.Budgets[j].Amount += b.Amount
			if b.Reason != "" {
				label := ""
				if i < len(units) && len(in) > 1 {
					label = units[i]
				}
				budgetReasons[j] = append(budgetReasons[j], reason{label, b.Reason})
			}
		}

		sg := &out.SanGong
		sg.Groups += f.SanGong.Groups
		sg.Persons += f.SanGong.Persons
		sg.CarsBought += f.SanGong.CarsBought
		sg.CarsHeld += f.SanGong.CarsHeld
		sg.Receptions += f.SanGong.Receptions
		sg.ReceptionPers += f.SanGong.ReceptionPers

		pr := &out.Procurement
		pr.Total += f.Procurement.Total
		pr.Goods += f.Procurement.Goods
		pr.Works += f.Procurement.Works
		pr.Services += f.Procurement.Services
		pr.SME += f.Procurement.SME

		a := &out.Assets
		a.Vehicles += f.Assets.Vehicles
		a.GeneralEquip50 += f.Assets.GeneralEquip50
		a.SpecialEq100 += f.Assets.SpecialEq100

		pf := &out.Performance
		pf.Projects += f.Performance.Projects
		pf.ProjectFunds += f.Performance.ProjectFunds
		pf.Units += f.Performance.Units
		pf.UnitFunds += f.Performance.UnitFunds
	}
	for j := range out.Budgets {
		out.Budgets[j].Reason = summariseReasons(budgetReasons[j])
	}
	if len(out.Prior.Closing) == 0 {
		out.Prior.Closing = nil
	}
	out.Prior.Total = sumAll(ptrs.total)
	out.Prior.FiscalTotal = sumAll(ptrs.fiscal)
	out.Prior.FiscalExpense = sumAll(ptrs.expense)
	out.Operating = sumAll(ptrs.operating)
	out.Performance.UnitBudget = sumAll(ptrs.ubudget)
	out.Performance.UnitExecuted = sumAll(ptrs.uexec)
	return out
}

// sumAll adds stated amounts, or returns nil if any input left it unstated.
func sumAll(ps []*juesuan.Amount) *juesuan.Amount {
	var t juesuan.Amount
	for _, p := range ps {
		if p == nil {
			return nil
		}
		t += *p
	}
	return &t
}

// reason is one unit's explanation of a budget difference.
type reason struct{ unit, text string }

// Bounds of a summarised reason: the aggregate of thousands of units must
// stay a readable text under the report file's text limit.
const (
	maxReasonKinds = 5   // distinct explanations shown
	maxReasonUnits = 3   // units named per explanation
	maxReasonRunes = 200 // runes of one explanation
)

// summariseReasons joins the units' explanations: each distinct text once,
// most frequent first, with the units that gave it (the first few and a
// count), at most maxReasonKinds texts and a count of the rest.
func summariseReasons(rs []reason) string {
	type group struct {
		text  string
		units []string
		n     int
	}
	var groups []*group
	idx := map[string]*group{}
	for _, r := range rs {
		g, ok := idx[r.text]
		if !ok {
			g = &group{text: r.text}
			idx[r.text] = g
			groups = append(groups, g)
		}
		g.n++
		if r.unit != "" && len(g.units) < maxReasonUnits {
			g.units = append(g.units, r.unit)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].n > groups[j].n })
	var parts []string
	rest, restUnits := 0, 0
	for i, g := range groups {
		if i >= maxReasonKinds {
			rest++
			restUnits += g.n
			continue
		}
		text := g.text
		if r := []rune(text); len(r) > maxReasonRunes {
			text = string(r[:maxReasonRunes]) + "……"
		}
		switch {
		case len(g.units) == 0:
		case g.n == 1:
			text = g.units[0] + "：" + text
		case g.n <= maxReasonUnits:
			text = strings.Join(g.units, "、") + "：" + text
		default:
			text = fmt.Sprintf("%s 等 %d 个单位：%s", strings.Join(g.units, "、"), g.n, text)
		}
		parts = append(parts, text)
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("另有 %d 种说明（%d 个单位）", rest, restUnits))
	}
	return strings.Join(parts, "；")
}
