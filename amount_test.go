package juesuan

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in   string
		unit MoneyUnit
		want Amount
		err  string
	}{
		{"122.40", UnitWanyuan, 122_400_000, ""},
		{"0.01", UnitWanyuan, 10_000, ""},
		{"0", UnitWanyuan, 0, ""},
		{"-12.3", UnitWanyuan, -12_300_000, ""},
		{"－12.3", UnitWanyuan, -12_300_000, ""},
		{"(12.30)", UnitWanyuan, -12_300_000, ""},
		{"１２３.４５", UnitWanyuan, 123_450_000, ""},
		{"1,234.56", UnitYuan, 123_456, ""},
		{"1234.567", UnitYuan, 0, "小数位"},
		{"0.000001", UnitWanyuan, 1, ""},
		{"0.0000001", UnitWanyuan, 0, "小数位"},
		{"12,34.5", UnitWanyuan, 0, "千位分隔符"},
		{"1e308", UnitWanyuan, 0, "不是有效的金额"},
		{"NaN", UnitWanyuan, 0, "不是有效的金额"},
		{"", UnitWanyuan, 0, "不是有效的金额"},
		{".5", UnitWanyuan, 0, "不是有效的金额"},
		{"5.", UnitWanyuan, 0, "不是有效的金额"},
		{"--5", UnitWanyuan, 0, "不是有效的金额"},
		{"12345678901234567890", UnitWanyuan, 0, "超出金额范围"},
		{"100000000001", UnitWanyuan, 0, "超出金额范围"},
		{"99999999999", UnitWanyuan, 99_999_999_999 * Wanyuan, ""},
		{"5", "美元", 0, "未知的金额单位"},
		{"17", UnitFen, 17, ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseAmount(tc.in, tc.unit)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseAmount(%q) error = %v, want %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseAmount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestWanRounding(t *testing.T) {
	cases := []struct {
		fen  Amount
		want string
	}{
		{122_400_000, "122.40"},
		{5_000, "0.01"},   // 0.005 万元 rounds half up
		{4_999, "0.00"},   // just below half
		{-5_000, "-0.01"}, // half away from zero
		{-4_999, "0.00"},
		{351_4999, "3.51"},
		{0, "0.00"},
	}
	for _, tc := range cases {
		if got := tc.fen.Wan(); got != tc.want {
			t.Errorf("Amount(%d).Wan() = %q, want %q", tc.fen, got, tc.want)
		}
	}
	if got := Amount(122_400_000).String(); got != "122.40" {
		t.Errorf("String = %q", got)
	}
	if got := Amount(122_400_001).String(); got != "122.400001" {
		t.Errorf("String = %q", got)
	}
	if got := Amount(12345).In(UnitYuan); got != "123.45" {
		t.Errorf("In(元) = %q", got)
	}
}

func TestPercent(t *testing.T) {
	w := func(s string) Amount {
		a, err := ParseAmount(s, UnitWanyuan)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	cases := []struct{ num, den, want string }{
		{"1.37", "123.77", "1.11"},
		{"97.15", "122.40", "79.37"},
		{"25.25", "122.40", "20.63"},
		{"86.53", "122.40", "70.69"},
		{"18.95", "122.40", "15.48"},
		{"8.25", "122.40", "6.74"},
		{"8.67", "122.40", "7.08"},
		{"122.40", "133.43", "91.73"},
		{"8.25", "8.07", "102.23"},
		{"25.25", "30.00", "84.17"},
		{"1", "8", "12.50"},
		{"-1.37", "123.77", "-1.11"},
	}
	for _, tc := range cases {
		got, ok := Percent(w(tc.num), w(tc.den))
		if !ok || got != tc.want {
			t.Errorf("Percent(%s, %s) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
	if _, ok := Percent(1, 0); ok {
		t.Error("Percent over zero must not be ok")
	}
	// national-scale amounts must not overflow
	if got, ok := Percent(MaxAmount/2, MaxAmount); !ok || got != "50.00" {
		t.Errorf("Percent(big) = %s %v", got, ok)
	}
}

func TestRoundTo(t *testing.T) {
	cases := []struct{ a, step, want Amount }{
		{15_000, Cent, 20_000},
		{14_999, Cent, 10_000},
		{-15_000, Cent, -20_000},
		{123, 0, 123},
	}
	for _, tc := range cases {
		if got := tc.a.RoundTo(tc.step); got != tc.want {
			t.Errorf("RoundTo(%d, %d) = %d, want %d", tc.a, tc.step, got, tc.want)
		}
	}
}

func TestParseCellRef(t *testing.T) {
	c, err := ParseCellRef("6:302:1")
	if err != nil || c != (CellRef{6, "302", "1"}) || c.String() != "6:302:1" {
		t.Fatalf("got %v %v", c, err)
	}
	for _, bad := range []string{"", "6:302", "x:1:1", "0:1:1", "1::1"} {
		if _, err := ParseCellRef(bad); err == nil {
			t.Errorf("ParseCellRef(%q) accepted", bad)
		}
	}
}

func TestHalfWidth(t *testing.T) {
	if got := HalfWidth("１２３．４５％（－１）\u3000＞＝−"); got != "123.45%(-1) >=-" {
		t.Errorf("HalfWidth = %q", got)
	}
}
