package web

import (
	"net/http"

	"github.com/juesuan/juesuan"
)

// adminUserActive deactivates (停用) or restores a user the admin fully
// manages. A deactivated user cannot sign in, its sessions and API tokens
// end; its grants and everything it did stay, and 恢复 brings it back.
func (s *Server) adminUserActive(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := userForm{Target: formValue(r, "user")}
	active := r.PostFormValue("restore") != ""
	u, err := s.target(ctx, f.Target)
	if err == nil {
		var tr *unitTree
		if tr, err = s.tree(ctx); err == nil && !juesuan.CanManageUser(userFrom(ctx), grantChains(tr, u)) {
			err = juesuan.Errorf(juesuan.EFORBIDDEN, "用户 %s 在您管理范围之外也有授权，不能由您停用或恢复", u.Name)
		}
	}
	if err == nil && !active && u.Name == userFrom(ctx).Name {
		err = juesuan.Errorf(juesuan.EINVALID, "不能停用自己的账号")
	}
	if err == nil {
		err = s.st.SetUserActive(ctx, f.Target, active, userFrom(ctx).Name)
	}
	if err != nil {
		s.renderUsers(w, r, errStatus(err), AdminHead{Tab: "users", Err: errMessage(err), ErrFor: "active"}, f)
		return
	}
	key := "user-disabled"
	if active {
		key = "user-enabled"
	}
	done(w, r, "/admin/users", key, f.Target)
}
