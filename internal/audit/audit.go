// Package audit ties a template's compiled rules to reports: it caches the
// compiled program per template and runs it.
package audit

import (
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

var (
	mu       sync.Mutex
	programs = map[*juesuan.Template]*check.Program{}
)

// Program returns the compiled rules of t, compiling them once.
func Program(t *juesuan.Template) (*check.Program, error) {
	mu.Lock()
	defer mu.Unlock()
	if p, ok := programs[t]; ok {
		return p, nil
	}
	p, err := check.Compile(t)
	if err != nil {
		return nil, err
	}
	programs[t] = p
	return p, nil
}

// Check derives blank totals of r and audits it.
func Check(t *juesuan.Template, r *juesuan.Report) ([]juesuan.Finding, error) {
	p, err := Program(t)
	if err != nil {
		return nil, err
	}
	return eval.Audit(p, r), nil
}
