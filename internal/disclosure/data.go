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
	Org             string // 部门 or 单位, as the document's kind says
	Profile         juesuan.Profile
	Reasons         juesuan.Reasons

	Total, PriorTotal, TotalDelta         juesuan.Amount // 收、支总计
	HasPriorTotal                         bool
	Income                                juesuan.Amount // 本年收入合计
	IncomeSources                         []Share
	Expense                               juesuan.Amount // 本年支出合计 (支出决算表合计)
	ExpenseParts                          []Share
	FiscalTotal, PriorFiscal, FiscalDelta juesuan.Amount // 财政拨款收、支总计
	HasPriorFiscal                        bool
	General, PriorGeneral, GeneralDelta   juesuan.Amount // 一般公共预算财政拨款支出合计
	HasPriorGeneral                       bool
	ExpenseTotal                          juesuan.Amount // 收入支出决算总表的本年支出合计
	GeneralBasic, GeneralProject          juesuan.Amount
	Classes                               []Class
	BudgetTotal                           juesuan.Amount
	HasBudget                             bool
	Personnel, Public                     juesuan.Amount
	PersonnelItems, PublicItems           []string
	SanGong                               *SanGongData // nil: the layout has no 三公 table
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

// Class is one 类 of the 一般公共预算财政拨款支出决算表 with its budget.
type Class struct {
	Code, Name, Short string
	Amount            juesuan.Amount
	Pct               string // share of the table's 合计
	Budget            juesuan.Amount
	HasBudget         bool
	Rate              string
	Reason            string
}

// SanGongData is the 三公 table and the 三公 facts.
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
	// A cell the year's layout does not print reads as zero; the sections
	// that depend on a whole table check for the table itself.
	key := func(name string) juesuan.Amount {
		if c, ok := tpl.Key(name); ok {
			return v[c]
		}
		return 0
	}
	at := func(name, row string) juesuan.Amount {
		if c, ok := tpl.At(name, row); ok {
			return v[c]
		}
		return 0
	}
	d := &Data{Year: r.Year, PriorYear: r.Prior.Year, Unit: r.Unit.Name, Org: r.Document.Org(), Profile: r.Unit, Reasons: r.Reasons, Staff: r.Unit.Staff}
	if d.PriorYear == 0 {
		d.PriorYear = r.Year - 1
	}
	d.Total = key("income_total")
	if p := r.Prior.Total; p != nil {
		d.PriorTotal, d.HasPriorTotal = p.RoundTo(juesuan.Cent), true
		d.TotalDelta = d.Total - d.PriorTotal
	}
	d.Income = key("income_year")
	d.IncomeSources = parts(tpl, v, "income_sum", d.Income)
	d.Expense = key("expense_sum")
	d.ExpenseParts = parts(tpl, v, "expense_sum", d.Expense)
	d.FiscalTotal = key("fiscal_total")
	if p := r.Prior.FiscalTotal; p != nil {
		d.PriorFiscal, d.HasPriorFiscal = p.RoundTo(juesuan.Cent), true
		d.FiscalDelta = d.FiscalTotal - d.PriorFiscal
	}
	d.General = key("general_total")
	d.GeneralBasic = key("general_basic")
	d.GeneralProject = key("general_project")
	if p := r.Prior.FiscalExpense; p != nil {
		d.PriorGeneral, d.HasPriorGeneral = p.RoundTo(juesuan.Cent), true
		d.GeneralDelta = d.General - d.PriorGeneral
	}
	d.ExpenseTotal = key("expense_year")
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
	if ts, ok := tpl.KeyTable("general_col_total"); ok {
		for _, k := range r.RowsOf(ts) {
			if juesuan.CodeLevel(k) != 1 {
				continue
			}
			a := at("general_col_total", k)
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
	d.Personnel = key("personnel_total")
	d.Public = key("public_total")
	if ts, ok := tpl.KeyTable("basic_col"); ok {
		for _, k := range r.RowsOf(ts) {
			if len(k) != 5 || at("basic_col", k) == 0 {
				continue
			}
			name := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: k}]
			if name == "" {
				if e, ok := tpl.Catalogs[ts.Catalog].Lookup(k); ok {
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
	// A layout without a 三公 table (its figures only in the 说明) leaves
	// SanGong nil: the narrative states no 三公 amount it cannot show.
	if ts, ok := tpl.KeyTable("sangong_actual"); ok {
		d.SanGong = &SanGongData{
			Budget: key("sangong_budget"), Actual: key("sangong_actual"),
			Abroad: key("sangong_abroad"), Cars: key("sangong_cars"), CarBuy: key("sangong_car_buy"),
			CarRun: key("sangong_car_run"), Reception: key("sangong_reception"),
			Zero: r.TableEmpty(ts.Number), Facts: r.SanGong,
		}
	}
	d.FundOpening, d.FundIncome, d.FundExpense, d.FundClosing = key("fund_opening"), key("fund_income"), key("fund_expense"), key("fund_closing")
	d.FundEmpty = true
	if ts, ok := tpl.KeyTable("fund_opening"); ok {
		d.FundEmpty = r.TableEmpty(ts.Number)
	}
	d.StateCapital = key("capital_total")
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

// parts are the other columns of a total's row (收入合计 → 财政拨款收入,
// 事业收入, …) with their shares of whole, leaving out zeros.
func parts(tpl *juesuan.Template, v map[juesuan.CellRef]juesuan.Amount, total string, whole juesuan.Amount) []Share {
	c, ok := tpl.Key(total)
	if !ok {
		return nil
	}
	ts, _ := tpl.Table(c.Table)
	var out []Share
	for _, col := range ts.Columns {
		if col.Key == c.Col {
			continue
		}
		if a := v[juesuan.CellRef{Table: c.Table, Row: c.Row, Col: col.Key}]; a != 0 {
			out = append(out, Share{col.Name, a, pctOf(a, whole)})
		}
	}
	return out
}

// className is the 类 name: as the report prints it, else the catalog's.
func className(tpl *juesuan.Template, r *juesuan.Report, code string) string {
	for _, ts := range tpl.TablesByRole("general", "expense", "income") {
		if s := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]; s != "" {
			return s
		}
	}
	if e, ok := tpl.Catalogs["function"].Lookup(code); ok {
		return e.Name
	}
	return code
}
