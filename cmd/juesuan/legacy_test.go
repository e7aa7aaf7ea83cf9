package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Without LibreOffice, a legacy workbook or Word file stops the command
// with exit 2 and says how to proceed.
func TestLegacyWithoutLibreOffice(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	for name, stream := range map[string]string{"report.xls": "W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00", "report.doc": "W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, append(ole, stream...), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCmd(t, "check", path)
		if code != exitUsage || !strings.Contains(errs, name) || !strings.Contains(errs, "安装 LibreOffice") || !strings.Contains(errs, "另存为") {
			t.Errorf("%s: exit %d, stderr %q", name, code, errs)
		}
	}
}
