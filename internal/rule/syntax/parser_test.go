package syntax

import (
	"strings"
	"testing"
)

const exampleSrc = `# 表1 收入支出决算总表
rule T1.income-total error "本年收入合计 = 各项收入之和" note derive {
  T1[27, 1] == sum(T1[1..8, 1])
}
rule T2.row-sum error "收入决算表各行：1栏 = 2至7栏之和" note {
  for r in rows(T2) {
    T2[r, 1] == sum(T2[r, 2..7])
  }
}
rule T2.hierarchy error "上级科目 = 下级科目之和" {
  for p in parents(T2) {
    for c in cols(T2) {
      T2[p, c] == sum(T2[children(p), c])
    }
  }
}
rule X13.jiguan warning "机关运行经费应等于公用经费合计" {
  let kind = fact("unit.kind")
  kind == "行政" || kind == "参公" -> fact("机关运行经费") == T6[public, 1]
  !empty(T8) || has_note("empty.T8")
  T6["30201", 1] >= 0 && -T1[1,1] < 0.5 * 2 / 1
  x in [1, 2, 3]
}
`

const exampleOut = `rule T1.income-total error "本年收入合计 = 各项收入之和" note derive {
  T1[27, 1] == sum(T1[1..8, 1])
}

rule T2.row-sum error "收入决算表各行：1栏 = 2至7栏之和" note {
  for r in rows(T2) {
    T2[r, 1] == sum(T2[r, 2..7])
  }
}

rule T2.hierarchy error "上级科目 = 下级科目之和" {
  for p in parents(T2) {
    for c in cols(T2) {
      T2[p, c] == sum(T2[children(p), c])
    }
  }
}

rule X13.jiguan warning "机关运行经费应等于公用经费合计" {
  let kind = fact("unit.kind")
  kind == "行政" || kind == "参公" -> fact("机关运行经费") == T6[public, 1]
  !empty(T8) || has_note("empty.T8")
  T6["30201", 1] >= 0 && -T1[1, 1] < 0.5 * 2 / 1
  x in [1, 2, 3]
}`

// roundTrip parses src, checks that the printed form re-parses to the
// same printed form, and returns it.
func roundTrip(t *testing.T, src string) string {
	t.Helper()
	f, err := ParseFile("t.jr", []byte(src))
	if err != nil {
		t.Fatalf("ParseFile(%q): %v", src, err)
	}
	out := f.String()
	g, err := ParseFile("t.jr", []byte(out))
	if err != nil {
		t.Fatalf("re-parse of %q: %v", out, err)
	}
	if again := g.String(); again != out {
		t.Fatalf("round trip differs:\nfirst:  %q\nsecond: %q", out, again)
	}
	return out
}

func TestExample(t *testing.T) {
	if got := roundTrip(t, exampleSrc); got != exampleOut {
		t.Errorf("got:\n%s\nwant:\n%s", got, exampleOut)
	}
	f, _ := ParseFile("t.jr", []byte(exampleSrc))
	r := f.Rules[0]
	if r.ID != "T1.income-total" || r.Severity != "error" || r.Title != "本年收入合计 = 各项收入之和" ||
		strings.Join(r.Flags, ",") != "note,derive" || r.Pos != (Pos{Offset: 32, Line: 2, Col: 1}) {
		t.Errorf("rule header: %+v", r)
	}
	// Columns count runes: "->" is at column 32 of line 19.
	x := f.Rules[3].Body[1].(*ExprStmt).X.(*BinaryExpr)
	if x.Op != "->" || x.Pos.Line != 19 || x.Pos.Col != 32 {
		t.Errorf("implication: op %q at %v", x.Op, x.Pos)
	}
}

