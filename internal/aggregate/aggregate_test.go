package aggregate_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/rule/eval"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/yearspec"
)

const example = "../../examples/wuhan-zhigong-2020.yaml"

func readExample(t testing.TB) (*juesuan.Report, *juesuan.Template) {
	t.Helper()
	r, tpl, err := reportfile.ReadFile(example, yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r, tpl
}

// scaled multiplies every amount of the report, cells and facts alike, so
// the variant is as consistent as the reference. Its published text is
// dropped: the numbers it quotes are the reference's.
func scaled(r *juesuan.Report, k juesuan.Amount, code, name string) *juesuan.Report {
	out := juesuan.NewReport(r.Year, r.Template)
	out.MoneyUnit = r.MoneyUnit
	for c, v := range r.Cells {
		out.Cells[c] = v * k
	}
	for rr, n := range r.RowNames {
		out.RowNames[rr] = n
	}
	out.Facts = r.Facts
	out.Published = juesuan.Published{}
	out.PerfSheets = nil
	scaleAmounts(reflect.ValueOf(&out.Facts).Elem(), k)
	out.Unit.Code, out.Unit.Name = code, name
	return out
}

var amountType = reflect.TypeOf(juesuan.Amount(0))

func scaleAmounts(v reflect.Value, k juesuan.Amount) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			n := reflect.New(v.Elem().Type())
			n.Elem().Set(v.Elem())
			scaleAmounts(n.Elem(), k)
			v.Set(n)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				scaleAmounts(v.Field(i), k)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(n, v)
		for i := 0; i < n.Len(); i++ {
			scaleAmounts(n.Index(i), k)
		}
		v.Set(n)
	case reflect.Map:
		if v.IsNil() || v.Type().Elem() != amountType {
			return
		}
		n := reflect.MakeMap(v.Type())
		for _, key := range v.MapKeys() {
			n.SetMapIndex(key, reflect.ValueOf(juesuan.Amount(v.MapIndex(key).Int())*k))
		}
		v.Set(n)
	case reflect.Int64:
		if v.Type() == amountType {
			v.SetInt(v.Int() * int64(k))
		}
	}
}

func threeUnits(t testing.TB) ([]aggregate.Input, *juesuan.Template) {
	ref, tpl := readExample(t)
	return []aggregate.Input{
		{Unit: "001001", Report: ref},
		{Unit: "001002", Report: scaled(ref, 2, "001002", "第二单位")},
		{Unit: "001003", Report: scaled(ref, 3, "001003", "第三单位")},
	}, tpl
}

func errors(t testing.TB, tpl *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	t.Helper()
	fs, err := audit.Check(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	var out []juesuan.Finding
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			out = append(out, f)
		}
	}
	return out
}

func derived(t testing.TB, tpl *juesuan.Template, r *juesuan.Report) map[juesuan.CellRef]juesuan.Amount {
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	c := *r
	c.Cells = map[juesuan.CellRef]juesuan.Amount{}
	for k, v := range r.Cells {
		c.Cells[k] = v
	}
	c.Derived = map[juesuan.CellRef]bool{}
	eval.Derive(p, &c)
	return c.Cells
}

var dept = juesuan.Profile{Code: "001", Name: "汇总部门"}

func TestSumOfThreeUnits(t *testing.T) {
	in, tpl := threeUnits(t)
	want := map[juesuan.CellRef]juesuan.Amount{}
	for _, u := range in {
		if errs := errors(t, tpl, scaled(u.Report, 1, u.Unit, u.Report.Unit.Name)); len(errs) > 0 {
			t.Fatalf("input %s fails check: %v", u.Unit, errs)
		}
		for c, v := range derived(t, tpl, u.Report) {
			want[c] += v
		}
	}
	agg, err := aggregate.Sum(tpl, in, dept)
	if err != nil {
		t.Fatal(err)
	}
	if len(agg.Cells) != len(want) {
		t.Errorf("aggregate has %d cells, inputs %d", len(agg.Cells), len(want))
	}
	for c, v := range want {
		if agg.Cells[c] != v {
			t.Errorf("%s: aggregate %s, sum of units %s", c, agg.Cells[c], v)
		}
	}
	// Every cell is six times the reference (1 + 2 + 3), hierarchy rows too.
	ref := derived(t, tpl, in[0].Report)
	for c, v := range ref {
		if agg.Cells[c] != 6*v {
			t.Errorf("%s: %s, want 6 × %s", c, agg.Cells[c], v)
		}
	}
	if *agg.Prior.Total != 6**in[0].Report.Prior.Total {
		t.Errorf("prior total %s", agg.Prior.Total)
	}
	if len(agg.Budgets) != len(in[0].Report.Budgets) || agg.Budgets[0].Amount != 6*in[0].Report.Budgets[0].Amount {
		t.Errorf("budgets %v", agg.Budgets)
	}
	if errs := errors(t, tpl, agg); len(errs) > 0 {
		t.Fatalf("aggregate fails check: %v", errs)
	}
	if agg.Unit.Name != "汇总部门" || agg.Unit.Staff.InService != 3*in[0].Report.Unit.Staff.InService {
		t.Errorf("profile %+v", agg.Unit)
	}
}

