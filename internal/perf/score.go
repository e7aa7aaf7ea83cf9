package perf

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/juesuan/juesuan"
)

// Basis says how an indicator's computed score was reached.
type Basis string

// Bases of a computed score.
const (
	BasisFormula  Basis = "formula"  // 定量 formula on target and actual
	BasisBand     Basis = "band"     // 定性: the declared score lies in the band of the level
	BasisBandTop  Basis = "band-top" // 定性: no usable declared score; the top of the band
	BasisParts    Basis = "parts"    // funds-weighted average of the sub-units' scores
	BasisMissing  Basis = "missing"  // no actual value: 0
	BasisDeclared Basis = "declared" // the formula cannot apply; the declared score is kept
)

// Result is a scored sheet.
type Result struct {
	Sheet  *juesuan.PerfSheet
	Rules  *Rules
	Budget BudgetResult
	Goals  []GoalResult
	// Level1 compares the 一级指标 weights of a 项目 sheet with the rules.
	Level1 []Level1Check
	// WeightSum is the 预算执行 weight plus the goal weights.
	WeightSum juesuan.Points
	// Computed is the total of the computed scores; Grade its 评价等级.
	Computed juesuan.Points
	Grade    string
	// Declared is the 总分 as printed (nil when not given); DeclaredSum the
	// sum of the declared scores; DeclaredGrade the grade of Declared (or of
	// DeclaredSum when no total is printed).
	Declared      *juesuan.Points
	DeclaredSum   juesuan.Points
	DeclaredGrade string
}

// BudgetResult is the scored 预算执行 block.
type BudgetResult struct {
	Weight   juesuan.Points
	Initial  *juesuan.Amount
	Adjusted juesuan.Amount
	Executed juesuan.Amount
	// Rate is 执行率 in 1/10000 (9173 = 91.73 %); RateOK is false for a zero budget.
	Rate     int64
	RateOK   bool
	Computed juesuan.Points
	Declared *juesuan.Points
}

// RateText prints the 执行率 "91.73%", or "" for a zero budget.
func (b BudgetResult) RateText() string {
	if !b.RateOK {
		return ""
	}
	return fmt.Sprintf("%d.%02d%%", b.Rate/100, b.Rate%100)
}

// GoalResult is a scored 年度目标.
type GoalResult struct {
	Goal       *juesuan.PerfGoal
	Indicators []IndicatorResult
	// WeightSum adds the indicator weights; Groups compares the printed
	// group weights with the indicators under them.
	WeightSum   juesuan.Points
	Groups      []GroupCheck
	Computed    juesuan.Points
	DeclaredSum juesuan.Points
}

// GroupCheck is a printed 一级/二级 group weight and the sum of its indicators.
type GroupCheck struct {
	Level1, Level2 string
	Printed        juesuan.Points
	Sum            juesuan.Points
}

// Level1Check is a 项目 sheet's 一级指标 weight against the rules.
type Level1Check struct {
	Name     string
	Expected juesuan.Points
	Actual   juesuan.Points
}

// IndicatorResult is a scored 三级指标.
type IndicatorResult struct {
	Indicator *juesuan.PerfIndicator
	Target    Value
	Actual    Value
	// Kind is 定量 or 定性; Comparator and Method apply to 定量.
	Kind       string
	Comparator Comparator
	Method     string
	// Level is the 定性 completion level and Low–High its band in points.
	Level     string
	Low, High juesuan.Points
	Computed  juesuan.Points
	Basis     Basis
	Declared  *juesuan.Points
	// Achievement is B/A (反向: A/B) in 1/10000 when defined.
	Achievement   int64
	AchievementOK bool
	// OverTarget is set when Achievement reaches the rules' threshold.
	OverTarget bool
	// Problems explain why the formula could not be applied as written.
	Problems []string
}

// Path names the indicator for people: 产出指标/数量指标/水电供给率.
func (ir IndicatorResult) Path() string {
	var parts []string
	for _, s := range []string{ir.Indicator.Level1, ir.Indicator.Level2, ir.Indicator.Name} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "/")
}

// Score scores sheet s under the rule set it names (or the default) of
// template t. It fails only when the rule set cannot be loaded.
func Score(t *juesuan.Template, s *juesuan.PerfSheet) (*Result, error) {
	rules, err := LoadRules(t, s.Scoring)
	if err != nil {
		return nil, err
	}
	return rules.Score(s), nil
}

