package syntax

import (
	"fmt"
	"slices"
	"strings"
)

// Limits protecting the parser against hostile or runaway input.
const (
	maxSource = 1 << 20 // bytes
	maxNodes  = 100000
	maxNest   = 100
	maxErrors = 10
)

const rangeMsg = `区间 ".." 只能用于下标、函数参数或列表中`

// bailout aborts the current statement or rule after an error.
type bailout struct{}

// fatal aborts the whole parse.
type fatal struct{}

type parser struct {
	lex    lexer
	file   string
	src    []byte
	tok    token // current token
	errs   ErrorList
	nlSkip int // > 0: newlines are insignificant (inside brackets)
	nest   int // current nesting depth
	nodes  int // AST nodes allocated so far
}

func newParser(file string, src []byte) *parser {
	p := &parser{file: file, src: src}
	p.lex.init(src, p.errorAt)
	return p
}

// ParseFile parses a rule file. On failure it returns a nil File and an
// ErrorList holding the errors sorted by position (at most 10, at most
// one per line).
func ParseFile(name string, src []byte) (*File, error) {
	p := newParser(name, src)
	if len(src) > maxSource {
		return nil, p.tooLarge()
	}
	var f *File
	p.catch(func() { f = p.parseFile() })
	if err := p.result(); err != nil {
		return nil, err
	}
	return f, nil
}

// ParseExpr parses a single expression. Newlines inside it are ignored.
// Errors are reported as an ErrorList with an empty file name.
func ParseExpr(src string) (Expr, error) {
	p := newParser("", []byte(src))
	if len(src) > maxSource {
		return nil, p.tooLarge()
	}
	var x Expr
	p.catch(func() {
		p.nlSkip = 1
		p.next()
		x = p.parseExpr()
		if p.tok.kind != tEOF {
			p.unexpected("表达式结尾")
		}
	})
	if err := p.result(); err != nil {
		return nil, err
	}
	return x, nil
}

func (p *parser) tooLarge() error {
	line := lineAt(p.src, 0)
	if len(line) > 200 {
		line = truncate(line)
	}
	return ErrorList{{File: p.file, Pos: Pos{Line: 1, Col: 1}, Msg: "源文件过大（超过 1 MiB）", Line: line}}
}

func (p *parser) result() error {
	if len(p.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(p.errs, func(a, b *Error) int { return a.Pos.Offset - b.Pos.Offset })
	return p.errs
}

// catch runs fn, absorbing the parser's own bailouts.
func (p *parser) catch(fn func()) {
	defer func() {
		if e := recover(); e != nil {
			switch e.(type) {
			case bailout, fatal:
			default:
				panic(e)
			}
		}
	}()
	fn()
}

// ---- error reporting ----

// errorAt records an error. Only the first error on a line is kept.
func (p *parser) errorAt(pos Pos, msg string) {
	if n := len(p.errs); n > 0 && p.errs[n-1].Pos.Line == pos.Line {
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Pos: pos, Msg: msg, Line: lineAt(p.src, pos.Offset)})
	if len(p.errs) >= maxErrors {
		panic(fatal{})
	}
}

func (p *parser) fail(pos Pos, msg string) {
	p.errorAt(pos, msg)
	panic(bailout{})
}

// unexpected reports that the current token is not what was wanted.
func (p *parser) unexpected(want string) {
	switch p.tok.kind {
	case tIllegal:
		panic(bailout{}) // the lexer has reported it
	case tDotDot:
		p.fail(p.tok.pos, rangeMsg)
	}
	p.fail(p.tok.pos, "应为"+spaced(want)+"，实际为"+spaced(p.tok.describe()))
}

// spaced puts a space before s if it starts with a quote, so quoted
// tokens stand apart from the surrounding Chinese text.
func spaced(s string) string {
	if strings.HasPrefix(s, `"`) {
		return " " + s
	}
	return s
}

// ---- token handling ----

func (p *parser) next() {
	p.tok = p.lex.next()
	for p.nlSkip > 0 && p.tok.kind == tNewline {
		p.tok = p.lex.next()
	}
}

func (p *parser) skipNewlines() {
	for p.tok.kind == tNewline {
		p.next()
	}
}

func (p *parser) expect(kind tokenKind, want string) token {
	if p.tok.kind != kind {
		p.unexpected(want)
	}
	t := p.tok
	p.next()
	return t
}

func (p *parser) enter(pos Pos) {
	p.nest++
	if p.nest > maxNest {
		p.fail(pos, "嵌套过深")
	}
}

func (p *parser) leave() { p.nest-- }

