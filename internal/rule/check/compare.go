package check

import "github.com/juesuan/juesuan"

// Judge is the rule language's one numeric comparison, used by the slow
// path (compiler.compare) and the fast path (fastCompiler) alike: op
// applied to d = left − right. A comparison that fails by at most 0.01 万元
// per rounded figure on either side (terms, at least one) is Drift, not
// Fail, when either side has rounded figures at all; "!=" has no
// tolerance.
func Judge(op string, d juesuan.Amount, leftTerms, rightTerms int) Outcome {
	var ok bool
	switch op {
	case "==":
		ok = d == 0
	case "!=":
		if d != 0 {
			return Pass
		}
		return Fail
	case "<":
		ok = d < 0
	case "<=":
		ok = d <= 0
	case ">":
		ok = d > 0
	case ">=":
		ok = d >= 0
	}
	if ok {
		return Pass
	}
	if leftTerms > 0 || rightTerms > 0 {
		if abs(d) <= juesuan.Cent*juesuan.Amount(max(leftTerms+rightTerms, 1)) {
			return Drift
		}
	}
	return Fail
}
