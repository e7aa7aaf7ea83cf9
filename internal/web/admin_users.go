package web

import (
	"context"
	"net/http"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

type adminGrant struct {
	juesuan.Grant
	UnitName  string
	CanRevoke bool
}

type adminUserRow struct {
	Name     string
	Grants   []adminGrant
	CanReset bool
	Disabled bool // 已停用
}

type userForm struct {
	Name, Role, Unit string // add / grant
	Target           string // passwd / grant: the user acted on
}

type adminUsersPage struct {
	AdminHead
	Rows  []adminUserRow
	Roles []juesuan.Role
	Units []*juesuan.Unit // that the admin manages, for grants
	Form  userForm
}

var grantRoles = []juesuan.Role{juesuan.RoleFiller, juesuan.RoleReviewer, juesuan.RoleAdmin}

// grantChains are the ancestor chains of a user's grant units. A user
// with no grant belongs to the whole tree (the chains of every top unit):
// only an administrator of all of it may reset that password, or a 管理员
// of one subtree could take over an account about to be granted more.
func grantChains(tr *unitTree, u *juesuan.User) [][]string {
	var out [][]string
	for _, g := range u.Grants {
		out = append(out, tr.ancestors(g.Unit))
	}
	if len(u.Grants) == 0 {
		for _, x := range tr.units {
			if x.Parent == "" {
				out = append(out, []string{x.Code})
			}
		}
		if len(out) == 0 {
			out = append(out, []string{""}) // no units: nobody manages it
		}
	}
	return out
}

// adminUsers lists the users an admin is concerned with: those with a
// grant in the admin's subtrees and those with none yet.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, noticeFrom(r, "users"), userForm{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, h AdminHead, f userForm) {
	ctx := r.Context()
	me := userFrom(ctx)
	tr, err := s.tree(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.st.Users(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	disabled, err := s.st.DisabledUsers(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := adminUsersPage{AdminHead: h, Roles: grantRoles, Form: f}
	for _, x := range tr.ordered() {
		if juesuan.CanManageUnits(me, tr.ancestors(x.Code)) {
			p.Units = append(p.Units, x)
		}
	}
	for _, u := range users {
		row := adminUserRow{Name: u.Name, CanReset: juesuan.CanManageUser(me, grantChains(tr, u)), Disabled: disabled[u.Name]}
		visible := len(u.Grants) == 0
		for _, g := range u.Grants {
			ag := adminGrant{Grant: g, CanRevoke: s.canRevoke(me, tr, u.Name, g)}
			if un := tr.byCode[g.Unit]; un != nil {
				ag.UnitName = un.Name
			}
			visible = visible || juesuan.CanManageUnits(me, tr.ancestors(g.Unit))
			row.Grants = append(row.Grants, ag)
		}
		if visible {
			p.Rows = append(p.Rows, row)
		}
	}
	s.render(w, r, status, "admin_users", "", page{Title: "用户管理", Nav: "admin", P: p})
}

// canRevoke: an admin takes away grants on units it manages, but never
// its own 管理员 grant (it would lock itself out of this page).
func (s *Server) canRevoke(me *juesuan.User, tr *unitTree, name string, g juesuan.Grant) bool {
	if name == me.Name && g.Role == juesuan.RoleAdmin {
		return false
	}
	return juesuan.CanManageUnits(me, tr.ancestors(g.Unit))
}

// checkGrant says why the signed-in admin may not grant role on unit.
func (s *Server) checkGrant(r *http.Request, role juesuan.Role, unit string) error {
	if !juesuan.ValidRole(role) {
		return juesuan.Errorf(juesuan.EINVALID, "角色 %q 无效（应为 填报人、审核人 或 管理员）", role)
	}
	return s.manages(r, unit, "授权单位")
}

// newHash checks a password against the policy and hashes it.
func newHash(name, pw, again string) (string, error) {
	if err := store.CheckPassword(name, pw); err != nil {
		return "", err
	}
	if pw != again {
		return "", juesuan.Errorf(juesuan.EINVALID, "两次输入的密码不一致")
	}
	return store.HashPassword(pw)
}

func (s *Server) adminAddUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := userForm{Name: formValue(r, "name"), Role: formValue(r, "role"), Unit: formValue(r, "unit")}
	// The grant is checked before the user is made, so that a refused
	// grant leaves no user behind.
	var err error
	if f.Name == "" {
		err = juesuan.Errorf(juesuan.EINVALID, "用户名不能为空")
	}
	if err == nil && f.Role != "" {
		err = s.checkGrant(r, juesuan.Role(f.Role), f.Unit)
	}
	var hash string
	if err == nil {
		hash, err = newHash(f.Name, r.PostFormValue("password"), r.PostFormValue("password2"))
	}
	actor := userFrom(ctx).Name
	if err == nil {
		_, err = s.st.CreateUser(ctx, f.Name, hash, actor)
	}
	if err == nil && f.Role != "" {
		err = s.st.Grant(ctx, f.Name, juesuan.Role(f.Role), f.Unit, actor)
	}
	if err != nil {
		s.renderUsers(w, r, errStatus(err), AdminHead{Tab: "users", Err: errMessage(err), ErrFor: "add"}, f)
		return
	}
	done(w, r, "/admin/users", "user-added", f.Name)
}

// target loads the user a form acts on.
func (s *Server) target(ctx context.Context, name string) (*juesuan.User, error) {
	if name == "" {
		return nil, juesuan.Errorf(juesuan.EINVALID, "请选择用户")
	}
	return s.st.User(ctx, name)
}

func (s *Server) adminPasswd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := userForm{Target: formValue(r, "user")}
	u, err := s.target(ctx, f.Target)
	if err == nil {
		var tr *unitTree
		if tr, err = s.tree(ctx); err == nil && !juesuan.CanManageUser(userFrom(ctx), grantChains(tr, u)) {
			err = juesuan.Errorf(juesuan.EFORBIDDEN, "用户 %s 在您管理范围之外也有授权，不能由您重置密码", u.Name)
		}
	}
	var hash string
	if err == nil {
		hash, err = newHash(f.Target, r.PostFormValue("password"), r.PostFormValue("password2"))
	}
	if err == nil {
		err = s.st.SetPassword(ctx, f.Target, hash, userFrom(ctx).Name)
	}
	if err != nil {
		s.renderUsers(w, r, errStatus(err), AdminHead{Tab: "users", Err: errMessage(err), ErrFor: "passwd"}, f)
		return
	}
	done(w, r, "/admin/users", "user-passwd", f.Target)
}

func (s *Server) adminGrant(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := userForm{Target: formValue(r, "user"), Role: formValue(r, "role"), Unit: formValue(r, "unit")}
	_, err := s.target(ctx, f.Target)
	if err == nil {
		err = s.checkGrant(r, juesuan.Role(f.Role), f.Unit)
	}
	if err == nil {
		err = s.st.Grant(ctx, f.Target, juesuan.Role(f.Role), f.Unit, userFrom(ctx).Name)
	}
	if err != nil {
		s.renderUsers(w, r, errStatus(err), AdminHead{Tab: "users", Err: errMessage(err), ErrFor: "grant"}, f)
		return
	}
	done(w, r, "/admin/users", "user-granted", f.Target+"："+f.Role+" @ "+f.Unit)
}

func (s *Server) adminRevoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := userFrom(ctx)
	f := userForm{Target: formValue(r, "user"), Role: formValue(r, "role"), Unit: formValue(r, "unit")}
	_, err := s.target(ctx, f.Target)
	if err == nil {
		err = s.manages(r, f.Unit, "授权单位")
	}
	if err == nil && f.Target == me.Name && juesuan.Role(f.Role) == juesuan.RoleAdmin {
		err = juesuan.Errorf(juesuan.EFORBIDDEN, "不能撤销自己的管理员授权（请由其他管理员操作）")
	}
	if err == nil {
		err = s.st.Revoke(ctx, f.Target, juesuan.Role(f.Role), f.Unit, me.Name)
	}
	if err != nil {
		s.renderUsers(w, r, errStatus(err), AdminHead{Tab: "users", Err: errMessage(err), ErrFor: "revoke"}, f)
		return
	}
	done(w, r, "/admin/users", "user-revoked", f.Target+"："+f.Role+" @ "+f.Unit)
}