func TestParseExprPrint(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1", "1"},
		{"122.40", "122.40"},
		{"007", "007"},
		{`"a\"b\\c\n\t"`, `"a\"b\\c\n\t"`},
		{`"\x41\u4e2d\U0001F600"`, `"A中😀"`},
		{`"\a\b\f\r\v"`, `"\a\b\f\r\v"`},
		{`"\xff"`, `"\xff"`},
		{`"	"`, `"\t"`},
		{`"中文"`, `"中文"`},
		{"true", "true"},
		{"false", "false"},
		{"本年收入", "本年收入"},
		{"_x1", "_x1"},
		{"error", "error"},
		{"a+b", "a + b"},
		{"(a + b)", "a + b"},
		{"((a))", "a"},
		{"(a + b) * c", "(a + b) * c"},
		{"a + (b * c)", "a + b * c"},
		{"a - (b - c)", "a - (b - c)"},
		{"(a - b) - c", "a - b - c"},
		{"a / (b * c)", "a / (b * c)"},
		{"(a -> b) -> c", "(a -> b) -> c"},
		{"a -> (b -> c)", "a -> b -> c"},
		{"(a == b) == c", "(a == b) == c"},
		{"a == (b == c)", "a == (b == c)"},
		{"(a || b) && c", "(a || b) && c"},
		{"-(a + b)", "-(a + b)"},
		{"-(-a)", "--a"},
		{"- -a", "--a"},
		{"!!a", "!!a"},
		{"!(a && b)", "!(a && b)"},
		{"-a[1]", "-a[1]"},
		{"(-a)[1]", "(-a)[1]"},
		{"(a + b)[1]", "(a + b)[1]"},
		{"[1, 2][0]", "[1, 2][0]"},
		{"f(x)[1]", "f(x)[1]"},
		{"T1[1][2]", "T1[1][2]"},
		{"(f)(x)", "f(x)"},
		{"f()", "f()"},
		{"f(a,b,)", "f(a, b)"},
		{"[]", "[]"},
		{"[1,]", "[1]"},
		{"[[1, 2], [3]]", "[[1, 2], [3]]"},
		{"[1..2, 3]", "[1..2, 3]"},
		{"T1[1..8,1]", "T1[1..8, 1]"},
		{"T1[1 .. 8, 1]", "T1[1..8, 1]"},
		{"f(a + 1 .. b * 2)", "f(a + 1..b * 2)"},
		{"f(a -> b .. c)", "f(a -> b..c)"},
		{"[1.5..2.5]", "[1.5..2.5]"},
		{"f(-1..-2)", "f(-1..-2)"},
		{"x in [1, 2]", "x in [1, 2]"},
		{"x in y && z", "x in y && z"},
		{"T2[children(p), c]", "T2[children(p), c]"},
		{"f(\n a,\n b\n)", "f(a, b)"},
		{"a +\n b", "a + b"},
		{"a\n+ b", "a + b"}, // ParseExpr ignores newlines
		{"a >= 0 && b <= 1 || c != 2 && d > 3 || e < 4", "a >= 0 && b <= 1 || c != 2 && d > 3 || e < 4"},
		{"1--1", "1 - -1"},
		{"a->b", "a -> b"},
		{"a!=b", "a != b"},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		got := x.String()
		if got != tt.want {
			t.Errorf("ParseExpr(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		y, err := ParseExpr(got)
		if err != nil {
			t.Errorf("re-parse %q: %v", got, err)
			continue
		}
		if dump(y) != dump(x) {
			t.Errorf("re-parse of %q: tree %s, want %s", got, dump(y), dump(x))
		}
	}
}

// dump prints an expression fully parenthesized, to compare tree shapes.
func dump(x Expr) string {
	switch x := x.(type) {
	case *UnaryExpr:
		return "(" + x.Op + dump(x.X) + ")"
	case *BinaryExpr:
		return "(" + dump(x.X) + " " + x.Op + " " + dump(x.Y) + ")"
	case *CallExpr:
		return x.Fun.Name + "(" + dumpList(x.Args) + ")"
	case *IndexExpr:
		return dump(x.X) + "[" + dumpList(x.Args) + "]"
	case *RangeExpr:
		return "(" + dump(x.Lo) + ".." + dump(x.Hi) + ")"
	case *ListExpr:
		return "[" + dumpList(x.Elems) + "]"
	}
	return x.String()
}

func dumpList(xs []Expr) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = dump(x)
	}
	return strings.Join(s, ", ")
}

func TestPrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a - b - c", "((a - b) - c)"},
		{"a / b / c", "((a / b) / c)"},
		{"-a * b", "((-a) * b)"},
		{"-a[1]", "(-a[1])"},
		{"--a", "(-(-a))"},
		{"a -> b -> c", "(a -> (b -> c))"},
		{"a || b -> c || d", "((a || b) -> (c || d))"},
		{"!a && b", "((!a) && b)"},
		{"a || b && c", "(a || (b && c))"},
		{"a && b || c", "((a && b) || c)"},
		{"a == b && c != d", "((a == b) && (c != d))"},
		{"a + 1 < b * 2", "((a + 1) < (b * 2))"},
		{"x in [1, 2]", "(x in [1, 2])"},
		{"x + 1 in [1, 2] || y", "(((x + 1) in [1, 2]) || y)"},
		{"!f(x)", "(!f(x))"},
		{"-T1[1, 1] < 0.5 * 2 / 1", "((-T1[1, 1]) < ((0.5 * 2) / 1))"},
		{"kind == \"a\" || kind == \"b\" -> f(1) == T6[p, 1]",
			`(((kind == "a") || (kind == "b")) -> (f(1) == T6[p, 1]))`},
		{"T1[1..8, 1]", "T1[(1..8), 1]"},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.in)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := dump(x); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"a == b == c", "a < b < c", "a == b in c", "a in b in c"} {
		if _, err := ParseExpr(in); err == nil {
			t.Errorf("ParseExpr(%q): no error for chained comparison", in)
		}
	}
}