// node counts one allocated AST node.
func (p *parser) node(pos Pos) {
	p.nodes++
	if p.nodes > maxNodes {
		p.errorAt(pos, fmt.Sprintf("语法树节点过多（超过 %d 个）", maxNodes))
		panic(fatal{})
	}
}

// ---- rules and statements ----

func (p *parser) parseFile() *File {
	f := &File{Name: p.file}
	p.next()
	for {
		for p.tok.kind == tNewline || p.tok.kind == tSemi {
			p.next()
		}
		if p.tok.kind == tEOF {
			return f
		}
		if r := p.ruleOrSync(); r != nil {
			f.Rules = append(f.Rules, r)
		}
	}
}

func (p *parser) ruleOrSync() (r *Rule) {
	defer func() {
		if e := recover(); e != nil {
			if _, ok := e.(bailout); !ok {
				panic(e)
			}
			r = nil
			p.nlSkip, p.nest = 0, 0
			for p.tok.kind != tRule && p.tok.kind != tEOF {
				p.next()
			}
		}
	}()
	return p.parseRule()
}

func (p *parser) parseRule() *Rule {
	if p.tok.kind != tRule {
		p.unexpected(`"rule"`)
	}
	r := &Rule{Pos: p.tok.pos}
	p.node(r.Pos)
	p.tok = p.lex.ruleID()
	if p.tok.kind != tRuleID {
		p.unexpected("规则编号")
	}
	r.ID = p.tok.text
	p.next()
	if p.tok.kind != tIdent {
		p.unexpected("严重级别（error、warning 或 info）")
	}
	switch r.Severity = p.tok.text; r.Severity {
	case "error", "warning", "info":
	default:
		p.fail(p.tok.pos, fmt.Sprintf(`无效的严重级别 "%s"，应为 error、warning 或 info`, truncate(r.Severity)))
	}
	p.next()
	r.Title = p.expect(tString, "规则标题（字符串）").val
	for p.tok.kind == tIdent {
		r.Flags = append(r.Flags, p.tok.text)
		p.next()
	}
	r.Body = p.parseBlock()
	return r
}

// parseBlock parses "{ stmt* }"; the current token must be "{".
func (p *parser) parseBlock() []Stmt {
	if p.tok.kind != tLBrace {
		p.unexpected(`"{"`)
	}
	p.next()
	var list []Stmt
	for {
		switch p.tok.kind {
		case tNewline, tSemi:
			p.next()
			continue
		case tRBrace:
			p.next()
			return list
		case tEOF, tRule:
			p.unexpected(`"}"`)
		}
		if s := p.stmtOrSync(); s != nil {
			list = append(list, s)
		}
	}
}

// stmtOrSync parses one statement and its terminator. After an error it
// skips to the end of the statement and returns nil.
func (p *parser) stmtOrSync() (s Stmt) {
	nest, nl := p.nest, p.nlSkip
	defer func() {
		if e := recover(); e != nil {
			if _, ok := e.(bailout); !ok {
				panic(e)
			}
			s = nil
			p.nest, p.nlSkip = nest, nl
			p.syncStmt()
		}
	}()
	s = p.parseStmt()
	switch p.tok.kind {
	case tNewline, tSemi, tRBrace, tEOF, tRule:
	case tAssign:
		p.fail(p.tok.pos, `"=" 不是比较运算符，判断相等请使用 "=="`)
	default:
		p.unexpected(`换行或 ";"`)
	}
	return s
}

// syncStmt skips to the end of the current statement, stepping over
// whole blocks opened on the way.
func (p *parser) syncStmt() {
	depth := 0
	for {
		switch p.tok.kind {
		case tEOF, tRule:
			return
		case tNewline, tSemi:
			if depth == 0 {
				return
			}
		case tLBrace:
			depth++
		case tRBrace:
			if depth == 0 {
				return
			}
			depth--
		}
		p.next()
	}
}

func (p *parser) parseStmt() Stmt {
	switch p.tok.kind {
	case tFor:
		s := &ForStmt{Pos: p.tok.pos}
		p.node(s.Pos)
		p.next()
		s.Var = p.expect(tIdent, "循环变量名").text
		p.expect(tIn, `"in"`)
		p.skipNewlines()
		s.Iter = p.parseExpr()
		p.enter(s.Pos)
		s.Body = p.parseBlock()
		p.leave()
		return s
	case tLet:
		s := &LetStmt{Pos: p.tok.pos}
		p.node(s.Pos)
		p.next()
		s.Name = p.expect(tIdent, "变量名").text
		p.expect(tAssign, `"="`)
		p.skipNewlines()
		s.Value = p.parseExpr()
		return s
	}
	s := &ExprStmt{X: p.parseExpr()}
	p.node(s.X.Position())
	return s
}

