package perf

import (
	"math/big"
	"testing"

	"github.com/juesuan/juesuan"
)

func r(s string) *big.Rat {
	x, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return x
}

func mustRules(tb testing.TB, name string) *Rules {
	tb.Helper()
	rl, err := LoadRules(mustTemplate(tb), name)
	if err != nil {
		tb.Fatal(err)
	}
	return rl
}

func TestFormulas(t *testing.T) {
	type f func(w, a, b *big.Rat) *big.Rat
	tests := []struct {
		name    string
		fn      f
		w, a, b string
		want    string // exact raw score
	}{
		{"正向 below target", Forward, "3", "100", "99.5", "2.985"},
		{"正向 83/85", Forward, "5", "85", "83", "83/17"},
		{"正向 at target", Forward, "6", "100", "100", "6"},
		{"正向 above target capped", Forward, "4", "40", "87.2", "4"},
		{"正向 actual 0", Forward, "5", "100", "0", "0"},
		{"正向 target 0 met", Forward, "5", "0", "3", "5"},
		{"正向 target 0 actual 0", Forward, "5", "0", "0", "5"},
		{"正向 negative actual", Forward, "5", "10", "-2", "0"},
		{"正向 negative target missed", Forward, "5", "-5", "-6", "0"},
		{"反向 24h/72h", ReverseRatio, "3", "24", "72", "1"},
		{"反向 within target", ReverseRatio, "3", "24", "12", "3"},
		{"反向 at target", ReverseRatio, "3", "24", "24", "3"},
		{"反向 actual 0", ReverseRatio, "3", "24", "0", "3"},
		{"反向 target 0 actual 0", ReverseRatio, "3", "0", "0", "3"},
		{"反向 target 0 missed", ReverseRatio, "3", "0", "1", "0"},
		{"反向 2x linear at 72h", ReverseLinear2x, "3", "24", "72", "0"},
		{"反向 2x linear at 36h", ReverseLinear2x, "3", "24", "36", "3/2"},
		{"反向 2x linear at twice", ReverseLinear2x, "3", "24", "48", "0"},
		{"反向 2x linear within", ReverseLinear2x, "3", "24", "20", "3"},
		{"反向 2x linear target 0", ReverseLinear2x, "3", "0", "1", "0"},
		{"反向 2x linear actual 0", ReverseLinear2x, "3", "24", "0", "3"},
		{"等于 forward below", EqualForward, "4", "100", "90", "18/5"},
		{"等于 forward above capped", EqualForward, "4", "100", "110", "4"},
		{"等于 forward target 0 met", EqualForward, "4", "0", "0", "4"},
		{"等于 forward target 0 missed", EqualForward, "4", "0", "1", "0"},
		{"等于 deviation above", EqualDeviation, "4", "100", "110", "18/5"},
		{"等于 deviation below", EqualDeviation, "4", "100", "90", "18/5"},
		{"等于 deviation far", EqualDeviation, "4", "100", "250", "0"},
		{"等于 deviation target 0", EqualDeviation, "4", "0", "0", "4"},
		{"等于 deviation target 0 missed", EqualDeviation, "4", "0", "0.1", "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.fn(r(tc.w), r(tc.a), r(tc.b))
			if got.Cmp(r(tc.want)) != 0 {
				t.Errorf("= %s, want %s", got.RatString(), tc.want)
			}
		})
	}
}

func TestRound(t *testing.T) {
	two, whole := mustRules(t, "default"), mustRules(t, "whole-points")
	tests := []struct {
		x          string
		two, whole juesuan.Points
	}{
		{"2.985", 299, 300},
		{"2.984999", 298, 300},
		{"83/17", 488, 500}, // 4.882…
		{"18.346", 1835, 1800},
		{"18.5", 1850, 1900},
		{"2.5", 250, 300},
		{"2.4999", 250, 200},
		{"0", 0, 0},
		{"1", 100, 100},
	}
	for _, tc := range tests {
		if got := two.round(r(tc.x)); got != tc.two {
			t.Errorf("round(%s) two decimals = %d, want %d", tc.x, got, tc.two)
		}
		if got := whole.round(r(tc.x)); got != tc.whole {
			t.Errorf("round(%s) whole points = %d, want %d", tc.x, got, tc.whole)
		}
	}
}

func TestBudgetScore(t *testing.T) {
	rl := mustRules(t, "default")
	exact := *rl
	exact.Budget.RoundRate = false
	wan := func(s string) juesuan.Amount {
		a, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tests := []struct {
		name               string
		rules              *Rules
		w                  juesuan.Points
		adjusted, executed string
		score              juesuan.Points
		rate               int64
		ok                 bool
	}{
		{"reference 20×91.73%", rl, 2000, "133.43", "122.40", 1835, 9173, true},
		{"reference exact quotient", &exact, 2000, "133.43", "122.40", 1835, 9173, true},
		{"project 10×84.17%", rl, 1000, "30.00", "25.25", 842, 8417, true},
		{"over budget capped", rl, 1000, "30.00", "31.00", 1000, 10333, true},
		{"nothing spent", rl, 1000, "30.00", "0", 0, 0, true},
		{"zero budget", rl, 1000, "0", "1.00", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			score, rate, ok := tc.rules.BudgetScore(tc.w, wan(tc.adjusted), wan(tc.executed))
			if score != tc.score || rate != tc.rate || ok != tc.ok {
				t.Errorf("= %d, %d, %v; want %d, %d, %v", score, rate, ok, tc.score, tc.rate, tc.ok)
			}
		})
	}
}

func TestFormatPoints(t *testing.T) {
	for _, tc := range []struct {
		p   juesuan.Points
		dec int
		s   string
	}{{1835, 2, "18.35"}, {100, 2, "1.00"}, {1835, 0, "18"}, {1850, 0, "19"}, {0, 2, "0.00"}, {-5, 2, "-0.05"}} {
		if got := FormatPoints(tc.p, tc.dec); got != tc.s {
			t.Errorf("FormatPoints(%d, %d) = %q, want %q", tc.p, tc.dec, got, tc.s)
		}
	}
}
