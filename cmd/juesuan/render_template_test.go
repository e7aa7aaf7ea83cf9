package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderEveryTemplate: the renderer works on each template's layout,
// not only 2020's (Shanghai 2024 prints no 行次 column).
func TestRenderEveryTemplate(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ in, want string }{
		{"../../internal/importer/testdata/putuo-caizhengju-2024-final.txt", "326.71"},
		{example, "122.40"},
	} {
		for _, format := range []string{"html", "xlsx", "docx"} {
			out := filepath.Join(dir, filepath.Base(tc.in)+"."+format)
			code, _, errs := runCmd(t, "render", tc.in, "--format", format, "-o", out)
			if code != 0 {
				t.Fatalf("render %s %s: exit %d: %s", tc.in, format, code, errs)
			}
			if format == "html" {
				b, _ := os.ReadFile(out)
				if !strings.Contains(string(b), tc.want) {
					t.Errorf("%s: HTML lacks %s", tc.in, tc.want)
				}
			}
		}
	}
}