// ---- expressions ----

// parseExpr parses an implication chain (right-associative, lowest
// precedence) iteratively so long chains do not recurse.
func (p *parser) parseExpr() Expr {
	x := p.parseBinary(precOr)
	if p.tok.kind != tArrow {
		return x
	}
	xs := []Expr{x}
	var ops []Pos
	for p.tok.kind == tArrow {
		ops = append(ops, p.tok.pos)
		p.next()
		p.skipNewlines()
		xs = append(xs, p.parseBinary(precOr))
	}
	y := xs[len(xs)-1]
	for i := len(ops) - 1; i >= 0; i-- {
		p.node(ops[i])
		y = &BinaryExpr{Pos: ops[i], Op: "->", X: xs[i], Y: y}
	}
	return y
}

// parseBinary parses left-associative binary operators of precedence
// at least minPrec (precedence climbing). Comparisons do not chain.
func (p *parser) parseBinary(minPrec int) Expr {
	x := p.parseUnary()
	for {
		prec := p.tok.kind.prec()
		if prec < minPrec || prec <= precImply {
			return x
		}
		op := p.tok
		p.next()
		p.skipNewlines()
		y := p.parseBinary(prec + 1)
		p.node(op.pos)
		x = &BinaryExpr{Pos: op.pos, Op: op.text, X: x, Y: y}
		if prec == precCompare && p.tok.kind.prec() == precCompare {
			p.fail(p.tok.pos, `比较运算符不能连用，请用 "&&" 连接`)
		}
	}
}

func (p *parser) parseUnary() Expr {
	if k := p.tok.kind; k == tMinus || k == tNot {
		op := p.tok
		p.enter(op.pos)
		p.next()
		p.skipNewlines()
		x := p.parseUnary()
		p.leave()
		p.node(op.pos)
		return &UnaryExpr{Pos: op.pos, Op: op.text, X: x}
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	for {
		switch p.tok.kind {
		case tLBrack:
			pos := p.tok.pos
			args := p.parseElems(tRBrack, `"," 或 "]"`)
			if len(args) == 0 {
				p.fail(pos, "下标不能为空")
			}
			p.node(pos)
			x = &IndexExpr{Pos: pos, X: x, Args: args}
		case tLParen:
			fun, ok := x.(*Ident)
			if !ok {
				p.fail(p.tok.pos, `"(" 前应为函数名`)
			}
			pos := p.tok.pos
			args := p.parseElems(tRParen, `"," 或 ")"`)
			p.node(pos)
			x = &CallExpr{Pos: pos, Fun: fun, Args: args}
		default:
			return x
		}
	}
}

// parseElems parses a bracketed, comma-separated list of elements (which
// may be ranges) up to the closing token; the current token is the
// opening bracket. A trailing comma is allowed.
func (p *parser) parseElems(close tokenKind, want string) []Expr {
	p.enter(p.tok.pos)
	p.nlSkip++
	p.next()
	var list []Expr
	for p.tok.kind != close {
		list = append(list, p.parseElem())
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	if p.tok.kind != close {
		p.unexpected(want)
	}
	p.nlSkip--
	p.next()
	p.leave()
	return list
}

func (p *parser) parseElem() Expr {
	x := p.parseExpr()
	if p.tok.kind != tDotDot {
		return x
	}
	pos := p.tok.pos
	p.next()
	y := p.parseExpr()
	if p.tok.kind == tDotDot {
		p.fail(p.tok.pos, "区间不能连用")
	}
	p.node(pos)
	return &RangeExpr{Pos: pos, Lo: x, Hi: y}
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	switch t.kind {
	case tNumber:
		p.node(t.pos)
		p.next()
		return &NumberLit{Pos: t.pos, Text: t.text}
	case tString:
		p.node(t.pos)
		p.next()
		return &StringLit{Pos: t.pos, Value: t.val}
	case tTrue, tFalse:
		p.node(t.pos)
		p.next()
		return &BoolLit{Pos: t.pos, Value: t.kind == tTrue}
	case tIdent:
		p.node(t.pos)
		p.next()
		return &Ident{Pos: t.pos, Name: t.text}
	case tLParen:
		p.enter(t.pos)
		p.nlSkip++
		p.next()
		x := p.parseExpr()
		if p.tok.kind != tRParen {
			p.unexpected(`")"`)
		}
		p.nlSkip--
		p.next()
		p.leave()
		return x
	case tLBrack:
		elems := p.parseElems(tRBrack, `"," 或 "]"`)
		p.node(t.pos)
		return &ListExpr{Pos: t.pos, Elems: elems}
	}
	p.unexpected("表达式")
	return nil
}
