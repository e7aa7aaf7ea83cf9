package syntax

// tokenKind identifies the lexical class of a token.
type tokenKind uint8

const (
	tIllegal tokenKind = iota // lexical error (already reported)
	tEOF
	tNewline
	tIdent
	tNumber
	tString
	tRuleID

	// Keywords.
	tRule
	tFor
	tIn
	tLet
	tTrue
	tFalse

	// Punctuation.
	tLParen // (
	tRParen // )
	tLBrack // [
	tRBrack // ]
	tLBrace // {
	tRBrace // }
	tComma  // ,
	tSemi   // ;
	tAssign // =
	tDotDot // ..

	// Operators.
	tArrow  // ->
	tOrOr   // ||
	tAndAnd // &&
	tEq     // ==
	tNe     // !=
	tLt     // <
	tLe     // <=
	tGt     // >
	tGe     // >=
	tPlus   // +
	tMinus  // -
	tStar   // *
	tSlash  // /
	tNot    // !
)

var keywords = map[string]tokenKind{
	"rule":  tRule,
	"for":   tFor,
	"in":    tIn,
	"let":   tLet,
	"true":  tTrue,
	"false": tFalse,
}

// Operator precedence levels, lowest to highest.
const (
	precNone    = iota
	precImply   // ->
	precOr      // ||
	precAnd     // &&
	precCompare // == != < <= > >= in
	precAdd     // + -
	precMul     // * /
	precUnary   // - !
	precPostfix // calls, indexing, primaries
)

// precRange is the precedence used when printing a RangeExpr; it binds
// looser than every operator.
const precRange = precNone

// prec returns the binary precedence of k, or precNone if k is not a
// binary operator.
func (k tokenKind) prec() int {
	switch k {
	case tArrow:
		return precImply
	case tOrOr:
		return precOr
	case tAndAnd:
		return precAnd
	case tEq, tNe, tLt, tLe, tGt, tGe, tIn:
		return precCompare
	case tPlus, tMinus:
		return precAdd
	case tStar, tSlash:
		return precMul
	}
	return precNone
}

// opPrec returns the precedence of a binary operator given by its text.
func opPrec(op string) int {
	switch op {
	case "->":
		return precImply
	case "||":
		return precOr
	case "&&":
		return precAnd
	case "==", "!=", "<", "<=", ">", ">=", "in":
		return precCompare
	case "+", "-":
		return precAdd
	case "*", "/":
		return precMul
	}
	return precNone
}

// token is one lexical token.
type token struct {
	kind tokenKind
	pos  Pos
	text string // exact source text
	val  string // decoded value of a string literal
}

// describe renders the token for "应为 X，实际为 Y" messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "文件结尾"
	case tNewline:
		return "换行"
	case tString:
		return "字符串 " + truncate(t.text)
	}
	return `"` + truncate(t.text) + `"`
}

// truncate shortens s to at most 20 runes for use in messages.
func truncate(s string) string {
	n := 0
	for i := range s {
		if n == 20 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
