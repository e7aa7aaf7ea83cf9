package juesuan

import (
	"fmt"
	"strings"
)

// Points is a score in hundredths of a point (1835 = 18.35 分): scores are
// computed to two decimals without floating point.
type Points int64

// ParsePoints reads "18", "18.35", "95分".
func ParsePoints(s string) (Points, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "分")
	a, err := ParseAmount(s, UnitYuan) // two decimals, exact
	if err != nil {
		return 0, fmt.Errorf("分值 %q 不是有效的数字", s)
	}
	return Points(a), nil
}

// String prints 18.35, or 18 for whole points.
func (p Points) String() string {
	if p%100 == 0 {
		return fmt.Sprintf("%d", int64(p)/100)
	}
	return Amount(p).format(Yuan, 2)
}

// PerfSheet is a 绩效自评表: 部门整体支出 or 项目支出.
type PerfSheet struct {
	Kind         string     `yaml:"kind"` // 部门整体 | 项目
	Title        string     `yaml:"title"`
	Unit         string     `yaml:"unit"` // 单位名称 (项目: 实施单位)
	Project      string     `yaml:"project,omitempty"`
	Department   string     `yaml:"department,omitempty"` // 主管部门 (项目)
	Date         string     `yaml:"date"`
	BasicTotal   *Amount    `yaml:"basic_total,omitempty"`   // 基本支出总额
	ProjectTotal *Amount    `yaml:"project_total,omitempty"` // 项目支出总额
	Budget       PerfBudget `yaml:"budget"`
	Goals        []PerfGoal `yaml:"goals"`
	Total        *Points    `yaml:"declared_total"` // 总分 as declared
	Deviation    string     `yaml:"deviation"`      // 偏差大或目标未完成的原因分析
	Improvement  string     `yaml:"improvement"`    // 改进措施及结果应用方案
	Notes        []string   `yaml:"notes"`
	Scoring      string     `yaml:"scoring,omitempty"` // scoring rule set; default from the template
}

// Perf sheet kinds.
const (
	PerfSheetUnit    = "部门整体"
	PerfSheetProject = "项目"
)

// PerfBudget is the 预算执行情况 block of a sheet.
type PerfBudget struct {
	Weight   Points  `yaml:"weight"`             // 20 (部门整体) or 10 (项目)
	Label    string  `yaml:"label,omitempty"`    // 部门整体支出总额
	Initial  *Amount `yaml:"initial,omitempty"`  // 年初预算数
	Adjusted Amount  `yaml:"adjusted"`           // 全年预算数 (A)
	Executed Amount  `yaml:"executed"`           // 全年执行数 (B)
	Rate     string  `yaml:"rate,omitempty"`     // as printed: 91.73%
	Declared *Points `yaml:"declared,omitempty"` // declared 得分
	// Sources are the 项目资金 lines of a 项目 sheet (年度资金总额 is the
	// block itself): 当年财政拨款, 上年结转资金, 其他资金.
	Sources []PerfFundLine `yaml:"sources,omitempty"`
}

// PerfFundLine is one 资金来源 line of a 项目 sheet.
type PerfFundLine struct {
	Label    string  `yaml:"label"`
	Initial  *Amount `yaml:"initial,omitempty"`  // 年初预算数
	Adjusted *Amount `yaml:"adjusted,omitempty"` // 全年预算数
	Executed *Amount `yaml:"executed,omitempty"` // 全年执行数
}

// PerfGoal is a 年度目标 with its indicators.
type PerfGoal struct {
	Title      string          `yaml:"title"`
	Weight     Points          `yaml:"weight"`
	Text       string          `yaml:"text"`                    // 年度目标 / 预期目标
	Achieved   string          `yaml:"achieved,omitempty"`      // 实际完成情况 (项目)
	Groups     []PerfGroupW    `yaml:"group_weights,omitempty"` // printed weights of 一级/二级 groups
	Indicators []PerfIndicator `yaml:"indicators"`
}

// PerfGroupW is the printed weight of a 一级 or 二级 indicator group.
type PerfGroupW struct {
	Level1 string `yaml:"level1"`
	Level2 string `yaml:"level2,omitempty"`
	Weight Points `yaml:"weight"`
}

// PerfIndicator is one 三级指标.
type PerfIndicator struct {
	Level1 string `yaml:"level1"` // 产出指标
	Level2 string `yaml:"level2"` // 数量指标
	Name   string `yaml:"name"`   // 三级指标
	Weight Points `yaml:"weight"`
	Target string `yaml:"target"` // 年初目标值 as written: ≥95%, 24小时之内
	Actual string `yaml:"actual"` // 实际完成值
	// Kind is 定量 or 定性; empty means read from the target (a number is 定量).
	Kind string `yaml:"kind,omitempty"`
	// Comparator overrides the one read from the target: ≥ (正向), ≤ (反向), =.
	Comparator string `yaml:"comparator,omitempty"`
	// Unit is the 计量单位 when the target and actual are bare numbers.
	Unit string `yaml:"unit,omitempty"`
	// Level is the 完成档次 of a 定性 indicator (达成, 部分达成, 未达成) when the
	// actual value does not say it in words the scoring rules know.
	Level string `yaml:"level,omitempty"`
	// Parts are the completion values of sub-units; when present the actual
	// value is their aggregate (absolute values summed, relative values
	// weighted by funds).
	Parts    []PerfPart `yaml:"parts,omitempty"`
	Declared *Points    `yaml:"declared"` // 得分
	Note     string     `yaml:"note"`
}

// PerfPart is one sub-unit's completion of an indicator.
type PerfPart struct {
	Name   string  `yaml:"name"`
	Funds  Amount  `yaml:"funds"`  // 资金额度, the weight of relative values
	Actual string  `yaml:"actual"` // 实际完成值
	Score  *Points `yaml:"score,omitempty"`
}
