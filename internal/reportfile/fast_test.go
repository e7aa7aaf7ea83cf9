package reportfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

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

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
