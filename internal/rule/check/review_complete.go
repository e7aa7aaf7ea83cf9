package check

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// tablesPresent reports each table of the template that the published
// document does not print. One finding per table: the audit drops the
// identities that need the missing table (internal/audit), so the reader
// sees the cause, not its echoes.
func tablesPresent(env *Env) []Problem {
	if env.T.Attached {
		return nil // the family publishes its tables as an attachment
	}
	var ps []Problem
	for _, n := range env.R.Published.MissingTables {
		ts, ok := env.T.Table(n)
		if !ok {
			continue
		}
		msg := fmt.Sprintf("缺少%s「%s」：公开文件中没有这张表，涉及该表的表间核对未做", ts.Code(), ts.Title)
		if ts.EmptyNote != "" && strings.Contains(env.R.Published.EmptyTables, ts.EmptyNote) {
			msg += fmt.Sprintf("；空表说明称本单位无%s，但按规定空表也应公开并注明", ts.EmptyNote)
		}
		p := Problem{Message: msg, Expected: ts.Title, Actual: "缺失", Where: ts.Code()}
		if !named(env, append([]string{ts.Title}, ts.Titles...)) {
			// The document never names the table (not even in its 目录):
			// its region may not publish it, or print it under a title
			// the template does not know. A claim of a missing table
			// needs the document's own word for it.
			p.Severity = juesuan.SevWarning
			p.Message += "（文件中也未提到这张表：可能本地区样式不含此表，或表名写法不同，请核实）"
		}
		ps = append(ps, p)
	}
	return ps
}

// named reports whether a printed line of the document names one of the
// titles (the 目录, a reference in the text).
func named(env *Env, titles []string) bool {
	for _, l := range env.R.Published.Lines {
		t := strings.Join(strings.Fields(l.Text), "")
		for _, title := range titles {
			if title != "" && strings.Contains(t, strings.Join(strings.Fields(title), "")) {
				return true
			}
		}
	}
	return false
}

// discloses reports a required disclosure detail the 说明 does not
// mention (titled: a part the document does not have); with a numeric first argument only when that is not zero
// (公务接待批次 only where there was 公务接待费).
func discloses(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
	return func(env *Env) Value {
		if len(args) == 2 && flatten(args[0](env)).Num == 0 {
			return Value{Kind: KProblems}
		}
		word := args[len(args)-1](env).Str
		if mentions(env, word, x.Fun.Name == "titled") {
			return Value{Kind: KProblems}
		}
		return Value{Kind: KProblems, Problems: []Problem{{Expected: word, Actual: "未提及",
			Message: fmt.Sprintf("公开文件没有写到“%s”，这是部门决算公开要求的内容", word), Where: "情况说明"}}}
	}
}

// mentions is true when the published document says word, or when the
// whole document was not kept (a generated document says it by
// construction; a report file keeps only the 说明).
// A detail must be in the 说明 (the unit's 职能 may name 车辆 for other
// reasons); a part such as 名词解释 anywhere in the document (titled).
func mentions(env *Env, word string, anywhere bool) bool {
	if len(env.R.Published.Lines) == 0 {
		return true
	}
	for _, s := range env.R.Published.Sections {
		if strings.Contains(compact(s), word) {
			return true
		}
	}
	if anywhere {
		for _, l := range env.R.Published.Lines {
			if strings.Contains(compact(l.Text), word) {
				return true
			}
		}
	}
	return false
}
