package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The grid is most of an editor page: a table of a few hundred cells, each
// an input with half a dozen attributes. Executed as a template, every
// attribute went through reflection and the contextual escaper, and the
// grid cost a save and a page view more than the audit. So it is written
// here, with the escaping html/template gives these contexts (quoted
// attribute values and text: the same replacement table);
// TestGridHTMLSameAsTemplate compares it with the template it replaces
// (testdata/grid.tmpl) on every table of the example and on hostile text.

// gridHTML is the editor's grid of g; edit says whether inputs are
// editable.
func gridHTML(g *gridTable, edit bool) template.HTML {
	if g == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(4096 + 640*g.cellCount())
	b.WriteString("\n<div class=\"grid-wrap")
	if len(g.Parts) > 1 {
		b.WriteString(" halves")
	}
	b.WriteString("\">\n")
	for pi, part := range g.Parts {
		b.WriteString("\n<table class=\"grid\">\n  ")
		if part.Title != "" {
			b.WriteString("<caption>")
			esc(&b, part.Title)
			b.WriteString("</caption>")
		}
		b.WriteString("\n  <thead><tr>\n    <th class=\"rowhead\">项目</th><th class=\"key\">")
		if g.Coded {
			b.WriteString("科目编码")
		} else {
			b.WriteString("行次")
		}
		b.WriteString("</th>\n    ")
		for _, c := range part.Cols {
			b.WriteString("<th title=\"第")
			esc(&b, c.Key)
			b.WriteString("栏\">")
			esc(&b, c.Name)
			b.WriteString("<small>")
			esc(&b, c.Key)
			b.WriteString("</small></th>")
		}
		b.WriteString("\n  </tr></thead>\n  <tbody>\n  ")
		for ri, row := range part.Rows {
			gridRowHTML(&b, pi, ri, row, edit)
		}
		b.WriteString("\n  </tbody>\n</table>\n")
	}
	b.WriteString("\n</div>\n")
	return template.HTML(b.String())
}

func gridRowHTML(b *strings.Builder, pi, ri int, row gridRow, edit bool) {
	b.WriteString("\n  <tr class=\"lvl")
	b.WriteString(strconv.Itoa(row.Level))
	if row.Total {
		b.WriteString(" total")
	}
	b.WriteString("\">\n    <th class=\"rowhead\">")
	esc(b, row.Label)
	b.WriteString("</th><td class=\"key\">")
	switch row.Key {
	case "total":
		b.WriteString("合计")
	case "personnel":
		b.WriteString("人员经费")
	case "public":
		b.WriteString("公用经费")
	default:
		esc(b, row.Key)
		switch row.Level {
		case 1:
			b.WriteString(" <small class=\"lvl\">类</small>")
		case 2:
			b.WriteString(" <small class=\"lvl\">款</small>")
		case 3:
			b.WriteString(" <small class=\"lvl\">项</small>")
		}
	}
	b.WriteString("</td>\n    ")
	for ci, c := range row.Cells {
		b.WriteString("\n      ")
		switch {
		case !c.Exists:
			b.WriteString("<td class=\"na\"></td>\n      ")
		case c.Computed && c.Calc != "":
			b.WriteString("<td class=\"given-total")
			flagClass(b, c.Flag)
			b.WriteString("\" title=\"填报（或导入）的合计数与明细之和不一致：保留填报数，右侧小字为按明细计算的数\">")
			cellInput(b, pi, ri, ci, row, c, edit)
			b.WriteString("<small class=\"calc\">计算数 ")
			esc(b, c.Calc)
			b.WriteString("</small></td>\n      ")
		case c.Computed:
			b.WriteString("<td class=\"computed")
			flagClass(b, c.Flag)
			b.WriteString("\" title=\"由审核公式自动计算\"><span class=\"computed\" id=\"")
			esc(b, c.ID)
			b.WriteString("\">")
			esc(b, c.Value)
			b.WriteString("</span></td>\n      ")
		default:
			b.WriteString("<td")
			if c.Flag != "" {
				b.WriteString(" class=\"flag-")
				esc(b, c.Flag)
				b.WriteString("\"")
			}
			b.WriteString(">")
			cellInput(b, pi, ri, ci, row, c, edit)
			b.WriteString("</td>")
		}
		b.WriteString("\n    ")
	}
	b.WriteString("\n  </tr>\n  ")
}

func flagClass(b *strings.Builder, flag string) {
	if flag != "" {
		b.WriteString(" flag-")
		esc(b, flag)
	}
}

func cellInput(b *strings.Builder, pi, ri, ci int, row gridRow, c gridCell, edit bool) {
	b.WriteString("<input class=\"num\" id=\"")
	esc(b, c.ID)
	b.WriteString("\" name=\"v:")
	esc(b, c.Ref.String())
	b.WriteString("\" value=\"")
	esc(b, c.Value)
	b.WriteString("\" inputmode=\"decimal\" autocomplete=\"off\" data-p=\"")
	b.WriteString(strconv.Itoa(pi))
	b.WriteString("\" data-r=\"")
	b.WriteString(strconv.Itoa(ri))
	b.WriteString("\" data-c=\"")
	b.WriteString(strconv.Itoa(ci))
	b.WriteString("\"")
	if !edit {
		b.WriteString(" readonly")
	}
	b.WriteString(" aria-label=\"")
	esc(b, row.Label)
	b.WriteString(" 第")
	esc(b, c.Ref.Col)
	b.WriteString("栏\">")
}

// esc writes s escaped as html/template escapes text and quoted attribute
// values.
func esc(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// cellCount is the number of cells of g, to size the output.
func (g *gridTable) cellCount() int {
	n := 0
	for _, p := range g.Parts {
		for _, r := range p.Rows {
			n += len(r.Cells)
		}
	}
	return n
}
