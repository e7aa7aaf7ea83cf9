package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/web"
)

// TestAdminUnitsEdit: an admin creates a 部门 (top-level unit), renames and
// deactivates a unit; nothing of its history is deleted.
func TestAdminUnitsEdit(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	admin := e.as("admin")
	res, body := admin.post("/admin/units", url.Values{"code": {"800000"}, "name": {"演示市教育局"}, "kind": {"行政单位"}, "top": {"1"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-added")
	u, err := e.st.Unit(ctx, "800000")
	if err != nil || u.Parent != "" {
		t.Fatalf("top-level unit: %v %+v", err, u)
	}
	// The creator manages it: it can add a unit under it.
	res, body = admin.post("/admin/units", url.Values{"code": {"800001"}, "name": {"演示市第一中学"}, "kind": {"事业单位"}, "parent": {"800000"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-added")
	// A reviewer may not create a 部门.
	if res, _ := e.as("reviewer").post("/admin/units", url.Values{"code": {"700000"}, "name": {"x"}, "kind": {"行政单位"}, "top": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer creates a 部门: %d", res.StatusCode)
	}
	versions := e.current("001001").Current
	res, body = admin.post("/admin/units/rename", url.Values{"unit": {"001001"}, "name": {"演示单位（更名后）"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-renamed")
	if u, _ := e.st.Unit(ctx, "001001"); u.Name != "演示单位（更名后）" {
		t.Errorf("name %q", u.Name)
	}
	if res, body := admin.post("/admin/units/rename", url.Values{"unit": {"001001"}, "name": {" "}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "新名称不能为空") {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res, body := admin.post("/admin/units/active", url.Values{"unit": {"001001"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "最后填报年度") {
		t.Errorf("deactivate without a year: %d", res.StatusCode)
	}
	res, body = admin.post("/admin/units/active", url.Values{"unit": {"001001"}, "last": {"2020"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-deactivated")
	u, _ = e.st.Unit(ctx, "001001")
	if u.ValidIn(2021) || !u.ValidIn(2020) {
		t.Errorf("deactivated unit years: %+v", u)
	}
	if e.current("001001").Current != versions {
		t.Error("the unit's report changed")
	}
	if _, page := admin.get("/dashboard?year=2021"); strings.Contains(page, "演示单位（更名后）") {
		t.Error("a deactivated unit is listed for a later year")
	}
	res, body = admin.post("/admin/units/active", url.Values{"unit": {"001001"}, "restore": {"1"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-restored")
	if u, _ := e.st.Unit(ctx, "001001"); !u.ValidIn(2021) {
		t.Error("not restored")
	}
	if a := e.lastAudit(); a.Action != "unit.years" {
		t.Errorf("audit: %s", a.Action)
	}
}
