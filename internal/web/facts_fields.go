package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// factField is one entry of the 概况 and 情况说明 forms: how to show it
// and how to set it from what was typed, with a clear error otherwise.
type factField struct {
	Key, Label string
	Kind       string // text, area, int, amount
	Unit       string // shown after the input: 人, 辆, 万元
	get        func(r *juesuan.Report) string
	set        func(r *juesuan.Report, v string) error
}

type factSection struct {
	Title  string
	Fields []factField
}

func textField(key, label string, area bool, p func(r *juesuan.Report) *string) factField {
	kind := "text"
	if area {
		kind = "area"
	}
	return factField{Key: key, Label: label, Kind: kind,
		get: func(r *juesuan.Report) string { return *p(r) },
		set: func(r *juesuan.Report, v string) error {
			if len([]rune(v)) > 20000 {
				return fmt.Errorf("不能超过 20000 字")
			}
			*p(r) = v
			return nil
		}}
}

func intField(key, label, unit string, p func(r *juesuan.Report) *int) factField {
	return factField{Key: key, Label: label, Kind: "int", Unit: unit,
		get: func(r *juesuan.Report) string {
			if *p(r) == 0 {
				return ""
			}
			return strconv.Itoa(*p(r))
		},
		set: func(r *juesuan.Report, v string) error {
			if v == "" {
				*p(r) = 0
				return nil
			}
			n, err := strconv.Atoi(toHalfWidth(v))
			if err != nil || n < 0 || n > 10_000_000 {
				return fmt.Errorf("应为不小于 0 的整数，而不是“%s”", v)
			}
			*p(r) = n
			return nil
		}}
}

// amountField is an amount in 万元; blank is 0.
func amountField(key, label string, p func(r *juesuan.Report) *juesuan.Amount) factField {
	return factField{Key: key, Label: label, Kind: "amount", Unit: "万元",
		get: func(r *juesuan.Report) string {
			if *p(r) == 0 {
				return ""
			}
			return p(r).Wan()
		},
		set: func(r *juesuan.Report, v string) error {
			a, err := parseWan(v)
			if err != nil {
				return err
			}
			*p(r) = a
			return nil
		}}
}

// optAmountField is an amount in 万元 that may be not stated (blank).
func optAmountField(key, label string, p func(r *juesuan.Report) **juesuan.Amount) factField {
	return factField{Key: key, Label: label, Kind: "amount", Unit: "万元",
		get: func(r *juesuan.Report) string {
			if *p(r) == nil {
				return ""
			}
			return (*p(r)).Wan()
		},
		set: func(r *juesuan.Report, v string) error {
			if strings.TrimSpace(v) == "" {
				*p(r) = nil
				return nil
			}
			a, err := parseWan(v)
			if err != nil {
				return err
			}
			*p(r) = &a
			return nil
		}}
}

// parseWan reads an amount typed in 万元 ("" is 0).
func parseWan(v string) (juesuan.Amount, error) {
	t := normalizeInput(v)
	if t == "" {
		return 0, nil
	}
	a, err := juesuan.ParseAmount(t, juesuan.UnitWanyuan)
	if err != nil {
		return 0, fmt.Errorf("应为以万元为单位的金额（如 12.34），而不是“%s”", v)
	}
	if a.RoundTo(juesuan.Cent) != a {
		return 0, fmt.Errorf("金额最多两位小数（万元），而不是“%s”", v)
	}
	return a, nil
}

func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, strings.TrimSpace(s))
}

