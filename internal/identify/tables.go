package identify

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	// Table numbers printed before or after a title: 表1, 附表3, 公开03表,
	// 表一, （表 1）, 1. / 一、 / （一）.
	reNumHead = regexp.MustCompile(`^(?:-|(?:[一二三四五六七八九十]+|\d+)[、.．：:]|（[一二三四五六七八九十\d]+）|(?:附表|表)[\d一二三四五六七八九十]+[、.．：:]?|公开\d+表[：:]?)`)
	reNumTail = regexp.MustCompile(`(?:[（(](?:附表|公开|表)?\s*[\d一二三四五六七八九十]+表?[)）]|公开\d+表|(?:附表|表)\d+)$`)
	reYearLed = regexp.MustCompile(`^(?:19|20)\d{2}年度?`)
	rePageNo  = regexp.MustCompile(`\d+$`)
	reCont    = regexp.MustCompile(`[（(]?续表?[)）]?$`)
	// A line that belongs to a table's head: the money unit, the unit
	// label, or the first words of a column header.
	reTableCtx = regexp.MustCompile(`(?:单位|部门|编制单位|编制部门|单位名称)：|^(?:项目|科目|功能分类|收入|支出|预算数|决算数|合计|栏次|类|年初)`)
	// An amount as tables print it: decimals, or thousands separators.
	reAmount = regexp.MustCompile(`^[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2})$`)
	// A 空表说明: the table is printed empty on purpose.
	reEmptyNote = regexp.MustCompile(`本表无数据|本表为空|为空表|空表|均为零|均为0|无此项|没有[^。]{0,30}(?:收入|支出)|无[^。，]{0,40}(?:收入|支出|预算|经费)[^。]{0,8}故`)
)

// tableTitle is the title a line names, without numbering, year, unit
// name and page number, or "" when the line does not name a table.
func tableTitle(c, unit string) string {
	s := arabicYears(c)
	for range 3 {
		t := reNumHead.ReplaceAllString(s, "")
		t = reYearLed.ReplaceAllString(t, "")
		if unit != "" {
			t = strings.TrimPrefix(t, unit)
		}
		t = reYearLed.ReplaceAllString(t, "")
		if t == s {
			break
		}
		s = t
	}
	s = rePageNo.ReplaceAllString(s, "")
	s = reCont.ReplaceAllString(s, "")
	s = reNumTail.ReplaceAllString(s, "")
	s = reCont.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	if q := reQualifier.FindStringIndex(s); q != nil {
		s = s[:q[0]+len("表")] // 财政拨款支出预算表（功能科目）
	}
	if !strings.HasSuffix(s, "表") || rePart.MatchString(s) || strings.Contains(s, "部分") {
		return ""
	}
	n := utf8.RuneCountInString(s)
	if n < 4 || n > 50 || strings.ContainsAny(s, "。；") {
		return ""
	}
	switch strings.TrimPrefix(strings.TrimPrefix(s, "部门"), "单位") {
	case "决算表", "预算表", "附表", "报表":
		return "" // the heading of the tables part, not a table
	}
	return s
}

// entry is a table named in the 目录 or printed in the body.
type entry struct {
	title string
	at    int // index into lines
}

func (d *reader) tables(unit string) []Table {
	var toc []entry
	if d.tocStart >= 0 {
		for i := d.tocStart; i < d.tocEnd; i++ {
			if t := tableTitle(d.lines[i].c, unit); t != "" {
				toc = append(toc, entry{t, i})
			}
		}
	}
	body := d.bodyHeadings(unit)

	// Pair each printed table with its 目录 entry: exact titles first, so
	// that 收入支出决算总表 does not take 财政拨款收入支出决算总表's entry.
	matched := make([]int, len(toc)) // toc index -> body index+1
	used := make([]bool, len(body))
	for pass := 0; pass < 2; pass++ {
		for bi, b := range body {
			if used[bi] {
				continue
			}
			for ti, t := range toc {
				if matched[ti] != 0 {
					continue
				}
				if (pass == 0 && t.title == b.title) || (pass == 1 && sameTable(t.title, b.title)) {
					matched[ti], used[bi] = bi+1, true
					break
				}
			}
		}
	}
	var out []Table
	for ti, t := range toc {
		if matched[ti] == 0 {
			l := d.lines[t.at]
			out = append(out, d.table(t.title, l, Missing))
			continue
		}
		b := body[matched[ti]-1]
		out = append(out, d.table(t.title, d.lines[b.at], d.state(b.at, body)))
	}
	for bi, b := range body {
		if !used[bi] {
			out = append(out, d.table(b.title, d.lines[b.at], d.state(b.at, body)))
		}
	}
	return out
}

