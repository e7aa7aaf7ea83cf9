package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Issue 17, item 7: one U+FFFE or U+FFFF in a text made the DOCX
// unopenable. Every XML part must parse, and the text around it is kept.
func TestNoncharactersKeepDocxWellFormed(t *testing.T) {
	r, tpl, err := reportfile.ReadFile(filepath.Join("..", "..", "..", "examples", "wuhan-zhigong-2020.yaml"), yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.Unit.Name = "职工\uFFFE服务\uFFFF中心\x01"
	doc, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Skip(err) // no CJK font here; TestWellFormedOOXML says so under CI
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(data), "职工服务中心") {
			found = true
		}
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	if !found {
		t.Error("the unit name is missing from the document")
	}
	if got := esc("a\uFFFEb\uFFFFc\uFFFDd"); got != "abc\uFFFDd" {
		t.Errorf("esc: %q", got)
	}
}
