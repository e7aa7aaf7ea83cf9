package disclosure

import (
	"strings"

	"github.com/juesuan/juesuan"
)

// Data is what the narrative templates see. Amounts are the printed
// (rounded, balanced) values, so the text always agrees with the tables.
type Data struct {
	Year, PriorYear int
	Unit            string
	Profile         juesuan.Profile
	Reasons         juesuan.Reasons

	Total, PriorTotal, TotalDelta         juesuan.Amount // 收、支总计 (表1 30)
	HasPriorTotal                         bool
	Income                                juesuan.Amount // 本年收入合计
	IncomeSources                         []Share
	Expense                               juesuan.Amount // 本年支出合计 (表3 合计)
	ExpenseParts                          []Share
	FiscalTotal, PriorFiscal, FiscalDelta juesuan.Amount // 财政拨款收、支总计 (表4 32)
	HasPriorFiscal                        bool
	General, PriorGeneral, GeneralDelta   juesuan.Amount // 一般公共预算财政拨款支出 (表5 合计)
	HasPriorGeneral                       bool
	ExpenseTotal                          juesuan.Amount // 表1 57
	GeneralBasic, GeneralProject          juesuan.Amount
	Classes                               []Class
	BudgetTotal                           juesuan.Amount
	HasBudget                             bool
	Personnel, Public                     juesuan.Amount
	PersonnelItems, PublicItems           []string
	SanGong                               SanGongData
	FundOpening, FundIncome, FundExpense  juesuan.Amount
	FundClosing                           juesuan.Amount
	FundEmpty                             bool
	StateCapital                          juesuan.Amount
	Operating                             juesuan.Amount
	HasOperating                          bool
	Procurement                           juesuan.Procurement
	Assets                                juesuan.Assets
	Perf                                  juesuan.Performance
	UnitBudget, UnitExecuted              juesuan.Amount
	HasUnitPerf                           bool
	Projects                              []ProjectData
	Staff                                 juesuan.Staff
	EmptyTableNames                       []string
	KeyWorkSections                       []juesuan.Section
}

// Share is a named part of a whole with its share printed.
type Share struct {
	Name   string
	Amount juesuan.Amount
	Pct    string
}

// Class is one 类 of 表5 with its budget.
type Class struct {
	Code, Name, Short string
	Amount            juesuan.Amount
	Pct               string // share of 表5 合计
	Budget            juesuan.Amount
	HasBudget         bool
	Rate              string
	Reason            string
}

// SanGongData is 表7 and the 三公 facts.
type SanGongData struct {
	Budget, Actual, Abroad, Cars, CarBuy, CarRun, Reception juesuan.Amount
	Zero                                                    bool
	Facts                                                   juesuan.SanGong
}

// ProjectData is one project's 绩效自评综述 with its rate.
type ProjectData struct {
	juesuan.PerfProjectSummary
	Rate string
}

func pctOf(a, b juesuan.Amount) string {
	s, ok := juesuan.Percent(a, b)
	if !ok {
		return "—"
	}
	return s + "%"
}

