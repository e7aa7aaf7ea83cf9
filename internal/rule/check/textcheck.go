package check

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// textChecks are builtins that compare what a report states in words
// (names, lists, published text) with its tables and catalogs. Each
// returns the problems it finds; the rule that calls it gives them an id
// and a severity.
var textChecks = map[string]struct {
	args []Kind
	impl func(*compiler, *syntax.CallExpr, []evalFn) evalFn
}{
	"catalog_known":          {[]Kind{KTable}, tableCheck(catalogKnown)},
	"catalog_names":          {[]Kind{KTable}, tableCheck(catalogNames)},
	"glossary_covers":        {[]Kind{KTable}, tableCheck(glossaryCovers)},
	"budget_reasons":         {[]Kind{KTable}, tableCheck(budgetReasons)},
	"listed_items":           {[]Kind{KTable, KStr}, listedItems},
	"name_consistent":        {nil, envCheck(nameConsistent)},
	"notes_match":            {nil, envCheck(notesMatch)},
	"empty_tables_statement": {nil, envCheck(emptyTablesStatement)},
	// The reviewer's checks of a published document (review_*.go).
	"tables_present":   {nil, envCheck(tablesPresent)},
	"discloses":        {[]Kind{KStr}, discloses},
	"titled":           {[]Kind{KStr}, discloses},
	"discloses_when":   {[]Kind{KInvalid, KStr}, discloses},
	"years_consistent": {nil, envCheck(yearsConsistent)},
	"placeholders":     {nil, envCheck(placeholders)},
	"title_names":      {nil, envCheck(titleNames)},
	"budget_words":     {nil, envCheck(budgetWords)},
	"budget_rates":     {nil, envCheck(budgetRates)},
	"yoy_rates":        {nil, envCheck(yoyRates)},
	"item_amounts":     {nil, envCheck(itemAmounts)},
	"sangong_amounts":  {nil, envCheck(sangongAmounts)},
	"sangong_change":   {nil, envCheck(sangongChange)},
	"sangong_rates":    {nil, envCheck(sangongRates)},
	"subject_names":    {nil, envCheck(subjectNames)},
	"money_units":      {nil, envCheck(moneyUnits)},
	"repeated_words":   {nil, envCheck(repeatedWords)},
	"basic_items":      {nil, envCheck(basicItems)},
	"procurement":      {nil, envCheck(procurement)},
}

func tableCheck(f func(env *Env, ts *juesuan.TableSpec) []Problem) func(*compiler, *syntax.CallExpr, []evalFn) evalFn {
	return func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
		return func(env *Env) Value {
			ts, _ := env.T.Table(args[0](env).Table)
			return Value{Kind: KProblems, Problems: f(env, ts)}
		}
	}
}

func envCheck(f func(env *Env) []Problem) func(*compiler, *syntax.CallExpr, []evalFn) evalFn {
	return func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
		return func(env *Env) Value { return Value{Kind: KProblems, Problems: f(env)} }
	}
}

// rowCells lists the non-blank cells of a row.
func rowCells(env *Env, ts *juesuan.TableSpec, row string) []juesuan.CellRef {
	var out []juesuan.CellRef
	for _, col := range ts.Columns {
		ref := juesuan.CellRef{Table: ts.Number, Row: row, Col: col.Key}
		if _, ok := env.R.Cells[ref]; ok {
			out = append(out, ref)
		}
	}
	return out
}

func codeRows(env *Env, ts *juesuan.TableSpec) []string {
	var out []string
	var keys []string
	if env.Fast != nil {
		for _, v := range env.Fast.tabs[ts.Number].rows {
			keys = append(keys, v.key)
		}
	} else {
		keys = env.index(ts.Number).rows
	}
	for _, k := range keys {
		if _, special := ts.Row(k); !special {
			out = append(out, k)
		}
	}
	return out
}

func catalogKnown(env *Env, ts *juesuan.TableSpec) []Problem {
	cat := env.T.Catalogs[ts.Catalog]
	var ps []Problem
	for _, code := range codeRows(env, ts) {
		if _, ok := cat.Lookup(code); ok {
			continue
		}
		note := ""
		if cat != nil && cat.Partial {
			note = "（本年度目录不完整，请对照财政部正式目录核实；可用正式目录文件覆盖）"
		}
		ps = append(ps, Problem{Cells: rowCells(env, ts, code), Actual: code,
			Message: fmt.Sprintf("%s的科目编码 %s 不在《%s》中%s", ts.Code(), code, catTitle(cat), note),
			Where:   fmt.Sprintf("%s %s行", ts.Code(), code)})
	}
	return ps
}

func catTitle(c *juesuan.Catalog) string {
	if c == nil {
		return "科目目录"
	}
	return c.Title
}

// normName folds the differences that do not matter when comparing names:
// spaces, full- and half-width parentheses.
func normName(s string) string { return nameFolder.Replace(s) }

