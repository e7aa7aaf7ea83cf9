package layouts

import (
	"strings"
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

func TestEarlyRules(t *testing.T) {
	src := "# head\nrule A error \"x\" {\n  T1[1, 1] == T6[30101, 1]\n}\nrule B error \"y\" {\n  T7[1, 8] >= T6[30212, 1]\n}\n# tail\nrule C warning \"z\" {\n  catalog_known(T9)\n}\n"
	got := earlyRules(src)
	if !strings.Contains(got, "# head") || !strings.Contains(got, "rule A") || strings.Contains(got, "rule B") || strings.Contains(got, "rule C") {
		t.Errorf("earlyRules kept:\n%s", got)
	}
}
