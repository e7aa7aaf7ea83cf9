package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Issue 17, item 12: the API's 汇总 allowed a 填报人 whom the workbench
// refuses. Both now ask juesuan.CanAggregate.
func TestAggregateSameRuleAsWorkbench(t *testing.T) {
	f := setup(t, "sqlite")
	for user, want := range map[string]int{"fillerA": http.StatusForbidden, "reviewerA": http.StatusOK, "adminA": http.StatusOK} {
		if w := f.do(t, user, "GET", "/api/v1/aggregate/A/2020", "", nil); w.Code != want {
			t.Errorf("%s: %d, want %d: %.200s", user, w.Code, want, w.Body)
		}
	}
}

// Issue 17, item 1: a 填报人's 60 KB PUT of deeply nested YAML made the
// server reach 1.44 GB. It is refused before parsing now.
func TestDeepReportBodyRefused(t *testing.T) {
	f := setup(t, "sqlite")
	body := "format: juesuan-report/1\nyear: 2020\nunit: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n"
	start := time.Now()
	w := f.do(t, "fillerA", "PUT", "/api/v1/reports/A/2020", body, map[string]string{"If-Match": "1"})
	t.Logf("%d KB body: %d after %v: %.200s", len(body)>>10, w.Code, time.Since(start), w.Body)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "嵌套层数超过 64 层") {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}