var nameFolder = strings.NewReplacer(" ", "", "\u3000", "", "（", "(", "）", ")", "\t", "")

func catalogNames(env *Env, ts *juesuan.TableSpec) []Problem {
	cat := env.T.Catalogs[ts.Catalog]
	var ps []Problem
	for _, code := range codeRows(env, ts) {
		name, ok := env.R.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]
		e, known := cat.Lookup(code)
		if !ok || !known || name == e.Name || normName(name) == normName(e.Name) {
			continue
		}
		ps = append(ps, Problem{Cells: rowCells(env, ts, code), Expected: e.Name, Actual: name,
			Message: fmt.Sprintf("%s科目 %s 的名称“%s”与《%s》的“%s”不一致", ts.Code(), code, name, catTitle(cat), e.Name),
			Where:   fmt.Sprintf("%s %s行", ts.Code(), code)})
	}
	return ps
}

func glossaryCovers(env *Env, ts *juesuan.TableSpec) []Problem {
	items := env.R.Published.FunctionItems
	if len(items) == 0 {
		return nil // a generated document lists them by construction
	}
	cat := env.T.Catalogs[ts.Catalog]
	listed := map[string]juesuan.GlossaryItem{}
	for _, it := range items {
		listed[it.Code] = it
	}
	var ps []Problem
	for _, code := range codeRows(env, ts) {
		if juesuan.CodeLevel(code) != 3 {
			continue
		}
		name := env.R.RowNames[juesuan.RowRef{Table: ts.Number, Row: code}]
		if e, ok := cat.Lookup(code); ok {
			name = e.Name
		}
		it, ok := listed[code]
		if !ok {
			ps = append(ps, Problem{Cells: rowCells(env, ts, code), Expected: code + " " + name,
				Message: fmt.Sprintf("名词解释没有列出%s使用的功能分类科目 %s %s（共使用 %d 个项级科目，列出 %d 个）", ts.Code(), code, name, countLevel3(codeRows(env, ts)), len(items)),
				Where:   "第五部分 名词解释"})
			continue
		}
		if name != "" && !strings.Contains(normName(it.Text), normName(name)) {
			ps = append(ps, Problem{Cells: rowCells(env, ts, code), Expected: name, Actual: it.Text,
				Message: fmt.Sprintf("名词解释中科目 %s 的名称与目录“%s”不一致：“%s”", code, name, it.Text),
				Where:   "第五部分 名词解释"})
		}
	}
	return ps
}

func countLevel3(codes []string) int {
	n := 0
	for _, c := range codes {
		if juesuan.CodeLevel(c) == 3 {
			n++
		}
	}
	return n
}

func budgetReasons(env *Env, ts *juesuan.TableSpec) []Problem {
	var ps []Problem
	for _, b := range env.R.Budgets {
		ref := juesuan.CellRef{Table: ts.Number, Row: b.Code, Col: ts.Columns[0].Key}
		actual := env.R.Cells[ref]
		if actual == b.Amount || strings.TrimSpace(b.Reason) != "" || b.Code == "" {
			continue
		}
		if explained, ours := budgetExplained(env, b.Amount, actual); explained || !ours {
			continue
		}
		rate, _ := juesuan.Percent(actual, b.Amount)
		dir := "大于"
		if actual < b.Amount {
			dir = "小于"
		}
		name := b.Name
		ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: b.Amount.Wan(), Actual: actual.Wan(),
			Message: fmt.Sprintf("%s %s：决算数 %s 万元%s年初预算 %s 万元（完成 %s%%），但没有说明原因", b.Code, name, actual.Wan(), dir, b.Amount.Wan(), rate),
			Where:   "情况说明 五（三）"})
	}
	return ps
}

func listedItems(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
	return func(env *Env) Value {
		ts, _ := env.T.Table(args[0](env).Table)
		which := args[1](env).Str
		var items []string
		var label string
		switch which {
		case "personnel":
			items, label = env.R.Published.PersonnelItems, "人员经费"
		case "public":
			items, label = env.R.Published.PublicItems, "公用经费"
		}
		if len(items) == 0 {
			return Value{Kind: KProblems}
		}
		cat := env.T.Catalogs[ts.Catalog]
		byName := map[string]string{}
		for code, name := range codesNamed(env, ts, cat) {
			byName[normName(name)] = code
		}
		var ps []Problem
		for _, it := range items {
			code, ok := byName[normName(it)]
			if !ok {
				ps = append(ps, Problem{Actual: it,
					Message: fmt.Sprintf("情况说明所列%s项目“%s”不是%s中的科目", label, it, ts.Code()), Where: "情况说明 六"})
				continue
			}
			ref := juesuan.CellRef{Table: ts.Number, Row: code, Col: ts.Columns[0].Key}
			if v := env.R.Cells[ref]; v == 0 {
				ps = append(ps, Problem{Cells: []juesuan.CellRef{ref}, Expected: "有金额", Actual: "0.00",
					Message: fmt.Sprintf("情况说明把“%s”列为%s的主要项目，但%s %s 没有金额", it, label, ts.Code(), code),
					Where:   "情况说明 六"})
			}
		}
		return Value{Kind: KProblems, Problems: ps}
	}
}

