package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runRender(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"render"}, args...), func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRenderHTML(t *testing.T) {
	out := filepath.Join(t.TempDir(), "doc.html")
	code, _, stderr := runRender(t, "../../examples/wuhan-zhigong-2020.yaml", "--format", "html", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1.11%", "79.37%", "机关服务（项）", "部门决算"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestRenderUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"../../examples/wuhan-zhigong-2020.yaml", "--format", "html"}, "-o"},
		{"bad format", []string{"../../examples/wuhan-zhigong-2020.yaml", "--format", "odt", "-o", filepath.Join(dir, "x.odt")}, "--format"},
		{"missing file", []string{filepath.Join(dir, "none.yaml"), "-o", filepath.Join(dir, "x.html")}, "none.yaml"},
		{"no report", []string{"-o", filepath.Join(dir, "x.html")}, "报表文件"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runRender(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}
