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
	Unit         string     `yaml:"unit"`
	Project      string     `yaml:"project,omitempty"`
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

// PerfBudget is the 预算执行情况 block of a sheet.
type PerfBudget struct {
	Weight   Points  `yaml:"weight"`             // 20 (部门整体) or 10 (项目)
	Label    string  `yaml:"label,omitempty"`    // 部门整体支出总额
	Initial  *Amount `yaml:"initial,omitempty"`  // 年初预算数
	Adjusted Amount  `yaml:"adjusted"`           // 全年预算数 (A)
	Executed Amount  `yaml:"executed"`           // 全年执行数 (B)
	Rate     string  `yaml:"rate,omitempty"`     // as printed: 91.73%
	Declared *Points `yaml:"declared,omitempty"` // declared 得分
}

// PerfGoal is a 年度目标 with its indicators.
type PerfGoal struct {
	Title      string          `yaml:"title"`
	Weight     Points          `yaml:"weight"`
	Text       string          `yaml:"text"`
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
	Level1   string  `yaml:"level1"` // 产出指标
	Level2   string  `yaml:"level2"` // 数量指标
	Name     string  `yaml:"name"`   // 三级指标
	Weight   Points  `yaml:"weight"`
	Target   string  `yaml:"target"` // 年初目标值 as written: ≥95%, 24小时之内
	Actual   string  `yaml:"actual"` // 实际完成值
	Kind     string  `yaml:"kind,omitempty"`
	Declared *Points `yaml:"declared"` // 得分
	Note     string  `yaml:"note"`
}
