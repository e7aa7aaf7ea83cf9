package store_test

import (
	"bytes"
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/cellcsv"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/yearspec"
)

const example = "../../examples/wuhan-zhigong-2020.yaml"

var ctx = context.Background()

func init() {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
}

var (
	exampleOnce sync.Once
	exampleR    *juesuan.Report
	exampleT    *juesuan.Template
	exampleErr  error
)

// readExampleErr parses the example once (parsing takes a good part of a
// second) and hands out copies whose cells and names may be changed.
func readExampleErr() (*juesuan.Report, *juesuan.Template, error) {
	exampleOnce.Do(func() { exampleR, exampleT, exampleErr = reportfile.ReadFile(example, yearspec.Default, 0) })
	if exampleErr != nil {
		return nil, nil, exampleErr
	}
	c := *exampleR
	c.Cells, c.Derived, c.RowNames = map[juesuan.CellRef]juesuan.Amount{}, map[juesuan.CellRef]bool{}, map[juesuan.RowRef]string{}
	for k, v := range exampleR.Cells {
		c.Cells[k] = v
	}
	for k, v := range exampleR.RowNames {
		c.RowNames[k] = v
	}
	return &c, exampleT, nil
}

func readExample(t testing.TB) (*juesuan.Report, *juesuan.Template) {
	t.Helper()
	r, tpl, err := readExampleErr()
	if err != nil {
		t.Fatal(err)
	}
	return r, tpl
}

// cellsOutput is what `juesuan cells` prints for a report.
func cellsOutput(t testing.TB, tpl *juesuan.Template, r *juesuan.Report) string {
	t.Helper()
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	eval.Derive(p, r)
	var b bytes.Buffer
	if err := cellcsv.Write(&b, tpl, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func fileText(t testing.TB, tpl *juesuan.Template, r *juesuan.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := reportfile.Write(&b, tpl, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func mustUnit(t testing.TB, st *store.Store, code, parent string) {
	t.Helper()
	if err := st.CreateUnit(ctx, &juesuan.Unit{Code: code, Name: "单位" + code, Kind: juesuan.KindInstitution, Parent: parent}, "test"); err != nil {
		t.Fatal(err)
	}
}

func code(err error) string { return juesuan.ErrorCode(err) }

func TestMigrationsMatch(t *testing.T) {
	a, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Number != b[i].Number || a[i].Name != b[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i, a[i].Number, a[i].Name, b[i].Number, b[i].Name)
		}
	}
}

func TestMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		again, err := st.Migrate(ctx)
		if err != nil || len(again) != 0 {
			t.Fatalf("second migrate applied %d, err %v", len(again), err)
		}
		ms, _ := store.Migrations(st.Dialect())
		if v, err := st.SchemaVersion(ctx); err != nil || v != len(ms) {
			t.Fatalf("schema version %d, want %d (%v)", v, len(ms), err)
		}
	})
}

func TestUnitTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "100", "")
		mustUnit(t, st, "101", "100")
		mustUnit(t, st, "102", "100")
		mustUnit(t, st, "10101", "101")
		tests := []struct {
			name string
			u    juesuan.Unit
			want string
		}{
			{"duplicate", juesuan.Unit{Code: "101", Name: "x", Kind: juesuan.KindInstitution}, juesuan.ECONFLICT},
			{"missing parent", juesuan.Unit{Code: "9", Name: "x", Kind: juesuan.KindInstitution, Parent: "nope"}, juesuan.ENOTFOUND},
			{"bad kind", juesuan.Unit{Code: "9", Name: "x", Kind: "公司"}, juesuan.EINVALID},
			{"no name", juesuan.Unit{Code: "9", Kind: juesuan.KindInstitution}, juesuan.EINVALID},
		}
		for _, tc := range tests {
			if err := st.CreateUnit(ctx, &tc.u, "test"); code(err) != tc.want {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
			}
		}
		sub, err := st.Subtree(ctx, "100")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, u := range sub {
			codes = append(codes, u.Code)
		}
		if !reflect.DeepEqual(codes, []string{"100", "101", "102", "10101"}) {
			t.Errorf("subtree %v", codes)
		}
		if up, _ := st.Ancestors(ctx, "10101"); !reflect.DeepEqual(up, []string{"10101", "101", "100"}) {
			t.Errorf("ancestors %v", up)
		}
		if err := st.MoveUnit(ctx, "101", "10101", "test"); code(err) != juesuan.EINVALID {
			t.Errorf("move under own child: %v", err)
		}
		if err := st.MoveUnit(ctx, "10101", "102", "test"); err != nil {
			t.Fatal(err)
		}
		if up, _ := st.Ancestors(ctx, "10101"); !reflect.DeepEqual(up, []string{"10101", "102", "100"}) {
			t.Errorf("after move: ancestors %v", up)
		}
		if _, err := st.Unit(ctx, "nope"); code(err) != juesuan.ENOTFOUND {
			t.Errorf("missing unit: %v", err)
		}
		if _, err := st.Subtree(ctx, "nope"); code(err) != juesuan.ENOTFOUND {
			t.Errorf("missing subtree: %v", err)
		}
	})
}

func TestReportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		r, tpl := readExample(t)
		want := cellsOutput(t, tpl, r)
		r2, _ := readExample(t)
		k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
		v, err := st.SaveReport(ctx, k, 0, r2, "张三", "首次录入")
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 1 {
			t.Fatalf("version %d", v.Number)
		}
		got, gv, err := st.LoadReport(ctx, k, 0)
		if err != nil {
			t.Fatal(err)
		}
		if gv.Author != "张三" || gv.Reason != "首次录入" || gv.Created.IsZero() {
			t.Errorf("version meta %+v", gv)
		}
		orig, _ := readExample(t)
		// The native file text carries every fact; equal text means nothing
		// was lost (a `paragraphs: []` read back as nil is the same fact).
		if a, b := fileText(t, tpl, got), fileText(t, tpl, orig); a != b {
			t.Errorf("report file differs after round trip:\n%s\nwant\n%s", a, b)
		}
		if !reflect.DeepEqual(got.Prior, orig.Prior) || !reflect.DeepEqual(got.Budgets, orig.Budgets) || !reflect.DeepEqual(got.Published, orig.Published) {
			t.Errorf("facts differ after round trip")
		}
		if out := cellsOutput(t, tpl, got); out != want {
			t.Errorf("cells differ after round trip:\n%s\nwant\n%s", out, want)
		}
		if !reflect.DeepEqual(got.RowNames, orig.RowNames) || got.MoneyUnit != orig.MoneyUnit {
			t.Errorf("row names or money unit differ")
		}
		cells, err := st.VersionCells(ctx, k, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cells, got.Cells) {
			t.Errorf("stored cells (%d) differ from the derived report (%d)", len(cells), len(got.Cells))
		}
		if _, _, err := st.LoadReport(ctx, juesuan.ReportKey{Unit: "001", Year: 2021}, 0); code(err) != juesuan.ENOTFOUND {
			t.Errorf("missing report: %v", err)
		}
		if _, _, err := st.LoadReport(ctx, k, 9); code(err) != juesuan.ENOTFOUND {
			t.Errorf("missing version: %v", err)
		}
	})
}

func TestVersionsAndConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
		r, _ := readExample(t)
		if _, err := st.SaveReport(ctx, k, 0, r, "a", "v1"); err != nil {
			t.Fatal(err)
		}
		ref := juesuan.CellRef{Table: 1, Row: "1", Col: "1"}
		r.Cells[ref] += juesuan.Cent
		if _, err := st.SaveReport(ctx, k, 1, r, "a", "v2"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveReport(ctx, k, 1, r, "b", "stale"); code(err) != juesuan.ECONFLICT {
			t.Fatalf("stale base: %v", err)
		}
		if _, err := st.SaveReport(ctx, k, 0, r, "b", "stale new"); code(err) != juesuan.ECONFLICT {
			t.Fatalf("stale new: %v", err)
		}
		vs, err := st.Versions(ctx, k)
		if err != nil || len(vs) != 2 || vs[0].Reason != "v1" || vs[1].Reason != "v2" {
			t.Fatalf("versions %v %v", vs, err)
		}
		v1, _, _ := st.LoadReport(ctx, k, 1)
		v2, _, _ := st.LoadReport(ctx, k, 2)
		if v2.Cells[ref]-v1.Cells[ref] != juesuan.Cent {
			t.Errorf("v1 %v v2 %v: old version not kept", v1.Cells[ref], v2.Cells[ref])
		}
	})
}

