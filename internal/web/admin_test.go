package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/web"
)

// lastAudit returns the newest audit log entry.
func (e *env) lastAudit() *juesuan.AuditEntry {
	e.t.Helper()
	log, err := e.st.AuditLog(context.Background(), 1)
	if err != nil || len(log) == 0 {
		e.t.Fatalf("audit log: %v (%d entries)", err, len(log))
	}
	return log[0]
}

func wantAudit(t *testing.T, e *env, action, target string) {
	t.Helper()
	a := e.lastAudit()
	if a.Action != action || a.Target != target || a.Actor != "admin" {
		t.Errorf("audit log: %s %s by %s, want %s %s by admin", a.Action, a.Target, a.Actor, action, target)
	}
}

func wantRedirect(t *testing.T, res *http.Response, body, prefix string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), prefix) {
		t.Fatalf("status %d, Location %q, want 303 to %s\n%.400s", res.StatusCode, res.Header.Get("Location"), prefix, body)
	}
}

func TestAdminUnits(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	ctx := context.Background()

	res, body := admin.post("/admin/units", url.Values{"code": {"900009"}, "name": {"新设中心"}, "kind": {"事业单位"}, "parent": {"900001"}, "from": {"2021"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-added")
	u, err := e.st.Unit(ctx, "900009")
	if err != nil || u.Parent != "900001" || u.Kind != juesuan.KindInstitution || u.FromYear != 2021 {
		t.Fatalf("created unit %+v, %v", u, err)
	}
	wantAudit(t, e, "unit.create", "unit/900009")
	_, body = admin.get(res.Header.Get("Location"))
	for _, want := range []string{"已添加单位：900009 新设中心", "新设中心", "2021 年起"} {
		if !strings.Contains(body, want) {
			t.Errorf("units page lacks %q", want)
		}
	}

	res, body = admin.post("/admin/units/move", url.Values{"unit": {"900009"}, "parent": {"900000"}})
	wantRedirect(t, res, body, "/admin/units?ok=unit-moved")
	if u, _ := e.st.Unit(ctx, "900009"); u.Parent != "900000" {
		t.Errorf("moved unit's parent %q, want 900000", u.Parent)
	}
	wantAudit(t, e, "unit.move", "unit/900009")

	// Refusals are shown in the form, in Chinese, with what was typed.
	refused := []struct {
		path   string
		form   url.Values
		status int
		msg    string
	}{
		{"/admin/units", url.Values{"code": {"900001"}, "name": {"重复单位"}, "kind": {"事业单位"}, "parent": {"900000"}}, 409, "单位代码 900001 已存在"},
		{"/admin/units", url.Values{"code": {"900010"}, "name": {"无上级"}, "kind": {"事业单位"}, "parent": {"nosuch"}}, 404, "上级单位 nosuch 不存在"},
		{"/admin/units", url.Values{"code": {"900010"}, "name": {"无性质"}, "kind": {"乱填"}, "parent": {"900000"}}, 400, "单位性质"},
		{"/admin/units", url.Values{"code": {"900010"}, "name": {"顶级"}, "kind": {"事业单位"}}, 400, "请选择上级单位"},
		{"/admin/units", url.Values{"code": {"900010"}, "name": {"年度"}, "kind": {"事业单位"}, "parent": {"900000"}, "to": {"20x1"}}, 400, "终止年度 &#34;20x1&#34; 不是有效的年度"},
		{"/admin/units/move", url.Values{"unit": {"900000"}, "parent": {"900009"}}, 400, "不能把单位 900000 移到它自己的下级 900009 之下"},
		{"/admin/units/move", url.Values{"unit": {"nosuch"}, "parent": {"900000"}}, 404, "单位 nosuch 不存在"},
	}
	before := e.lastAudit().ID
	for _, c := range refused {
		res, body := admin.post(c.path, c.form)
		if res.StatusCode != c.status || !strings.Contains(body, `<p class="alert" role="alert">`+c.msg) {
			t.Errorf("%s %v: status %d, want %d with %q\n%.300s", c.path, c.form, res.StatusCode, c.status, c.msg, body)
		}
		if n := c.form.Get("name"); n != "" && !strings.Contains(body, `value="`+n+`"`) {
			t.Errorf("%s %v: the typed name is not kept in the form", c.path, c.form)
		}
	}
	if e.lastAudit().ID != before {
		t.Error("a refused change was written to the audit log")
	}
}

func TestAdminUsers(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	ctx := context.Background()

	res, body := admin.post("/admin/users", url.Values{"name": {"zhang"}, "password": {"zhang-pass-1"}, "password2": {"zhang-pass-1"}, "role": {"填报人"}, "unit": {"001002"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-added")
	wantAudit(t, e, "user.grant", "user/zhang")
	if _, err := e.st.Authenticate(ctx, "zhang", "zhang-pass-1"); err != nil {
		t.Fatalf("the new user cannot log in: %v", err)
	}
	_, page := admin.get("/admin/users")
	if !strings.Contains(page, "zhang") || strings.Contains(page, "argon2") || strings.Contains(page, "jst_") {
		t.Errorf("users page: new user missing, or a hash or token shown\n%.2000s", page)
	}

	// Weak, mismatched or reused passwords and a duplicate name are refused
	// and leave no user behind.
	for _, c := range []struct {
		form   url.Values
		status int
		msg    string
	}{
		{url.Values{"name": {"li"}, "password": {"short"}, "password2": {"short"}}, 400, "密码太短"},
		{url.Values{"name": {"liming"}, "password": {"LiMing"}, "password2": {"LiMing"}}, 400, "密码太短"},
		{url.Values{"name": {"wangwu-01"}, "password": {"wangwu-01"}, "password2": {"wangwu-01"}}, 400, "密码不能与用户名相同"},
		{url.Values{"name": {"li"}, "password": {"li-pass-123"}, "password2": {"li-pass-124"}}, 400, "两次输入的密码不一致"},
		{url.Values{"name": {"li"}, "password": {"li-pass-123"}, "password2": {"li-pass-123"}, "role": {"审核人"}, "unit": {"nosuch"}}, 404, "授权单位 nosuch 不存在"},
		{url.Values{"name": {"zhang"}, "password": {"zhang-pass-2"}, "password2": {"zhang-pass-2"}}, 409, "用户 zhang 已存在"},
	} {
		res, body := admin.post("/admin/users", c.form)
		if res.StatusCode != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("add %v: status %d, want %d with %q", c.form, res.StatusCode, c.status, c.msg)
		}
		if n := c.form.Get("name"); n != "zhang" {
			if _, err := e.st.User(ctx, n); err == nil {
				t.Errorf("refused user %s was created", n)
			}
		}
	}

	// Grant, then revoke.
	res, body = admin.post("/admin/users/grant", url.Values{"user": {"zhang"}, "role": {"审核人"}, "unit": {"900000"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-granted")
	wantAudit(t, e, "user.grant", "user/zhang")
	if u, _ := e.st.User(ctx, "zhang"); !u.HasRole(juesuan.RoleReviewer, []string{"900001", "900000"}) {
		t.Errorf("grant not given: %+v", u.Grants)
	}
	res, body = admin.post("/admin/users/revoke", url.Values{"user": {"zhang"}, "role": {"审核人"}, "unit": {"900000"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-revoked")
	wantAudit(t, e, "user.revoke", "user/zhang")
	if u, _ := e.st.User(ctx, "zhang"); len(u.Grants) != 1 || u.Grants[0].Role != juesuan.RoleFiller {
		t.Errorf("grants after revoke: %+v", u.Grants)
	}
	res, _ = admin.post("/admin/users/revoke", url.Values{"user": {"zhang"}, "role": {"审核人"}, "unit": {"900000"}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("revoking a grant twice: status %d, want 404", res.StatusCode)
	}

	// Reset a password: the old one stops working.
	res, body = admin.post("/admin/users/passwd", url.Values{"user": {"filler"}, "password": {"new-secret-9"}, "password2": {"new-secret-9"}})
	wantRedirect(t, res, body, "/admin/users?ok=user-passwd")
	wantAudit(t, e, "user.passwd", "user/filler")
	if _, err := e.st.Authenticate(ctx, "filler", "new-secret-9"); err != nil {
		t.Errorf("new password refused: %v", err)
	}
	res, _ = admin.post("/admin/users/passwd", url.Values{"user": {"filler"}, "password": {"1234"}, "password2": {"1234"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("weak reset password: status %d, want 400", res.StatusCode)
	}
}

// TestAdminScope: a 管理员 of a small subtree manages only that subtree,
// and may not take over the account of anyone with rights outside it.
func TestAdminScope(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	hash, err := store.HashPassword("sub-admin-pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateUser(ctx, "subadmin", hash, "test"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Grant(ctx, "subadmin", juesuan.RoleAdmin, "900001", "test"); err != nil {
		t.Fatal(err)
	}
	c := e.anon()
	if res, _ := c.post("/login", url.Values{"name": {"subadmin"}, "password": {"sub-admin-pw"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login subadmin: %d", res.StatusCode)
	}
	_, body := c.get("/admin/units")
	if !strings.Contains(body, "<td>900001</td>") || strings.Contains(body, "<td>001002</td>") {
		t.Errorf("sub-admin's unit list is not its subtree\n%.3000s", body)
	}
	for _, x := range []struct {
		path string
		form url.Values
		msg  string
	}{
		{"/admin/units", url.Values{"code": {"990001"}, "name": {"外部"}, "kind": {"事业单位"}, "parent": {"900000"}}, "您不是上级单位 900000 的管理员"},
		{"/admin/units/move", url.Values{"unit": {"001002"}, "parent": {"900001"}}, "您不是单位 001002 的管理员"},
		{"/admin/users/passwd", url.Values{"user": {"admin"}, "password": {"taken-over-1"}, "password2": {"taken-over-1"}}, "不能由您重置密码"},
		{"/admin/users/passwd", url.Values{"user": {"filler"}, "password": {"taken-over-1"}, "password2": {"taken-over-1"}}, ""},
		{"/admin/users/grant", url.Values{"user": {"subadmin"}, "role": {"管理员"}, "unit": {"900000"}}, "您不是授权单位 900000 的管理员"},
		{"/admin/users/revoke", url.Values{"user": {"admin"}, "role": {"管理员"}, "unit": {"900000"}}, "您不是授权单位 900000 的管理员"},
	} {
		res, body := c.post(x.path, x.form)
		if x.msg == "" { // filler's only grant is inside the subtree
			wantRedirectT(t, res, body)
			continue
		}
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, x.msg) {
			t.Errorf("%s %v: status %d, want 403 with %q", x.path, x.form, res.StatusCode, x.msg)
		}
	}
	if _, err := e.st.Authenticate(ctx, "admin", "taken-over-1"); err == nil {
		t.Error("a sub-admin reset the password of the admin above it")
	}
}

func wantRedirectT(t *testing.T, res *http.Response, body string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("status %d, want 303\n%.300s", res.StatusCode, body)
	}
}

// TestAdminEscapes: names typed by an admin are text on every page.
func TestAdminEscapes(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	const evil = `<script>alert("x")</script>`
	res, body := admin.post("/admin/units", url.Values{"code": {"900066"}, "name": {evil}, "kind": {"其他"}, "parent": {"900000"}})
	wantRedirect(t, res, body, "/admin/units")
	res, body = admin.post("/admin/users", url.Values{"name": {evil}, "password": {"evil-pass-1"}, "password2": {"evil-pass-1"}, "role": {"填报人"}, "unit": {"900066"}})
	wantRedirect(t, res, body, "/admin/users")
	for _, p := range []string{"/admin/units", "/admin/users", res.Header.Get("Location"), "/dashboard"} {
		_, body := admin.get(p)
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: unescaped <script>", p)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(") {
			t.Errorf("%s: the name is not shown escaped", p)
		}
	}
	// A refused form shows the typed name escaped too.
	res, body = admin.post("/admin/units", url.Values{"code": {"900066"}, "name": {evil}, "kind": {"其他"}, "parent": {"900000"}})
	if res.StatusCode != http.StatusConflict || strings.Contains(body, "<script>alert") {
		t.Errorf("refused form: status %d, or unescaped name", res.StatusCode)
	}
}

func TestAdminNavAndYears(t *testing.T) {
	e := newEnv(t, web.Config{})
	for _, role := range []string{"filler", "reviewer", "admin"} {
		_, body := e.as(role).get("/dashboard")
		if got := strings.Contains(body, `href="/admin/units"`); got != (role == "admin") {
			t.Errorf("%s: admin link shown = %v", role, got)
		}
	}
	admin := e.as("admin")
	_, body := admin.get("/admin/years")
	for _, want := range []string{"<td>2016—2026</td>", "条（", `href="/admin/years/national/catalogs/function"`, "部分目录"} {
		if !strings.Contains(body, want) {
			t.Errorf("years page lacks %q", want)
		}
	}
	_, body = admin.get("/admin/years/national/catalogs/function?q=" + url.QueryEscape("2080505"))
	if !strings.Contains(body, "<td>2080505</td>") || !strings.Contains(body, "找到 1 条") {
		t.Errorf("catalog search for 2080505\n%.3000s", body)
	}
}
