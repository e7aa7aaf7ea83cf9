package disclosure

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

var update = flag.Bool("update", false, "rewrite golden files")

// MustExample loads the reference report.
func mustExample(tb testing.TB) (*juesuan.Template, *juesuan.Report) {
	tb.Helper()
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return tpl, r
}

func TestBuildGolden(t *testing.T) {
	tpl, r := mustExample(t)
	doc, err := Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "wuhan-zhigong-2020.golden"), doc.Text())
}
