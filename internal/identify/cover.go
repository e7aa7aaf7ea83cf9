package identify

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// findTOC locates the 目录: its heading line and the first line after its
// entries (the body's first part heading, the first paragraph of prose,
// or a page well past the heading's).
func (d *reader) findTOC() {
	d.tocStart, d.tocEnd = -1, 0
	for i, l := range d.lines {
		if i > 200 {
			return
		}
		first := i + 1
		switch {
		case l.c == "目录" || l.c == "目次":
		case l.c == "目" && i+1 < len(d.lines) && d.lines[i+1].c == "录":
			first = i + 2
		case strings.HasPrefix(l.c, "目录") && utf8.RuneCountInString(l.c) > 2 && !strings.Contains(l.c, "。"):
			first = i // entries follow on the heading's line (目录 第一部分 …)
		default:
			continue
		}
		d.tocStart = i
		d.tocEnd = d.tocEndFrom(first)
		return
	}
}

var rePart = regexp.MustCompile(`^第[一二三四五六七八九十\d]+部分`)

func (d *reader) tocEndFrom(first int) int {
	part := ""
	if first < len(d.lines) {
		part = rePart.FindString(d.lines[first].c)
	}
	startPage := 0
	if first < len(d.lines) {
		startPage = d.lines[first].page
	}
	seen := map[string]bool{}
	for j := first; j < len(d.lines); j++ {
		l := d.lines[j]
		switch {
		case j > first && part != "" && strings.HasPrefix(l.c, part):
			return j
		case seen[l.c]:
			return j // the body repeats a heading the 目录 listed
		case tableTitle(l.c, "") != "" && d.tableFollows(j):
			return j // a printed table: its head is right under it
		case prose(l.c):
			return j
		case d.paged && l.page > startPage+2:
			return j
		case j-first > 120:
			return j
		}
		if strings.Trim(l.c, "0123456789") != "" {
			seen[l.c] = true // page numbers on lines of their own repeat
		}
	}
	return len(d.lines)
}

// prose is a sentence of narrative: long and punctuated like text, not
// like a heading or a table row.
func prose(c string) bool {
	return utf8.RuneCountInString(c) > 45 && strings.ContainsAny(c, "，。；")
}

// titleArea is the cover: the lines before the 目录, or the first lines
// of a document without one, less any web page frame.
func (d *reader) titleArea() []line {
	from, end := 0, d.tocStart
	if end < 0 {
		end = len(d.lines)
	} else if end > 12 {
		from = end - 12 // a web page's frame before the cover
	}
	var out []line
	for _, l := range d.lines[from:end] {
		if len(out) == 10 && d.tocStart < 0 {
			break
		}
		if !l.chrome {
			out = append(out, l)
		}
	}
	return out
}

var (
	reYearDu   = regexp.MustCompile(`((?:19|20)\d{2})年度`)
	reYearNian = regexp.MustCompile(`((?:19|20)\d{2})年(?:[^\d]|$)`)
	reYearNear = regexp.MustCompile(`((?:19|20)\d{2})年度?[^。\d]{0,40}?(?:决算|预算)`)
	reDate     = regexp.MustCompile(`(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?`)
	reHanYear  = regexp.MustCompile(`([〇零○ｏ一二三四五六七八九]{4})年`)
	reKindWord = regexp.MustCompile(`(部门|单位)(决算|预算)`)
	reUnitKind = regexp.MustCompile(`单位(?:(?:19|20)\d{2}年度?)?(决算|预算)`)
	reLabel    = regexp.MustCompile(`^(?:预算单位|预算主管部门|主管部门|单位名称|部门名称|编制单位|编制部门|填报单位|部门|单位)：(.{2,60})$`)
	reFirst    = regexp.MustCompile(`^第一部分(.{2,60}?)概况\d{0,3}$`)
	reSecond   = regexp.MustCompile(`^第二部分(.{2,60}?)(?:19|20)\d{2}年度?(?:部门|单位)?(?:决算|预算)表\d{0,3}$`)
	reKindTail = regexp.MustCompile(`(?:区级|市级|省级|县级|本级)?(?:部门|单位)?(?:决算|预算)(?:公开)?(?:报告|说明|情况)?$`)
	reOwnMark  = regexp.MustCompile(`（(?:部门|单位|本级)）$`)
	reMoney    = regexp.MustCompile(`单位：(万元|元)`)
)

// hanDigits reads a year written in Chinese numerals (二〇二〇).
var hanDigits = map[rune]byte{'〇': '0', '零': '0', '○': '0', 'ｏ': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}

func arabicYears(s string) string {
	if !strings.Contains(s, "年") {
		return s
	}
	return reHanYear.ReplaceAllStringFunc(s, func(m string) string {
		var b []byte
		for _, r := range strings.TrimSuffix(m, "年") {
			b = append(b, hanDigits[r])
		}
		return string(b) + "年"
	})
}

func joinC(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(arabicYears(l.c))
	}
	return b.String()
}

// cover reads the kind, year, unit and place.
func (d *reader) cover(in *Info) {
	title := d.titleArea()
	tc := reDate.ReplaceAllString(joinC(title), "")
	head := d.lines[:min(len(d.lines), 150)]
	hc := joinC(head)

	in.Year = findYear(tc, hc)
	in.Kind = d.kind(tc)
	in.Unit = d.unit(title, tc)
	in.Region, in.Locality = place(in.Unit)
	if in.Region == "" {
		in.Region, in.Locality = placeIn(tc)
	}
}

