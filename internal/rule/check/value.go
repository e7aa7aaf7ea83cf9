package check

import (
	"github.com/juesuan/juesuan"
)

// Kind is the type of a rule value.
type Kind int

// Kinds of values.
const (
	KInvalid  Kind = iota
	KNum           // an amount, in 分
	KBool          // an outcome
	KStr           // text
	KKeys          // a set of row or column keys
	KTable         // a table reference (T1 … T9)
	KVec           // several cells
	KProblems      // problems found by a text check builtin
)

func (k Kind) String() string {
	return [...]string{"无效", "金额", "条件", "文本", "行或栏的集合", "表", "单元格组", "检查结果"}[k]
}

// Outcome of a condition. Drift is an equality that holds within the
// rounding tolerance only.
type Outcome int

// Outcomes, best first.
const (
	Pass Outcome = iota
	Drift
	Fail
)

// Value is a runtime value.
type Value struct {
	Kind  Kind
	Num   juesuan.Amount
	Out   Outcome
	Str   string
	Keys  []string
	Table int
	Vec   []Value
	// Cells are the non-blank cells the value was computed from.
	Cells []juesuan.CellRef
	// Refs are every cell the value read, blank or not.
	Refs []juesuan.CellRef
	// Terms counts the rounded figures summed (non-blank cells).
	Terms int
	// Cmp describes the comparison that decided a condition.
	Cmp *Comparison
	// Problems holds what a text check found.
	Problems []Problem
	// Label names a value that is not a cell (a fact) for messages.
	Label string
}

// Comparison records a failed (or drifting) comparison for the finding.
type Comparison struct {
	Op          string
	Left, Right Value
	LeftText    string // human description of the left side
	RightText   string
}

// Problem is one finding produced by a text-check builtin.
type Problem struct {
	Cells    []juesuan.CellRef
	Expected string
	Actual   string
	Message  string
	Where    string
	// Severity, when set, replaces the rule's: a percentage that only
	// rounding of the printed amounts cannot give is a minor finding.
	Severity juesuan.Severity
}

func num(a juesuan.Amount) Value { return Value{Kind: KNum, Num: a} }

func boolean(b bool) Value {
	if b {
		return Value{Kind: KBool, Out: Pass}
	}
	return Value{Kind: KBool, Out: Fail}
}

func mergeCells(a, b []juesuan.CellRef) []juesuan.CellRef {
	if len(b) == 0 {
		return a
	}
	out := make([]juesuan.CellRef, 0, len(a)+len(b))
	out = append(out, a...)
	return append(out, b...)
}

// flatten sums a value (a cell, a vector) into one amount.
func flatten(v Value) Value {
	if v.Kind != KVec {
		return v
	}
	// The elements' cells are gathered into one new slice each (merging
	// pairwise copied them once per element).
	parts := make([]Value, len(v.Vec))
	nc, nr := 0, 0
	for i, e := range v.Vec {
		parts[i] = flatten(e)
		nc += len(parts[i].Cells)
		nr += len(parts[i].Refs)
	}
	out := Value{Kind: KNum}
	if nc > 0 {
		out.Cells = make([]juesuan.CellRef, 0, nc)
	}
	if nr > 0 {
		out.Refs = make([]juesuan.CellRef, 0, nr)
	}
	for _, e := range parts {
		out.Num += e.Num
		out.Cells = append(out.Cells, e.Cells...)
		out.Refs = append(out.Refs, e.Refs...)
		out.Terms += e.Terms
	}
	return out
}