// Two saves from the same base at once: exactly one wins.
func TestConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
		for _, base := range []int{0, 1} {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i := range errs {
				r, _ := readExample(t)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = st.SaveReport(ctx, k, base, r, "w", "concurrent")
				}()
			}
			close(start)
			wg.Wait()
			ok, conflicts := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case code(err) == juesuan.ECONFLICT:
					conflicts++
				default:
					t.Errorf("base %d: unexpected error %v", base, err)
				}
			}
			if ok != 1 || conflicts != 1 {
				t.Fatalf("base %d: %d successes, %d conflicts (%v)", base, ok, conflicts, errs)
			}
			if vs, _ := st.Versions(ctx, k); len(vs) != base+1 {
				t.Fatalf("base %d: %d versions", base, len(vs))
			}
		}
	})
}

func TestReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
		r, _ := readExample(t)
		if _, err := st.SaveReport(ctx, k, 0, r, "a", "v1"); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			to   juesuan.ReviewState
			want string
		}{
			{juesuan.StateApproved, juesuan.EINVALID},
			{juesuan.StateSubmitted, ""},
			{juesuan.StateReturned, ""},
			{juesuan.StateSubmitted, ""},
			{juesuan.StateApproved, ""},
			{juesuan.StatePublished, ""},
			{juesuan.StateDraft, juesuan.EINVALID},
		}
		for i, s := range steps {
			if err := st.Move(ctx, k, s.to, "审核员", "意见"); code(err) != s.want {
				t.Fatalf("step %d → %s: %v", i, s.to, err)
			}
			if s.to == juesuan.StateSubmitted && s.want == "" {
				if _, err := st.SaveReport(ctx, k, 1, r, "a", "while submitted"); code(err) != juesuan.ECONFLICT {
					t.Fatalf("save while submitted: %v", err)
				}
			}
		}
		h, err := st.ReviewHistory(ctx, k)
		if err != nil || len(h) != 5 || h[4].To != juesuan.StatePublished || h[1].Comment != "意见" {
			t.Fatalf("history %v %v", h, err)
		}
		if info, _ := st.ReportInfo(ctx, k); info.State != juesuan.StatePublished {
			t.Errorf("state %s", info.State)
		}
	})
}

func TestUsersAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "100", "")
		hash, err := store.HashPassword("correct horse")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateUser(ctx, "li", hash, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateUser(ctx, "li", hash, "admin"); code(err) != juesuan.ECONFLICT {
			t.Errorf("duplicate user: %v", err)
		}
		if err := st.Grant(ctx, "li", juesuan.RoleFiller, "100", "admin"); err != nil {
			t.Fatal(err)
		}
		if err := st.Grant(ctx, "li", "老板", "100", "admin"); code(err) != juesuan.EINVALID {
			t.Errorf("bad role: %v", err)
		}
		if err := st.Grant(ctx, "li", juesuan.RoleFiller, "nope", "admin"); code(err) != juesuan.ENOTFOUND {
			t.Errorf("bad unit: %v", err)
		}
		if _, err := st.Authenticate(ctx, "li", "wrong password"); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("wrong password: %v", err)
		}
		u, err := st.Authenticate(ctx, "li", "correct horse")
		if err != nil || len(u.Grants) != 1 || u.Grants[0] != (juesuan.Grant{Role: juesuan.RoleFiller, Unit: "100"}) {
			t.Fatalf("authenticate %+v %v", u, err)
		}
		tok, err := st.CreateToken(ctx, "li", "cli", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := st.UserByToken(ctx, tok); err != nil || u.Name != "li" {
			t.Errorf("token user %v %v", u, err)
		}
		if _, err := st.UserByToken(ctx, tok+"x"); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("bad token: %v", err)
		}
	})
}

func TestAuditLogAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		r, _ := readExample(t)
		k := juesuan.ReportKey{Unit: "001", Year: 2020}
		if _, err := st.SaveReport(ctx, k, 0, r, "张三", "录入"); err != nil {
			t.Fatal(err)
		}
		log, err := st.AuditLog(ctx, 0)
		if err != nil || len(log) != 2 || log[0].Action != "report.save" || log[0].Actor != "张三" || log[1].Action != "unit.create" {
			t.Fatalf("log %v %v", log, err)
		}
		for _, q := range []string{
			`UPDATE audit_log SET actor = 'x'`,
			`DELETE FROM audit_log`,
			`UPDATE report_versions SET reason = 'x'`,
			`DELETE FROM cells`,
		} {
			if _, err := st.DB().Exec(q); err == nil {
				t.Errorf("%s was allowed", q)
			}
		}
	})
}
