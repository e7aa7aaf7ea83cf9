package web

import (
	"testing"

	"github.com/juesuan/juesuan"
)

// FuzzNormalizeInput: whatever is typed or pasted into a cell, the
// normalization never panics, is stable, and an accepted amount prints
// back as what it normalized to.
func FuzzNormalizeInput(f *testing.F) {
	for _, s := range []string{"", "122.40", "1,234.5", " 5 ", "(3.20)", "-", "—", "１２.３", "1e5", "0.000001", "abc", "12，345.00", "\u00a01.00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalizeInput(s)
		if normalizeInput(n) != n {
			t.Fatalf("not stable: %q → %q → %q", s, n, normalizeInput(n))
		}
		if v, err := juesuan.ParseAmount(n, juesuan.UnitWanyuan); err == nil && v.RoundTo(juesuan.Cent) == v && n != v.Wan() {
			t.Fatalf("%q normalized to %q, prints %q", s, n, v.Wan())
		}
	})
}
