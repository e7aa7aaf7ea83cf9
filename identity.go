package juesuan

import "strings"

// Identity states that a cell equals a signed sum of other cells
// (LHS = Σ ±Terms), as a year's rules say: a total, a row sum, a 类 = Σ款,
// or an equality between two tables (Cross).
type Identity struct {
	LHS   CellRef
	Terms []Operand
	Cross bool
}

// Operand is one signed term of an Identity.
type Operand struct {
	Ref CellRef
	Neg bool
}

// Holds reports whether id holds exactly on values (blank = 0).
func (id Identity) Holds(values map[CellRef]Amount) bool {
	var s Amount
	for _, t := range id.Terms {
		if t.Neg {
			s -= values[t.Ref]
		} else {
			s += values[t.Ref]
		}
	}
	return s == values[id.LHS]
}

// String prints "1:27:1 = 1:1:1 + 1:2:1 - …".
func (id Identity) String() string {
	var b strings.Builder
	b.WriteString(id.LHS.String())
	b.WriteString(" =")
	for i, t := range id.Terms {
		switch {
		case t.Neg:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		default:
			b.WriteString(" ")
		}
		b.WriteString(t.Ref.String())
	}
	return b.String()
}
