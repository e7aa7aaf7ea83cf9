package check

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func tpl2020(t *testing.T) *juesuan.Template {
	t.Helper()
	tpl, err := yearspec.Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestCompileErrors: every unknown reference is a load-time error with
// file:line:col and a caret, never a silent zero.
func TestCompileErrors(t *testing.T) {
	tpl := tpl2020(t)
	cases := []struct{ name, src, want string }{
		{"unknown table", `rule A error "t" { T12[1, 1] == 0 }`, "r.rules:1:20: 年度模板 national 没有表 T12"},
		{"unknown fixed row", `rule A error "t" { T1[99, 1] == 0 }`, "表1没有第 99 行"},
		{"unknown column", `rule A error "t" { T2[total, 9] == 0 }`, "表2没有第 9 栏"},
		{"row lacks column", `rule A error "t" { T1[1, 2] == 0 }`, "表1第 1 行没有第 2 栏"},
		{"bad code", `rule A error "t" { T2["20", 1] == 0 }`, "位数不对"},
		{"unknown name", `rule A error "t" { T2[totl, 1] == 0 }`, "表2没有名为 totl 的行"},
		{"unknown function", `rule A error "t" { summ(T1[1..8, 1]) == 0 }`, "未知的函数 summ"},
		{"unknown fact", `rule A error "t" { fact("nope") == 0 }`, "未知的事实 \"nope\""},
		{"bad severity", `rule A fatal "t" { 1 == 1 }`, "fatal"},
		{"bad flag", `rule A error "t" fancy { 1 == 1 }`, "未知的规则标记 \"fancy\""},
		{"not a condition", `rule A error "t" { T1[1, 1] + 1 }`, "断言应为条件"},
		{"range on code table", `rule A error "t" { sum(T2[201..221, 1]) == 0 }`, "不能用范围"},
		{"duplicate id", "rule A error \"t\" { 1 == 1 }\nrule A error \"t\" { 1 == 1 }", "r.rules:2:1: 规则编号 A 重复"},
		{"type mismatch", `rule A error "t" { T1[1, 1] == "x" }`, "无法比较"},
		{"syntax", `rule A error "t" { T1[1, 1] == }`, "r.rules:1:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileSource(tpl, "r.rules", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "^") {
				t.Errorf("no caret line in %q", err)
			}
		})
	}
}

func TestCompileAllErrorsSorted(t *testing.T) {
	src := "rule A error \"t\" { T1[99, 1] == 0 }\nrule B error \"t\" { T12[1, 1] == 0 }\n"
	_, err := CompileSource(tpl2020(t), "r.rules", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "r.rules:1:") || !strings.Contains(err.Error(), "r.rules:2:") ||
		strings.Index(err.Error(), "r.rules:1:") > strings.Index(err.Error(), "r.rules:2:") {
		t.Fatalf("want both errors in order, got %v", err)
	}
}

