package check

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// factDef reads one fact of a report for the rules: fact("name") and
// stated("name"). The names are the report file's keys.
type factDef struct {
	kind Kind
	get  func(r *juesuan.Report) (Value, bool)
}

func amountFact(get func(r *juesuan.Report) *juesuan.Amount) factDef {
	return factDef{KNum, func(r *juesuan.Report) (Value, bool) {
		if p := get(r); p != nil {
			return Value{Kind: KNum, Num: *p, Terms: 1}, true
		}
		return Value{Kind: KNum}, false
	}}
}

func countFact(get func(r *juesuan.Report) int) factDef {
	return factDef{KNum, func(r *juesuan.Report) (Value, bool) {
		return Value{Kind: KNum, Num: juesuan.Amount(get(r)) * juesuan.Wanyuan}, true
	}}
}

func textFact(get func(r *juesuan.Report) string) factDef {
	return factDef{KStr, func(r *juesuan.Report) (Value, bool) {
		s := get(r)
		return Value{Kind: KStr, Str: s}, s != ""
	}}
}

var facts = map[string]factDef{
	"unit.name":            textFact(func(r *juesuan.Report) string { return r.Unit.Name }),
	"unit.kind":            textFact(func(r *juesuan.Report) string { return r.Unit.Kind }),
	"staff.in_service":     countFact(func(r *juesuan.Report) int { return r.Unit.Staff.InService }),
	"staff.administrative": countFact(func(r *juesuan.Report) int { return r.Unit.Staff.Administrative }),
	"staff.civil_managed":  countFact(func(r *juesuan.Report) int { return r.Unit.Staff.CivilManaged }),
	"jiguan_yunxing":       amountFact(func(r *juesuan.Report) *juesuan.Amount { return r.Operating }),
	"prior.total":          amountFact(func(r *juesuan.Report) *juesuan.Amount { return r.Prior.Total }),
	"prior.fiscal_total":   amountFact(func(r *juesuan.Report) *juesuan.Amount { return r.Prior.FiscalTotal }),
	"prior.fiscal_expense": amountFact(func(r *juesuan.Report) *juesuan.Amount { return r.Prior.FiscalExpense }),
	"performance.unit_budget": amountFact(func(r *juesuan.Report) *juesuan.Amount {
		return r.Performance.UnitBudget
	}),
	"performance.unit_executed": amountFact(func(r *juesuan.Report) *juesuan.Amount {
		return r.Performance.UnitExecuted
	}),
	"performance.project_funds": amountFact(func(r *juesuan.Report) *juesuan.Amount {
		return &r.Performance.ProjectFunds
	}),
	"budget.total": {KNum, func(r *juesuan.Report) (Value, bool) {
		var s juesuan.Amount
		for _, b := range r.Budgets {
			if juesuan.CodeLevel(b.Code) == 1 {
				s += b.Amount
			}
		}
		return Value{Kind: KNum, Num: s, Terms: 1}, len(r.Budgets) > 0
	}},
	"procurement.total": amountFact(func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.Total }),
	"procurement.parts": {KNum, func(r *juesuan.Report) (Value, bool) {
		p := r.Procurement
		return Value{Kind: KNum, Num: p.Goods + p.Works + p.Services, Terms: 3}, true
	}},
}

// FactNames lists the facts rules may read.
func FactNames() []string {
	var names []string
	for n := range facts {
		names = append(names, n)
	}
	return names
}

func (c *compiler) factCall(x *syntax.CallExpr) (evalFn, Kind, int) {
	if len(x.Args) != 1 {
		c.errorf(x.Pos, "函数 %s 需要 1 个参数", x.Fun.Name)
		return nil, 0, 0
	}
	lit, ok := x.Args[0].(*syntax.StringLit)
	if !ok {
		c.errorf(x.Args[0].Position(), "%s 的参数应为带引号的事实名称，如 \"jiguan_yunxing\"", x.Fun.Name)
		return nil, 0, 0
	}
	def, ok := facts[lit.Value]
	if !ok {
		c.errorf(lit.Pos, "未知的事实 %q", lit.Value)
		return nil, 0, 0
	}
	if x.Fun.Name == "stated" {
		return func(env *Env) Value {
			_, ok := def.get(env.R)
			return boolean(ok)
		}, KBool, 0
	}
	label := factLabels[lit.Value]
	if label == "" {
		label = lit.Value
	}
	return func(env *Env) Value {
		v, _ := def.get(env.R)
		v.Label = label
		return v
	}, def.kind, 0
}

// factLabels name facts in messages.
var factLabels = map[string]string{
	"jiguan_yunxing":            "机关运行经费",
	"prior.total":               "上年收、支总计",
	"prior.fiscal_total":        "上年财政拨款收、支总计",
	"prior.fiscal_expense":      "上年财政拨款支出",
	"performance.unit_budget":   "绩效自评全年预算数",
	"performance.unit_executed": "绩效自评执行数",
	"performance.project_funds": "绩效自评项目资金",
	"budget.total":              "年初预算合计",
	"procurement.total":         "政府采购支出总额",
	"procurement.parts":         "货物、工程、服务采购之和",
	"unit.kind":                 "单位性质",
	"unit.name":                 "单位名称",
}
