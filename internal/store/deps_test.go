package store_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStoreBelowRuleEngine: the store keeps reports and knows neither the
// report file format nor the rules (internal/storecodec brings them), so
// a change to the rule engine never reaches the database layer.
func TestStoreBelowRuleEngine(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/juesuan/juesuan/internal/store").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps gave %d packages: %s", len(deps), out)
	}
	for _, d := range deps {
		for _, banned := range []string{"/internal/rule", "/internal/audit", "/internal/reportfile", "/internal/yearspec"} {
			if strings.Contains(d, "github.com/juesuan/juesuan"+banned) {
				t.Errorf("internal/store depends on %s", d)
			}
		}
	}
}
