package perf

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/juesuan/juesuan"
)

// Aggregated is the completion of an indicator over its sub-units.
type Aggregated struct {
	Value Value    // for display: the aggregate rounded to 4 decimals
	Num   *big.Rat // exact aggregate of quantitative values
	// Score is the funds-weighted average of the parts' scores, used
	// for 定性 parts (note 3: 以资金额度为权重，对分值进行加权平均).
	Score *big.Rat
}

// Aggregate combines sub-units' values by note 2 of the rules: absolute
// values are summed, relative values (%, ‰) averaged weighted by funds.
// Parts that carry scores but no numbers average their scores by funds.
func Aggregate(parts []juesuan.PerfPart) (Aggregated, error) {
	var agg Aggregated
	funds := new(big.Rat)
	for _, p := range parts {
		if p.Funds < 0 {
			return agg, fmt.Errorf("下级单位“%s”的资金额度不能为负", p.Name)
		}
		funds.Add(funds, rat(int64(p.Funds)))
	}
	vals := make([]Value, len(parts))
	quantitative := true
	for i, p := range parts {
		v, err := ParseValue(p.Actual)
		if err != nil && err != ErrEmpty {
			return agg, fmt.Errorf("下级单位“%s”的实际完成值%s", p.Name, errText(err))
		}
		if err == ErrEmpty || v.Qualitative {
			quantitative = false
		}
		vals[i] = v
	}
	if !quantitative {
		if funds.Sign() == 0 {
			return agg, fmt.Errorf("下级单位的资金额度合计为 0，无法加权汇总分值")
		}
		sum := new(big.Rat)
		for _, p := range parts {
			if p.Score == nil {
				return agg, fmt.Errorf("下级单位“%s”的实际完成值不是数值，需填写其得分 score 才能汇总", p.Name)
			}
			sum.Add(sum, new(big.Rat).Mul(rat(int64(p.Funds)), pointsRat(*p.Score)))
		}
		agg.Score = sum.Quo(sum, funds)
		agg.Value = Value{Text: "按资金加权汇总的分值", Qualitative: true}
		return agg, nil
	}
	unit := vals[0].Unit
	for i, v := range vals {
		if v.Unit != unit {
			return agg, fmt.Errorf("下级单位“%s”的单位“%s”与“%s”不一致，无法汇总", parts[i].Name, v.Unit, unit)
		}
	}
	sum := new(big.Rat)
	if vals[0].Relative() {
		if funds.Sign() == 0 {
			return agg, fmt.Errorf("下级单位的资金额度合计为 0，无法加权平均相对值")
		}
		for i, v := range vals {
			sum.Add(sum, new(big.Rat).Mul(rat(int64(parts[i].Funds)), v.Num.Rat()))
		}
		sum.Quo(sum, funds)
	} else {
		for _, v := range vals {
			sum.Add(sum, v.Num.Rat())
		}
	}
	agg.Num = sum
	agg.Value = Value{Num: ratDecimal(sum, 4), Unit: unit}
	agg.Value.Text = agg.Value.String()
	return agg, nil
}

// ratDecimal rounds x half away from zero to the given decimals, then
// drops trailing zeros beyond two, and all of them for a whole number.
func ratDecimal(x *big.Rat, decimals int) Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	q := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	n, d := q.Num(), q.Denom()
	quo, rem := new(big.Int).QuoRem(n, d, new(big.Int))
	rem.Abs(rem).Mul(rem, big.NewInt(2))
	if rem.Cmp(d) >= 0 {
		quo.Add(quo, big.NewInt(int64(n.Sign())))
	}
	dec := Decimal{Units: quo.Int64(), Scale: decimals}
	for dec.Scale > 2 && dec.Units%10 == 0 {
		dec.Units /= 10
		dec.Scale--
	}
	if dec.Scale == 2 && dec.Units%100 == 0 {
		dec = Decimal{Units: dec.Units / 100}
	}
	return dec
}

func sortStrings(s []string) { sort.Strings(s) }
