// Package rounding keeps the printed 万元 tables of a report additive
// (舍位平衡): when amounts are held in 元 or 分, rounding each cell on its
// own can make a printed total differ from the sum of its printed parts;
// Balance finds the smallest set of ±0.01 万元 changes that repairs every
// sum of the nine tables and the equalities between them.
package rounding

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// Identity states LHS = Σ ±Terms; Term is one signed operand.
type (
	Identity = juesuan.Identity
	Term     = juesuan.Operand
)

// Identities lists the additive identities the year's error rules state
// for r (internal/rule/check): totals, row sums, the 类/款/项 hierarchy,
// the 表6 blocks and the equalities between tables. Nothing of a year's
// layout is written here: a new year's rules bring their own identities.
func Identities(tpl *juesuan.Template, r *juesuan.Report) []Identity {
	p, err := check.Cached(tpl)
	if err != nil {
		return nil // the audit reports a template whose rules do not compile
	}
	return p.Identities(r)
}

// sharedIdentities is Identities without a copy of the list: Balance only
// reads it, and each copy cost as much as the search's own memory.
func sharedIdentities(tpl *juesuan.Template, r *juesuan.Report) []Identity {
	p, err := check.Cached(tpl)
	if err != nil {
		return nil
	}
	return p.SharedIdentities(r)
}
