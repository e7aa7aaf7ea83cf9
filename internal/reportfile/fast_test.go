package reportfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// sameAsLibrary asserts that Read (tables by hand) gives what the YAML
// library alone gives: the same report, or the same error text.
func sameAsLibrary(t *testing.T, name string, b []byte) {
	t.Helper()
	r1, t1, e1 := Read(name, b, yearspec.Default, 0)
	r2, t2, e2 := read(name, b, yearspec.Default, 0, false)
	if (e1 == nil) != (e2 == nil) || e1 != nil && e1.Error() != e2.Error() {
		t.Fatalf("%s: errors differ:\nRead:    %v\nlibrary: %v", name, e1, e2)
	}
	if !reflect.DeepEqual(r1, r2) || t1 != t2 {
		t.Fatalf("%s: reports differ", name)
	}
}

func TestFastSameAsLibrary(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/bad/*.yaml")
	if len(files) < 10 {
		t.Fatalf("only %d bad files found", len(files))
	}
	files = append(files, "../../examples/wuhan-zhigong-2020.yaml", "testdata/generated.yaml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sameAsLibrary(t, f, b)
	}
	if _, _, ok := fastTables(mustRead(t, "testdata/generated.yaml")); !ok {
		t.Error("a generated file is not read by the fast path")
	}
	for _, src := range []string{
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1.6x9}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1, 1: 2}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1}}\n  6:\n    - {row: \"302\", cells: {1: 1}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1}}\n    - {row: \"30201\", cells: {1: 2}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", name: null, cells: {1: 1}}\nunit: {name: x}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1}}\ntables:\n  6: []\n",
		"year: 2020\ntables:\n  9:\n    - {row: \"30201\", cells: {1: 1}}\n",
		"year: 2020\ntables:\n  6: # 表\n    - {row: \"99999\", cells: {1: 1}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {7: 1}}\n",
		"year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1}} # note\n",
		"year: 2020\n\"tables\":\n  6:\n    - {row: \"30201\", cells: {1: 1}}\n",
	} {
		sameAsLibrary(t, "x.yaml", []byte(src))
	}
}

// TestFastDocSameAsLibrary: the rest of the file (the facts) read by hand
// gives what the library gives on shapes near the ones Write writes, and
// the ones it leaves to the library.
func TestFastDocSameAsLibrary(t *testing.T) {
	const head = "format: juesuan-report/1\nyear: 2020\ntemplate: \"national\"\nmoney_unit: 元\ntables:\n  6: # 表\n    - {row: \"30201\", cells: {1: 16912.34}}\n"
	for _, tc := range []struct {
		facts string
		hand  bool // read by hand, without the library
	}{
		{"unit:\n  name: 某单位\n  code: \"001001\"\n  staff:\n    in_service: 12\n", true},
		{"unit:\n  name: 某单位 # note\n  code: '001001'   # note\n", true},
		{"budgets:\n- code: \"201\"\n  name: 一般公共服务支出\n  amount: 25113635.75\n- code: \"204\"\n  amount: -1.5\n", true},
		{"budgets:\n  - code: \"201\"\n    amount: 1\n", true},
		{"unit:\n  name: a\npublished:\n  sections:\n    五: |-\n      第一行\n        缩进的第二行\n      第三行\n    六: |\n      x\n", true},
		{"unit:\n  name: a\nkey_work:\n  table:\n  - - \"1\"\n    - 事项\n  - - \"2\"\n    - 事项\n", true},
		{"unit:\n  name: a\nsangong: {}\nprocurement: {}\nkey_work:\n  sections: []\njiguan_yunxing: null\n", true},
		{"unit:\n  name: a\ndocument:\nreasons:\n  sangong: \"\"\n", true},
		{"unit:\n  name: a\njiguan_yunxing: 1.234\n", false},                                  // an error: the library's message
		{"unit:\n  name: a\n  nope: 1\n", false},                                              // unknown key
		{"unit:\n  name: a\n  name: b\n", false},                                              // duplicate key
		{"unit:\n  name: a\n    b\n", false},                                                  // a plain scalar on two lines
		{"unit:\n  name: a\n    # deeper comment\n  code: x\n", false},                        // left to the library
		{"unit:\n  name: ~\n", false},                                                         // null written as ~
		{"unit:\n  name: !!str 12\n", false},                                                  // a tag
		{"unit:\n  name: &a x\n", false},                                                      // an anchor
		{"unit:\n  name: \"a\\tb\"\n", false},                                                 // an escape
		{"unit:\n  name: a: b\n", false},                                                      // a mapping value in a scalar
		{"unit:\n  name: a - b\n", false},                                                     // "- " inside
		{"unit:\n  name: a#b\n", false},                                                       // '#' inside
		{"unit: {name: a}\n", false},                                                          // flow with content
		{"unit:\n   name: a\n  code: b\n", false},                                             // odd indentation
		{"unit:\n  name: a\npublished:\n  sections:\n    五: |-\n      a\n\n      b\n", false}, // a blank line in a literal
		{"unit:\n  name: a\npublished:\n  sections:\n    五: |+\n      a\n", false},
		{"unit:\n  name: a\npublished:\n  sections:\n    五: >-\n      a\n", false},
		{"unit:\n  name: a  \n", false},               // trailing spaces
		{"unit:\n  name:\n    x\n", false},            // a scalar on a line of its own
		{"unit:\n  name: a\n\"year\": 2020\n", false}, // a quoted key
		{"unit:\n  name: a\n- x\n", false},            // an entry after a value
		{"unit:\n  name: a", false},                   // no final line break
	} {
		src := []byte(head + tc.facts)
		sameAsLibrary(t, "x.yaml", src)
		if _, _, ok := readFastFile("x.yaml", src); ok != tc.hand {
			t.Errorf("read by hand = %v, want %v:\n%s", ok, tc.hand, tc.facts)
		}
	}
}

// TestFastReadsWhatWriteWrites: a report with every kind of fact (the
// 武汉 example: multi-line texts, lists of lists, nested sections),
// written by Write, is read back by hand, as the library reads it.
func TestFastReadsWhatWriteWrites(t *testing.T) {
	for _, f := range []string{"../../examples/wuhan-zhigong-2020.yaml", "testdata/generated.yaml"} {
		r, tpl, err := ReadFile(f, yearspec.Default, 0)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Write(&b, tpl, r); err != nil {
			t.Fatal(err)
		}
		if _, _, ok := readFastFile("w.yaml", b.Bytes()); !ok {
			t.Errorf("%s written again is not read by hand", f)
		}
		sameAsLibrary(t, "w.yaml", b.Bytes())
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readFastFile says whether b is read by hand from start to end.
func readFastFile(name string, b []byte) (*juesuan.Report, *juesuan.Template, bool) {
	rest, tables, ok := fastTables(b)
	return readFast(name, b, rest, tables, ok, yearspec.Default, 0)
}
