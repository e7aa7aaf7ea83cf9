package pdf

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// need skips when an external program is missing, unless CI demands it.
func need(t *testing.T, prog string) {
	t.Helper()
	if _, err := exec.LookPath(prog); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required (JUESUAN_REQUIRE_TOOLS=1) but not installed", prog)
		}
		t.Skipf("%s not installed; skipping (CI installs it)", prog)
	}
}

var figures = []string{
	"122.40", "1.37", "1.11%", "100.00%", "79.37%", "20.63%", "70.69%", "15.48%", "6.74%", "7.08%",
	"91.73%", "91.33%", "86.21%", "102.23%", "100.35%", "93.65", "3.50", "133.43", "84.17%", "机关服务（项）",
}

func TestPDFText(t *testing.T) {
	if _, err := Browser(); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	need(t, "pdftotext")
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command("pdftotext", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(txt)), " ")
	for _, f := range figures {
		if !strings.Contains(text, f) {
			t.Errorf("PDF text lacks %s", f)
		}
	}
	for c, v := range r.Cells {
		if !strings.Contains(text, v.Wan()) {
			t.Errorf("PDF text lacks cell %s = %s", c, v.Wan())
		}
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err == nil && !strings.Contains(string(info), "A4") {
		t.Errorf("not A4:\n%s", info)
	}
	if !strings.Contains(strings.ReplaceAll(text, " ", ""), "—3—") {
		t.Error("no page numbers in the PDF text")
	}
}

func TestMissingBrowserIsAClearError(t *testing.T) {
	Configure(juesuan.Config{Chromium: filepath.Join(t.TempDir(), "no-such-chromium")})
	defer Configure(juesuan.Config{})
	_, err := PrintHTML(context.Background(), []byte("<p>x</p>"))
	if err == nil || !strings.Contains(err.Error(), "浏览器") {
		t.Errorf("err = %v, want a Chinese message about the browser", err)
	}
}
