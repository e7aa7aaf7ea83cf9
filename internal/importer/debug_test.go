package importer

import (
	"fmt"
	"os"
	"testing"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestDebugImport prints the findings of one file (JUESUAN_DEBUG_FILE).
func TestDebugImport(t *testing.T) {
	path := os.Getenv("JUESUAN_DEBUG_FILE")
	if path == "" {
		t.Skip("JUESUAN_DEBUG_FILE not set")
	}
	res, err := File(path, yearspec.Default, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags {
		fmt.Println("DIAG", d)
	}
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		fmt.Println(f.Severity, f.Rule, f.Cells, f.Message)
	}
	for _, s := range res.Tables {
		fmt.Printf("%+v conf=%d\n", s, s.Confidence())
	}
	fmt.Printf("%+v\n", res.Report.Facts.Prior)
}
