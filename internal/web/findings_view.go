package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/lru"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/store"
)

// findingView is a finding as the panel shows it: the rule's Chinese
// name, the cells by their printed labels (grouped when there are many),
// amounts with two decimals, and whether it blocks 上报 (强制).
type findingView struct {
	juesuan.Finding
	Key         string
	Title       string // the rule's Chinese name
	Mandatory   bool   // 强制: blocks 上报 whatever the 出错说明
	Explanation string
	ExplainedBy string
	Cells       []cellLink
	// Summary names the cells in one line when there are more than a
	// few: 表2 2012903「机关服务」等 12 个单元格.
	Summary string
}

type cellLink struct {
	Ref   string
	ID    string
	Table int
	Label string
}

// cellsShown is how many cell links a finding lists before it groups
// them under a summary.
const cellsShown = 4

// ruleTitles is what the findings panel shows of a template's rules: each
// rule's title and whether it is 强制. It depends on the program alone and
// is kept per program (working it out again cost a fifth of each save's
// findings panel).
type ruleTitles struct {
	titles map[string]string
	strict map[string]bool
}

var ruleTitleCache sync.Map // *check.Program → *ruleTitles

func rulesOf(p *check.Program) *ruleTitles {
	if rt, ok := ruleTitleCache.Load(p); ok {
		return rt.(*ruleTitles)
	}
	rt := &ruleTitles{titles: map[string]string{}, strict: map[string]bool{}}
	flagged := false // the rule set marks its 强制 rules
	for _, ru := range p.Rules {
		flagged = flagged || ru.Mandatory
	}
	for _, ru := range p.Rules {
		rt.titles[ru.ID] = ru.Title
		if ru.AST != nil && strings.Contains(ru.AST.String(), "catalog_known(") {
			// A code the shipped catalog lacks is accepted, as a warning.
			rt.titles[ru.ID] = "未见于目录：" + ru.Title
		}
		// The rule set says which rules are 强制 (`mandatory`); a rule
		// set without the flag (an older template directory) gets the
		// table identities: the rules that fill totals (derive) or are
		// printed in a table's 注 (note).
		if flagged {
			rt.strict[ru.ID] = ru.Mandatory && ru.Severity == juesuan.SevError
		} else {
			rt.strict[ru.ID] = ru.Severity == juesuan.SevError && (ru.Derive || ru.Note)
		}
	}
	v, _ := ruleTitleCache.LoadOrStore(p, rt)
	return v.(*ruleTitles)
}

// findingViews prepares the findings of an audited report for the page.
func findingViews(a *audited, ex map[string]store.Explanation) []findingView {
	out := cachedFindingViews(a)
	for i := range out {
		if e, ok := ex[out[i].Key]; ok {
			out[i].Explanation, out[i].ExplainedBy = e.Text, e.Author
		}
	}
	return out
}

// viewCache keeps the findings' views (without the 出错说明) of the last
// audited versions shown, by the audited version's identity: a save's
// answer and the view that follows show the same audited version, and
// made its views twice (a twentieth of a cycle). The key is a weak
// pointer, so an audited version dropped from the audit cache is not
// held here; its entry leaves by age. The views are copied before the
// 出错说明 are set, and the rest of them is never changed.
var viewCache = lru.New[weak.Pointer[audited], []findingView](viewCacheBytes)

// viewCacheBytes: the panels of some fifty reports of the reference's size.
const viewCacheBytes = 4 << 20

func cachedFindingViews(a *audited) []findingView {
	k := weak.Make(a)
	vs, ok := viewCache.Get(k)
	if !ok {
		vs = makeFindingViews(a)
		cost := int64(64)
		for i := range vs {
			cost += 320 + int64(len(vs[i].Message)+len(vs[i].Where)+len(vs[i].Title)+len(vs[i].Summary)) + 96*int64(len(vs[i].Cells))
		}
		viewCache.Put(k, vs, cost)
	}
	return append([]findingView(nil), vs...)
}

// makeFindingViews is findingViews without the 出错说明.
func makeFindingViews(a *audited) []findingView {
	var titles map[string]string
	var strict map[string]bool
	if p, err := audit.Program(a.Tpl); err == nil {
		rt := rulesOf(p)
		titles, strict = rt.titles, rt.strict
	}
	out := make([]findingView, 0, len(a.Findings))
	for _, f := range a.Findings {
		v := findingView{Finding: f, Key: findingKey(f), Title: titles[f.Rule]}
		if v.Title == "" {
			v.Title = titleFromMessage(f.Message)
		}
		// A 强制 identity that a table read in doubt breaks blocks 上报
		// too: the unit checks the table against its document and corrects
		// it (which ends the doubt), it is not waved through as a warning.
		fromImport := f.Source == "import" && f.Rule != "I1.uncertain"
		v.Mandatory = strict[f.Rule] && (f.Severity == juesuan.SevError && f.Source == "" || fromImport) && len(f.Cells) > 0
		v.Expected, v.Actual = twoDecimals(f.Expected), twoDecimals(f.Actual)
		v.Message = rowKeys(a, longDecimals.ReplaceAllStringFunc(f.Message, twoDecimals))
		v.Where = rowKeys(a, f.Where)
		for _, c := range f.Cells {
			ref, err := juesuan.ParseCellRef(c)
			if err != nil {
				continue
			}
			v.Cells = append(v.Cells, cellLink{Ref: c, ID: cellID(ref), Table: ref.Table, Label: cellTitle(a.Tpl, a.Report, ref)})
		}
		if len(v.Cells) > cellsShown {
			first := v.Cells[0]
			ref, _ := juesuan.ParseCellRef(first.Ref)
			v.Summary = fmt.Sprintf("表%d %s 等 %d 个单元格", ref.Table, rowTitle(a.Tpl, a.Report, juesuan.RowRef{Table: ref.Table, Row: ref.Row}), len(v.Cells))
		}
		out = append(out, v)
	}
	return out
}

// titleFromMessage takes a finding's name from the start of its message
// ("表6 公用经费各类应等于所属款之和：…") when the rule set does not name it.
func titleFromMessage(m string) string {
	if i := strings.IndexAny(m, "：:"); i > 0 && len([]rune(m[:i])) <= 40 {
		return m[:i]
	}
	return "审核意见"
}

// rowKeyRE finds a row named by its key: 表2 total行, 表6 public行.
var rowKeyRE = regexp.MustCompile(`表(\d+) ?([0-9A-Za-z]+)行`)

// rowKeys names rows by their printed labels instead of their keys.
func rowKeys(a *audited, s string) string {
	return rowKeyRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := rowKeyRE.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[1])
		if err != nil {
			return m
		}
		if _, ok := a.Report.Table(a.Tpl, n); !ok {
			return m
		}
		return fmt.Sprintf("表%d「%s」", n, rowTitle(a.Tpl, a.Report, juesuan.RowRef{Table: n, Row: sub[2]}))
	})
}

// longDecimals finds amounts printed with more than two decimals.
var longDecimals = regexp.MustCompile(`\d+\.\d{3,}`)

// twoDecimals shows an amount of the finding in 万元 with two decimals;
// anything that is not an amount is shown as it is.
func twoDecimals(s string) string {
	if !strings.Contains(s, ".") {
		return s // a code or a count, not an amount
	}
	v, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
	if err != nil {
		return s
	}
	return v.RoundTo(juesuan.Cent).Wan()
}
