package roundtrip

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func TestCompare(t *testing.T) {
	a := juesuan.CellRef{Table: 1, Row: "1", Col: "1"}
	b := juesuan.CellRef{Table: 2, Row: "total", Col: "2"}
	c := juesuan.CellRef{Table: 6, Row: "30101", Col: "1"}
	type cells = map[juesuan.CellRef]juesuan.Amount
	const w = 100 * juesuan.Yuan // 0.01 万元
	for _, tc := range []struct {
		name      string
		want, got cells
		score     Score
		diff      []string
	}{
		{"identical", cells{a: w, b: 3 * w}, cells{a: w, b: 3 * w}, Score{Cells: 2, Exact: 2}, nil},
		{"missing", cells{a: w, b: 3 * w}, cells{a: w}, Score{Cells: 2, Exact: 1, Missing: 1}, []string{"2:total:2 missing 0.03"}},
		{"imported as zero is missing", cells{a: w}, cells{a: 0}, Score{Cells: 1, Missing: 1}, []string{"1:1:1 missing 0.01"}},
		{"wrong amount", cells{a: w}, cells{a: 2 * w}, Score{Cells: 1, Wrong: 1}, []string{"1:1:1 0.02≠0.01"}},
		{"off by one 分 is wrong", cells{a: w}, cells{a: w + 1}, Score{Cells: 1, Wrong: 1}, []string{"1:1:1 0.010001≠0.01"}},
		{"extra cell", cells{a: w}, cells{a: w, c: 50 * w}, Score{Cells: 1, Exact: 1, Extra: 1}, []string{"6:30101:1 extra 0.50"}},
		{"printed zero is blank", cells{a: 0, b: 3 * w}, cells{b: 3 * w}, Score{Cells: 1, Exact: 1}, nil},
		{"imported zero where blank is no extra", cells{b: 3 * w}, cells{b: 3 * w, c: 0}, Score{Cells: 1, Exact: 1}, nil},
		{"moved to another cell", cells{a: w}, cells{c: w}, Score{Cells: 1, Missing: 1, Extra: 1}, []string{"1:1:1 missing 0.01", "6:30101:1 extra 0.01"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, d := Compare(tc.want, tc.got)
			if s != tc.score {
				t.Errorf("score = %+v, want %+v", s, tc.score)
			}
			if !reflect.DeepEqual(d, tc.diff) {
				t.Errorf("diff = %q, want %q", d, tc.diff)
			}
		})
	}
}

func TestCollapse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"一、一般公共预算财政拨款收入      1     122.40   一、一般公共服务支出   31", "一、一般公共预算财政拨款收入 1 122.40 一、一般公共服务支出 31"},
		{"   总 计   30  \t 5.00", "总 计 30 5.00"},
		{"page one\n\fpage two  2", "page one\n\fpage two 2"},
		{"", ""},
	} {
		if got := string(Collapse([]byte(tc.in))); got != tc.want {
			t.Errorf("Collapse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTargets: every embedded template is covered, with its own year.
func TestTargets(t *testing.T) {
	ts, err := Targets(yearspec.Default)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != len(yearspec.Default.IDs()) {
		t.Fatalf("%d targets for %d templates", len(ts), len(yearspec.Default.IDs()))
	}
	for _, tg := range ts {
		tpl, _ := yearspec.Default.Load(tg.Template)
		if tg.Year != tpl.Year || tg.Year < 2000 {
			t.Errorf("%s: year %d, template says %d", tg.Template, tg.Year, tpl.Year)
		}
	}
}

func TestRowUnsupported(t *testing.T) {
	var r Row
	r.Add(Outcome{Err: errTest}, 0)
	r.Add(Outcome{Err: errTest}, 0)
	if !r.Unsupported() || r.Failed != 2 || r.FirstErr != errTest.Error() {
		t.Errorf("two failed imports: %+v", r)
	}
	r.Add(Outcome{Score: Score{Cells: 4, Exact: 3, Missing: 1}, FalseErrors: []string{"T1.balance"}}, 0)
	if r.Unsupported() || r.ExactPct() != 75 || r.FalseErrors != 1 || r.Rules["T1.balance"] != 1 {
		t.Errorf("after one import: %+v", r)
	}
}

type testErr string

func (e testErr) Error() string { return string(e) }

var errTest = testErr("report.docx: 不支持 DOCX")
