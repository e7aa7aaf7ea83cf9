package importer

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func needSoffice(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
			t.Fatal("soffice (LibreOffice) is required (JUESUAN_REQUIRE_TOOLS=1)")
		}
		t.Skip("soffice (LibreOffice) not installed")
	}
}

// saveAs converts data to a legacy format with LibreOffice, the way a
// unit saves its workbook as .xls.
func saveAs(t *testing.T, data []byte, from, to string) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in."+from)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}
	out, err := exec.CommandContext(ctx, "soffice", "-env:UserInstallation="+profile.String(), "--headless",
		"--convert-to", to, "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "in."+to))
	if err != nil {
		t.Fatalf("soffice wrote no .%s: %s", to, out)
	}
	return b
}

// A workbook and a Word file saved in the legacy binary formats import
// to the same cells as the report.
func TestLegacyThroughLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("four LibreOffice conversions take a minute")
	}
	needSoffice(t)
	want, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, want)
	if err != nil {
		t.Fatal(err)
	}
	var xb, db bytes.Buffer
	if err := xlsx.Render(&xb, doc); err != nil {
		t.Fatal(err)
	}
	if err := docx.Render(&db, doc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		data   []byte
		format Format
	}{
		{"example.xls", saveAs(t, xb.Bytes(), "xlsx", "xls"), FormatXLS},
		{"example.doc", saveAs(t, db.Bytes(), "docx", "doc"), FormatDOC},
	}
	w := cellsCSV(t, tpl, want)
	for _, c := range cases {
		if !bytes.HasPrefix(c.data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			t.Fatalf("%s is not a legacy Office file", c.name)
		}
		res, err := Bytes(c.name, c.data, yearspec.Default, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != c.format {
			t.Errorf("%s: format %s", c.name, res.Format)
		}
		if got := cellsCSV(t, res.Template, res.Report); got != w {
			t.Errorf("%s: cells differ:\n%s", c.name, lineDiff(w, got))
		}
	}
}

// Without LibreOffice a legacy file gets a message that says what to do.
func TestLegacyWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}
	for _, c := range []struct{ name, stream, want string }{
		{"old.xls", "Workbook", "另存为 .xlsx"},
		{"old.doc", "WordDocument", "另存为 .docx"},
	} {
		_, err := Bytes(c.name, append(ole, utf16Name(c.stream)...), yearspec.Default, Options{})
		if err == nil || !strings.Contains(err.Error(), c.name) || !strings.Contains(err.Error(), "安装 LibreOffice") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v", c.name, err)
		}
	}
}

// A compound file with neither a workbook nor a Word stream is refused
// before LibreOffice is started.
func TestLegacyDamaged(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 504)...)
	start := time.Now()
	_, err := Bytes("broken.xls", ole, yearspec.Default, Options{})
	if err == nil || !strings.Contains(err.Error(), "broken.xls") || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: LibreOffice was started", d)
	}
}
