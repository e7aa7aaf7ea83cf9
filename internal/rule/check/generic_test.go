package check

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/testutil/generictpl"
)

// A rule that names a table known by its title alone is refused when the
// rules load, with the place and the reason.
func TestRuleOnGenericTable(t *testing.T) {
	tpl, err := generictpl.Loader(t).Load(generictpl.Family + "@2020")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`rule A error "t" { T10[1, 1] == 0 }`, `rule A warning "t" { T9[total, 1] <= T10[2, 3] }`} {
		_, err := CompileSource(tpl, "r.rules", []byte(src))
		if err == nil || !strings.Contains(err.Error(), "r.rules:1:") || !strings.Contains(err.Error(), "表10（财政专户管理资金收入支出决算表）按标题识别") {
			t.Errorf("%s: err = %v", src, err)
		}
	}
	if _, err := CompileSource(tpl, "r.rules", []byte(`rule A error "t" { T9[total, 1] >= 0 }`)); err != nil {
		t.Errorf("rule on 表9: %v", err)
	}
}
