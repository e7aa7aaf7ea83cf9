// Package demo fills an empty database with a demonstration: the
// reference unit (the published 2020 report of a real 职工服务中心), a
// small generated unit tree with reports in every review state, and one
// user per role, so that a new user can try the whole workbench at once.
package demo

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/store"
)

//go:embed wuhan-zhigong-2020.yaml
var reference []byte

// Password is the password of every demo user. It is printed at start-up
// and in the README: a demo database is not for real data.
const Password = "juesuan-demo"

// Login is one demo user.
type Login struct {
	Name, Role, Unit, Note string
}

// Unit codes of the demo tree.
const (
	RootCode = "900000"
	RefCode  = "900001"
	Year     = 2020
)

// Logins are the demo users, one per role, and a second 填报人 of another
// unit (to try what one unit's filler may not see).
var Logins = []Login{
	{"admin", string(juesuan.RoleAdmin), RootCode, "管理员：全部单位"},
	{"reviewer", string(juesuan.RoleReviewer), RootCode, "审核人：全部单位"},
	{"filler", string(juesuan.RoleFiller), RefCode, "填报人：职工服务中心"},
	{"filler2", string(juesuan.RoleFiller), "001002", "填报人：另一单位"},
}

// Seed fills the database when it has no unit yet; it reports whether it
// did. tpls loads the 2020 template.
func Seed(ctx context.Context, st *store.Store, tpls reportfile.Templates) (bool, error) {
	us, err := st.Units(ctx)
	if err != nil {
		return false, err
	}
	if len(us) > 0 {
		return false, nil
	}
	const actor = "演示数据"
	ref, tpl, err := reportfile.Read("demo/wuhan-zhigong-2020.yaml", reference, tpls, 0)
	if err != nil {
		return false, err
	}
	units := []*juesuan.Unit{
		{Code: RootCode, Name: "演示市（部门决算汇总）", Kind: juesuan.KindAdministrative},
		{Code: RefCode, Name: ref.Unit.Name, Kind: juesuan.KindInstitution, Parent: RootCode},
	}
	p, err := audit.Program(tpl)
	if err != nil {
		return false, err
	}
	clean := gen.Generate(p, Year, gen.Options{Units: 6, Seed: 1})
	faulty := gen.Generate(p, Year, gen.Options{Units: 6, Seed: 1, Faults: 1})
	for _, g := range clean {
		parent := g.Unit.Parent
		if parent == "" {
			parent = RootCode
		}
		units = append(units, &juesuan.Unit{Code: g.Unit.Code, Name: g.Unit.Name, Kind: juesuan.UnitKind(g.Unit.Kind), Parent: parent})
	}
	for _, u := range units {
		if err := st.CreateUnit(ctx, u, actor); err != nil {
			return false, err
		}
	}
	ref.Unit.Code = RefCode
	key := func(code string) juesuan.ReportKey {
		return juesuan.ReportKey{Unit: code, Year: Year, Scope: juesuan.ScopeOwn}
	}
	if _, err := st.SaveReport(ctx, key(RefCode), 0, ref, actor, "导入公开的 2020 年度决算（演示）"); err != nil {
		return false, err
	}
	// States along the workflow, so that every dashboard filter has rows;
	// one unit is left without a report (未开始) and two carry an error.
	plan := []juesuan.ReviewState{juesuan.StatePublished, juesuan.StateDraft, juesuan.StateSubmitted, juesuan.StateApproved, juesuan.StateDraft, ""}
	for i, g := range clean {
		st8 := plan[i%len(plan)]
		if st8 == "" {
			continue
		}
		rep := g.Report
		if i == 1 || i == 4 {
			rep = faulty[i].Report
		}
		if _, err := st.SaveReport(ctx, key(g.Unit.Code), 0, rep, actor, "生成的演示数据"); err != nil {
			return false, err
		}
		path := map[juesuan.ReviewState][]juesuan.ReviewState{
			juesuan.StateSubmitted: {juesuan.StateSubmitted},
			juesuan.StateApproved:  {juesuan.StateSubmitted, juesuan.StateApproved},
			juesuan.StatePublished: {juesuan.StateSubmitted, juesuan.StateApproved, juesuan.StatePublished},
		}[st8]
		for _, to := range path {
			if err := st.Move(ctx, key(g.Unit.Code), to, actor, ""); err != nil {
				return false, err
			}
		}
	}
	hash, err := store.HashPassword(Password)
	if err != nil {
		return false, err
	}
	for _, l := range Logins {
		if _, err := st.CreateUser(ctx, l.Name, hash, actor); err != nil {
			return false, err
		}
		if err := st.Grant(ctx, l.Name, juesuan.Role(l.Role), l.Unit, actor); err != nil {
			return false, fmt.Errorf("演示用户 %s: %w", l.Name, err)
		}
	}
	return true, nil
}
