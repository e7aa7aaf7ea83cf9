package main

import (
	"path/filepath"
	"testing"

	"github.com/juesuan/juesuan"
)

// TestImportedFileKeepsDoubts: a report imported from raw text with tables
// read in doubt says the same when its file is checked later: what those
// tables break is the import's doubt, never the unit's error, and a table
// whose amounts were placed by the likeliest of several readings is named
// as the import's doubt even when it breaks nothing.
func TestImportedFileKeepsDoubts(t *testing.T) {
	src := "../../internal/importer/testdata/raw/national-blocks-gen.raw.txt"
	out := filepath.Join(t.TempDir(), "imported.yaml")
	if code, _, errs := runCmd(t, "import", src, "-o", out, "--template", "national"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	count := func(path string) (errors, doubts int) {
		_, res := checkJSON(t, path)
		for _, f := range res.Findings {
			switch {
			case f.Severity == juesuan.SevError:
				errors++
				t.Errorf("%s: error %s: %s", path, f.Rule, f.Message)
			case f.Source == "import":
				doubts++
			}
		}
		return
	}
	e1, d1 := count(src)
	e2, d2 := count(out)
	if e1 != 0 || e2 != 0 {
		t.Fatalf("errors: %d from the text, %d from the imported file", e1, e2)
	}
	if d1 == 0 || d2 == 0 {
		t.Fatalf("import doubts: %d from the text, %d from the imported file; want some in both", d1, d2)
	}
}
