package web

import (
	"net/http"
	"strconv"

	"github.com/juesuan/juesuan"
)

type adminUnitRow struct {
	Unit       *juesuan.Unit
	Depth      int
	ParentName string
	Years      string
}

type unitForm struct {
	Code, Name, Kind, Parent, From, To string
	MoveUnit, MoveParent               string
	EditUnit, NewName, LastYear        string
}

type adminUnitsPage struct {
	AdminHead
	Rows  []adminUnitRow
	Kinds []juesuan.UnitKind
	Form  unitForm
}

// validYears is the span of fiscal years a unit files for, in words.
func validYears(u *juesuan.Unit) string {
	switch {
	case u.FromYear == 0 && u.ToYear == 0:
		return "不限"
	case u.ToYear == 0:
		return strconv.Itoa(u.FromYear) + " 年起"
	case u.FromYear == 0:
		return "至 " + strconv.Itoa(u.ToYear) + " 年"
	}
	return strconv.Itoa(u.FromYear) + "–" + strconv.Itoa(u.ToYear) + " 年"
}

// adminUnits shows the units the admin manages, as a tree.
func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request) {
	s.renderUnits(w, r, http.StatusOK, noticeFrom(r, "units"), unitForm{})
}

func (s *Server) renderUnits(w http.ResponseWriter, r *http.Request, status int, h AdminHead, f unitForm) {
	u := userFrom(r.Context())
	tr, err := s.tree(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := adminUnitsPage{AdminHead: h, Kinds: juesuan.UnitKinds, Form: f}
	for _, x := range tr.ordered() {
		if !juesuan.CanManageUnits(u, tr.ancestors(x.Code)) {
			continue
		}
		row := adminUnitRow{Unit: x, Depth: tr.depth(x.Code), Years: validYears(x)}
		if pu := tr.byCode[x.Parent]; pu != nil {
			row.ParentName = pu.Name
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, status, "admin_units", "", page{Title: "单位管理", Nav: "admin", P: p})
}

// manages checks that the admin manages a unit, which must exist; what
// names the unit in messages.
func (s *Server) manages(r *http.Request, code, what string) error {
	if code == "" {
		return juesuan.Errorf(juesuan.EINVALID, "请选择%s", what)
	}
	anc, err := s.st.Ancestors(r.Context(), code)
	if err != nil {
		return juesuan.Errorf(juesuan.ENOTFOUND, "%s %s 不存在", what, code)
	}
	if !juesuan.CanManageUnits(userFrom(r.Context()), anc) {
		return juesuan.Errorf(juesuan.EFORBIDDEN, "您不是%s %s 的管理员", what, code)
	}
	return nil
}

func optYear(v, what string) (int, error) {
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 9999 {
		return 0, juesuan.Errorf(juesuan.EINVALID, "%s %q 不是有效的年度", what, v)
	}
	return y, nil
}

func (s *Server) adminAddUnit(w http.ResponseWriter, r *http.Request) {
	f := unitForm{Code: formValue(r, "code"), Name: formValue(r, "name"), Kind: formValue(r, "kind"),
		Parent: formValue(r, "parent"), From: formValue(r, "from"), To: formValue(r, "to")}
	unit := &juesuan.Unit{Code: f.Code, Name: f.Name, Kind: juesuan.UnitKind(f.Kind), Parent: f.Parent}
	// A new 部门 (a root) is made by an admin of a 部门, who becomes its
	// admin too, so that it is in their scope.
	var err error
	top := f.Parent == "" && r.PostFormValue("top") == "1"
	if top {
		err = s.managesRoot(r)
	} else {
		err = s.manages(r, f.Parent, "上级单位")
	}
	if err == nil {
		unit.FromYear, err = optYear(f.From, "起始年度")
	}
	if err == nil {
		unit.ToYear, err = optYear(f.To, "终止年度")
	}
	if err == nil {
		err = s.st.CreateUnit(r.Context(), unit, userFrom(r.Context()).Name)
	}
	if err == nil && top {
		err = s.st.Grant(r.Context(), userFrom(r.Context()).Name, juesuan.RoleAdmin, unit.Code, userFrom(r.Context()).Name)
	}
	if err != nil {
		s.renderUnits(w, r, errStatus(err), AdminHead{Tab: "units", Err: errMessage(err), ErrFor: "add"}, f)
		return
	}
	done(w, r, "/admin/units", "unit-added", unit.Code+" "+unit.Name)
}

func (s *Server) adminMoveUnit(w http.ResponseWriter, r *http.Request) {
	f := unitForm{MoveUnit: formValue(r, "unit"), MoveParent: formValue(r, "parent")}
	err := s.manages(r, f.MoveUnit, "单位")
	if err == nil {
		err = s.manages(r, f.MoveParent, "新的上级单位")
	}
	if err == nil {
		err = s.st.MoveUnit(r.Context(), f.MoveUnit, f.MoveParent, userFrom(r.Context()).Name)
	}
	if err != nil {
		s.renderUnits(w, r, errStatus(err), AdminHead{Tab: "units", Err: errMessage(err), ErrFor: "move"}, f)
		return
	}
	done(w, r, "/admin/units", "unit-moved", f.MoveUnit+" → "+f.MoveParent)
}