// TestNotes: the printed 注 formulas generated from the 2020 rules, with
// the reference report's two misprints corrected.
func TestNotes(t *testing.T) {
	p, err := Compile(tpl2020(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		1: "27行 = (1+2+3+4+5+6+7+8) 行；30行 = (27+28+29) 行；57行 = (31+32+……+56) 行；60行 = (57+58+59) 行。",
		2: "1栏各行 = (2+3+4+5+6+7) 栏各行。",
		3: "1栏各行 = (2+3+4+5+6) 栏各行。",
		4: "27行 = (1+2+3) 行；28行 = (29+30+31) 行；32行 = (27+28) 行；59行 = (33+34+……+58) 行；64行 = (59+60) 行。",
		5: "1栏各行 = (2+3) 栏各行。",
		7: "1栏 = (2+3+6) 栏；3栏 = (4+5) 栏；7栏 = (8+9+12) 栏；9栏 = (10+11) 栏。",
		8: "6栏各行 = (1+2-3) 栏各行；3栏各行 = (4+5) 栏各行。",
		9: "1栏各行 = (2+3) 栏各行。",
	}
	got := p.Notes()
	for n, w := range want {
		if g := strings.Join(got[n], ""); g != w {
			t.Errorf("表%d 注:\n got %s\nwant %s", n, g, w)
		}
	}
	if len(got[6]) != 0 {
		t.Errorf("表6 has no printed formula, got %v", got[6])
	}
}

// TestTolerance: a difference within 0.01 万元 per rounded figure is
// Drift (a warning), beyond it Fail.
func TestTolerance(t *testing.T) {
	tpl := tpl2020(t)
	p, err := CompileSource(tpl, "r.rules", []byte(`rule A error "t" { T6[302, 1] == sum(T6[children(T6, "302"), 1]) }`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		total string
		items []string
		want  Outcome
	}{
		{"3.51", []string{"1.69", "1.82"}, Pass},
		{"3.50", []string{"1.69", "1.82"}, Drift},
		{"3.48", []string{"1.69", "1.82"}, Drift}, // 0.03 ≤ 3 figures × 0.01
		{"3.47", []string{"1.69", "1.82"}, Fail},
		{"4.51", []string{"1.69", "1.82"}, Fail},
	}
	for _, tc := range cases {
		r := juesuan.NewReport(2020, "2020")
		set := func(row, v string) {
			a, _ := juesuan.ParseAmount(v, juesuan.UnitWanyuan)
			r.Cells[juesuan.CellRef{Table: 6, Row: row, Col: "1"}] = a
		}
		set("302", tc.total)
		for i, v := range tc.items {
			set([]string{"30201", "30228"}[i], v)
		}
		var got Outcome
		p.Rules[0].Run(NewEnv(tpl, r), func(res Result) { got = res.Out })
		if got != tc.want {
			t.Errorf("302=%s items=%v: outcome %d, want %d", tc.total, tc.items, got, tc.want)
		}
	}
}

func TestDeriveFillsOnlyBlanks(t *testing.T) {
	tpl := tpl2020(t)
	p, err := Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	r := juesuan.NewReport(2020, "2020")
	r.Cells[juesuan.CellRef{Table: 1, Row: "1", Col: "1"}] = 5 * juesuan.Wanyuan
	r.Cells[juesuan.CellRef{Table: 1, Row: "30", Col: "1"}] = 7 * juesuan.Wanyuan // given: kept
	env := NewEnv(tpl, r)
	for i := 0; i < 5; i++ {
		for _, ru := range p.Rules {
			if ru.Derive {
				ru.Fill(env)
			}
		}
	}
	if v := r.Cells[juesuan.CellRef{Table: 1, Row: "27", Col: "1"}]; v != 5*juesuan.Wanyuan || !r.Derived[juesuan.CellRef{Table: 1, Row: "27", Col: "1"}] {
		t.Errorf("27 not derived: %d", v)
	}
	if v := r.Cells[juesuan.CellRef{Table: 1, Row: "30", Col: "1"}]; v != 7*juesuan.Wanyuan {
		t.Errorf("a given total was recomputed: %d", v)
	}
}

// TestIdentities: the additive identities come from the rules, bound to
// the report's rows, with signs.
func TestIdentities(t *testing.T) {
	tpl := tpl2020(t)
	p, err := Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	r := juesuan.NewReport(2020, "2020")
	for _, c := range []string{"2:2012903:1", "6:30201:1", "8:2120803:2"} {
		ref, _ := juesuan.ParseCellRef(c)
		r.Cells[ref] = juesuan.Wanyuan
	}
	got := map[string]bool{}
	for _, id := range p.Identities(r) {
		got[id.String()] = true
	}
	for _, want := range []string{
		"1:27:1 = 1:1:1 + 1:2:1 + 1:3:1 + 1:4:1 + 1:5:1 + 1:6:1 + 1:7:1 + 1:8:1",
		"2:20129:1 = 2:2012903:1",
		"2:2012903:1 = 2:2012903:2 + 2:2012903:3 + 2:2012903:4 + 2:2012903:5 + 2:2012903:6 + 2:2012903:7",
		"6:302:1 = 6:30201:1",
		"8:2120803:6 = 8:2120803:1 + 8:2120803:2 - 8:2120803:3",
		"1:27:1 = 2:total:1",
	} {
		if !got[want] {
			t.Errorf("missing identity %s", want)
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "6:30111:1") {
			t.Errorf("an info rule (X11) must not give identities: %s", k)
		}
	}
}
