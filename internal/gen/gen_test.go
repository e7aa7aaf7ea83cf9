package gen

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/rule/check"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func program(t testing.TB) *check.Program {
	t.Helper()
	tpl, err := yearspec.Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCleanReportsPass: 1,000 generated reports, no `error` on any.
func TestCleanReportsPass(t *testing.T) {
	p := program(t)
	gs := Generate(p, 2020, Options{Units: 1000, Seed: 1})
	if len(gs) != 1000 {
		t.Fatalf("%d reports", len(gs))
	}
	warnings := 0
	for _, g := range gs {
		for _, f := range eval.Audit(p, g.Report) {
			switch f.Severity {
			case juesuan.SevError:
				t.Fatalf("%s: false error %s %v: %s", g.Unit.Code, f.Rule, f.Cells, f.Message)
			case juesuan.SevWarning:
				warnings++
			}
		}
	}
	t.Logf("1000 clean reports: 0 errors, %d warnings", warnings)
}

// TestFaultRecall: with --faults 3 every injected table fault is detected
// as an error naming one of its cells.
func TestFaultRecall(t *testing.T) {
	p := program(t)
	gs := Generate(p, 2020, Options{Units: 1000, Seed: 7, Faults: 3, FaultKinds: SoftKinds})
	injected, detected := 0, 0
	byKind := map[string][2]int{}
	for _, g := range gs {
		fs := eval.Audit(p, g.Report)
		for _, f := range g.Faults {
			want := juesuan.SevError
			if !f.Table {
				want = juesuan.SevWarning
			}
			injected++
			k := byKind[f.Kind]
			k[0]++
			if found(fs, f, want) {
				detected++
				k[1]++
			} else {
				t.Errorf("%s: %s not detected (%v): %s", g.Unit.Code, f.Kind, f.Cells, f.Detail)
			}
			byKind[f.Kind] = k
		}
	}
	t.Logf("recall %d/%d; by kind (injected, detected): %v", detected, injected, byKind)
	if injected < 3000 {
		t.Errorf("only %d faults injected", injected)
	}
}

func found(fs []juesuan.Finding, f Fault, sev juesuan.Severity) bool {
	for _, x := range fs {
		if x.Severity != sev {
			continue
		}
		for _, c := range x.Cells {
			for _, want := range f.Cells {
				if c == want {
					return true
				}
			}
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	p := program(t)
	a := Generate(p, 2020, Options{Units: 20, Seed: 3, Faults: 2})
	b := Generate(p, 2020, Options{Units: 20, Seed: 3, Faults: 2})
	for i := range a {
		if len(a[i].Report.Cells) != len(b[i].Report.Cells) {
			t.Fatalf("unit %d differs", i)
		}
		for c, v := range a[i].Report.Cells {
			if b[i].Report.Cells[c] != v {
				t.Fatalf("unit %d cell %s differs", i, c)
			}
		}
	}
}