// profileSections is the 概况 tab.
var profileSections = []factSection{
	{"单位基本情况", []factField{
		textField("unit.kind", "单位性质（行政单位、参公事业单位、事业单位…）", false, func(r *juesuan.Report) *string { return &r.Unit.Kind }),
		textField("unit.department", "所属部门", false, func(r *juesuan.Report) *string { return &r.Unit.Department }),
		textField("unit.functions", "部门主要职能", true, func(r *juesuan.Report) *string { return &r.Unit.Functions }),
		textField("unit.composition", "部门决算单位构成", true, func(r *juesuan.Report) *string { return &r.Unit.Composition }),
	}},
	{"人员构成", []factField{
		intField("staff.in_service", "在职实有人数", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.InService }),
		intField("staff.administrative", "其中：行政编制", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.Administrative }),
		intField("staff.institution", "事业编制", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.Institution }),
		intField("staff.civil_managed", "参照公务员法管理", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.CivilManaged }),
		intField("staff.retired", "离退休人员", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.Retired }),
		intField("staff.lixiu", "其中：离休", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.Lixiu }),
		intField("staff.tuixiu", "退休", "人", func(r *juesuan.Report) *int { return &r.Unit.Staff.Tuixiu }),
	}},
}

// factSections is the 说明数据 tab: the facts of the 情况说明 beyond the tables.
var factSections = []factSection{
	{"上年数（用于同比说明）", []factField{
		optAmountField("prior.total", "上年收入支出决算总计", func(r *juesuan.Report) **juesuan.Amount { return &r.Prior.Total }),
		optAmountField("prior.fiscal_total", "上年财政拨款收入支出决算总计", func(r *juesuan.Report) **juesuan.Amount { return &r.Prior.FiscalTotal }),
		optAmountField("prior.fiscal_expense", "上年一般公共预算财政拨款支出", func(r *juesuan.Report) **juesuan.Amount { return &r.Prior.FiscalExpense }),
	}},
	{"机关运行经费", []factField{
		optAmountField("operating", "机关运行经费支出", func(r *juesuan.Report) **juesuan.Amount { return &r.Operating }),
	}},
	{"政府采购", []factField{
		amountField("proc.total", "政府采购支出总额", func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.Total }),
		amountField("proc.goods", "其中：货物", func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.Goods }),
		amountField("proc.works", "工程", func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.Works }),
		amountField("proc.services", "服务", func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.Services }),
		amountField("proc.sme", "授予中小企业合同金额", func(r *juesuan.Report) *juesuan.Amount { return &r.Procurement.SME }),
	}},
	{"国有资产占用", []factField{
		intField("assets.vehicles", "车辆", "辆", func(r *juesuan.Report) *int { return &r.Assets.Vehicles }),
		intField("assets.ge50", "单价50万元以上通用设备", "台（套）", func(r *juesuan.Report) *int { return &r.Assets.GeneralEquip50 }),
		intField("assets.sp100", "单价100万元以上专用设备", "台（套）", func(r *juesuan.Report) *int { return &r.Assets.SpecialEq100 }),
	}},
	{"“三公”经费", []factField{
		intField("sg.groups", "因公出国（境）团组数", "个", func(r *juesuan.Report) *int { return &r.SanGong.Groups }),
		intField("sg.persons", "因公出国（境）人次", "人次", func(r *juesuan.Report) *int { return &r.SanGong.Persons }),
		intField("sg.cars_bought", "公务用车购置数", "辆", func(r *juesuan.Report) *int { return &r.SanGong.CarsBought }),
		intField("sg.cars_held", "公务用车保有量", "辆", func(r *juesuan.Report) *int { return &r.SanGong.CarsHeld }),
		intField("sg.receptions", "国内公务接待批次", "批次", func(r *juesuan.Report) *int { return &r.SanGong.Receptions }),
		intField("sg.reception_persons", "国内公务接待人次", "人次", func(r *juesuan.Report) *int { return &r.SanGong.ReceptionPers }),
	}},
	{"预算绩效管理", []factField{
		intField("perf.projects", "开展绩效自评的项目个数", "个", func(r *juesuan.Report) *int { return &r.Performance.Projects }),
		amountField("perf.project_funds", "项目绩效自评涉及资金", func(r *juesuan.Report) *juesuan.Amount { return &r.Performance.ProjectFunds }),
		textField("perf.result_use", "绩效评价结果应用情况", true, func(r *juesuan.Report) *string { return &r.Performance.ResultUse }),
	}},
}
