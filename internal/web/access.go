package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/juesuan/juesuan"
)

// reportCtx is what every report page needs: who asks, about which unit
// and year, and where the report stands.
type reportCtx struct {
	User *juesuan.User
	Unit *juesuan.Unit
	Anc  []string
	Key  juesuan.ReportKey
	Info *juesuan.ReportInfo // nil: not started
	Pub  *publication        // what was published; nil when not started
	// history is the review history read with the request (Pub is made
	// from it), shown by the editor without reading it again.
	history []*juesuan.ReviewEvent
}

// shownVersion is the version the page shows: the current one to those
// with a role on the unit, the latest published one to the public.
func (rc *reportCtx) shownVersion() int {
	if rc.Info == nil {
		return 0
	}
	if !juesuan.CanReadUnit(rc.User, rc.Anc) && rc.Pub != nil && rc.Pub.Latest > 0 {
		return rc.Pub.Latest
	}
	return rc.Info.Current
}

func (rc *reportCtx) state() juesuan.ReviewState {
	if rc.Info == nil {
		return juesuan.StateDraft
	}
	return rc.Info.State
}

// CanEdit: a 填报人 or 管理员 of the unit, while the report is a draft or returned.
func (rc *reportCtx) CanEdit() bool { return juesuan.CanEditReport(rc.User, rc.Anc, rc.state()) }

// CanMove reports whether the user may move the report to state to.
func (rc *reportCtx) CanMove(to juesuan.ReviewState) bool {
	return rc.Info != nil && juesuan.CanTransition(rc.User, rc.Anc, rc.Info.State, to)
}

// reportFrom resolves {unit} and {year} of the path and checks that the
// user may read the report: the public only a published one.
func (s *Server) reportFrom(r *http.Request) (*reportCtx, error) {
	ctx := r.Context()
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 9999 {
		return nil, juesuan.Errorf(juesuan.ENOTFOUND, "年度 %q 无效", r.PathValue("year"))
	}
	rc := &reportCtx{User: userFrom(ctx), Key: juesuan.ReportKey{Unit: r.PathValue("unit"), Year: year, Scope: juesuan.ScopeOwn}}
	if rc.Unit, err = s.st.Unit(ctx, rc.Key.Unit); err != nil {
		if rc.User == nil && juesuan.ErrorCode(err) == juesuan.ENOTFOUND {
			// The public gets the same answer for a unit that does not
			// exist as for one whose report is not published, so that
			// the answers do not list the unit codes.
			return nil, s.denied(nil)
		}
		return nil, err
	}
	if rc.Anc, err = s.st.Ancestors(ctx, rc.Key.Unit); err != nil {
		return nil, err
	}
	info, err := s.st.ReportInfo(ctx, rc.Key)
	switch {
	case err == nil:
		rc.Info = info
	case juesuan.ErrorCode(err) != juesuan.ENOTFOUND:
		return nil, err
	}
	if rc.Info != nil {
		if rc.history, err = s.st.ReviewHistory(ctx, rc.Key); err != nil {
			return nil, err
		}
		rc.Pub = publicationOf(rc.history)
	}
	// A report under 更正 stays readable by the public in the version
	// that was published.
	published := rc.Pub != nil && rc.Pub.Latest > 0
	if !juesuan.CanReadReport(rc.User, rc.Anc, rc.state()) && !published || (rc.Info == nil && !juesuan.CanReadUnit(rc.User, rc.Anc)) {
		return nil, s.denied(rc.User)
	}
	return rc, nil
}

// denied is 401 for the public (sign in first), 403 for a signed-in user.
func (s *Server) denied(u *juesuan.User) error {
	if u == nil {
		return juesuan.Errorf(juesuan.EUNAUTHORIZED, "请先登录")
	}
	return juesuan.Errorf(juesuan.EFORBIDDEN, "您没有访问该单位报表的权限")
}

// requireUser is a middleware for pages that need a signed-in user: GET
// goes to the login page, anything else gets 401.
func (s *Server) requireUser(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, s.denied(nil))
			return
		}
		h(w, r)
	}
}

// unitTree is the units with their parents, for permission checks without
// a query per unit.
type unitTree struct {
	units  []*juesuan.Unit
	byCode map[string]*juesuan.Unit
}

func (s *Server) tree(ctx context.Context) (*unitTree, error) {
	us, err := s.st.Units(ctx)
	if err != nil {
		return nil, err
	}
	t := &unitTree{units: us, byCode: map[string]*juesuan.Unit{}}
	for _, u := range us {
		t.byCode[u.Code] = u
	}
	return t, nil
}

// ancestors returns the unit and those above it, itself first.
func (t *unitTree) ancestors(code string) []string {
	var out []string
	for c := code; c != "" && len(out) <= len(t.units); {
		out = append(out, c)
		u := t.byCode[c]
		if u == nil {
			break
		}
		c = u.Parent
	}
	return out
}

// depth is the unit's depth below its 部门 root.
func (t *unitTree) depth(code string) int { return len(t.ancestors(code)) - 1 }

// ordered returns the units depth-first, each parent before its children.
func (t *unitTree) ordered() []*juesuan.Unit {
	kids := map[string][]*juesuan.Unit{}
	for _, u := range t.units {
		kids[u.Parent] = append(kids[u.Parent], u)
	}
	var out []*juesuan.Unit
	var walk func(p string)
	walk = func(p string) {
		for _, u := range kids[p] {
			out = append(out, u)
			walk(u.Code)
		}
	}
	walk("")
	return out
}

// internalFrom is reportFrom for the pages of the review process (history,
// comparisons): they need a role on the unit even once the report is public.
func (s *Server) internalFrom(r *http.Request) (*reportCtx, error) {
	rc, err := s.reportFrom(r)
	if err == nil && !juesuan.CanReadUnit(rc.User, rc.Anc) {
		err = s.denied(rc.User)
	}
	return rc, err
}
