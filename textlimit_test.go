package juesuan

import (
	"strings"
	"testing"
)

func TestCheckTextLimits(t *testing.T) {
	var f Facts
	if err := f.CheckTextLimits(); err != nil {
		t.Fatal(err)
	}
	f.Unit.Functions = strings.Repeat("职", MaxTextRunes)
	f.Unit.Name = strings.Repeat("名", MaxNameRunes)
	if err := f.CheckTextLimits(); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	f.Budgets = []BudgetLine{{Code: "2010101"}, {Reason: strings.Repeat("因", MaxTextRunes+1)}}
	err := f.CheckTextLimits()
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "budgets[1].reason") || !strings.Contains(err.Error(), "100001 个字符") {
		t.Errorf("over the limit: %v", err)
	}
	f.Budgets = nil
	// More bytes than the name's limit, fewer characters: within it.
	f.Unit.Name = strings.Repeat("名", MaxNameRunes/2)
	if err := f.CheckTextLimits(); err != nil {
		t.Fatalf("%d characters in %d bytes: %v", MaxNameRunes/2, len(f.Unit.Name), err)
	}
	f.Unit.Name = strings.Repeat("名", MaxNameRunes)
	f.Unit.Name += "x"
	if err := f.CheckTextLimits(); err == nil || !strings.Contains(err.Error(), "unit.name") {
		t.Errorf("a long name: %v", err)
	}
}
