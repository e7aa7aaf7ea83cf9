package syntax

import (
	"errors"
	"testing"
)

var fuzzSeeds = []string{
	exampleSrc,
	"",
	"rule A error \"t\" {}",
	"rule A error \"t\" { a; b }",
	"rule A error \"t\" note derive {\n  T1[27, 1] == sum(T1[1..8, 1])\n}",
	"rule A error \"t\" {\n  for r in rows(T2) {\n    T2[r, 1] == sum(T2[r, 2..7])\n  }\n}",
	"rule A error \"t\" {\n  let x = (1 +\n 2)\n  x -> y -> z\n}",
	"rule A error \"t\" {\n  \"\\x41\\u4e2d\\t\" in [\"a\", \"b\",]\n}",
	"rule A error \"t\" {\n  -(-a)[1] * !b\n}",
	"rule A error \"t\" {\n  a == b == c\n}",
	"rule A@ fatal t (",
	"rule A error \"t\" {\n  f(x)(y) a..b \xff @\n",
	"\ufeffrule 表1.合计 warning \"中文\" {\r\n  本年 >= 0\r\n}",
	"((((((((x",
	"[[[[[[[[",
	"--------x",
}

func FuzzParseFile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src)
	})
}

// checkParse verifies the parser's invariants on src.
func checkParse(t *testing.T, src []byte) {
	t.Helper()
	file, err := ParseFile("f.jr", src)
	if err != nil {
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
		}
		if list[0].Pos.Line < 1 || list[0].Pos.Col < 1 {
			t.Fatalf("bad error position %+v", list[0].Pos)
		}
		if len(list) > maxErrors {
			t.Fatalf("%d errors", len(list))
		}
		_ = err.Error()
		return
	}
	out := file.String()
	file2, err := ParseFile("f.jr", []byte(out))
	if err != nil {
		t.Fatalf("printed form does not parse: %v\nsource: %q\nprinted: %q", err, src, out)
	}
	if out2 := file2.String(); out2 != out {
		t.Fatalf("round trip differs:\nsource: %q\nfirst:  %q\nsecond: %q", src, out, out2)
	}
}

// TestFuzzRegressions checks the fuzz invariants on inputs found by
// fuzzing or written to probe edge cases.
func TestFuzzRegressions(t *testing.T) {
	for _, s := range fuzzRegressions {
		checkParse(t, []byte(s))
	}
}

var fuzzRegressions = []string{
	"\"\\",
	"\"\\\n",
	"\"\\x",
	"\"\\U0011ffff\"",
	"rule",
	"rule ",
	"rule\r",
	"rule\xff",
	"rule A",
	"rule A error",
	"rule A error \"",
	"rule A error \"t\"",
	"rule A error \"t\" {",
	"rule A error \"t\" {\n  f(\n",
	"rule A error \"t\" {\n  [\n",
	"rule A error \"t\" {\n  for x in y {\n",
	"rule A error \"t\" {\n  for x in y { rule B",
	"rule A error \"t\" {\n  }}}}\n}",
	"rule A error \"t\" { \"\\x00\\u00ff\\U0010FFFF\" }",
	"rule A error \"\x00\r\" { \"\x7f\" }",
	"rule A error \"t\" { 1..2 }",
	"rule A error \"t\" { f(1..) }",
	"rule A error \"t\" { f(..1) }",
	"rule A error \"t\" { a ->\n b ->\n c }",
	"rule A error \"t\" { 1.5..2 }",
	"\xef\xbb\xbf",
	"\xef\xbb",
	"#\xff\n\xff",
}
