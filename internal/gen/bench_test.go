package gen

import (
	"testing"

	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// BenchmarkAudit audits generated reports on one core.
func BenchmarkAudit(b *testing.B) {
	p := program(b)
	gs := benchReports(b, p)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := gs[i%len(gs)].Report
		eval.Audit(p, r)
	}
}

var benchCache []Generated

// benchReports generates the benchmark's reports once per process (b.N
// ramps re-run the function).
func benchReports(b *testing.B, p *check.Program) []Generated {
	if benchCache == nil {
		benchCache = Generate(p, 2020, Options{Units: 200, Seed: 11})
	}
	return benchCache
}