func findYear(title, head string) int {
	for _, re := range []*regexp.Regexp{reYearDu, reYearNian, reYearNear} {
		if m := re.FindStringSubmatch(title); m != nil {
			return atoi(m[1])
		}
	}
	if m := reYearNear.FindStringSubmatch(reDate.ReplaceAllString(head, "")); m != nil {
		return atoi(m[1])
	}
	return 0
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// kind tells 决算 from 预算 by the cover, then by the headings' wording,
// and 单位 from 部门 by how the document names itself.
func (d *reader) kind(title string) string {
	fin, bud := strings.Contains(title, "决算"), strings.Contains(title, "预算")
	scope := title
	if !fin && !bud {
		// No cover: count what the headings and tables call themselves.
		all := joinC(d.lines)
		nf := strings.Count(all, "决算表") + strings.Count(all, "部门决算") + strings.Count(all, "单位决算")
		nb := strings.Count(all, "预算表") + strings.Count(all, "部门预算") + strings.Count(all, "单位预算")
		switch {
		case nf == 0 && nb <= 0:
			return ""
		case nf >= nb:
			fin = true
		default:
			bud = true
		}
		scope = all
	}
	what := "决算"
	if !fin {
		what = "预算"
	}
	who := "部门"
	if m := reKindWord.FindStringSubmatch(scope); m != nil && m[2] == what {
		who = m[1]
	} else if reUnitKind.MatchString(scope) {
		who = "单位"
	}
	if who == "部门" && strings.Contains(title, "预算单位：") && !strings.Contains(title, "部门") {
		who = "单位"
	}
	return who + what
}

// unit finds the unit's name: a label on the cover, the 概况 part's
// heading, the tables part's heading, the cover's title, a label anywhere.
func (d *reader) unit(title []line, tc string) string {
	for _, l := range title {
		if u := labelValue(l.c); u != "" {
			return u
		}
	}
	for i, l := range d.lines[:min(len(d.lines), 400)] {
		c := l.c
		if rePart.FindString(c) == c && i+1 < len(d.lines) {
			c += d.lines[i+1].c // 第一部分 on a line of its own
		}
		if m := reFirst.FindStringSubmatch(c); m != nil {
			if u := tidyUnit(m[1]); u != "" {
				return u
			}
		}
	}
	for _, l := range d.lines[:min(len(d.lines), 400)] {
		if m := reSecond.FindStringSubmatch(arabicYears(l.c)); m != nil {
			if u := tidyUnit(m[1]); u != "" {
				return u
			}
		}
	}
	if u := titleUnit(tc); u != "" {
		return u
	}
	for _, l := range d.lines {
		if u := labelValue(l.c); u != "" {
			return u
		}
	}
	return ""
}

func labelValue(c string) string {
	m := reLabel.FindStringSubmatch(c)
	if m == nil {
		return ""
	}
	v := m[1]
	if strings.HasPrefix(v, "万元") || strings.HasPrefix(v, "元") || strings.HasPrefix(v, "千元") {
		return "" // 单位：万元 names the money unit, not the unit
	}
	// A label line often carries the money unit at its right end.
	for _, cut := range []string{"金额单位：", "单位：", "单位:"} {
		if i := strings.Index(v, cut); i > 0 {
			v = v[:i]
		}
	}
	return tidyUnit(v)
}

// titleUnit is the cover title less the year and the kind of document.
func titleUnit(tc string) string {
	s := reYearDu.ReplaceAllString(tc, "")
	s = regexp.MustCompile(`(?:19|20)\d{2}年`).ReplaceAllString(s, "")
	if i := strings.Index(s, "目录"); i >= 0 {
		s = s[:i]
	}
	for {
		t := reKindTail.ReplaceAllString(s, "")
		t = strings.TrimSuffix(strings.TrimSuffix(t, "公开"), "报告")
		if t == s {
			break
		}
		s = t
	}
	if i := strings.IndexAny(s, "决预"); i >= 0 && strings.Contains(s[i:], "算") {
		s = s[:i] // kind words inside: the rest is not a name
		s = strings.TrimSuffix(strings.TrimSuffix(s, "部门"), "单位")
	}
	return tidyUnit(s)
}

// tidyUnit rejects what is not a name and drops the marks a heading adds.
func tidyUnit(s string) string {
	s = reOwnMark.ReplaceAllString(strings.Trim(s, "：:，。、 "), "")
	s = strings.TrimSuffix(s, "概况")
	switch s {
	case "", "部门", "单位", "本部门", "本单位", "XX", "××":
		return ""
	}
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 50 || strings.ContainsAny(s, "。，；") {
		return ""
	}
	return s
}

// placeIn finds a province named anywhere in a cover.
func placeIn(s string) (string, string) {
	for _, p := range provinces {
		if i := strings.Index(s, p.full); i >= 0 {
			return place(s[i:])
		}
	}
	return "", ""
}

// moneyUnit is the unit most tables print (单位：万元); a table in 万元
// among tables in 元 does not change the document's unit.
func (d *reader) moneyUnit() string {
	count := map[string]int{}
	best := ""
	for _, l := range d.lines {
		for _, m := range reMoney.FindAllStringSubmatch(l.c, -1) {
			count[m[1]]++
			if best == "" || count[m[1]] > count[best] {
				best = m[1]
			}
		}
	}
	return best
}
