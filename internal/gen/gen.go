// Package gen generates deterministic, realistic and fully consistent
// 部门决算 reports for a unit tree, and injects known faults into them:
// test data at the scale of a province, without real units' data.
package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"

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
	units := Tree(opts.Units, opts.Seed)
	out := make([]Generated, len(units))
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
			if f, ok := injectSoft(r, kind, rng); ok {
				f.Unit = u.Code
				g.Faults = append(g.Faults, f)
			}
		}
		out[i] = g
	}
	return out
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

func build(p *check.Program, year int, u Unit, rng *rand.Rand, sh *shaper) *juesuan.Report {
	tpl := p.Template
	r := juesuan.NewReport(year, tpl.ID)
	r.MoneyUnit = juesuan.UnitYuan
	set := func(t int, row, col string, v juesuan.Amount) {
		if v != 0 {
			r.Cells[juesuan.CellRef{Table: t, Row: row, Col: col}] += v
		}
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

	// 表6: basic fiscal spending by economic 款, each mapped to a 功能分类 项.
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
		set(6, code, "1", v)
	}

	// 表3/表5: fiscal basic by 项, projects, and 事业收入-funded spending.
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
		set(5, code, "2", v)
		set(3, code, "2", v)
	}
	for code, v := range projects {
		set(5, code, "3", v)
		set(3, code, "3", v)
	}
	set(3, opItem, "2", nonfiscal)

	// Balances carried over (年初/年末结转和结余), fiscal only.
	var opening, closing juesuan.Amount
	if rng.IntN(10) < 3 {
		opening = share(rng, size, 1, 10)
		closing = share(rng, size, 1, 10)
	}

	// 表2: income by 项: fiscal income = fiscal spending, except that the
	// balances move the income of the operation 项.
	for code, v := range item {
		set(2, code, "2", v)
	}
	for code, v := range projects {
		set(2, code, "2", v)
	}
	set(2, opItem, "2", closing-opening)
	set(2, opItem, "4", nonfiscal)
	sh.income(set, opItem, size)

	// Fill the hierarchy and totals of 表2/3/5/6 from the leaves.
	eval.Derive(p, r)

	fiscal := r.Cells[juesuan.CellRef{Table: 5, Row: "total", Col: "1"}]
	income := fiscal - opening + closing
	set(1, "1", "1", income)
	set(1, "5", "1", nonfiscal)
	set(1, "29", "1", opening)
	set(1, "59", "2", closing)
	set(4, "1", "1", income)
	set(4, "29", "1", opening)
	set(4, closingRow(tpl), "3", closing)
	for _, row := range tpl.Tables[0].Rows {
		if row.Code != "" {
			set(1, row.Key, "2", r.Cells[juesuan.CellRef{Table: 3, Row: row.Code, Col: "1"}])
		}
	}
	for _, row := range tpl.Tables[3].Rows {
		if row.Code != "" {
			set(4, row.Key, "3", r.Cells[juesuan.CellRef{Table: 5, Row: row.Code, Col: "1"}])
		}
	}

	// 表7 三公: 决算 from 表6, 预算 a little above.
	abroad := econ["30212"]
	car := econ["30231"]
	set(7, "1", "8", abroad)
	set(7, "1", "11", car)
	set(7, "1", "12", reception)
	for _, c := range [][2]string{{"2", "8"}, {"5", "11"}, {"6", "12"}} {
		v := r.Cells[juesuan.CellRef{Table: 7, Row: "1", Col: c[1]}]
		set(7, "1", c[0], v+share(rng, v, 0, 20))
	}
	set(7, "1", "4", 0)
	eval.Derive(p, r)
	for c := range r.Derived {
		delete(r.Derived, c) // a generated file states its totals
	}
	for _, t := range []int{2, 3, 5, 6} {
		ts, _ := tpl.Table(t)
		for _, row := range r.RowsOf(ts) {
			if e, ok := tpl.Catalogs[ts.Catalog].Lookup(row); ok {
				r.RowNames[juesuan.RowRef{Table: t, Row: row}] = e.Name
			}
		}
	}
	facts(r, tpl, u, rng, staff, admin)
	return r
}

func facts(r *juesuan.Report, tpl *juesuan.Template, u Unit, rng *rand.Rand, staff int, admin bool) {
	cell := func(t int, row, col string) juesuan.Amount {
		return r.Cells[juesuan.CellRef{Table: t, Row: row, Col: col}]
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
	total := cell(1, "60", "2")
	prior := total + share(rng, total, -15, 15)
	fiscal := cell(4, "64", "2")
	pf := fiscal + share(rng, fiscal, -15, 15)
	pe := cell(4, "59", "3")
	pe += share(rng, pe, -15, 15)
	r.Prior = juesuan.PriorYear{Year: r.Year - 1, Total: &prior, FiscalTotal: &pf, FiscalExpense: &pe}
	r.Reasons = juesuan.Reasons{TotalChange: "人员变动及业务工作量变化。", FiscalChange: "人员变动及业务工作量变化。", ExpenseChange: "人员变动及业务工作量变化。",
		ProjectUse: "保障单位履职的专项工作。"}
	var budget juesuan.Amount
	var classes []string
	for _, k := range r.RowsOf(tpl.Tables[4]) {
		if juesuan.CodeLevel(k) == 1 {
			classes = append(classes, k)
		}
	}
	sort.Strings(classes)
	for _, k := range classes {
		actual := cell(5, k, "1")
		b := actual
		if rng.IntN(4) > 0 {
			b += share(rng, actual, -10, 15)
		}
		line := juesuan.BudgetLine{Code: k, Name: r.RowNames[juesuan.RowRef{Table: 5, Row: k}], Amount: b}
		if b != actual {
			line.Reason = "年中追加或调减预算。"
		}
		r.Budgets = append(r.Budgets, line)
		budget += b
	}
	if admin {
		op := cell(6, "public", "1")
		r.Operating = &op
	}
	executed := cell(1, "57", "2")
	r.Performance = juesuan.Performance{Projects: 1, ProjectFunds: cell(5, "total", "3"), Units: 1, UnitFunds: executed,
		UnitBudget: &budget, UnitExecuted: &executed}
	r.Assets.Text = "无车辆、无单价50万元（含）以上通用设备，无单价100万元（含）以上专用设备。"
}
