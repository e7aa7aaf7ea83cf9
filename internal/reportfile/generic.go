package reportfile

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/juesuan/juesuan"
)

// generic_tables: the printed title of each table the template does not
// know (extra: true) and the printed headers of generic tables, so that a
// generic table reads back with its labels and headers.
//
//	generic_tables:
//	  10: {title: 部门决算公开相关信息统计表, extra: true, columns: [本年数, 上年数]}

func writeGeneric(b *bytes.Buffer, r *juesuan.Report) {
	var ns []int
	for n, g := range r.Generic {
		if g != nil && (g.Extra || len(g.Columns) > 0 || g.Title != "") {
			ns = append(ns, n)
		}
	}
	if len(ns) == 0 {
		return
	}
	sort.Ints(ns)
	b.WriteString("generic_tables:\n")
	for _, n := range ns {
		g := r.Generic[n]
		var parts []string
		if g.Title != "" {
			parts = append(parts, "title: "+quote(g.Title))
		}
		if g.Extra {
			parts = append(parts, "extra: true")
		}
		if len(g.Columns) > 0 {
			var cs []string
			for _, c := range g.Columns {
				cs = append(cs, quoteItem(c))
			}
			parts = append(parts, "columns: ["+strings.Join(cs, ", ")+"]")
		}
		fmt.Fprintf(b, "  %d: {%s}\n", n, strings.Join(parts, ", "))
	}
}

// quoteItem quotes a list item: an empty header keeps its place.
func quoteItem(s string) string {
	if s == "" {
		return `""`
	}
	return quote(s)
}

// setGeneric checks generic_tables against the template and keeps it in r.
func setGeneric(name string, f *ast.File, tpl *juesuan.Template, r *juesuan.Report, gs map[int]*juesuan.GenericTable) ErrorList {
	var errs ErrorList
	add := func(n int, format string, args ...any) {
		d := juesuan.Diagnostic{File: name, Place: fmt.Sprintf("表%d", n), Message: fmt.Sprintf(format, args...)}
		if p := posOf(f, fmt.Sprintf("$.generic_tables.%d", n)); p != "" {
			fmt.Sscanf(p, "%d:%d", &d.Line, &d.Col)
		}
		errs = append(errs, d)
	}
	for n, g := range gs {
		if g == nil {
			continue
		}
		ts, known := tpl.Table(n)
		switch {
		case known && g.Extra:
			add(n, "表%d 是模板中的表，不能写 extra: true", n)
			continue
		case known && !ts.IsGeneric():
			add(n, "表%d（%s）不是按标题识别的表，generic_tables 只用于按标题识别的表和模板之外的表", n, ts.Title)
			continue
		case !known && !g.Extra:
			add(n, "年度模板 %s 没有表%d；模板之外的表应写 extra: true 和 title", tpl.ID, n)
			continue
		case !known && (n <= len(tpl.Tables) || n > len(tpl.Tables)+juesuan.MaxExtraTables):
			add(n, "模板之外的表应编号为 %d 至 %d", len(tpl.Tables)+1, len(tpl.Tables)+juesuan.MaxExtraTables)
			continue
		case known && len(ts.Columns) > 0 && len(g.Columns) > 0:
			add(n, "表%d 的栏已由模板给出，不能另写 columns", n)
			continue
		case len(g.Columns) > juesuan.MaxGenericColumns:
			add(n, "表%d 的栏数 %d 超过 %d", n, len(g.Columns), juesuan.MaxGenericColumns)
			continue
		}
		if r.Generic == nil {
			r.Generic = map[int]*juesuan.GenericTable{}
		}
		r.Generic[n] = g
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}
