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
// generated. units labels the inputs for the summarised reasons.
func SumFacts(in []*juesuan.Facts, units []string) juesuan.Facts {
	var a factsAcc
	for i, f := range in {
		u := ""
		if i < len(units) {
			u = units[i]
		}
		a.add(f, u)
	}
	return a.result(len(in) > 1)
}

// summed is what SumFacts reads of f (what FromStore keeps of each
// stored facts): the staff, last year's figures, the budget lines with
// their reasons, the counts of 三公, 机关运行经费, procurement, assets and
// 绩效 amounts. TestSummedKeepsWhatSumFactsReads checks that nothing else
// counts.
func summed(f *juesuan.Facts) *juesuan.Facts {
	p := f.Performance
	return &juesuan.Facts{
		Unit:    juesuan.Profile{Staff: f.Unit.Staff},
		Prior:   f.Prior,
		Budgets: f.Budgets,
		SanGong: juesuan.SanGong{Groups: f.SanGong.Groups, Persons: f.SanGong.Persons, CarsBought: f.SanGong.CarsBought,
			CarsHeld: f.SanGong.CarsHeld, Receptions: f.SanGong.Receptions, ReceptionPers: f.SanGong.ReceptionPers},
		Operating:   f.Operating,
		Procurement: f.Procurement,
		Assets:      juesuan.Assets{Vehicles: f.Assets.Vehicles, GeneralEquip50: f.Assets.GeneralEquip50, SpecialEq100: f.Assets.SpecialEq100},
		Performance: juesuan.Performance{Projects: p.Projects, ProjectFunds: p.ProjectFunds, Units: p.Units, UnitFunds: p.UnitFunds,
			UnitBudget: p.UnitBudget, UnitExecuted: p.UnitExecuted},
	}
}

// summedCost estimates the bytes summed facts hold.
func summedCost(f *juesuan.Facts) int64 {
	n := int64(512 + 48*len(f.Prior.Closing))
	for _, b := range f.Budgets {
		n += int64(96 + len(b.Code) + len(b.Name) + len(b.Reason))
	}
	return n
}

// factsAcc is SumFacts one report at a time.
type factsAcc struct {
	out      juesuan.Facts
	n        int
	budget   map[string]int // code → index in out.Budgets
	reasons  []*reasonSum   // per budget line
	optional [6]optSum      // prior total, fiscal, expense, operating, unit budget, unit executed
}

// optSum sums a stated amount; missing marks an input that left it out.
type optSum struct {
	sum     juesuan.Amount
	missing bool
}

func (o *optSum) add(p *juesuan.Amount) {
	if p == nil {
		o.missing = true
		return
	}
	o.sum += *p
}

func (o *optSum) result() *juesuan.Amount {
	if o.missing {
		return nil
	}
	v := o.sum
	return &v
}

func (a *factsAcc) add(f *juesuan.Facts, unit string) {
	out := &a.out
	if a.n == 0 {
		out.Prior.Closing = map[string]juesuan.Amount{}
		a.budget = map[string]int{}
	}
	a.n++
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
	for i, p := range []*juesuan.Amount{f.Prior.Total, f.Prior.FiscalTotal, f.Prior.FiscalExpense, f.Operating, f.Performance.UnitBudget, f.Performance.UnitExecuted} {
		a.optional[i].add(p)
	}
	for k, v := range f.Prior.Closing {
		out.Prior.Closing[k] += v
	}

	for _, b := range f.Budgets {
		j, ok := a.budget[b.Code]
		if !ok {
			j = len(out.Budgets)
			a.budget[b.Code] = j
			out.Budgets = append(out.Budgets, juesuan.BudgetLine{Code: b.Code, Name: b.Name})
			a.reasons = append(a.reasons, &reasonSum{})
		}
		out.Budgets[j].Amount += b.Amount
		if b.Reason != "" {
			a.reasons[j].add(unit, b.Reason)
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

	as := &out.Assets
	as.Vehicles += f.Assets.Vehicles
	as.GeneralEquip50 += f.Assets.GeneralEquip50
	as.SpecialEq100 += f.Assets.SpecialEq100

	pf := &out.Performance
	pf.Projects += f.Performance.Projects
	pf.ProjectFunds += f.Performance.ProjectFunds
	pf.Units += f.Performance.Units
	pf.UnitFunds += f.Performance.UnitFunds
}

// result is the summed facts; labelled names the units beside reasons
// (an aggregate of one unit does not).
func (a *factsAcc) result(labelled bool) juesuan.Facts {
	out := a.out
	if a.n == 0 {
		return out
	}
	out.Budgets = append([]juesuan.BudgetLine(nil), a.out.Budgets...)
	for j := range out.Budgets {
		out.Budgets[j].Reason = a.reasons[j].text(labelled)
	}
	if len(out.Prior.Closing) == 0 {
		out.Prior.Closing = nil
	}
	out.Prior.Total = a.optional[0].result()
	out.Prior.FiscalTotal = a.optional[1].result()
	out.Prior.FiscalExpense = a.optional[2].result()
	out.Operating = a.optional[3].result()
	out.Performance.UnitBudget = a.optional[4].result()
	out.Performance.UnitExecuted = a.optional[5].result()
	return out
}

// Bounds of a summarised reason: the aggregate of thousands of units must
// stay a readable text under the report file's text limit.
const (
	maxReasonKinds = 5   // distinct explanations shown
	maxReasonUnits = 3   // units named per explanation
	maxReasonRunes = 200 // runes of one explanation
)

// reasonSum gathers the units' explanations of one budget line: each
// distinct text once with how many units gave it and the first few units.
// Memory is bounded by the distinct texts, not the units.
type reasonSum struct {
	groups []*reasonGroup
	idx    map[string]*reasonGroup
}

type reasonGroup struct {
	text  string
	units []string
	n     int
}

func (r *reasonSum) add(unit, text string) {
	if r.idx == nil {
		r.idx = map[string]*reasonGroup{}
	}
	g, ok := r.idx[text]
	if !ok {
		g = &reasonGroup{text: text}
		r.idx[text] = g
		r.groups = append(r.groups, g)
	}
	g.n++
	if unit != "" && len(g.units) < maxReasonUnits {
		g.units = append(g.units, unit)
	}
}

// text joins the explanations, most frequent first, with their units when
// labelled, at most maxReasonKinds texts and a count of the rest.
func (r *reasonSum) text(labelled bool) string {
	groups := append([]*reasonGroup(nil), r.groups...)
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
		if rs := []rune(text); len(rs) > maxReasonRunes {
			text = string(rs[:maxReasonRunes]) + "……"
		}
		switch {
		case !labelled || len(g.units) == 0:
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
