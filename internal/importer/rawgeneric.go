package importer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// Raw text prints a table known by title only column by column: the row
// labels first (or last), then each column's heading and its amounts, one
// a line.
// When every column prints as many amounts as there are row labels, the
// k-th amount of a column is the k-th row's; a column with blank cells
// (fewer amounts) cannot be told apart this way and the table is left to
// the flat reader.

// reHeadWord is a word of a table's header rather than a row's label.
var reHeadWord = regexp.MustCompile(`^(?:项目|科目名称|科目编码|功能分类科目编码|栏次|行次|金额\d*|单位[:：].*|[\d一二三四五六七八九十]+)$`)

// rawGeneric reads a generic section printed column by column; it reports
// whether it did.
func (b *builder) rawGeneric(s *section) bool {
	var labels []string
	var runs [][]amt
	var heads []string
	var pending []string  // words since the last run: the next column's heading
	var trailing []string // label lines after the last run
	inRun := false
	for _, l := range s.lines {
		if isPageNumber(l) || genericMeta(l) {
			continue
		}
		var amts []amt
		var words []string
		for _, t := range tokens(l) {
			if a, ok := b.flatAmount(t, l); ok {
				amts = append(amts, a)
			} else if !IsAmount(t) {
				words = append(words, t)
			}
		}
		switch {
		case len(amts) > 0 && len(words) > 0:
			return false // a row printed whole: not column by column
		case len(amts) > 0:
			trailing = nil
			if !inRun {
				runs = append(runs, nil)
				heads = append(heads, strings.Join(pending, ""))
				pending = nil
				inRun = true
			}
			runs[len(runs)-1] = append(runs[len(runs)-1], amts...)
		case len(words) > 0:
			inRun = false
			text := strings.Join(words, " ")
			if !reHeadWord.MatchString(norm(text)) && !columnHeading(s.ts, text) {
				if len(runs) == 0 {
					labels = append(labels, genericLabel(words))
					continue
				}
				trailing = append(trailing, genericLabel(words))
			}
			pending = append(pending, words...)
		}
	}
	if len(labels) == 0 {
		labels = trailing // the labels printed after the columns
	}
	if len(labels) == 0 || len(runs) == 0 || len(runs) > juesuan.MaxGenericColumns ||
		len(s.ts.Columns) > 0 && len(runs) != len(s.ts.Columns) {
		return false
	}
	for _, r := range runs {
		if len(r) != len(labels) {
			return false
		}
	}
	n := s.ts.Number
	rep := b.res.Report
	if len(s.ts.Columns) == 0 {
		for i, h := range heads {
			if reInt.MatchString(h) {
				heads[i] = "" // a 栏次 number names no column
			}
		}
		rep.SetGenericColumns(n, heads)
	}
	for i, label := range labels {
		key := strconv.Itoa(i + 1)
		if label != "" {
			rep.RowNames[juesuan.RowRef{Table: n, Row: key}] = label
		}
		for c, run := range runs {
			col := strconv.Itoa(c + 1)
			if len(s.ts.Columns) > 0 {
				col = s.ts.Columns[c].Key
			}
			b.place(s, juesuan.CellRef{Table: n, Row: key, Col: col}, run[i])
		}
	}
	return true
}
