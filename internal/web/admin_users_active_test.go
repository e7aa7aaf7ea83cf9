package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// TestAdminUserDeactivate: a deactivated user cannot sign in and its open
// session ends; restoring brings back the same password and grants.
func TestAdminUserDeactivate(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin, filler := e.as("admin"), e.as("filler")
	res, body := admin.post("/admin/users/active", url.Values{"user": {"filler"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-disabled")
	if res, _ := filler.get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the deactivated user's session still works: %d", res.StatusCode)
	}
	if res, _ := e.anon().post("/login", url.Values{"name": {"filler"}, "password": {demo.Password}}); res.StatusCode == http.StatusSeeOther {
		t.Error("a deactivated user signs in")
	}
	if _, page := admin.get("/admin/users"); !strings.Contains(page, "filler <span class=\"state returned\">已停用</span>") {
		t.Error("the user is not shown as 已停用")
	}
	if res, body := admin.post("/admin/users/active", url.Values{"user": {"admin"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "不能停用自己的账号") {
		t.Errorf("self-deactivation: %d", res.StatusCode)
	}
	res, body = admin.post("/admin/users/active", url.Values{"user": {"filler"}, "restore": {"1"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-enabled")
	again := e.as("filler")
	if _, page := again.get("/reports/900001/2020"); !strings.Contains(page, `name="v:1:1:1"`) {
		t.Error("the restored user lost its grants")
	}
}