// Score scores sheet s.
func (r *Rules) Score(s *juesuan.PerfSheet) *Result {
	res := &Result{Sheet: s, Rules: r, Declared: s.Total}
	b := &res.Budget
	b.Weight, b.Initial, b.Adjusted, b.Executed, b.Declared = s.Budget.Weight, s.Budget.Initial, s.Budget.Adjusted, s.Budget.Executed, s.Budget.Declared
	b.Computed, b.Rate, b.RateOK = r.BudgetScore(b.Weight, b.Adjusted, b.Executed)
	res.WeightSum = b.Weight
	res.Computed = b.Computed
	if b.Declared != nil {
		res.DeclaredSum = *b.Declared
	}
	for gi := range s.Goals {
		g := &s.Goals[gi]
		gr := GoalResult{Goal: g}
		for ii := range g.Indicators {
			ir := r.scoreIndicator(&g.Indicators[ii])
			gr.Indicators = append(gr.Indicators, ir)
			gr.WeightSum += ir.Indicator.Weight
			gr.Computed += ir.Computed
			if ir.Declared != nil {
				gr.DeclaredSum += *ir.Declared
			}
		}
		for _, gw := range g.Groups {
			gc := GroupCheck{Level1: gw.Level1, Level2: gw.Level2, Printed: gw.Weight}
			for _, in := range g.Indicators {
				if in.Level1 == gw.Level1 && (gw.Level2 == "" || in.Level2 == gw.Level2) {
					gc.Sum += in.Weight
				}
			}
			gr.Groups = append(gr.Groups, gc)
		}
		res.Goals = append(res.Goals, gr)
		res.WeightSum += g.Weight
		res.Computed += gr.Computed
		res.DeclaredSum += gr.DeclaredSum
	}
	res.Level1 = r.level1Checks(s)
	res.Grade = r.Grade(res.Computed)
	if res.Declared != nil {
		res.DeclaredGrade = r.Grade(*res.Declared)
	} else {
		res.DeclaredGrade = r.Grade(res.DeclaredSum)
	}
	return res
}

// level1Checks compares a sheet's 一级指标 weights with those the rules
// prescribe for its kind; a missing 满意度指标 hands its weight on.
func (r *Rules) level1Checks(s *juesuan.PerfSheet) []Level1Check {
	kd := r.Kinds[s.Kind]
	if kd == nil || len(kd.Level1) == 0 {
		return nil
	}
	actual := map[string]juesuan.Points{}
	for _, g := range s.Goals {
		for _, in := range g.Indicators {
			actual[in.Level1] += in.Weight
		}
	}
	expected := map[string]int64{}
	for n, w := range kd.Level1 {
		expected[n] = w
	}
	if _, has := actual[kd.Satisfaction]; kd.Satisfaction != "" && !has {
		for n, w := range kd.Reallocate {
			expected[n] += w
		}
		delete(expected, kd.Satisfaction)
	}
	var out []Level1Check
	for _, n := range sortedKeys(expected, actual) {
		e, a := juesuan.Points(expected[n]*100), actual[n]
		if _, ok := expected[n]; !ok {
			e = 0
		}
		out = append(out, Level1Check{Name: n, Expected: e, Actual: a})
	}
	return out
}

func sortedKeys(a map[string]int64, b map[string]juesuan.Points) []string {
	// The usual order of 一级指标 first, anything else after, by name.
	order := []string{"产出指标", "效益指标", "满意度指标"}
	seen := map[string]bool{}
	var out []string
	for _, n := range order {
		_, x := a[n]
		_, y := b[n]
		if x || y {
			out, seen[n] = append(out, n), true
		}
	}
	var rest []string
	for n := range a {
		if !seen[n] {
			rest, seen[n] = append(rest, n), true
		}
	}
	for n := range b {
		if !seen[n] {
			rest, seen[n] = append(rest, n), true
		}
	}
	sortStrings(rest)
	return append(out, rest...)
}

