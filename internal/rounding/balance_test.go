package rounding

import (
	"path/filepath"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// YuanExample returns the reference report restated in 元, with the 表6
// 商品和服务支出 items given to the 元 so that plain rounding of each
// item adds up to 3.51 while 302 and 公用经费合计 are exactly 3.50.
func YuanExample(tb testing.TB) (*juesuan.Template, *juesuan.Report) {
	tb.Helper()
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		tb.Fatal(err)
	}
	r.MoneyUnit = juesuan.UnitYuan
	set := func(row string, yuan juesuan.Amount) {
		r.Cells[juesuan.CellRef{Table: 6, Row: row, Col: "1"}] = yuan * juesuan.Yuan
	}
	set("30201", 16851) // 1.6851 万元 → 1.69
	set("30204", 151)   // 0.0151 → 0.02
	set("30207", 698)   // 0.0698 → 0.07
	return tpl, r
}

func TestBalanceRepairsNaiveRounding(t *testing.T) {
	tpl, r := YuanExample(t)
	if !NeedsBalance(r) {
		t.Fatal("a report in 元 with sub-cent amounts needs balancing")
	}
	plain := Plain(r)
	ids := Identities(tpl, r)
	broken := 0
	for _, id := range ids {
		if id.Holds(r.Cells) && !id.Holds(plain) {
			broken++
		}
	}
	if broken == 0 {
		t.Fatal("test data should break an identity under plain rounding")
	}
	res := Balance(tpl, r)
	for _, id := range ids {
		if id.Holds(r.Cells) && !id.Holds(res.Values) {
			t.Errorf("identity %s = Σ… does not add up after balancing", id.LHS)
		}
	}
	if len(res.Unresolved) > 0 {
		t.Errorf("unresolved: %v", res.Unresolved)
	}
	if len(res.Adjustments) != 1 {
		t.Fatalf("adjustments = %+v, want exactly one", res.Adjustments)
	}
	a := res.Adjustments[0]
	if d := a.Naive - a.Placed; d != juesuan.Cent && d != -juesuan.Cent {
		t.Errorf("adjustment %+v is not ±0.01 万元", a)
	}
	for c, v := range res.Values {
		if v%juesuan.Cent != 0 {
			t.Errorf("%s printed as %s, not a multiple of 0.01 万元", c, v)
		}
		if d := v - r.Cells[c]; d >= juesuan.Cent || d <= -juesuan.Cent {
			t.Errorf("%s moved by %s, more than 0.01 万元", c, d)
		}
	}
}

func TestBalanceLeavesWanyuanAlone(t *testing.T) {
	r, _, err := reportfile.ReadFile(filepath.Join("..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	if NeedsBalance(r) {
		t.Error("data in 万元 is printed as is")
	}
}
