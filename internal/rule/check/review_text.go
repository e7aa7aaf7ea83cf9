package check

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/memo"
)

// The reviewer's checks read the 说明 as printed. A PDF wraps a sentence
// over lines and pads numbers with spaces ("年初预算为 1560.05 万元"), so
// the text is compacted before any pattern sees it.

var sectionOrder = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"}

// compact removes line breaks and spaces.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t', '\u3000', '\f':
			return -1
		}
		return r
	}, s)
}

// compactSection compacts a 说明 section but keeps its headings ("五、…
// 情况说明", "（一）…总体情况") on lines of their own, so that a quoted
// sentence does not begin with the heading above it.
func compactSection(s string) string { return compactMemo.Get(s) }

var compactMemo = memo.New(compactSection1)

func compactSection1(s string) string {
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		t := compact(line)
		if t == "" {
			continue
		}
		b.WriteString(t)
		if i == 0 || reHeading.MatchString(t) {
			b.WriteString("\n")
		}
	}
	return b.String()
}

var reGluedHeading = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[）)][^，。；,;]{2,30}?(?:情况说明|情况)`)

var reHeading = regexp.MustCompile(`^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)[^，。；,;]{0,40}$`)

// sentences splits compacted text after 。 and ；.
func sentences(s string) []string { return sentenceMemo.Get(s) }

var sentenceMemo = memo.New(sentences1)

func sentences1(s string) []string {
	var out []string
	for _, p := range reSentenceEnd.FindAllString(s, -1) {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

var reSentenceEnd = regexp.MustCompile(`[^。；\n]+[。；]?`)

// sentenceStart is where the sentence holding byte pos of text begins.
func sentenceStart(text string, pos int) int {
	if i := strings.LastIndexAny(text[:pos], "。；：\n"); i >= 0 {
		_, w := utf8.DecodeRuneInString(text[i:])
		return i + w
	}
	return 0
}

// publishedSections lists the compacted 说明 sections in order.
func publishedSections(r *juesuan.Report) []textSection {
	var out []textSection
	for _, k := range sectionOrder {
		if s, ok := r.Published.Sections[k]; ok {
			out = append(out, textSection{Num: k, Text: compactSection(s)})
		}
	}
	return out
}

type textSection struct {
	Num  string // 一 … 十五
	Text string
}

func (s textSection) where() string { return "情况说明 " + s.Num }

// number is an amount or a percentage as printed, kept with its text so
// that its precision is known.
type number struct {
	text string
	rat  *big.Rat
}

func parseNumber(s string) (number, bool) {
	s = strings.ReplaceAll(s, ",", "")
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return number{}, false
	}
	return number{text: s, rat: r}, true
}

// half is half a unit of the last printed digit: the rounding the printer
// may have done ("6.2" is 6.15 … 6.25).
func (n number) half() *big.Rat {
	dec := 0
	if _, frac, ok := strings.Cut(n.text, "."); ok {
		dec = len(frac)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil)
	return new(big.Rat).SetFrac(big.NewInt(1), den.Mul(den, big.NewInt(2)))
}

func (n number) isZero() bool { return n.rat.Sign() == 0 }

// sameAmount says whether a printed amount can be the table's figure at
// the precision the text used ("6.2" matches 6.20; "0.3" does not match
// 2961.68).
func sameAmount(n number, table juesuan.Amount) bool {
	t := new(big.Rat).SetFrac(big.NewInt(int64(table)), big.NewInt(int64(juesuan.Wanyuan)))
	d := new(big.Rat).Sub(t, n.rat)
	d.Abs(d)
	return d.Cmp(n.half()) <= 0
}

// pctVerdict judges a printed percentage of num/den: fair when some
// amounts within rounding of the printed ones give it; minor when it is
// off by at most 0.1 percentage point beyond that; far otherwise.
type pctVerdict int

const (
	pctFair pctVerdict = iota
	pctMinor
	pctFar
)

var hundred = big.NewRat(100, 1)

func judgePercent(num, den, pct number) (pctVerdict, string) {
	return judgePercentH(num, num.half(), den, den.half(), pct)
}

// judgePercentH is judgePercent with the rounding of num and den given:
// a denominator computed from two printed amounts carries both roundings.
func judgePercentH(num number, hn *big.Rat, den number, hd *big.Rat, pct number) (pctVerdict, string) {
	hp := pct.half()
	nlo := new(big.Rat).Sub(num.rat, hn)
	if nlo.Sign() < 0 {
		nlo.SetInt64(0)
	}
	nhi := new(big.Rat).Add(num.rat, hn)
	dlo := new(big.Rat).Sub(den.rat, hd)
	dhi := new(big.Rat).Add(den.rat, hd)
	exact := new(big.Rat).Mul(new(big.Rat).Quo(num.rat, den.rat), hundred)
	want := exact.FloatString(2)
	if dlo.Sign() <= 0 {
		return pctFair, want
	}
	lo := new(big.Rat).Mul(new(big.Rat).Quo(nlo, dhi), hundred)
	hi := new(big.Rat).Mul(new(big.Rat).Quo(nhi, dlo), hundred)
	plo := new(big.Rat).Sub(pct.rat, hp)
	phi := new(big.Rat).Add(pct.rat, hp)
	if phi.Cmp(lo) >= 0 && plo.Cmp(hi) <= 0 {
		return pctFair, want
	}
	var gap *big.Rat
	if phi.Cmp(lo) < 0 {
		gap = new(big.Rat).Sub(lo, phi)
	} else {
		gap = new(big.Rat).Sub(plo, hi)
	}
	// Past the reach of rounding by a tenth of a point at most: a slip of
	// the last digit, minor; a wrong digit anywhere else is not.
	if gap.Cmp(big.NewRat(1, 10)) <= 0 {
		return pctMinor, want
	}
	return pctFar, want
}

func pctSeverity(v pctVerdict) juesuan.Severity {
	if v == pctMinor {
		return juesuan.SevInfo
	}
	return ""
}

func pctNote(v pctVerdict) string {
	if v == pctMinor {
		return "（差异略超出所列金额的舍位范围）"
	}
	return ""
}

// quote formats a finding message ending with the sentence it is about.
func quote(msg, sent string) string {
	sent = strings.TrimSpace(sent)
	if m := reGluedHeading.FindString(sent); m != "" && len(m) < len(sent) {
		sent = sent[len(m):] // a heading the PDF's lines ran into the text
	}
	if r := []rune(sent); len(r) > 160 {
		sent = string(r[:160]) + "…"
	}
	return fmt.Sprintf("%s：“%s”", msg, sent)
}

// published says whether the report carries a published text to check; a
// report prepared here prints its own, which is right by construction.
func published(r *juesuan.Report) bool {
	return len(r.Published.Sections) > 0 || len(r.Published.Lines) > 0
}

// keyCell is the cell a template key names, when the layout prints it.
func keyCell(env *Env, key string) (juesuan.CellRef, bool) {
	c, ok := env.T.Key(key)
	if !ok {
		return c, false
	}
	if _, ok := env.T.Table(c.Table); !ok {
		return c, false
	}
	return c, true
}

// lineWhere names a printed line: page and line of a PDF, line of a text.
func lineWhere(l juesuan.PrintedLine) string {
	if l.Page > 0 && l.No > 0 {
		return fmt.Sprintf("第 %d 页第 %d 行", l.Page, l.No)
	}
	if l.No > 0 {
		return fmt.Sprintf("第 %d 行", l.No)
	}
	return "全文"
}

const amountPat = `(\d[\d,]*(?:\.\d+)?)`

// ShareVerdict judges a printed share "占 P%" of table figures: num is the
// sum of numCells printed cells and den of denCells, each rounded to 0.01
// 万元. It returns the severity to report ("" for none; info when only
// the printed rounding is exceeded) and the exact share.
func ShareVerdict(num, den juesuan.Amount, numCells, denCells int, printed string) (juesuan.Severity, string, bool) {
	p, ok := parseNumber(printed)
	if !ok || den <= 0 {
		return "", "", false
	}
	cent := big.NewRat(1, 200) // half of 0.01 万元
	hn := new(big.Rat).Mul(cent, big.NewRat(int64(max(numCells, 1)), 1))
	hd := new(big.Rat).Mul(cent, big.NewRat(int64(max(denCells, 1)), 1))
	n := number{text: num.Wan(), rat: new(big.Rat).SetFrac64(int64(num), int64(juesuan.Wanyuan))}
	d := number{text: den.Wan(), rat: new(big.Rat).SetFrac64(int64(den), int64(juesuan.Wanyuan))}
	v, want := judgePercentH(n, hn, d, hd, p)
	if v == pctMinor {
		// Shares are balanced so that they add up to 100 %: one unit of
		// the last printed digit off the exact share is that balancing.
		exact := new(big.Rat).Mul(new(big.Rat).Quo(n.rat, d.rat), hundred)
		off := new(big.Rat).Sub(exact, p.rat)
		unit := new(big.Rat).Mul(p.half(), big.NewRat(2, 1))
		if off.Abs(off).Cmp(unit) <= 0 {
			v = pctFair
		}
	}
	switch v {
	case pctFair:
		return "", want, true
	case pctMinor:
		return juesuan.SevInfo, want, true
	}
	return juesuan.SevWarning, want, true
}
