// Package perf scores 绩效自评表 (performance self-evaluation sheets): it
// reads the targets and actual values people write ("≥95%", "24小时之内",
// "13000人次", "设立两处服务点"), applies a year's scoring rules (data under
// years/<id>/scoring/), and compares the computed scores with the declared
// ones. All arithmetic is exact (math/big rationals, juesuan.Points).
package perf

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/juesuan/juesuan"
)

// Comparator is the direction of a quantitative target.
type Comparator string

// Comparators a target may carry.
const (
	GE Comparator = "≥" // 正向: more is better
	LE Comparator = "≤" // 反向: less is better
	EQ Comparator = "=" // exact
)

// Decimal is an exact decimal number: Units × 10^-Scale.
type Decimal struct {
	Units int64
	Scale int
}

// Rat returns d as a rational.
func (d Decimal) Rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(d.Units), den)
}

// String prints d with its own scale: 100.00, 13000, -5.5.
func (d Decimal) String() string {
	u := d.Units
	neg := u < 0
	if neg {
		u = -u
	}
	s := fmt.Sprintf("%0*d", d.Scale+1, u)
	if d.Scale > 0 {
		s = s[:len(s)-d.Scale] + "." + s[len(s)-d.Scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Value is a target (年初目标值) or an actual value (实际完成值) as read.
type Value struct {
	Text string // as written
	// Cmp is the comparator written with the value ("≥", "以内"), "" if none.
	Cmp Comparator
	Num Decimal
	// Unit follows the number: "%", "人次", "小时"; "" for a bare number.
	Unit string
	// Qualitative is set when the text is not a number with a unit
	// ("设立两处服务点", "完成"); Num, Unit and Cmp are then empty.
	Qualitative bool
}

// Relative reports whether v is a rate (%, ‰), which aggregates as a
// funds-weighted average rather than a sum.
func (v Value) Relative() bool { return v.Unit == "%" || v.Unit == "‰" }

// String prints the canonical form of a quantitative value ("≤24小时"), or
// the text of a qualitative one.
func (v Value) String() string {
	if v.Qualitative {
		return v.Text
	}
	return string(v.Cmp) + v.Num.String() + v.Unit
}

// ErrEmpty is returned for a blank value.
var ErrEmpty = errors.New("未填写")

// Comparator words before the number, longest first within each group so
// that "不低于" is not read as "低于".
var prefixes = []struct {
	word string
	cmp  Comparator
}{
	{"大于或等于", GE}, {"大于等于", GE}, {"不低于", GE}, {"不少于", GE}, {"不小于", GE},
	{"至少", GE}, {">=", GE}, {"≥", GE}, {"≧", GE}, {"大于", GE}, {"高于", GE}, {"多于", GE}, {">", GE},
	{"小于或等于", LE}, {"小于等于", LE}, {"不高于", LE}, {"不超过", LE}, {"不多于", LE}, {"不大于", LE},
	{"至多", LE}, {"<=", LE}, {"≤", LE}, {"≦", LE}, {"小于", LE}, {"低于", LE}, {"少于", LE}, {"<", LE},
	{"==", EQ}, {"=", EQ}, {"等于", EQ},
}

// Comparator words after the unit.
var suffixes = []struct {
	word string
	cmp  Comparator
}{
	{"及以上", GE}, {"以上", GE}, {"及以下", LE}, {"以下", LE}, {"以内", LE}, {"之内", LE}, {"内", LE},
}

// maxUnitRunes bounds a unit: longer text after a number is a sentence
// ("2处服务点已设立"), read as qualitative.
const maxUnitRunes = 6

// ParseValue reads a target or actual value. A number with an optional
// comparator and unit is quantitative; any other non-blank text is
// qualitative. It fails only on blank text, on contradictory comparators
// ("≥5以内") and on numbers too long to hold exactly.
func ParseValue(text string) (Value, error) {
	v := Value{Text: text}
	s := normalize(strings.TrimSpace(text))
	if s == "" {
		return v, ErrEmpty
	}
	qual := func() (Value, error) { return Value{Text: text, Qualitative: true}, nil }
	for _, p := range prefixes {
		if strings.HasPrefix(s, p.word) {
			v.Cmp, s = p.cmp, strings.TrimSpace(s[len(p.word):])
			break
		}
	}
	num, rest, ok := cutNumber(s)
	if !ok {
		return qual()
	}
	d, err := parseDecimal(num)
	if err != nil {
		return v, fmt.Errorf("%q: %w", text, err)
	}
	v.Num = d
	rest = strings.TrimSpace(rest)
	for _, sf := range suffixes {
		if strings.HasSuffix(rest, sf.word) {
			if v.Cmp != "" && v.Cmp != sf.cmp {
				return v, fmt.Errorf("%q 的比较方向前后矛盾", text)
			}
			v.Cmp, rest = sf.cmp, strings.TrimSpace(strings.TrimSuffix(rest, sf.word))
			break
		}
	}
	if !validUnit(rest) {
		return qual()
	}
	v.Unit = rest
	return v, nil
}

// cutNumber splits s into a leading signed decimal number and the rest.
func cutNumber(s string) (num, rest string, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	start := i
	for i < len(s) && (isDigit(s[i]) || s[i] == ',' && i > start && i+1 < len(s) && isDigit(s[i+1])) {
		i++
	}
	if i == start {
		return "", s, false
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return s[:i], s[i:], true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maxDigits keeps Units within int64 with room for scaling.
const maxDigits = 15

func parseDecimal(s string) (Decimal, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	s = strings.ReplaceAll(s, ",", "")
	ip, fp, _ := strings.Cut(s, ".")
	all := strings.TrimLeft(ip+fp, "0")
	if len(all) > maxDigits || len(fp) > 6 {
		return Decimal{}, errors.New("数字位数过多")
	}
	var u int64
	for _, c := range ip + fp {
		u = u*10 + int64(c-'0')
	}
	if neg {
		u = -u
	}
	return Decimal{Units: u, Scale: len(fp)}, nil
}

// validUnit accepts a short run of letters and symbols with no digits,
// punctuation that could belong to a number, or a comparator word left.
func validUnit(u string) bool {
	if utf8.RuneCountInString(u) > maxUnitRunes {
		return false
	}
	for _, r := range u {
		if r < 0x80 && (r >= '0' && r <= '9' || strings.ContainsRune(".,+-<>=/ ", r)) || unicode.IsSpace(r) ||
			r == '≥' || r == '≤' || r == '≧' || r == '≦' || r == '~' || r == '～' || r == '至' {
			return false
		}
	}
	for _, sf := range suffixes {
		if strings.HasSuffix(u, sf.word) {
			return false
		}
	}
	return true
}

// normalize maps full-width digits and symbols to ASCII.
func normalize(s string) string { return juesuan.HalfWidth(s) }
