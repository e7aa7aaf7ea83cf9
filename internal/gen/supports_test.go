package gen

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestSupports: the generator fills the standard tables wherever a family
// puts them, and refuses, in Chinese, a family that lacks one.
func TestSupports(t *testing.T) {
	for _, ref := range []string{"national@2016", "national@2026", "national-8@2021"} {
		tpl, err := yearspec.Default.Load(ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := Supports(tpl); err != nil {
			t.Errorf("%s: %v", ref, err)
		}
	}
	tpl, err := yearspec.Default.Load("national@2020")
	if err != nil {
		t.Fatal(err)
	}
	cut := *tpl
	cut.Tables = nil
	for _, ts := range tpl.Tables {
		if ts.Role != "general" {
			cut.Tables = append(cut.Tables, ts)
		}
	}
	err = Supports(&cut)
	if err == nil || !strings.Contains(err.Error(), "一般公共预算财政拨款支出决算表") {
		t.Errorf("without 表5: %v", err)
	}
}
