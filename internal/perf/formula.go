package perf

import (
	"math/big"

	"github.com/juesuan/juesuan"
)

// The formulas work on exact rationals: weight in points, A the target,
// B the actual value. Each returns a raw score in [0, weight]; rounding to
// the rule set's decimals happens once, in round.

var ratZero = new(big.Rat)

func rat(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// pointsRat converts Points (1/100) to a rational number of points.
func pointsRat(p juesuan.Points) *big.Rat { return new(big.Rat).SetFrac64(int64(p), 100) }

// clamp keeps x within [0, w].
func clamp(x, w *big.Rat) *big.Rat {
	if x.Cmp(ratZero) < 0 {
		return new(big.Rat)
	}
	if x.Cmp(w) > 0 {
		return new(big.Rat).Set(w)
	}
	return x
}

func mulDiv(w, num, den *big.Rat) *big.Rat {
	x := new(big.Rat).Mul(w, num)
	return x.Quo(x, den)
}

// Forward is the 正向 score weight×B/A, capped at the weight. A target of
// zero or below is met by any actual value not below it (full weight).
func Forward(w, a, b *big.Rat) *big.Rat {
	if a.Sign() <= 0 {
		if b.Cmp(a) >= 0 {
			return new(big.Rat).Set(w)
		}
		return new(big.Rat)
	}
	return clamp(mulDiv(w, b, a), w)
}

// ReverseRatio is the 反向 score weight×A/B, capped at the weight: an
// actual value at or below the target (including 0) earns the full weight.
func ReverseRatio(w, a, b *big.Rat) *big.Rat {
	if b.Cmp(a) <= 0 {
		return new(big.Rat).Set(w)
	}
	if a.Sign() <= 0 {
		return new(big.Rat)
	}
	return clamp(mulDiv(w, a, b), w)
}

// ReverseLinear2x is the 反向 variant weight×(2A−B)/A: full weight at or
// below the target, falling linearly to 0 at twice the target.
func ReverseLinear2x(w, a, b *big.Rat) *big.Rat {
	if b.Cmp(a) <= 0 {
		return new(big.Rat).Set(w)
	}
	if a.Sign() <= 0 {
		return new(big.Rat)
	}
	num := new(big.Rat).Sub(new(big.Rat).Add(a, a), b)
	return clamp(mulDiv(w, num, a), w)
}

// EqualForward scores an "=" target: a zero target is met by an actual
// value of 0 or less; otherwise as 正向.
func EqualForward(w, a, b *big.Rat) *big.Rat {
	if a.Sign() == 0 {
		if b.Sign() <= 0 {
			return new(big.Rat).Set(w)
		}
		return new(big.Rat)
	}
	return Forward(w, a, b)
}

// EqualDeviation scores an "=" target by its relative deviation:
// weight×(1−|B−A|/|A|), not below 0; a zero target needs exactly 0.
func EqualDeviation(w, a, b *big.Rat) *big.Rat {
	if a.Sign() == 0 {
		if b.Sign() == 0 {
			return new(big.Rat).Set(w)
		}
		return new(big.Rat)
	}
	dev := new(big.Rat).Sub(b, a)
	dev.Abs(dev)
	dev.Quo(dev, new(big.Rat).Abs(a))
	return clamp(new(big.Rat).Mul(w, new(big.Rat).Sub(rat(1), dev)), w)
}

// formula returns the function the rules use for comparator c.
// The method text reads "正向指标公式 权重×B/A" in messages.
func (r *Rules) formula(c Comparator) (func(w, a, b *big.Rat) *big.Rat, string) {
	switch c {
	case LE:
		if r.Reverse == MethodLinear2x {
			return ReverseLinear2x, "反向指标公式 权重×(2A−B)/A（两倍目标值及以上得0分）"
		}
		return ReverseRatio, "反向指标公式 权重×A/B"
	case EQ:
		if r.Equal == MethodDeviation {
			return EqualDeviation, "等于指标公式 权重×(1−|B−A|/A)"
		}
		return EqualForward, "等于指标公式（按正向）权重×B/A"
	}
	return Forward, "正向指标公式 权重×B/A"
}

// round converts a raw score to Points with the rule set's decimals,
// half away from zero (四舍五入): 2.985 → 2.99.
func (r *Rules) round(x *big.Rat) juesuan.Points {
	step := r.step()
	// x in points → units of step/100 points.
	q := new(big.Rat).Mul(x, big.NewRat(100, step))
	num, den := q.Num(), q.Denom()
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	rem.Abs(rem)
	rem.Mul(rem, big.NewInt(2))
	if rem.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			quo.Sub(quo, big.NewInt(1))
		} else {
			quo.Add(quo, big.NewInt(1))
		}
	}
	return juesuan.Points(quo.Int64() * step)
}

// BudgetScore is the 预算执行 score weight×执行率, capped at the weight.
// With RoundRate the rate is first rounded to 0.01 % as the sheet prints
// it. rate is in 1/10000 (9173 = 91.73 %); ok is false when the budget is 0.
func (r *Rules) BudgetScore(w juesuan.Points, adjusted, executed juesuan.Amount) (score juesuan.Points, rate int64, ok bool) {
	if adjusted <= 0 {
		return 0, 0, false
	}
	rate, ok = juesuan.Ratio(executed, adjusted)
	if !ok {
		return 0, 0, false
	}
	var x *big.Rat
	if r.Budget.RoundRate {
		x = mulDiv(pointsRat(w), rat(rate), rat(10000))
	} else {
		x = mulDiv(pointsRat(w), rat(int64(executed)), rat(int64(adjusted)))
	}
	return r.round(clamp(x, pointsRat(w))), rate, true
}
