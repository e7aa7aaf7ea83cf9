package api_test

import (
	"net/http"
	"testing"
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
