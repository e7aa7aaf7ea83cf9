// Package audit ties a template's compiled rules to reports: it caches the
// compiled program per template and runs it.
package audit

import (
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
	for _, c := range checkers {
		fs = append(fs, c(t, r)...)
	}
	return fs, nil
}
