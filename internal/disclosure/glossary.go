package disclosure

import (
	"sort"

	"github.com/juesuan/juesuan"
)

// GlossaryData is what the 名词解释 template sees.
type GlossaryData struct {
	Year  int
	Org   string // 部门 or 单位, as the document's kind says
	First *juesuan.Term
	Rest  []juesuan.Term
	// FunctionItems are every 功能分类 项 that the 一般公共预算财政拨款支出
	// table or the 支出决算表 uses, in code
	// order, named from the catalog: 一般公共服务支出（类）群众团体事务（款）机关服务（项）.
	FunctionItems []string
}

func glossaryData(tpl *juesuan.Template, r *juesuan.Report) GlossaryData {
	g := GlossaryData{Year: r.Year, Org: r.Document.Org()}
	if terms := r.Glossary.Terms; len(terms) > 0 {
		g.First = &terms[0]
		g.Rest = terms[1:]
	}
	g.FunctionItems = FunctionItems(tpl, r)
	return g
}

// FunctionItems lists the 项 of the 一般公共预算财政拨款支出 and 支出决算
// tables with their 类 and 款 names.
func FunctionItems(tpl *juesuan.Template, r *juesuan.Report) []string {
	seen := map[string]bool{}
	var codes []string
	for _, ts := range tpl.TablesByRole("general", "expense") {
		for _, k := range r.RowsOf(ts) {
			if juesuan.CodeLevel(k) == 3 && !seen[k] {
				seen[k] = true
				codes = append(codes, k)
			}
		}
	}
	sort.Strings(codes)
	name := func(code string) string {
		if e, ok := tpl.Catalogs["function"].Lookup(code); ok && e.Name != "" {
			return e.Name
		}
		for _, ts := range tpl.TablesByRole("general", "expense", "income") {
			if s := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]; s != "" {
				return s
			}
		}
		return code
	}
	var out []string
	for _, k := range codes {
		out = append(out, name(k[:3])+"（类）"+name(k[:5])+"（款）"+name(k)+"（项）")
	}
	return out
}
