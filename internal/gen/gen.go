// Package gen generates deterministic, realistic and fully consistent
// 部门决算 reports for a unit tree, and injects known faults into them:
// test data at the scale of a province, without real units' data.
package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// Options control a generation run.
type Options struct {
	Units      int
	Seed       uint64
	Faults     int      // table faults per report
	FaultKinds []string // extra kinds: reason, score (see Kinds)
	// Shapes varies the layout the way real reports do (see shapes.go):
	// blank columns, long names, long tables, one-sided 表1, partial 三公.
	Shapes bool
}

// Unit is one generated 预算单位.
type Unit struct {
	Code   string
	Name   string
	Kind   string // 行政单位, 参公事业单位, 事业单位
	Parent string
}

// Generated is one unit's report and what was injected into it.
type Generated struct {
	Unit   Unit
	Report *juesuan.Report
	Faults []Fault
}

// Fault records one injected fault: where, what, and the cells a correct
// audit must name.
type Fault struct {
	Unit   string   `json:"unit"`
	File   string   `json:"file,omitempty"`
	Kind   string   `json:"kind"`
	Cells  []string `json:"cells"`
	Detail string   `json:"detail"`
	// Table faults must be found as an `error`; the other kinds as a warning.
	Table bool `json:"table"`
}

var departments = []string{"财政局", "教育局", "卫生健康委员会", "民政局", "人力资源和社会保障局", "住房和城乡建设局",
	"农业农村局", "交通运输局", "文化和旅游局", "市场监督管理局", "司法局", "统计局", "审计局", "档案馆", "总工会"}

// Tree returns n units: departments (their own 本级 is 行政单位) each with
// up to nine subordinate units, deterministic for a seed.
func Tree(n int, seed uint64) []Unit {
	rng := rand.New(rand.NewPCG(seed, 0x6a75657375616e))
	var units []Unit
	for d := 0; len(units) < n; d++ {
		dept := departments[d%len(departments)]
		if d >= len(departments) {
			dept = fmt.Sprintf("%s（%d）", dept, d/len(departments)+1)
		}
		root := fmt.Sprintf("%03d001", d+1)
		units = append(units, Unit{Code: root, Name: "某市" + dept + "本级", Kind: "行政单位"})
		subs := 1 + rng.IntN(9)
		for s := 2; s <= subs+1 && len(units) < n; s++ {
			kind := "事业单位"
			if rng.IntN(4) == 0 {
				kind = "参公事业单位"
			}
			units = append(units, Unit{Code: fmt.Sprintf("%03d%03d", d+1, s), Name: fmt.Sprintf("某市%s所属第%d中心", dept, s-1),
				Kind: kind, Parent: root})
		}
	}
	return units
}

// Generate makes a consistent report for every unit of Tree(opts.Units),
// then injects opts.Faults table faults (and the extra kinds) per report.
func Generate(p *check.Program, year int, opts Options) []Generated {
	out := make([]Generated, 0, opts.Units)
	generate(p, year, opts, func(_ int, g Generated) error {
		out = append(out, g)
		return nil
	})
	return out
}

// generate is Generate one report at a time: fn gets each unit's index
// and report as it is made, so a caller storing them never holds them all.
func generate(p *check.Program, year int, opts Options, fn func(int, Generated) error) error {
	units := Tree(opts.Units, opts.Seed)
	for i, u := range units {
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(i)+1))
		var sh *shaper
		if opts.Shapes {
			sh = newShaper(p.Template, rng)
		}
		r := build(p, year, u, rng, sh)
		g := Generated{Unit: u, Report: r}
		for k := 0; k < opts.Faults; k++ {
			if f, ok := injectTable(p.Template, r, rng, g.Faults); ok {
				f.Unit = u.Code
				g.Faults = append(g.Faults, f)
			}
		}
		for _, kind := range opts.FaultKinds {
			if f, ok := injectSoft(p.Template, r, kind, rng); ok {
				f.Unit = u.Code
				g.Faults = append(g.Faults, f)
			}
		}
		if err := fn(i, g); err != nil {
			return err
		}
	}
	return nil
}

// money draws an amount in 分 uniformly in [lo, hi) 元.
func money(rng *rand.Rand, lo, hi int64) juesuan.Amount {
	return juesuan.Amount(lo*100 + rng.Int64N((hi-lo)*100))
}

