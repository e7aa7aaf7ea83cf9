package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckTextMarksMandatory: the text output marks an error of a 强制
// rule (收支平衡) apart from the others, as JSON does with "mandatory".
func TestCheckTextMarksMandatory(t *testing.T) {
	b, err := os.ReadFile("../../examples/wuhan-zhigong-2020.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), "122.40", "130.00", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"check", path}, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitFindings, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "[错误] T1.income-total（强制）") {
		t.Errorf("no error marked 强制:\n%s", out.String())
	}
	if strings.Contains(out.String(), "[警告] T6.public-items（强制）") {
		t.Error("a warning marked 强制")
	}
}
