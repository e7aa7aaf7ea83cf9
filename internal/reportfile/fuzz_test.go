package reportfile

import (
	"os"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// FuzzRead: no input panics, and every error names the file.
func FuzzRead(f *testing.F) {
	ex, err := os.ReadFile("../../examples/wuhan-zhigong-2020.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ex)
	gen, err := os.ReadFile("testdata/generated.yaml") // read by hand, facts and all
	if err != nil {
		f.Fatal(err)
	}
	f.Add(gen)
	f.Add([]byte("year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1}}\nunit:\n  name: a # c\nbudgets:\n- code: \"201\"\n  amount: 1\npublished:\n  sections:\n    五: |-\n      a\n        b\nkey_work:\n  table:\n  - - \"1\"\n    - x\n"))
	f.Add([]byte("year: 2020\ntables:\n  1:\n    - {row: \"1\", cells: {1: 122.40}}\n"))
	f.Add([]byte("year: 2020\nmoney_unit: 元\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 16900.00}}\n"))
	f.Add([]byte("year: 2020\ntables: {2: [{row: total, cells: {1: x}}]}\n"))
	f.Add([]byte("year: 2020\nunit: {name: a, staff: {in_service: -1}}\njiguan_yunxing: 1e3\n"))
	f.Add([]byte("a: &a [1]\nb: *a\n"))
	f.Add([]byte("- - - - - [[[[{{{{"))
	f.Add([]byte("year: 2020\ntables:\n  6: # t\n    - {row: \"30201\", name: 名称, cells: {1: 1.5, 2: 3}}\nunit: {name: a}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, err := Read("fuzz.yaml", b, yearspec.Default, 0)
		if err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
		sameAsLibrary(t, "fuzz.yaml", b) // the fast path changes nothing
	})
}

func TestReadPositions(t *testing.T) {
	src := "year: 2020\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 1.6x9}}\n"
	_, _, err := Read("p.yaml", []byte(src), yearspec.Default, 0)
	if err == nil || !strings.Contains(err.Error(), "p.yaml:4:") || !strings.Contains(err.Error(), "表6 30201行 第1栏") {
		t.Fatalf("err = %v", err)
	}
}

func TestReadYuan(t *testing.T) {
	src := "year: 2020\nmoney_unit: 元\ntables:\n  6:\n    - {row: \"30201\", cells: {1: 16912.34}}\njiguan_yunxing: 35012.00\n"
	r, _, err := Read("y.yaml", []byte(src), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	for c, v := range r.Cells {
		if v != 1691234 {
			t.Errorf("%s = %d 分, want 1691234", c, v)
		}
	}
	if *r.Operating != 3501200 {
		t.Errorf("机关运行经费 = %d 分", *r.Operating)
	}
	if _, _, err := Read("y.yaml", []byte("year: 2020\nmoney_unit: 元\njiguan_yunxing: 1.234\n"), yearspec.Default, 0); err == nil || !strings.Contains(err.Error(), "小数位") {
		t.Errorf("3 decimals in 元 accepted: %v", err)
	}
}
