package syntax

import (
	"strconv"
	"strings"
)

// String returns the rules in canonical form, separated by blank lines.
func (f *File) String() string {
	var b strings.Builder
	for i, r := range f.Rules {
		if i > 0 {
			b.WriteString("\n\n")
		}
		writeRule(&b, r)
	}
	return b.String()
}

func (r *Rule) String() string {
	var b strings.Builder
	writeRule(&b, r)
	return b.String()
}

func writeRule(b *strings.Builder, r *Rule) {
	b.WriteString("rule ")
	b.WriteString(r.ID)
	b.WriteByte(' ')
	b.WriteString(r.Severity)
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(r.Title))
	for _, f := range r.Flags {
		b.WriteByte(' ')
		b.WriteString(f)
	}
	b.WriteString(" {\n")
	writeBody(b, r.Body, 1)
	b.WriteString("}")
}

func writeBody(b *strings.Builder, body []Stmt, indent int) {
	for _, s := range body {
		writeIndent(b, indent)
		writeStmt(b, s, indent)
		b.WriteByte('\n')
	}
}

func writeIndent(b *strings.Builder, n int) {
	for range n {
		b.WriteString("  ")
	}
}

func writeStmt(b *strings.Builder, s Stmt, indent int) {
	switch s := s.(type) {
	case *ForStmt:
		b.WriteString("for ")
		b.WriteString(s.Var)
		b.WriteString(" in ")
		writeExpr(b, s.Iter)
		b.WriteString(" {\n")
		writeBody(b, s.Body, indent+1)
		writeIndent(b, indent)
		b.WriteString("}")
	case *LetStmt:
		b.WriteString("let ")
		b.WriteString(s.Name)
		b.WriteString(" = ")
		writeExpr(b, s.Value)
	case *ExprStmt:
		writeExpr(b, s.X)
	default:
		b.WriteString("<nil>")
	}
}

func (s *ForStmt) String() string  { return stmtString(s) }
func (s *LetStmt) String() string  { return stmtString(s) }
func (s *ExprStmt) String() string { return stmtString(s) }

func stmtString(s Stmt) string {
	var b strings.Builder
	writeStmt(&b, s, 0)
	return b.String()
}

func (x *NumberLit) String() string  { return exprString(x) }
func (x *StringLit) String() string  { return exprString(x) }
func (x *BoolLit) String() string    { return exprString(x) }
func (x *Ident) String() string      { return exprString(x) }
func (x *UnaryExpr) String() string  { return exprString(x) }
func (x *BinaryExpr) String() string { return exprString(x) }
func (x *CallExpr) String() string   { return exprString(x) }
func (x *IndexExpr) String() string  { return exprString(x) }
func (x *RangeExpr) String() string  { return exprString(x) }
func (x *ListExpr) String() string   { return exprString(x) }

func exprString(x Expr) string {
	var b strings.Builder
	writeExpr(&b, x)
	return b.String()
}

// exprPrec returns the precedence of x as an operand.
func exprPrec(x Expr) int {
	switch x := x.(type) {
	case *BinaryExpr:
		return opPrec(x.Op)
	case *UnaryExpr:
		return precUnary
	case *RangeExpr:
		return precRange
	}
	return precPostfix
}

// writeOperand writes x, parenthesized if paren is true.
func writeOperand(b *strings.Builder, x Expr, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	writeExpr(b, x)
	if paren {
		b.WriteByte(')')
	}
}

func writeList(b *strings.Builder, xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, x)
	}
}

// writeExpr prints x with the minimum parentheses needed so that the
// output parses back to the same tree.
func writeExpr(b *strings.Builder, x Expr) {
	switch x := x.(type) {
	case *NumberLit:
		b.WriteString(x.Text)
	case *StringLit:
		b.WriteString(strconv.Quote(x.Value))
	case *BoolLit:
		b.WriteString(strconv.FormatBool(x.Value))
	case *Ident:
		b.WriteString(x.Name)
	case *UnaryExpr:
		b.WriteString(x.Op)
		writeOperand(b, x.X, exprPrec(x.X) < precUnary)
	case *BinaryExpr:
		p := opPrec(x.Op)
		lp, rp := exprPrec(x.X), exprPrec(x.Y)
		// -> is right-associative, comparisons are non-associative and
		// everything else is left-associative.
		writeOperand(b, x.X, lp < p || lp == p && (p == precImply || p == precCompare))
		b.WriteByte(' ')
		b.WriteString(x.Op)
		b.WriteByte(' ')
		writeOperand(b, x.Y, rp < p || rp == p && p != precImply)
	case *CallExpr:
		if x.Fun != nil {
			b.WriteString(x.Fun.Name)
		}
		b.WriteByte('(')
		writeList(b, x.Args)
		b.WriteByte(')')
	case *IndexExpr:
		writeOperand(b, x.X, exprPrec(x.X) < precPostfix)
		b.WriteByte('[')
		writeList(b, x.Args)
		b.WriteByte(']')
	case *RangeExpr:
		writeOperand(b, x.Lo, exprPrec(x.Lo) <= precRange)
		b.WriteString("..")
		writeOperand(b, x.Hi, exprPrec(x.Hi) <= precRange)
	case *ListExpr:
		b.WriteByte('[')
		writeList(b, x.Elems)
		b.WriteByte(']')
	default:
		b.WriteString("<nil>")
	}
}