func TestPositions(t *testing.T) {
	x, err := ParseExpr("本年 + T1[1, 2] * f(x..y)")
	if err != nil {
		t.Fatal(err)
	}
	b := x.(*BinaryExpr)
	m := b.Y.(*BinaryExpr)
	idx := m.X.(*IndexExpr)
	call := m.Y.(*CallExpr)
	rng := call.Args[0].(*RangeExpr)
	checks := []struct {
		n    Node
		want Pos
	}{
		{b.X, Pos{0, 1, 1}},
		{b, Pos{7, 1, 4}},
		{idx.X, Pos{9, 1, 6}},
		{idx, Pos{11, 1, 8}},
		{m, Pos{18, 1, 15}},
		{call.Fun, Pos{20, 1, 17}},
		{call, Pos{21, 1, 18}},
		{rng, Pos{23, 1, 20}},
	}
	for _, c := range checks {
		if got := c.n.Position(); got != c.want {
			t.Errorf("%s: position %+v, want %+v", c.n, got, c.want)
		}
	}
}

func TestParseFilePrint(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"# only a comment\n\n", ""},
		{"rule A error \"t\" {}", "rule A error \"t\" {\n}"},
		{"\ufeffrule A error \"t\" {}", "rule A error \"t\" {\n}"},
		{"rule A error \"t\" { a; b }", "rule A error \"t\" {\n  a\n  b\n}"},
		{"rule A error \"t\" {\r\n  a\r\n}\r\n", "rule A error \"t\" {\n  a\n}"},
		{"rule\tA-1_b.c info \"t\" x y z {\n}", "rule A-1_b.c info \"t\" x y z {\n}"},
		{"rule 表1.合计 warning \"中文\" {\n}", "rule 表1.合计 warning \"中文\" {\n}"},
		{"rule 1 error \"t\" {}\nrule 2 info \"u\" {}", "rule 1 error \"t\" {\n}\n\nrule 2 info \"u\" {\n}"},
		{"rule A error \"t\" {\n\n  # c\n  let x = \n    1 +\n    2 # trailing\n\n  x ==\n  3\n}",
			"rule A error \"t\" {\n  let x = 1 + 2\n  x == 3\n}"},
		{"rule A error \"t\" {\n  for r in rows(T2) { for c in cols(T2) { T2[r, c] >= 0 } }\n}",
			"rule A error \"t\" {\n  for r in rows(T2) {\n    for c in cols(T2) {\n      T2[r, c] >= 0\n    }\n  }\n}"},
		{"rule A error \"t\" {\n  for r in rows(T2) {}\n}", "rule A error \"t\" {\n  for r in rows(T2) {\n  }\n}"},
		{"rule A error \"t\" {\n  T1[\n    1,\n    2,\n  ] == sum(\n    T1[3..4, 2]\n  )\n}",
			"rule A error \"t\" {\n  T1[1, 2] == sum(T1[3..4, 2])\n}"},
		{"rule A error \"t\" {\n  x in [\n    \"a\",\n    \"b\",\n  ]\n}", "rule A error \"t\" {\n  x in [\"a\", \"b\"]\n}"},
		{"rule A error \"t\" {\n  -\n  x\n}", "rule A error \"t\" {\n  -x\n}"},
		{"rule A error \"t\" { for i in [1..3] { i > 0 } ; }", "rule A error \"t\" {\n  for i in [1..3] {\n    i > 0\n  }\n}"},
		{"rule A error \"t\" { let a = b; a }", "rule A error \"t\" {\n  let a = b\n  a\n}"},
		{"rule A error \"t\" {}  rule B error \"u\" {}", "rule A error \"t\" {\n}\n\nrule B error \"u\" {\n}"},
	}
	for _, tt := range tests {
		if got := roundTrip(t, tt.in); got != tt.want {
			t.Errorf("ParseFile(%q) =\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
	}
}