func (d *reader) table(title string, l line, state string) Table {
	t := Table{Title: curly(title), Line: l.no, State: state}
	if d.paged {
		t.Page = l.page
	}
	return t
}

// bodyHeadings finds the tables printed after the 目录: a line naming a
// table followed closely by a table's head (单位：万元, 项目 …). A title
// repeated on a continuation page, or in the table's first row, is one table.
func (d *reader) bodyHeadings(unit string) []entry {
	var out []entry
	for i := d.tocEnd; i < len(d.lines); i++ {
		l := d.lines[i]
		if l.chrome || utf8.RuneCountInString(l.c) > 70 {
			continue
		}
		t := tableTitle(l.c, unit)
		if t == "" || !d.tableFollows(i) {
			continue
		}
		if len(out) > 0 && out[len(out)-1].title == t && (reCont.MatchString(l.c) || i-out[len(out)-1].at <= 6) {
			continue // a continuation, or the title repeated as the table's first row
		}
		out = append(out, entry{t, i})
	}
	return out
}

func (d *reader) tableFollows(i int) bool {
	for j := i; j < min(len(d.lines), i+6); j++ {
		c := d.lines[j].c
		if j > i && tableTitle(c, "") != "" {
			return false
		}
		if reTableCtx.MatchString(c) {
			return true
		}
	}
	return false
}

// state reads a printed table from its heading to the next table or
// part: filled when it prints an amount other than zero, empty otherwise
// (a 空表说明, zeros, or a bare head).
func (d *reader) state(at int, body []entry) string {
	end := len(d.lines)
	for _, b := range body {
		if b.at > at {
			end = b.at
			break
		}
	}
	for j := at + 1; j < end; j++ {
		l := d.lines[j]
		if rePart.MatchString(l.c) || reEmptyNote.MatchString(l.c) {
			break
		}
		if prose(l.c) && !strings.HasPrefix(l.c, "注") {
			break
		}
		for _, tok := range strings.Fields(l.text) {
			if reAmount.MatchString(tok) && strings.ContainsAny(tok, "123456789") {
				return Filled
			}
		}
	}
	return Empty
}

// sameTable tells whether two wordings name one table: the same
// characters in another order, a qualifier in parentheses (（功能科目）),
// or the unit's own prefix (部门收支预算总表 for 收支预算总表).
func sameTable(a, b string) bool {
	if a == b {
		return true
	}
	a, b = reParen.ReplaceAllString(a, ""), reParen.ReplaceAllString(b, "")
	if a == b || sameRunes(a, b) {
		return true
	}
	if utf8.RuneCountInString(a) > utf8.RuneCountInString(b) {
		a, b = b, a
	}
	if utf8.RuneCountInString(a) >= 6 && strings.HasSuffix(b, a) {
		return true
	}
	// A word dropped (政府采购预算表 for 政府采购支出预算表).
	a, b = unitPrefix.ReplaceAllString(a, ""), unitPrefix.ReplaceAllString(b, "")
	if utf8.RuneCountInString(a) > utf8.RuneCountInString(b) {
		a, b = b, a
	}
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	return na >= 6 && nb-na <= 2 && subsequence(a, b)
}

var unitPrefix = regexp.MustCompile(`^(?:预算单位|本部门|本单位|部门|单位)`)

var (
	reParen     = regexp.MustCompile(`（[^（）]*）$`)
	reQualifier = regexp.MustCompile(`表（[^（）]{1,10}）$`)
)

// subsequence tells whether every rune of a occurs in b in order.
func subsequence(a, b string) bool {
	rb := []rune(b)
	j := 0
	for _, r := range a {
		for j < len(rb) && rb[j] != r {
			j++
		}
		if j == len(rb) {
			return false
		}
		j++
	}
	return true
}

func sameRunes(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[rune]int{}
	for _, r := range a {
		n[r]++
	}
	for _, r := range b {
		n[r]--
		if n[r] < 0 {
			return false
		}
	}
	return true
}
