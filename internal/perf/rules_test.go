package perf

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func mustTemplate(tb testing.TB) *juesuan.Template {
	tb.Helper()
	t, err := yearspec.Default.Load("2020")
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// Every scoring file of every embedded year loads and validates.
func TestEmbeddedRules(t *testing.T) {
	for _, id := range yearspec.Default.IDs() {
		tpl, err := yearspec.Default.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		names := RuleNames(tpl)
		if len(names) == 0 {
			// A template without 绩效 scoring data cannot score sheets;
			// check reports P0.scoring for each sheet it holds.
			t.Logf("%s: no scoring/*.json", id)
			continue
		}
		if !contains(names, DefaultRules) {
			t.Errorf("%s: scoring rule sets %v lack %q", id, names, DefaultRules)
		}
		for _, n := range names {
			if _, err := LoadRules(tpl, n); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestLoadRulesUnknown(t *testing.T) {
	_, err := LoadRules(mustTemplate(t), "nope")
	if err == nil || !strings.Contains(err.Error(), `没有绩效计分规则 "nope"`) || !strings.Contains(err.Error(), "default") {
		t.Fatalf("err = %v", err)
	}
	if _, err := LoadRules(mustTemplate(t), "../template"); err == nil {
		t.Fatal("a path outside scoring/ was accepted")
	}
}

func TestParseRulesErrors(t *testing.T) {
	base := string(mustTemplate(t).Files["scoring/default.json"])
	tests := []struct {
		name, from, to, want string
	}{
		{"decimals", `"decimals": 2`, `"decimals": 1`, "decimals 应为 0 或 2"},
		{"reverse", `"reverse": "ratio"`, `"reverse": "log"`, "reverse 应为"},
		{"band gap", `"min": 50, "max": 80`, `"min": 50, "max": 70`, "应紧接上一档"},
		{"grades order", `{"name": "良", "min": 80}`, `{"name": "良", "min": 95}`, "grades 应从高到低"},
		{"project weights", `"产出指标": 50`, `"产出指标": 40`, "合计 90，应为 100"},
		{"reallocation", `"reallocate": {"产出指标": 5, "效益指标": 5}`, `"reallocate": {"产出指标": 5}`, "reallocate 合计 5"},
		{"unknown key", `"total": 100`, `"totl": 100`, "unknown field"},
		{"syntax", `"total": 100,`, `"total": 100,,`, "第 5 行"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(base, tc.from) {
				t.Fatalf("default.json lacks %q", tc.from)
			}
			_, err := ParseRules([]byte(strings.Replace(base, tc.from, tc.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestGrade(t *testing.T) {
	rl := mustRules(t, "default")
	for _, tc := range []struct {
		p    juesuan.Points
		want string
	}{{10000, "优"}, {9000, "优"}, {8999, "良"}, {8000, "良"}, {7999, "中"}, {6000, "中"}, {5999, "差"}, {0, "差"}} {
		if got := rl.Grade(tc.p); got != tc.want {
			t.Errorf("Grade(%s) = %s, want %s", tc.p, got, tc.want)
		}
	}
}
