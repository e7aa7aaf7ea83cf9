package store

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestDeepCopy: the cached report and the copies handed out share nothing
// a caller could change.
func TestDeepCopy(t *testing.T) {
	r, _, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	var p parsed
	p.put("x", r, 50_000)
	a, _ := p.get("x")
	if !reflect.DeepEqual(a.Facts, r.Facts) || !reflect.DeepEqual(a.Cells, r.Cells) {
		t.Fatal("copy differs from the original")
	}
	a.Facts.Budgets[0].Amount = 1
	*a.Facts.Operating = 2
	a.Facts.Published.Notes[4] = "x"
	for c := range a.Cells {
		a.Cells[c] = 7
		break
	}
	b, _ := p.get("x")
	if !reflect.DeepEqual(b.Facts, r.Facts) || !reflect.DeepEqual(b.Cells, r.Cells) {
		t.Fatal("a change to a copy reached the cache")
	}
}