// share returns a × [lo%, hi%), exact to the 分.
func share(rng *rand.Rand, a juesuan.Amount, lo, hi int) juesuan.Amount {
	pct := int64(lo*100 + rng.IntN((hi-lo)*100))
	return juesuan.Amount(int64(a) * pct / 10000)
}

// split divides total into n positive parts with random weights, exactly.
func split(rng *rand.Rand, total juesuan.Amount, n int) []juesuan.Amount {
	w := make([]int64, n)
	var sum int64
	for i := range w {
		w[i] = 1 + rng.Int64N(100)
		sum += w[i]
	}
	parts := make([]juesuan.Amount, n)
	var used juesuan.Amount
	for i := range w {
		parts[i] = juesuan.Amount(int64(total) * w[i] / sum)
		used += parts[i]
	}
	parts[0] += total - used
	return parts
}

// Supports reports whether the generator can fill tpl: it writes the
// standard tables (总表, 收入, 支出, 财政拨款总表, 一般公共预算支出 and 基本支出),
// so a family known only by other tables' titles cannot be generated.
func Supports(tpl *juesuan.Template) error {
	names := map[string]string{"summary": "收入支出决算总表", "income": "收入决算表", "expense": "支出决算表",
		"fiscal": "财政拨款收入支出决算总表", "general": "一般公共预算财政拨款支出决算表", "basic": "一般公共预算财政拨款基本支出决算表"}
	var missing []string
	for _, role := range []string{"summary", "income", "expense", "fiscal", "general", "basic"} {
		if ts, ok := tpl.TableByRole(role); !ok || ts.RowKind == "generic" {
			missing = append(missing, names[role])
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("模板 %s（%d 年度）没有%s，不能生成报表", tpl.ID, tpl.Year, strings.Join(missing, "、"))
	}
	return nil
}

func build(p *check.Program, year int, u Unit, rng *rand.Rand, sh *shaper) *juesuan.Report {
	tpl := p.Template
	r := juesuan.NewReport(year, tpl.ID)
	r.MoneyUnit = juesuan.UnitYuan
	// Cells are named by the year's keys; a cell the layout does not print
	// (no 三公 table) is not generated.
	add := func(c juesuan.CellRef, ok bool, v juesuan.Amount) {
		if ok && v != 0 {
			r.Cells[c] += v
		}
	}
	set := func(key string, v juesuan.Amount) {
		c, ok := tpl.Key(key)
		add(c, ok, v)
	}
	setAt := func(col, row string, v juesuan.Amount) {
		c, ok := tpl.At(col, row)
		add(c, ok, v)
	}
	get := func(c juesuan.CellRef, ok bool) juesuan.Amount {
		if !ok {
			return 0
		}
		return r.Cells[c]
	}
	admin := u.Kind != "事业单位"
	size := money(rng, 500_000, 30_000_000) // basic fiscal spending, 元
	staff := 3 + int(size/juesuan.Yuan/250_000)

	// 款 of the operation: 行政运行 (01) for 行政, 事业运行 (50) for 事业.
	kuan := []string{"20101", "20103", "20104", "20105", "20106", "20111", "20113", "20129", "20131", "20133", "20138"}[rng.IntN(11)]
	opItem, projItem := kuan+"01", kuan+"02"
	if !admin {
		opItem, projItem = kuan+"50", kuan+"03"
	}
	if u.Kind == "参公事业单位" {
		opItem = kuan + "01"
	}

	// 基本支出表 (表6): basic fiscal spending by economic 款, each mapped to a 功能分类 项.
	econ := map[string]juesuan.Amount{}
	item := map[string]juesuan.Amount{} // 项 → basic fiscal
	personnel := share(rng, size, 80, 92)
	public := size - personnel
	pension := share(rng, personnel, 8, 10)
	annuity := share(rng, personnel, 3, 5)
	medical := share(rng, personnel, 4, 6)
	housing := share(rng, personnel, 8, 10)
	other := share(rng, personnel, 0, 2)
	retire := juesuan.Amount(0)
	if rng.IntN(3) > 0 {
		retire = share(rng, personnel, 5, 15)
	}
	econ["30108"], item["2080505"] = pension, pension
	econ["30109"], item["2080506"] = annuity, annuity
	econ["30113"], item["2210201"] = housing, housing
	econ["30112"], item["2089901"] = other, other
	if admin {
		civil := share(rng, medical, 30, 50)
		econ["30110"], item["2101101"] = medical, medical
		econ["30111"], item["2101103"] = civil, civil
		medical += civil
	} else {
		econ["30110"], item["2101102"] = medical, medical
	}
	if retire > 0 {
		econ["30302"] = retire
		if admin {
			item["2080501"] = retire
		} else {
			item["2080502"] = retire
		}
	}
	wages := personnel - pension - annuity - housing - other - medical - retire
	wageCodes := sh.wageCodes([]string{"30101", "30102", "30103", "30107"})
	parts := split(rng, wages, len(wageCodes))
	for i, code := range wageCodes {
		econ[code] = parts[i]
	}
	rent := share(rng, parts[1], 5, 15) // 提租补贴 is paid from 津贴补贴
	item["2210202"] = rent
	item[opItem] += wages - rent
	pubCodes := []string{"30201", "30205", "30206", "30207", "30211", "30213", "30215", "30216", "30228", "30229", "30299"}
	hasCar := rng.IntN(3) == 0
	if hasCar {
		pubCodes = append(pubCodes, "30231")
	}
	pubCodes = sh.pubCodes(pubCodes)
	reception := sh.reception(share(rng, public, 1, 4))
	pparts := split(rng, public-reception, len(pubCodes))
	for i, code := range pubCodes {
		econ[code] = pparts[i]
	}
	econ["30217"] = reception
	item[opItem] += public
	for code, v := range econ {
		setAt("basic_col", code, v)
	}

	// 支出 and 一般公共预算财政拨款支出 (表3/表5): fiscal basic by 项, projects, and 事业收入-funded spending.
	projects := map[string]juesuan.Amount{projItem: share(rng, size, 5, 30)}
	if rng.IntN(5) == 0 {
		projects["2040601"] = share(rng, size, 2, 10)
	}
	sh.projects(projects, size)
	nonfiscal := juesuan.Amount(0)
	if !admin && rng.IntN(5) < 2 {
		nonfiscal = share(rng, size, 5, 20)
	}
	for code, v := range item {
		setAt("general_col_basic", code, v)
		setAt("expense_col_basic", code, v)
	}
	for code, v := range projects {
		setAt("general_col_project", code, v)
		setAt("expense_col_project", code, v)
	}
	setAt("expense_col_basic", opItem, nonfiscal)

	// Balances carried over (年初/年末结转和结余), fiscal only.
	var opening, closing juesuan.Amount
	if rng.IntN(10) < 3 {
		opening = share(rng, size, 1, 10)
		closing = share(rng, size, 1, 10)
	}

	// 收入决算表 (表2): income by 项: fiscal income = fiscal spending, except that the
	// balances move the income of the operation 项.
	for code, v := range item {
		setAt("income_col_fiscal", code, v)
	}
	for code, v := range projects {
		setAt("income_col_fiscal", code, v)
	}
	setAt("income_col_fiscal", opItem, closing-opening)
	setAt("income_col_business", opItem, nonfiscal)
	sh.income(set, setAt, opItem, size)

	// Fill the hierarchy and totals of the code tables from the leaves.
	eval.Derive(p, r)

	fiscal := get(tpl.Key("general_total"))
	income := fiscal - opening + closing
	set("income_general", income)
	set("income_business", nonfiscal)
	set("opening_balance", opening)
	set("closing_balance", closing)
	set("fiscal_income_general", income)
	set("fiscal_opening_general", opening)
	set("fiscal_closing_general_budget", closing)
	// The 类 rows of the two summary tables repeat the 类 of the detailed
	// tables (a row's Code names its 类).
	if ts, ok := tpl.KeyTable("summary_col_expense"); ok {
		for _, row := range ts.Rows {
			if row.Code != "" {
				setAt("summary_col_expense", row.Key, get(tpl.At("expense_col_total", row.Code)))
			}
		}
	}
	if ts, ok := tpl.KeyTable("fiscal_col_general"); ok {
		for _, row := range ts.Rows {
			if row.Code != "" {
				setAt("fiscal_col_general", row.Key, get(tpl.At("general_col_total", row.Code)))
			}
		}
	}

	// 三公 (表7): 决算 from the 基本支出 table, 预算 a little above.
	if _, ok := tpl.KeyTable("sangong_actual"); ok {
		set("sangong_abroad", econ["30212"])
		set("sangong_car_run", econ["30231"])
		set("sangong_reception", reception)
		for _, k := range [][2]string{{"sangong_budget_abroad", "sangong_abroad"}, {"sangong_budget_car_run", "sangong_car_run"}, {"sangong_budget_reception", "sangong_reception"}} {
			v := get(tpl.Key(k[1]))
			set(k[0], v+share(rng, v, 0, 20))
		}
	}
	eval.Derive(p, r)
	for c := range r.Derived {
		delete(r.Derived, c) // a generated file states its totals
	}
	for _, ts := range tpl.TablesByRole("income", "expense", "general", "basic") {
		for _, row := range r.RowsOf(ts) {
			if e, ok := tpl.Catalogs[ts.Catalog].Lookup(row); ok {
				r.RowNames[juesuan.RowRef{Table: ts.Number, Row: row}] = e.Name
			}
		}
	}
	facts(r, tpl, u, rng, staff, admin)
	return r
}

func facts(r *juesuan.Report, tpl *juesuan.Template, u Unit, rng *rand.Rand, staff int, admin bool) {
	cell := func(key string) juesuan.Amount {
		if c, ok := tpl.Key(key); ok {
			return r.Cells[c]
		}
		return 0
	}
	r.Unit = juesuan.Profile{Name: u.Name, Code: u.Code, Kind: u.Kind,
		Functions: "负责本单位职责范围内的各项工作。", Composition: "本单位决算由本级决算组成。",
		Staff: juesuan.Staff{InService: staff, Retired: staff / 3, Tuixiu: staff / 3}}
	if admin {
		r.Unit.Staff.Administrative = staff
		if u.Kind == "参公事业单位" {
			r.Unit.Staff.Administrative, r.Unit.Staff.Institution, r.Unit.Staff.CivilManaged = 0, staff, staff
		}
	} else {
		r.Unit.Staff.Institution = staff
	}
	r.Document = juesuan.Document{Title: fmt.Sprintf("%d年度%s部门决算", r.Year, u.Name), Date: fmt.Sprintf("%d年8月31日", r.Year+1)}
	total := cell("expense_total")
	prior := total + share(rng, total, -15, 15)
	fiscal := cell("fiscal_expense_total")
	pf := fiscal + share(rng, fiscal, -15, 15)
	pe := cell("fiscal_expense_general")
	pe += share(rng, pe, -15, 15)
	r.Prior = juesuan.PriorYear{Year: r.Year - 1, Total: &prior, FiscalTotal: &pf, FiscalExpense: &pe}
	r.Reasons = juesuan.Reasons{TotalChange: "人员变动及业务工作量变化。", FiscalChange: "人员变动及业务工作量变化。", ExpenseChange: "人员变动及业务工作量变化。",
		ProjectUse: "保障单位履职的专项工作。"}
	var budget juesuan.Amount
	var classes []string
	general, hasGeneral := tpl.KeyTable("general_col_total")
	if hasGeneral {
		for _, k := range r.RowsOf(general) {
			if juesuan.CodeLevel(k) == 1 {
				classes = append(classes, k)
			}
		}
	}
	sort.Strings(classes)
	for _, k := range classes {
		c, _ := tpl.At("general_col_total", k)
		actual := r.Cells[c]
		b := actual
		if rng.IntN(4) > 0 {
			b += share(rng, actual, -10, 15)
		}
		line := juesuan.BudgetLine{Code: k, Name: r.RowNames[juesuan.RowRef{Table: general.Number, Row: k}], Amount: b}
		if b != actual {
			line.Reason = "年中追加或调减预算。"
		}
		r.Budgets = append(r.Budgets, line)
		budget += b
	}
	if admin {
		op := cell("public_total")
		r.Operating = &op
	}
	executed := cell("expense_year")
	r.Performance = juesuan.Performance{Projects: 1, ProjectFunds: cell("general_project"), Units: 1, UnitFunds: executed,
		UnitBudget: &budget, UnitExecuted: &executed}
	r.Assets.Text = "无车辆、无单价50万元（含）以上通用设备，无单价100万元（含）以上专用设备。"
}
