package syntax

import (
	"strings"
	"testing"
)

func firstMsg(err error) string {
	if l, ok := err.(ErrorList); ok && len(l) > 0 {
		return l[0].Msg
	}
	return ""
}

func TestNestingLimit(t *testing.T) {
	wrap := func(open, x, close string, n int) string {
		return strings.Repeat(open, n) + x + strings.Repeat(close, n)
	}
	ok := []string{
		wrap("(", "x", ")", 100),
		wrap("[", "x", "]", 100),
		wrap("-", "x", "", 100),
		wrap("f(", "x", ")", 100),
		"x" + strings.Repeat("[1]", 1000), // postfix chains do not nest
		strings.Repeat("a -> ", 1000) + "b",
		strings.Repeat("a + ", 1000) + "b",
	}
	for _, src := range ok {
		if _, err := ParseExpr(src); err != nil {
			t.Errorf("ParseExpr(%.20q...): %v", src, firstMsg(err))
		}
	}
	deep := []string{
		wrap("(", "x", ")", 101),
		wrap("[", "x", "]", 101),
		wrap("-", "x", "", 101),
		wrap("!", "x", "", 101),
		wrap("f(", "x", ")", 101),
		wrap("x[", "1", "]", 101),
		wrap("(", "x", ")", 500000),
		wrap("[", "x", "]", 500000),
		strings.Repeat("-", 1<<20),
		strings.Repeat("-(", 300000),
	}
	for _, src := range deep {
		if _, err := ParseExpr(src); firstMsg(err) != "嵌套过深" {
			t.Errorf("ParseExpr(%.20q...): got %v, want 嵌套过深", src, firstMsg(err))
		}
	}
	body := "rule A error \"t\" {\n" + strings.Repeat("for x in y {\n", 101) + strings.Repeat("}\n", 102)
	if _, err := ParseFile("a.jr", []byte(body)); firstMsg(err) != "嵌套过深" {
		t.Errorf("nested for: got %v, want 嵌套过深", err)
	}
}

func TestSizeLimit(t *testing.T) {
	src := "rule A error \"t\" {}\n#" + strings.Repeat("x", 1<<20)
	_, err := ParseFile("big.jr", []byte(src))
	want := "big.jr:1:1: 源文件过大（超过 1 MiB）\nrule A error \"t\" {}\n^"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := ParseExpr(strings.Repeat("1", 1<<20+1)); firstMsg(err) != "源文件过大（超过 1 MiB）" {
		t.Errorf("ParseExpr: got %v", err)
	}
	// Exactly 1 MiB is accepted.
	src = "rule A error \"t\" {}\n#"
	src += strings.Repeat("x", 1<<20-len(src))
	if _, err := ParseFile("ok.jr", []byte(src)); err != nil {
		t.Errorf("1 MiB file: %v", firstMsg(err))
	}
}

func TestNodeLimit(t *testing.T) {
	// 49999 terms make 99997 expression nodes; with the statement and
	// the rule that is 99999 nodes.
	src := "rule A error \"t\" {\n" + strings.Repeat("x+", 49998) + "x\n}"
	if _, err := ParseFile("a.jr", []byte(src)); err != nil {
		t.Fatalf("99999 nodes: %v", firstMsg(err))
	}
	// One more term adds two nodes: 100001.
	src = "rule A error \"t\" {\n" + strings.Repeat("x+", 49999) + "x\n}"
	if _, err := ParseFile("a.jr", []byte(src)); firstMsg(err) != "语法树节点过多（超过 100000 个）" {
		t.Errorf("got %v", firstMsg(err))
	}
}
