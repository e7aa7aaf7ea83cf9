package check

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan/internal/memo"
)

// A 决算 speaks of one year. Last year's document copied forward keeps
// its years in titles and dates; these are the places a year must be the
// report's own (or, after 与…相比, the year before).
var (
	reTitleLine   = regexp.MustCompile(`(?:部门|单位)决算|决算表|决算情况说明`)
	reTitleYear   = regexp.MustCompile(`(\d{4})年度?(?:部门|单位)?决算|(\d{4})年度`)
	reAsOf        = regexp.MustCompile(`截(?:至|止)(\d{4})年(?:12月31日|末|底)`)
	reCompared    = regexp.MustCompile(`(?:与|比|较)上?(\d{4})年度?(?:相比|同期|决算)?`)
	reShortYear   = regexp.MustCompile(`(?:^|[^\d.,%])(2\d{1,2})年度`)
	reSubjectOrg  = `(?:本单位|本部门|我单位|我部门)`
	reOtherYearOK = regexp.MustCompile(`相比|比|较|上年|去年|同期|结转|结余|以前年度|计划|将|拟|预计`)
)

func yearsConsistent(env *Env) []Problem {
	r := env.R
	if !published(r) || r.Year == 0 {
		return nil
	}
	year := r.Year
	var ps []Problem
	add := func(where, found, want, text, why string) {
		ps = append(ps, Problem{Expected: want, Actual: found, Where: where,
			Message: quote(fmt.Sprintf("%s写作“%s”，本报告是%d年度决算，应为“%s”", why, found, year, want), text)})
	}
	seen := map[string]bool{}
	once := func(key string) bool {
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	// Titles and headers: the printed lines.
	for _, h := range yearLines.Get(joinLines(r.Published.Lines)) {
		l := r.Published.Lines[h.i]
		for _, y := range h.titleYears {
			if n, _ := strconv.Atoi(y); n != year && once("t"+h.t) {
				add(lineWhere(l), y+"年度", strconv.Itoa(year)+"年度", h.t, "标题")
			}
		}
		if h.short != "" && once("s"+h.t) {
			add(lineWhere(l), h.short+"年度", strconv.Itoa(year)+"年度", h.t, "年份不完整：")
		}
	}
	name := compact(r.Unit.Name)
	subject := reSubjectOrg
	if name != "" {
		subject = `(?:` + regexp.QuoteMeta(name) + `|本单位|本部门|我单位|我部门)`
	}
	for _, sec := range publishedSections(r) {
		for _, h := range yearSentences.Get(strconv.Itoa(len(subject)) + ":" + subject + sec.Text) {
			sent := h.sent
			for _, m := range h.asOf {
				if n, _ := strconv.Atoi(m[1]); n != year && once("a"+sent) {
					add(sec.where(), m[0], strings.Replace(m[0], m[1], strconv.Itoa(year), 1), sent, "资产统计时点")
				}
			}
			for _, y := range h.subject {
				if n, _ := strconv.Atoi(y); n < year && once("u"+sent) {
					add(sec.where(), y+"年度", strconv.Itoa(year)+"年度", sent, "本年数据")
				}
			}
			for _, y := range h.compared {
				if n, _ := strconv.Atoi(y); n != year-1 && n != year && once("c"+sent) {
					add(sec.where(), y+"年", strconv.Itoa(year-1)+"年", sent, "与上年比较")
				}
			}
			if len(r.Published.Lines) == 0 && h.short != "" && once("s"+sent) {
				add(sec.where(), h.short+"年度", strconv.Itoa(year)+"年度", sent, "年份不完整：")
			}
		}
	}
	return ps
}

var reHeadingStart = regexp.MustCompile(`^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])`)

// isHeading is a numbered part, section or sub-section title: short, no
// sentence inside.
func isHeading(t string) bool {
	t = strings.TrimRight(t, "。：:")
	return reHeadingStart.MatchString(t) && len([]rune(t)) <= 50 && !strings.ContainsAny(t, "，。；,;")
}

// subjectMemo keeps the compiled pattern of each unit's name: compiling it
// cost a tenth of a narrative's checks.
var subjectMemo = memo.New(regexp.MustCompile)

// The years a text names are found once per text (a save re-audits a 说明
// that did not change); which of them are wrong depends on the report's
// year, compared after.

// lineYears is what a printed line i (compacted: t) says of years: the
// years of a title line, and a two-digit year ("20年度").
type lineYears struct {
	i          int
	t          string
	titleYears []string
	short      string
}

var yearLines = memo.New(func(key string) []lineYears {
	var out []lineYears
	for i, text := range splitLines(key) {
		h := lineYears{i: i, t: compact(text)}
		t := h.t
		if (reTitleLine.MatchString(t) || isHeading(t)) && !strings.Contains(t, "相比") {
			for _, m := range reTitleYear.FindAllStringSubmatch(t, -1) {
				h.titleYears = append(h.titleYears, m[1]+m[2])
			}
		}
		if m := reShortYear.FindStringSubmatch(t); m != nil {
			h.short = m[1]
		}
		if len(h.titleYears) > 0 || h.short != "" {
			out = append(out, h)
		}
	}
	return out
})

// sentYears is what a sentence of the 说明 says of years: 截至…年末 (whole
// match and year), the years of which the unit is the subject (none in a
// sentence that compares, carries over or plans), the years compared with,
// and a two-digit year.
type sentYears struct {
	sent     string
	asOf     [][]string
	subject  []string
	compared []string
	short    string
}

// yearSentences takes the subject pattern (its length, ':', the pattern)
// and the section text as one key.
var yearSentences = memo.New(func(key string) []sentYears {
	i := strings.IndexByte(key, ':')
	n, _ := strconv.Atoi(key[:i])
	reSubject := subjectMemo.Get(key[i+1:i+1+n] + `(\d{4})年度?`)
	var out []sentYears
	for _, sent := range sentences(key[i+1+n:]) {
		h := sentYears{sent: sent, asOf: reAsOf.FindAllStringSubmatch(sent, -1)}
		if !reOtherYearOK.MatchString(sent) {
			// Last year's figures, carry-overs and plans name other
			// years rightly; a past year as the subject of this year's
			// figures is a copied sentence.
			for _, m := range reSubject.FindAllStringSubmatch(sent, -1) {
				h.subject = append(h.subject, m[1])
			}
		}
		for _, m := range reCompared.FindAllStringSubmatch(sent, -1) {
			h.compared = append(h.compared, m[1])
		}
		if m := reShortYear.FindStringSubmatch(sent); m != nil {
			h.short = m[1]
		}
		if len(h.asOf)+len(h.subject)+len(h.compared) > 0 || h.short != "" {
			out = append(out, h)
		}
	}
	return out
})