func TestSelectedUnits(t *testing.T) {
	in, tpl := threeUnits(t)
	agg, err := aggregate.Sum(tpl, in[1:], dept)
	if err != nil {
		t.Fatal(err)
	}
	c := juesuan.CellRef{Table: 1, Row: "30", Col: "1"}
	if agg.Cells[c] != 5*in[0].Report.Cells[c] {
		t.Errorf("选择汇总 %s = %s", c, agg.Cells[c])
	}
}

func TestFindingTracedToUnit(t *testing.T) {
	in, tpl := threeUnits(t)
	bad := scaled(in[2].Report, 1, "001003", "第三单位")
	bad.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}] += juesuan.Wanyuan
	in[2].Report = bad
	fs, err := aggregate.CheckInputs(tpl, in)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		if f.Severity != juesuan.SevError {
			continue
		}
		if !strings.Contains(f.Message, "单位 001003") || !strings.HasPrefix(f.Where, "单位 001003") {
			t.Errorf("error not traced to 001003: %+v", f)
		}
		found = true
	}
	if !found {
		t.Fatal("the broken input gave no error")
	}
}

func TestRefusesMixedYears(t *testing.T) {
	in, tpl := threeUnits(t)
	in[1].Report.Year = 2019
	if _, err := aggregate.Sum(tpl, in, dept); juesuan.ErrorCode(err) != juesuan.EINVALID {
		t.Fatalf("mixed years: %v", err)
	}
}

func TestCarryForward(t *testing.T) {
	prev, tpl := readExample(t)
	cur := scaled(prev, 1, "x", "x")
	p, _ := audit.Program(tpl)
	eval.Derive(p, prev)
	prev.Year = 2019
	prev.Cells[juesuan.CellRef{Table: 4, Row: "61", Col: "2"}] = 5 * juesuan.Wanyuan
	aggregate.CarryForward(tpl, prev, cur)
	if cur.Prior.Year != 2019 || *cur.Prior.Total != prev.Cells[juesuan.CellRef{Table: 1, Row: "30", Col: "1"}] {
		t.Fatalf("prior %+v", cur.Prior)
	}
	fs, _ := audit.Check(tpl, cur)
	n := 0
	for _, f := range fs {
		if f.Rule == "X10.opening" {
			n++
			if f.Cells[0] != "4:29:1" || f.Expected != "5.00" {
				t.Errorf("X10 finding %+v", f)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d X10 findings, want 1", n)
	}
}

// The SQL path gives the same cells as the in-memory sum, on both databases.
func TestFromStore(t *testing.T) {
	in, tpl := threeUnits(t)
	want, err := aggregate.Sum(tpl, in, dept)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		units := []juesuan.Unit{{Code: "001", Name: "部门"}, {Code: "001001", Parent: "001"}, {Code: "001002", Parent: "001"}, {Code: "00100201", Parent: "001002"}, {Code: "001003", Parent: "00100201"}}
		for _, u := range units {
			u.Kind, u.Name = juesuan.KindInstitution, u.Code
			if err := st.CreateUnit(ctx, &u, "t"); err != nil {
				t.Fatal(err)
			}
		}
		for _, u := range in {
			if _, err := st.SaveReport(ctx, juesuan.ReportKey{Unit: u.Unit, Year: 2020, Scope: juesuan.ScopeOwn}, 0, u.Report, "t", "load"); err != nil {
				t.Fatal(err)
			}
		}
		got, used, err := aggregate.FromStore(ctx, st, tpl, "001", nil, juesuan.ScopeOwn, dept)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(used, []string{"001001", "001002", "001003"}) {
			t.Errorf("used %v", used)
		}
		if !reflect.DeepEqual(got.Cells, want.Cells) {
			t.Errorf("SQL sum differs from in-memory sum (%d vs %d cells)", len(got.Cells), len(want.Cells))
		}
		if !reflect.DeepEqual(got.Prior, want.Prior) || !reflect.DeepEqual(got.Budgets, want.Budgets) {
			t.Errorf("facts differ: %+v vs %+v", got.Prior, want.Prior)
		}
		if errs := errors(t, tpl, got); len(errs) > 0 {
			t.Fatalf("SQL aggregate fails check: %v", errs)
		}
		sel, _, err := aggregate.FromStore(ctx, st, tpl, "", []string{"001002", "001003"}, juesuan.ScopeOwn, dept)
		if err != nil {
			t.Fatal(err)
		}
		c := juesuan.CellRef{Table: 1, Row: "30", Col: "1"}
		if sel.Cells[c] != 5*in[0].Report.Cells[c] {
			t.Errorf("选择汇总 %s", sel.Cells[c])
		}
	})
}
