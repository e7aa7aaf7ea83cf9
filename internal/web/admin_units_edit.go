package web

import (
	"net/http"
	"strconv"

	"github.com/juesuan/juesuan"
)

// managesRoot: only the 管理员 of a 部门 (a unit without a parent) may
// create another 部门.
func (s *Server) managesRoot(r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	for _, g := range u.Grants {
		if g.Role != juesuan.RoleAdmin {
			continue
		}
		if unit, err := s.st.Unit(ctx, g.Unit); err == nil && unit.Parent == "" {
			return nil
		}
	}
	return juesuan.Errorf(juesuan.EFORBIDDEN, "只有部门（顶级单位）的管理员可以新建部门")
}

// adminRenameUnit changes a unit's name (更名); saved reports keep theirs.
func (s *Server) adminRenameUnit(w http.ResponseWriter, r *http.Request) {
	f := unitForm{EditUnit: formValue(r, "unit"), NewName: formValue(r, "name")}
	err := s.manages(r, f.EditUnit, "单位")
	if err == nil {
		err = s.st.RenameUnit(r.Context(), f.EditUnit, f.NewName, userFrom(r.Context()).Name)
	}
	if err != nil {
		s.renderUnits(w, r, errStatus(err), AdminHead{Tab: "units", Err: errMessage(err), ErrFor: "rename"}, f)
		return
	}
	done(w, r, "/admin/units", "unit-renamed", f.EditUnit+" "+f.NewName)
}

// adminUnitActive deactivates a unit (停用) from a year on, or restores
// it: its reports and history stay, it no longer files for later years.
func (s *Server) adminUnitActive(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := unitForm{EditUnit: formValue(r, "unit"), LastYear: formValue(r, "last")}
	err := s.manages(r, f.EditUnit, "单位")
	var unit *juesuan.Unit
	if err == nil {
		unit, err = s.st.Unit(ctx, f.EditUnit)
	}
	to := 0
	if err == nil && r.PostFormValue("restore") == "" {
		to, err = optYear(f.LastYear, "最后填报年度")
		if err == nil && to == 0 {
			err = juesuan.Errorf(juesuan.EINVALID, "停用单位须填写最后填报年度（该年度以后不再填报）")
		}
	}
	if err == nil {
		err = s.st.SetUnitYears(ctx, unit.Code, unit.FromYear, to, userFrom(ctx).Name)
	}
	if err != nil {
		s.renderUnits(w, r, errStatus(err), AdminHead{Tab: "units", Err: errMessage(err), ErrFor: "active"}, f)
		return
	}
	key := "unit-restored"
	if to != 0 {
		key = "unit-deactivated"
	}
	done(w, r, "/admin/units", key, unit.Code+" "+unit.Name+" "+strconv.Itoa(to))
}
