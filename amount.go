package juesuan

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// Amount is an exact amount of money in 分 (0.01 元). Amounts never pass
// through float64: 1 万元 is 1,000,000 分, so every figure printed in 万元
// with two decimals is an integer number of 分.
type Amount int64

// Units of Amount.
const (
	Fen     Amount = 1
	Yuan    Amount = 100
	Wanyuan Amount = 1_000_000
	// Cent is the smallest printed step of a 万元 table: 0.01 万元.
	Cent Amount = 10_000
)

// MaxAmount bounds parsed amounts (10^11 万元, a thousand times a national
// budget) so that sums of many amounts cannot overflow int64.
const MaxAmount Amount = 100_000_000_000_000_000

// MoneyUnit is the unit in which a file states its amounts.
type MoneyUnit string

// Money units a report file may declare.
const (
	UnitWanyuan MoneyUnit = "万元"
	UnitYuan    MoneyUnit = "元"
	UnitFen     MoneyUnit = "分"
)

// Scale returns the number of 分 in one u, or 0 for an unknown unit.
func (u MoneyUnit) Scale() Amount {
	switch u {
	case UnitWanyuan, "":
		return Wanyuan
	case UnitYuan:
		return Yuan
	case UnitFen:
		return Fen
	}
	return 0
}

// Decimals is the number of decimals a value in u can carry exactly.
func (u MoneyUnit) Decimals() int {
	switch u {
	case UnitYuan:
		return 2
	case UnitFen:
		return 0
	}
	return 6
}

// ErrAmountSyntax is returned (wrapped) for text that is not an amount.
var ErrAmountSyntax = errors.New("不是有效的金额")

// ParseAmount converts decimal text in unit u to an exact Amount.
// It accepts an optional sign, ASCII or full-width digits, thousands
// separators in groups of three, and a negative amount written in
// parentheses "(12.30)". It rejects more decimals than u can hold
// exactly (0.001 元 has no exact 分 value), exponents, NaN and overflow.
func ParseAmount(s string, u MoneyUnit) (Amount, error) {
	scale := u.Scale()
	if scale == 0 {
		return 0, fmt.Errorf("未知的金额单位 %q（应为 万元、元 或 分）", string(u))
	}
	orig := s
	s = HalfWidth(strings.TrimSpace(s))
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if neg {
			return 0, fmt.Errorf("%q %w", orig, ErrAmountSyntax)
		}
		neg, s = s[0] == '-', s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return 0, fmt.Errorf("%q %w", orig, ErrAmountSyntax)
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("%q %w（千位分隔符位置不对）", orig, ErrAmountSyntax)
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("%q %w", orig, ErrAmountSyntax)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > u.Decimals() {
		return 0, fmt.Errorf("%q 的小数位超过 %s 的精度（最多 %d 位）", orig, u, u.Decimals())
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 18 {
		return 0, fmt.Errorf("%q 超出金额范围", orig)
	}
	var v Amount
	for _, c := range intPart {
		v = v*10 + Amount(c-'0')
	}
	if v > MaxAmount/scale {
		return 0, fmt.Errorf("%q 超出金额范围", orig)
	}
	v *= scale
	unit := scale
	for _, c := range frac {
		unit /= 10
		v += Amount(c-'0') * unit
	}
	if neg {
		v = -v
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// RoundTo rounds a to a multiple of step, half away from zero (四舍五入).
func (a Amount) RoundTo(step Amount) Amount {
	if step <= 0 {
		return a
	}
	q, r := a/step, a%step
	if r < 0 {
		r = -r
	}
	if 2*r >= step {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q * step
}

// Wan formats a as 万元 with exactly two decimals, rounding half away
// from zero: 1,224,000,000 分 → "122.40".
func (a Amount) Wan() string { return a.RoundTo(Cent).format(Wanyuan, 2) }

// YuanString formats a as 元 with two decimals.
func (a Amount) YuanString() string { return a.format(Yuan, 2) }

// String formats a in 万元 with as many decimals as it needs (at least two),
// so that no precision is lost: used in files and messages.
func (a Amount) String() string {
	s := a.format(Wanyuan, 6)
	for strings.HasSuffix(s, "0") && len(s)-strings.IndexByte(s, '.') > 3 {
		s = s[:len(s)-1]
	}
	return s
}

// In formats a in unit u with all the decimals u can carry, trimmed to at
// least two (or none for 分).
func (a Amount) In(u MoneyUnit) string {
	if u == UnitWanyuan || u == "" {
		return a.String()
	}
	if u == UnitFen {
		return fmt.Sprintf("%d", int64(a))
	}
	return a.format(Yuan, 2)
}

func (a Amount) format(unit Amount, decimals int) string {
	neg := a < 0
	u := uint64(a)
	if neg {
		u = uint64(-a)
	}
	ip, fp := u/uint64(unit), u%uint64(unit)
	s := fmt.Sprintf("%d", ip)
	if decimals > 0 {
		f := fmt.Sprintf("%0*d", digits(unit), fp)
		if len(f) < decimals {
			f += strings.Repeat("0", decimals-len(f))
		}
		s += "." + f[:decimals]
	}
	if neg && u != 0 {
		s = "-" + s
	}
	return s
}

func digits(unit Amount) int {
	n := 0
	for unit > 1 {
		unit /= 10
		n++
	}
	return n
}

// Percent returns num/den as a percentage with two decimals, rounded half
// up (away from zero) using integer arithmetic: Percent(1.37, 123.77) =
// "1.11". ok is false when den is zero.
func Percent(num, den Amount) (s string, ok bool) {
	if den == 0 {
		return "", false
	}
	q, _ := Ratio(num, den)
	neg := q < 0
	if neg {
		q = -q
	}
	s = fmt.Sprintf("%d.%02d", q/100, q%100)
	if neg {
		s = "-" + s
	}
	return s, true
}

// Ratio returns num/den in 1/10000 (basis points ×100: 9173 means 91.73 %),
// rounded half up. ok is false when den is zero.
func Ratio(num, den Amount) (bp int64, ok bool) {
	if den == 0 {
		return 0, false
	}
	neg := (num < 0) != (den < 0)
	n, d := uint64(abs64(int64(num))), uint64(abs64(int64(den)))
	// 128-bit product: n×10000 overflows int64 for national-scale amounts.
	hi, lo := bits.Mul64(n, 10000)
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r {
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
