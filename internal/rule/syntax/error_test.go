package syntax

import (
	"errors"
	"strings"
	"testing"
)

// hdr is a rule header used to wrap statement-level error cases.
const hdr = "rule A error \"t\" {\n"

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string // full ErrorList text
	}{
		{"rule", "a.jr:1:5: 缺少规则编号\nrule\n    ^"},
		{"rule\n", "a.jr:1:5: 缺少规则编号\nrule\n    ^"},
		{"rule A@ error \"t\" {}",
			"a.jr:1:6: 无效的规则编号 \"A@\"：只能包含字母、数字、\".\"、\"-\" 和 \"_\"\nrule A@ error \"t\" {}\n     ^"},
		{"rule A fatal \"t\" {}",
			"a.jr:1:8: 无效的严重级别 \"fatal\"，应为 error、warning 或 info\nrule A fatal \"t\" {}\n       ^"},
		{"rule A error t {}", "a.jr:1:14: 应为规则标题（字符串），实际为 \"t\"\nrule A error t {}\n             ^"},
		{"rule A error \"t\" (", "a.jr:1:18: 应为 \"{\"，实际为 \"(\"\nrule A error \"t\" (\n                 ^"},
		{"rule A error \"t\"\n{}", "a.jr:1:17: 应为 \"{\"，实际为换行\nrule A error \"t\"\n                ^"},
		{"x\nrule A error \"t\" {}", "a.jr:1:1: 应为 \"rule\"，实际为 \"x\"\nx\n^"},
		{hdr + "  a\n", "a.jr:3:1: 应为 \"}\"，实际为文件结尾\n\n^"},
		{hdr + "  a b\n}", "a.jr:2:5: 应为换行或 \";\"，实际为 \"b\"\n  a b\n    ^"},
		{hdr + "  \"abc\n}", "a.jr:2:3: 未闭合的字符串\n  \"abc\n  ^"},
		{hdr + "  \"a\\qb\"\n}", "a.jr:2:5: 无效的转义序列 \"\\q\"\n  \"a\\qb\"\n    ^"},
		{hdr + "  \"\\x4g\"\n}", "a.jr:2:4: 无效的转义序列 \"\\x4\"\n  \"\\x4g\"\n   ^"},
		{hdr + "  \"\\ud800\"\n}", "a.jr:2:4: 无效的 Unicode 码点 \"\\ud800\"\n  \"\\ud800\"\n   ^"},
		{hdr + "  1a\n}", "a.jr:2:3: 无效的数字 \"1a\"\n  1a\n  ^"},
		{hdr + "  a..b\n}", "a.jr:2:4: 区间 \"..\" 只能用于下标、函数参数或列表中\n  a..b\n   ^"},
		{hdr + "  (1..2)\n}", "a.jr:2:5: 区间 \"..\" 只能用于下标、函数参数或列表中\n  (1..2)\n    ^"},
		{hdr + "  for i in 1..3 {}\n}", "a.jr:2:13: 区间 \"..\" 只能用于下标、函数参数或列表中\n  for i in 1..3 {}\n            ^"},
		{hdr + "  f(1..2..3)\n}", "a.jr:2:9: 区间不能连用\n  f(1..2..3)\n        ^"},
		{hdr + "  T1[]\n}", "a.jr:2:5: 下标不能为空\n  T1[]\n    ^"},
		{hdr + "  f(x)(y)\n}", "a.jr:2:7: \"(\" 前应为函数名\n  f(x)(y)\n      ^"},
		{hdr + "  true(1)\n}", "a.jr:2:7: \"(\" 前应为函数名\n  true(1)\n      ^"},
		{hdr + "  a & b\n}", "a.jr:2:5: 无法识别的字符 \"&\"，应为 \"&&\"\n  a & b\n    ^"},
		{hdr + "  a | b\n}", "a.jr:2:5: 无法识别的字符 \"|\"，应为 \"||\"\n  a | b\n    ^"},
		{hdr + "  a @ b\n}", "a.jr:2:5: 无法识别的字符 \"@\"\n  a @ b\n    ^"},
		{hdr + "  a .b\n}", "a.jr:2:5: 无法识别的字符 \".\"\n  a .b\n    ^"},
		{hdr + "  a ＝ b\n}", "a.jr:2:5: 无法识别的字符 \"＝\"（是否误用了全角符号？）\n  a ＝ b\n    ^"},
		{hdr + "  f（x)\n}", "a.jr:2:4: 无法识别的字符 \"（\"（是否误用了全角符号？）\n  f（x)\n   ^"},
		{hdr + "  a\u3000b\n}", "a.jr:2:4: 无法识别的字符 U+3000（是否误用了全角符号？）\n  a\u3000b\n   ^"},
		{hdr + "  a \xff b\n}", "a.jr:2:5: 无效的 UTF-8 编码\n  a \xff b\n    ^"},
		{hdr + "  a # \xff\n}", "a.jr:2:7: 无效的 UTF-8 编码\n  a # \xff\n      ^"},
		{hdr + "  \"\xff\"\n}", "a.jr:2:4: 无效的 UTF-8 编码\n  \"\xff\"\n   ^"},
		{"rule A\xff error \"t\" {}", "a.jr:1:7: 无效的 UTF-8 编码\nrule A\xff error \"t\" {}\n      ^"},
		{hdr + "  let = 1\n}", "a.jr:2:7: 应为变量名，实际为 \"=\"\n  let = 1\n      ^"},
		{hdr + "  let x == 1\n}", "a.jr:2:9: 应为 \"=\"，实际为 \"==\"\n  let x == 1\n        ^"},
		{hdr + "  for in x {}\n}", "a.jr:2:7: 应为循环变量名，实际为 \"in\"\n  for in x {}\n      ^"},
		{hdr + "  for x y {}\n}", "a.jr:2:9: 应为 \"in\"，实际为 \"y\"\n  for x y {}\n        ^"},
		{hdr + "  (a\n}", "a.jr:3:1: 应为 \")\"，实际为 \"}\"\n}\n^"},
		{hdr + "  [1 2]\n}", "a.jr:2:6: 应为 \",\" 或 \"]\"，实际为 \"2\"\n  [1 2]\n     ^"},
		{hdr + "  f(1 2)\n}", "a.jr:2:7: 应为 \",\" 或 \")\"，实际为 \"2\"\n  f(1 2)\n      ^"},
		{hdr + "  a = b\n}", "a.jr:2:5: \"=\" 不是比较运算符，判断相等请使用 \"==\"\n  a = b\n    ^"},
		{hdr + "  a +\n}", "a.jr:3:1: 应为表达式，实际为 \"}\"\n}\n^"},
		{hdr + "  rule\n}", "a.jr:2:3: 应为 \"}\"，实际为 \"rule\"\n  rule\n  ^"},
		{hdr + "  a == b == c\n}", "a.jr:2:10: 比较运算符不能连用，请用 \"&&\" 连接\n  a == b == c\n         ^"},
		{hdr + "  x \"s\"\n}", "a.jr:2:5: 应为换行或 \";\"，实际为字符串 \"s\"\n  x \"s\"\n    ^"},
		// CJK before the error: the caret counts wide runes as two columns
		// and copies tabs.
		{hdr + "\t本年收入合计 == @\n}", "a.jr:2:12: 无法识别的字符 \"@\"\n\t本年收入合计 == @\n\t                ^"},
		{hdr + "  \"收入\" + 支出 ?\n}", "a.jr:2:13: 无法识别的字符 \"?\"\n  \"收入\" + 支出 ?\n                ^"},
		// Several errors, one per line, sorted; recovery continues with
		// the next statement and the next rule.
		{hdr + "  a b\n  ok\n  c d\n}\nrule B error \"t\" {\n  )\n}",
			"a.jr:2:5: 应为换行或 \";\"，实际为 \"b\"\n  a b\n    ^\n" +
				"a.jr:4:5: 应为换行或 \";\"，实际为 \"d\"\n  c d\n    ^\n" +
				"a.jr:7:3: 应为表达式，实际为 \")\"\n  )\n  ^"},
		// A failing for header skips its whole body.
		{hdr + "  for x y {\n    a b\n  }\n  c d\n}",
			"a.jr:2:9: 应为 \"in\"，实际为 \"y\"\n  for x y {\n        ^\n" +
				"a.jr:5:5: 应为换行或 \";\"，实际为 \"d\"\n  c d\n    ^"},
		{"rule A error \"t\" {\r\n  a b\r\n}", "a.jr:2:5: 应为换行或 \";\"，实际为 \"b\"\n  a b\n    ^"},
		{"\ufeffx", "a.jr:1:1: 应为 \"rule\"，实际为 \"x\"\nx\n^"},
	}
	for _, tt := range tests {
		_, err := ParseFile("a.jr", []byte(tt.in))
		if err == nil {
			t.Errorf("ParseFile(%q): no error, want:\n%s", tt.in, tt.want)
			continue
		}
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("ParseFile(%q): error %T is not an ErrorList", tt.in, err)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("ParseFile(%q):\ngot:\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "1:1: 应为表达式，实际为文件结尾\n\n^"},
		{"a b", "1:3: 应为表达式结尾，实际为 \"b\"\na b\n  ^"},
		{"1..2", "1:2: 区间 \"..\" 只能用于下标、函数参数或列表中\n1..2\n ^"},
		{"(a", "1:3: 应为 \")\"，实际为文件结尾\n(a\n  ^"},
		{"a = b", "1:3: 应为表达式结尾，实际为 \"=\"\na = b\n  ^"},
		{"\"x", "1:1: 未闭合的字符串\n\"x\n^"},
		{"f(", "1:3: 应为表达式，实际为文件结尾\nf(\n  ^"},
		{"1.", "1:2: 无法识别的字符 \".\"\n1.\n ^"},
		{"1.2.3", "1:4: 无法识别的字符 \".\"\n1.2.3\n   ^"},
		{"rule", "1:1: 应为表达式，实际为 \"rule\"\nrule\n^"},
		{"a < b > c", "1:7: 比较运算符不能连用，请用 \"&&\" 连接\na < b > c\n      ^"},
		{"x in a in b", "1:8: 比较运算符不能连用，请用 \"&&\" 连接\nx in a in b\n       ^"},
	}
	for _, tt := range tests {
		_, err := ParseExpr(tt.in)
		if err == nil {
			t.Errorf("ParseExpr(%q): no error", tt.in)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("ParseExpr(%q):\ngot:\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
	}
}

func TestErrorLimit(t *testing.T) {
	src := hdr + strings.Repeat("  a b\n", 30) + "}"
	_, err := ParseFile("a.jr", []byte(src))
	list, ok := err.(ErrorList)
	if !ok || len(list) != 10 {
		t.Fatalf("got %d errors (%T), want 10", len(list), err)
	}
	for i, e := range list {
		if e.Pos.Line != i+2 {
			t.Errorf("error %d at line %d, want %d", i, e.Pos.Line, i+2)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{File: "f.jr", Pos: Pos{Line: 3, Col: 4}, Msg: "消息", Line: "\t中x"}
	if got, want := e.Error(), "f.jr:3:4: 消息\n\t中x\n\t   ^"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A column past the end of the line pads with spaces.
	e = &Error{Pos: Pos{Line: 1, Col: 3}, Msg: "m", Line: ""}
	if got, want := e.Error(), "1:3: m\n\n  ^"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	l := ErrorList{e, e}
	if got, want := l.Error(), e.Error()+"\n"+e.Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
