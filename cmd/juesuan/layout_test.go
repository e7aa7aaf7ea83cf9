package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/testutil/layouts"
)

// TestWithoutSanGongTable: a family without the 三公 table (national-8),
// also with a JUESUAN_YEARS directory laid over the embedded families,
// generates, checks and renders: no 三公 cells, no error, no 三公
// section, eight tables.
func TestWithoutSanGongTable(t *testing.T) {
	dir := t.TempDir()
	years := filepath.Join(dir, "years")
	if err := os.MkdirAll(years, 0o755); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == "JUESUAN_YEARS" {
			return years
		}
		return ""
	}
	cmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, env, strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	out := filepath.Join(dir, "gen")
	if code, so, se := cmd("gen", "--units", "4", "--seed", "2", "--template", layouts.NoSanGongID, "-o", out); code != 0 {
		t.Fatalf("gen: exit %d\n%s\n%s", code, so, se)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.yaml"))
	if len(files) != 4 {
		t.Fatalf("%d reports generated", len(files))
	}
	for _, f := range files {
		code, so, se := cmd("check", f)
		if code != 0 || !strings.Contains(so, "共 0 个错误") {
			t.Errorf("check %s: exit %d\n%s\n%s", filepath.Base(f), code, so, se)
		}
	}
	html := filepath.Join(dir, "r.html")
	if code, so, se := cmd("render", files[0], "-o", html); code != 0 {
		t.Fatalf("render: exit %d\n%s\n%s", code, so, se)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if strings.Contains(doc, "“三公”经费支出决算") {
		t.Error("the document speaks of a 三公 table or section the layout does not have")
	}
	if !strings.Contains(doc, "政府性基金预算财政拨款收入支出决算表(表7)") || strings.Contains(doc, "(表9)") {
		t.Error("the document does not list the eight tables as numbered in the layout")
	}
}
