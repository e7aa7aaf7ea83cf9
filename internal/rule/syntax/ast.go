package syntax

import "fmt"

// Pos is a source position. Line and Col are 1-based; Col counts runes,
// so a CJK character advances the column by one. Offset is a 0-based
// byte offset into the source.
type Pos struct{ Offset, Line, Col int }

// String returns "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Node is implemented by all syntax tree nodes.
type Node interface {
	Position() Pos
	String() string // canonical source form
}

// File is a parsed rule file.
type File struct {
	Name  string
	Rules []*Rule
}

// Rule is one "rule ID SEVERITY "title" flags { ... }" declaration.
type Rule struct {
	Pos      Pos // position of the "rule" keyword
	ID       string
	Severity string // "error", "warning" or "info"
	Title    string // decoded title string
	Flags    []string
	Body     []Stmt
}

// Stmt is a statement inside a rule body.
type Stmt interface {
	Node
	stmt()
}

// ForStmt is "for Var in Iter { Body }".
type ForStmt struct {
	Pos  Pos // position of "for"
	Var  string
	Iter Expr
	Body []Stmt
}

// LetStmt is "let Name = Value".
type LetStmt struct {
	Pos   Pos // position of "let"
	Name  string
	Value Expr
}

// ExprStmt is an assertion: an expression that must hold.
type ExprStmt struct {
	X Expr
}

// Expr is an expression node.
type Expr interface {
	Node
	expr()
}

// NumberLit is a numeric literal; Text is the exact source text.
type NumberLit struct {
	Pos  Pos
	Text string
}

// StringLit is a string literal; Value is the decoded string.
type StringLit struct {
	Pos   Pos
	Value string
}

// BoolLit is true or false.
type BoolLit struct {
	Pos   Pos
	Value bool
}

// Ident is an identifier.
type Ident struct {
	Pos  Pos
	Name string
}

// UnaryExpr is "-X" or "!X".
type UnaryExpr struct {
	Pos Pos // operator position
	Op  string
	X   Expr
}

// BinaryExpr is "X Op Y". Op is one of -> || && == != < <= > >= in + - * /.
type BinaryExpr struct {
	Pos  Pos // operator position
	Op   string
	X, Y Expr
}

// CallExpr is "Fun(Args)".
type CallExpr struct {
	Pos  Pos // position of "("
	Fun  *Ident
	Args []Expr
}

// IndexExpr is "X[Args]", e.g. T1[27, 1].
type IndexExpr struct {
	Pos  Pos // position of "["
	X    Expr
	Args []Expr
}

// RangeExpr is "Lo..Hi"; it only occurs as an element of index
// arguments, call arguments or list literals.
type RangeExpr struct {
	Pos    Pos // position of ".."
	Lo, Hi Expr
}

// ListExpr is a list literal "[a, b, c]".
type ListExpr struct {
	Pos   Pos // position of "["
	Elems []Expr
}

func (r *Rule) Position() Pos { return r.Pos }

func (s *ForStmt) Position() Pos  { return s.Pos }
func (s *LetStmt) Position() Pos  { return s.Pos }
func (s *ExprStmt) Position() Pos { return s.X.Position() }

func (x *NumberLit) Position() Pos  { return x.Pos }
func (x *StringLit) Position() Pos  { return x.Pos }
func (x *BoolLit) Position() Pos    { return x.Pos }
func (x *Ident) Position() Pos      { return x.Pos }
func (x *UnaryExpr) Position() Pos  { return x.Pos }
func (x *BinaryExpr) Position() Pos { return x.Pos }
func (x *CallExpr) Position() Pos   { return x.Pos }
func (x *IndexExpr) Position() Pos  { return x.Pos }
func (x *RangeExpr) Position() Pos  { return x.Pos }
func (x *ListExpr) Position() Pos   { return x.Pos }

func (*ForStmt) stmt()  {}
func (*LetStmt) stmt()  {}
func (*ExprStmt) stmt() {}

func (*NumberLit) expr()  {}
func (*StringLit) expr()  {}
func (*BoolLit) expr()    {}
func (*Ident) expr()      {}
func (*UnaryExpr) expr()  {}
func (*BinaryExpr) expr() {}
func (*CallExpr) expr()   {}
func (*IndexExpr) expr()  {}
func (*RangeExpr) expr()  {}
func (*ListExpr) expr()   {}
