package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

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
	"122.40", "1.37", "1.11%", "79.37%", "20.63%", "70.69%", "15.48%", "6.74%", "7.08%",
	"91.73%", "91.33%", "86.21%", "102.23%", "100.35%", "93.65", "3.50", "机关服务（项）",
}

func render(t *testing.T) []byte {
	t.Helper()
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		if strings.Contains(err.Error(), "字体") {
			if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" {
				t.Fatal(err)
			}
			t.Skip(err)
		}
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Every XML part is well-formed and the document has what Word needs.
func TestWellFormedOOXML(t *testing.T) {
	b := render(t)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
			}
		}
		if f.Name == "word/document.xml" {
			doc = string(data)
		}
	}
	for _, want := range []string{"<w:tblHeader/>", `<w:vMerge w:val="restart"/>`, "<w:gridSpan", `w:pStyle w:val="Heading1"`, "<w:drawing>", "footerReference"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

func TestLibreOfficeConverts(t *testing.T) {
	need(t, "soffice")
	need(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.docx")
	if err := os.WriteFile(in, render(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	txt, err := exec.Command("pdftotext", filepath.Join(dir, "doc.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(txt)), "")
	for _, f := range figures {
		if !strings.Contains(text, f) {
			t.Errorf("converted DOCX text lacks %s", f)
		}
	}
}