func (r *Rules) scoreIndicator(in *juesuan.PerfIndicator) IndicatorResult {
	ir := IndicatorResult{Indicator: in, Declared: in.Declared}
	w := pointsRat(in.Weight)
	problem := func(f string, a ...any) { ir.Problems = append(ir.Problems, fmt.Sprintf(f, a...)) }
	fallback := func() IndicatorResult {
		ir.Basis = BasisDeclared
		if in.Declared != nil {
			ir.Computed = *in.Declared
		}
		return ir
	}

	target, terr := ParseValue(in.Target)
	ir.Target = target
	if terr != nil {
		problem("年初目标值%s", errText(terr))
		return fallback()
	}
	switch in.Kind {
	case "定性":
		ir.Kind = "定性"
	case "定量":
		ir.Kind = "定量"
		if target.Qualitative {
			problem("定量指标的年初目标值“%s”不是数值", in.Target)
			return fallback()
		}
	case "":
		ir.Kind = "定量"
		if target.Qualitative {
			ir.Kind = "定性"
		}
	default:
		problem("指标性质“%s”应为 定量 或 定性", in.Kind)
		return fallback()
	}

	// The actual value: the aggregate of sub-units, or as written.
	var b *big.Rat
	if len(in.Parts) > 0 {
		agg, err := Aggregate(in.Parts)
		if err != nil {
			problem("%v", err)
			return fallback()
		}
		ir.Actual = agg.Value
		if agg.Score != nil {
			ir.Basis = BasisParts
			ir.Computed = r.round(clamp(agg.Score, w))
			return ir
		}
		b = agg.Num
	} else {
		actual, aerr := ParseValue(in.Actual)
		ir.Actual = actual
		if aerr == ErrEmpty {
			problem("实际完成值未填写，按 0 分计")
			ir.Basis = BasisMissing
			return ir
		}
		if aerr != nil {
			problem("实际完成值%s", errText(aerr))
			return fallback()
		}
		if !actual.Qualitative {
			b = actual.Num.Rat()
		}
	}

	if ir.Kind == "定性" || b == nil {
		if ir.Kind == "定量" && in.Level == "" {
			if _, ok := r.levelOf(ir.Actual.Text); !ok {
				problem("实际完成值“%s”不是数值，无法按定量公式计分", ir.Actual.Text)
				return fallback()
			}
		}
		return r.scoreLevel(ir, in, problem, fallback)
	}

	cmp := target.Cmp
	if in.Comparator != "" {
		c, ok := comparatorOf(in.Comparator)
		if !ok {
			problem("比较方向“%s”应为 ≥（正向）、≤（反向）或 =", in.Comparator)
			return fallback()
		}
		cmp = c
	}
	if cmp == "" {
		cmp = Comparator(r.DefaultComparator)
	}
	ir.Comparator = cmp
	tu, au := unitOr(target.Unit, in.Unit), unitOr(ir.Actual.Unit, in.Unit)
	if tu != au && len(in.Parts) == 0 {
		problem("年初目标值的单位“%s”与实际完成值的单位“%s”不一致", tu, au)
	}
	a := target.Num.Rat()
	f, method := r.formula(cmp)
	ir.Method = method
	ir.Computed = r.round(f(w, a, b))
	ir.Basis = BasisFormula
	ir.Achievement, ir.AchievementOK = achievement(cmp, a, b)
	if ir.AchievementOK && r.OverTargetPercent > 0 && ir.Achievement >= r.OverTargetPercent*100 {
		ir.OverTarget = true
	}
	return ir
}

// scoreLevel scores a 定性 indicator: the declared score stands when it
// lies in the band of the completion level; otherwise the band's top.
func (r *Rules) scoreLevel(ir IndicatorResult, in *juesuan.PerfIndicator, problem func(string, ...any), fallback func() IndicatorResult) IndicatorResult {
	ir.Kind = "定性"
	var lv Level
	var ok bool
	if in.Level != "" {
		if lv, ok = r.level(in.Level); !ok {
			problem("完成档次“%s”不是计分规则中的档次（%s）", in.Level, r.levelNames())
			return fallback()
		}
	} else if lv, ok = r.levelOf(ir.Actual.Text); !ok {
		problem("无法从实际完成值“%s”判断定性指标的完成档次，请填写 level（%s）", ir.Actual.Text, r.levelNames())
		return fallback()
	}
	ir.Level = lv.Name
	ir.Low, ir.High = r.band(in.Weight, lv)
	if d := in.Declared; d != nil && *d >= ir.Low && *d <= ir.High && int64(*d)%r.step() == 0 {
		ir.Computed, ir.Basis = *d, BasisBand
	} else {
		ir.Computed, ir.Basis = ir.High, BasisBandTop
	}
	return ir
}

// band is the range of scores a level allows, in the rules' steps: from
// weight×min/100 rounded up, to weight×max/100 (or just below it when the
// band excludes its top).
func (r *Rules) band(w juesuan.Points, l Level) (lo, hi juesuan.Points) {
	step := r.step()
	lowRaw := int64(w) * l.Min // in 1/10000 points
	lo = juesuan.Points(ceilDiv(lowRaw, 100*step) * step)
	highRaw := int64(w) * l.Max
	if l.Max == 100 {
		hi = juesuan.Points(highRaw / 100 / step * step)
	} else {
		hi = juesuan.Points((ceilDiv(highRaw, 100*step) - 1) * step)
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

func (r *Rules) levelNames() string {
	var ns []string
	for _, l := range r.Qualitative {
		ns = append(ns, l.Name)
	}
	return strings.Join(ns, "、")
}

// achievement is how far the actual value goes beyond the target, in
// 1/10000: B/A for 正向 and =, A/B for 反向.
func achievement(c Comparator, a, b *big.Rat) (int64, bool) {
	num, den := b, a
	if c == LE {
		num, den = a, b
	}
	if den.Sign() <= 0 || num.Sign() < 0 {
		return 0, false
	}
	q := new(big.Rat).Quo(new(big.Rat).Mul(num, rat(10000)), den)
	// Truncation suffices: the result is compared with a whole percent.
	v := new(big.Int).Quo(q.Num(), q.Denom())
	if !v.IsInt64() {
		return 0, false
	}
	return v.Int64(), true
}

func comparatorOf(s string) (Comparator, bool) {
	switch strings.TrimSpace(s) {
	case "≥", ">=", "正向":
		return GE, true
	case "≤", "<=", "反向":
		return LE, true
	case "=", "等于":
		return EQ, true
	}
	return "", false
}

func unitOr(u, def string) string {
	if u == "" {
		return def
	}
	return u
}

func errText(err error) string {
	if err == ErrEmpty {
		return "未填写"
	}
	return "无法读取：" + err.Error()
}
