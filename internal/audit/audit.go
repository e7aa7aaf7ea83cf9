// Package audit ties a template's compiled rules to reports: it caches the
// compiled program per template and runs it.
package audit

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// Program returns the compiled rules of t, compiling them once.
func Program(t *juesuan.Template) (*check.Program, error) { return check.Cached(t) }

// Checker is an audit step beyond the rule language (绩效 scoring,
// 舍位平衡 …); each lives in its own file of this package and registers
// itself in init.
type Checker func(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding

var checkers []Checker

// Register adds a Checker run after the rules.
func Register(c Checker) { checkers = append(checkers, c) }

// Check derives blank totals of r and audits it: the template's rules,
// then every registered Checker.
func Check(t *juesuan.Template, r *juesuan.Report) ([]juesuan.Finding, error) {
	p, err := Program(t)
	if err != nil {
		return nil, err
	}
	fs := eval.Audit(p, r)
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			fs = append(fs, suspectCells(t, r)...)
			break
		}
	}
	for _, c := range checkers {
		fs = append(fs, c(t, r)...)
	}
	fs = asImportDoubts(withoutMissing(fs, r), r)
	return append(fs, unsureTables(fs, r)...), nil
}

// unsureTables names again, for a report read back from its file (the
// importer's own doubts are not saved with it), each table the importer
// read in doubt that no finding already names as the import's: it placed
// amounts by the likeliest of readings the arithmetic could not tell
// apart, and checking the file must say so as checking the document did.
func unsureTables(fs []juesuan.Finding, r *juesuan.Report) []juesuan.Finding {
	if len(r.Published.ImportUnsure) == 0 || len(r.ImportDoubts) > 0 {
		return nil
	}
	named := map[string]bool{}
	for _, f := range fs {
		if f.Source != "import" {
			continue
		}
		for _, c := range append(slices.Clone(f.Cells), f.Refs...) {
			t, _, _ := strings.Cut(c, ":")
			named[t] = true
		}
	}
	var out []juesuan.Finding
	for _, n := range slices.Sorted(maps.Keys(r.Published.ImportUnsure)) {
		if named[strconv.Itoa(n)] {
			continue
		}
		out = append(out, juesuan.Finding{
			Rule: "I1.uncertain", Severity: juesuan.SevWarning, Source: "import",
			Message: fmt.Sprintf("导入存疑：%s，导入时按最可能的读法放置，请对照原件核实表%d", r.Published.ImportUnsure[n], n),
		})
	}
	return out
}

// asImportDoubts turns an error about a cell of a table the importer read
// with doubts into the import's doubt (source "import", a warning): the
// difference may be of the reading, not of the published accounts. It
// says which table and why, and keeps the rule and the figures.
func asImportDoubts(fs []juesuan.Finding, r *juesuan.Report) []juesuan.Finding {
	if len(r.Published.ImportUnsure) == 0 {
		return fs
	}
	unsure := map[string]bool{}
	for n := range r.Published.ImportUnsure {
		unsure[strconv.Itoa(n)] = true
	}
	for i, f := range fs {
		if f.Severity != juesuan.SevError || f.Source != "" || !touches(f.Cells, unsure) && !touches(f.Refs, unsure) {
			continue
		}
		var why []string
		for _, c := range append(slices.Clone(f.Cells), f.Refs...) {
			t, _, _ := strings.Cut(c, ":")
			if n, err := strconv.Atoi(t); err == nil && r.Published.ImportUnsure[n] != "" && !slices.Contains(why, r.Published.ImportUnsure[n]) {
				why = append(why, r.Published.ImportUnsure[n])
			}
		}
		fs[i].Severity = juesuan.SevWarning
		fs[i].Source = "import"
		fs[i].Mandatory = false
		fs[i].Message = "导入存疑（" + strings.Join(why, "；") + "，此项差异可能源于读取，请对照原件核实）：" + f.Message
	}
	return fs
}

// withoutMissing drops the findings about cells of a table the document
// does not print: C1.table-missing says it once, and every identity that
// needs the table would otherwise echo it as a difference.
func withoutMissing(fs []juesuan.Finding, r *juesuan.Report) []juesuan.Finding {
	if len(r.Published.MissingTables) == 0 {
		return fs
	}
	missing := map[string]bool{}
	for _, n := range r.Published.MissingTables {
		missing[strconv.Itoa(n)] = true
	}
	out := fs[:0]
	for _, f := range fs {
		if !touches(f.Cells, missing) {
			out = append(out, f)
		}
	}
	return out
}

func touches(cells []string, tables map[string]bool) bool {
	for _, c := range cells {
		if t, _, _ := strings.Cut(c, ":"); tables[t] {
			return true
		}
	}
	return false
}
