package layouts

import (
	"testing"

	"github.com/juesuan/juesuan/internal/rule/check"
)

func TestNoSanGong(t *testing.T) {
	tpl := NoSanGong(t)
	if ts, ok := tpl.TableByRole("fund"); !ok || ts.Number != 7 {
		t.Fatalf("fund table = %v", ts)
	}
	if _, ok := tpl.Key("sangong_actual"); ok {
		t.Error("sangong_actual resolves")
	}
	if c, ok := tpl.Key("fund_closing"); !ok || c.Table != 7 {
		t.Errorf("fund_closing = %v, %v", c, ok)
	}
	if _, err := check.Compile(tpl); err != nil {
		t.Fatal(err)
	}
}