// codesNamed maps every code of the table's layout and catalog to its name.
func codesNamed(env *Env, ts *juesuan.TableSpec, cat *juesuan.Catalog) map[string]string {
	out := map[string]string{}
	if cat != nil {
		for code, e := range cat.Entries {
			if ts.CheckCode(code) == nil {
				out[code] = e.Name
			}
		}
	}
	for rr, name := range env.R.RowNames {
		if rr.Table == ts.Number {
			out[rr.Row] = name
		}
	}
	return out
}

func nameConsistent(env *Env) []Problem {
	vs := env.R.Published.NameVariants
	if len(vs) < 2 {
		return nil
	}
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("“%s”（%s）", v.Name, strings.Join(v.Where, "、")))
	}
	return []Problem{{Expected: vs[0].Name, Actual: vs[1].Name,
		Message: fmt.Sprintf("单位名称有 %d 种写法：%s；封面、表头和正文应一致", len(vs), strings.Join(parts, "；")),
		Where:   "全文"}}
}

func notesMatch(env *Env) []Problem {
	var ps []Problem
	var tables []int
	for n := range env.R.Published.Notes {
		tables = append(tables, n)
	}
	sort.Ints(tables)
	for _, n := range tables {
		printed := env.R.Published.Notes[n]
		want := strings.Join(env.Notes[n], "")
		if want == "" || normFormula(printed) == normFormula(want) {
			continue
		}
		ps = append(ps, Problem{Expected: want, Actual: printed,
			Message: fmt.Sprintf("表%d 注中印出的公式“%s”与审核公式不符，应为“%s”", n, printed, want),
			Where:   fmt.Sprintf("表%d 注", n)})
	}
	return ps
}

// normFormula folds spacing, width and ellipsis variants of a printed formula.
func normFormula(s string) string { return formulaFolder.Replace(s) }

var formulaFolder = strings.NewReplacer(" ", "", "\u3000", "", "（", "(", "）", ")", "……", "…", "...", "…", "＝", "=", "，", "；", ",", "；", ";", "；", "。", "", "－", "-", "−", "-", "＋", "+", "\n", "")

func emptyTablesStatement(env *Env) []Problem {
	stmt := env.R.Published.EmptyTables
	published := stmt != "" || len(env.R.Published.Sections) > 0
	if !published {
		return nil // a generated document prints the 空表说明 itself
	}
	var ps []Problem
	for _, ts := range env.T.Tables {
		if ts.EmptyNote == "" {
			continue
		}
		empty := env.R.TableEmpty(ts.Number)
		mentioned := strings.Contains(stmt, ts.EmptyNote)
		if empty && !mentioned {
			mentioned = saysNone(env, ts.EmptyNote)
		}
		switch {
		case empty && !mentioned:
			ps = append(ps, Problem{Message: fmt.Sprintf("%s为空表，但没有空表说明（应说明本单位无%s相关收支）", ts.Code(), ts.EmptyNote), Where: ts.Code()})
		case !empty && mentioned:
			ps = append(ps, Problem{Message: fmt.Sprintf("%s有数据，但空表说明称%s为零", ts.Code(), ts.EmptyNote), Where: ts.Code()})
		}
	}
	return ps
}

// saysNone is true when a 说明 sentence states that the unit has none of
// what an empty table would hold ("本单位无“三公”经费财政拨款支出"): the
// statement the table needs, printed in the 说明 instead of under it.
func saysNone(env *Env, what string) bool {
	for _, sec := range publishedSections(env.R) {
		for _, sent := range sentences(sec.Text) {
			s := strings.NewReplacer("“", "", "”", "", "\"", "").Replace(sent)
			if i := strings.Index(s, "无"); i >= 0 && strings.Contains(s[i:], what) {
				return true
			}
		}
	}
	return false
}

var reReasonGiven = regexp.MustCompile(`原因|由于|主要是|主要系|因为|持平|一致|相等`)

// budgetExplained looks up the 说明 paragraph that states this budget:
// explained when it gives a reason or says 持平; ours when its stated 决算
// is the table's figure for the line (a budget read from another item's
// paragraph is not this line's to judge). Without such a paragraph the
// line stands as read.
func budgetExplained(env *Env, budget, actual juesuan.Amount) (explained, ours bool) {
	found := false
	for _, sec := range publishedSections(env.R) {
		for _, c := range budgetClaims(sec.Text) {
			if !sameAmount(c.a1, budget) && !(c.has2 && sameAmount(c.a2, budget)) {
				continue
			}
			found = true
			if !sameAmount(c.b, actual) {
				continue
			}
			if reReasonGiven.MatchString(c.rest) {
				return true, true
			}
			ours = true
		}
	}
	if !found {
		return false, true
	}
	return false, ours
}