func buildData(tpl *juesuan.Template, r *juesuan.Report, v map[juesuan.CellRef]juesuan.Amount) *Data {
	c := func(t int, row, col string) juesuan.Amount { return v[juesuan.CellRef{Table: t, Row: row, Col: col}] }
	d := &Data{Year: r.Year, PriorYear: r.Prior.Year, Unit: r.Unit.Name, Profile: r.Unit, Reasons: r.Reasons, Staff: r.Unit.Staff}
	if d.PriorYear == 0 {
		d.PriorYear = r.Year - 1
	}
	d.Total = c(1, "30", "1")
	if p := r.Prior.Total; p != nil {
		d.PriorTotal, d.HasPriorTotal = p.RoundTo(juesuan.Cent), true
		d.TotalDelta = d.Total - d.PriorTotal
	}
	d.Income = c(1, "27", "1")
	if t2, ok := tpl.Table(2); ok {
		for _, col := range t2.Columns[1:] {
			if a := c(2, "total", col.Key); a != 0 {
				d.IncomeSources = append(d.IncomeSources, Share{col.Name, a, pctOf(a, d.Income)})
			}
		}
	}
	d.Expense = c(3, "total", "1")
	if t3, ok := tpl.Table(3); ok {
		for _, col := range t3.Columns[1:] {
			if a := c(3, "total", col.Key); a != 0 {
				d.ExpenseParts = append(d.ExpenseParts, Share{col.Name, a, pctOf(a, d.Expense)})
			}
		}
	}
	d.FiscalTotal = c(4, "32", "1")
	if p := r.Prior.FiscalTotal; p != nil {
		d.PriorFiscal, d.HasPriorFiscal = p.RoundTo(juesuan.Cent), true
		d.FiscalDelta = d.FiscalTotal - d.PriorFiscal
	}
	d.General = c(5, "total", "1")
	d.GeneralBasic = c(5, "total", "2")
	d.GeneralProject = c(5, "total", "3")
	if p := r.Prior.FiscalExpense; p != nil {
		d.PriorGeneral, d.HasPriorGeneral = p.RoundTo(juesuan.Cent), true
		d.GeneralDelta = d.General - d.PriorGeneral
	}
	d.ExpenseTotal = c(1, "57", "2")
	// Budgets by 类: finer budget lines add up to their 类.
	budget := map[string]juesuan.Amount{}
	reason := map[string][]string{}
	for _, b := range r.Budgets {
		if len(b.Code) < 3 {
			continue
		}
		k := b.Code[:3]
		budget[k] += b.Amount.RoundTo(juesuan.Cent)
		d.BudgetTotal += b.Amount.RoundTo(juesuan.Cent)
		d.HasBudget = true
		if b.Reason != "" {
			reason[k] = append(reason[k], b.Reason)
		}
	}
	if t5, ok := tpl.Table(5); ok {
		for _, k := range r.RowsOf(t5) {
			if juesuan.CodeLevel(k) != 1 {
				continue
			}
			a := c(5, k, "1")
			name := className(tpl, r, k)
			cl := Class{Code: k, Name: name, Short: strings.TrimSuffix(name, "支出"), Amount: a, Pct: pctOf(a, d.General)}
			if b, ok := budget[k]; ok {
				cl.Budget, cl.HasBudget, cl.Rate = b, true, pctOf(a, b)
			}
			cl.Reason = strings.Join(reason[k], "")
			if a != 0 || cl.HasBudget {
				d.Classes = append(d.Classes, cl)
			}
		}
	}
	d.Personnel = c(6, "personnel", "1")
	d.Public = c(6, "public", "1")
	if t6, ok := tpl.Table(6); ok {
		for _, k := range r.RowsOf(t6) {
			if len(k) != 5 || c(6, k, "1") == 0 {
				continue
			}
			name := r.RowNames[juesuan.RowRef{Table: 6, Row: k}]
			if name == "" {
				if e, ok := tpl.Catalogs[t6.Catalog].Lookup(k); ok {
					name = e.Name
				}
			}
			switch k[:3] {
			case "301", "303":
				d.PersonnelItems = append(d.PersonnelItems, name)
			default:
				d.PublicItems = append(d.PublicItems, name)
			}
		}
	}
	sg := &d.SanGong
	sg.Budget, sg.Actual = c(7, "1", "1"), c(7, "1", "7")
	sg.Abroad, sg.Cars, sg.CarBuy, sg.CarRun, sg.Reception = c(7, "1", "8"), c(7, "1", "9"), c(7, "1", "10"), c(7, "1", "11"), c(7, "1", "12")
	sg.Zero = r.TableEmpty(7)
	sg.Facts = r.SanGong
	d.FundOpening, d.FundIncome, d.FundExpense, d.FundClosing = c(8, "total", "1"), c(8, "total", "2"), c(8, "total", "3"), c(8, "total", "6")
	d.FundEmpty = r.TableEmpty(8)
	d.StateCapital = c(9, "total", "1")
	if r.Operating != nil {
		d.Operating, d.HasOperating = r.Operating.RoundTo(juesuan.Cent), true
	}
	d.Procurement = r.Procurement
	d.Assets = r.Assets
	d.Perf = r.Performance
	if p := r.Performance.UnitBudget; p != nil {
		d.UnitBudget, d.HasUnitPerf = p.RoundTo(juesuan.Cent), true
		if e := r.Performance.UnitExecuted; e != nil {
			d.UnitExecuted = e.RoundTo(juesuan.Cent)
		}
	}
	for _, p := range r.Performance.Projects_ {
		d.Projects = append(d.Projects, ProjectData{p, pctOf(p.Executed, p.Budget)})
	}
	d.KeyWorkSections = r.KeyWork.Sections
	return d
}

// className is the 类 name: as the report prints it, else the catalog's.
func className(tpl *juesuan.Template, r *juesuan.Report, code string) string {
	for _, n := range []int{5, 3, 2} {
		if s := r.RowNames[juesuan.RowRef{Table: n, Row: code}]; s != "" {
			return s
		}
	}
	if e, ok := tpl.Catalogs["function"].Lookup(code); ok {
		return e.Name
	}
	return code
}
