package pdfimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCacheDirFallsBack: a cache directory that cannot be written is not
// used silently; the temporary directory takes its place.
func TestCacheDirFallsBack(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	t.Setenv("JUESUAN_CACHE_DIR", filepath.Join(file, "below-a-file"))
	d := cacheDir()
	if d == "" || !strings.HasPrefix(d, os.TempDir()) {
		t.Fatalf("cacheDir = %q, want one under %s", d, os.TempDir())
	}
	if err := writable(d); err != nil {
		t.Fatal(err)
	}
	good := t.TempDir()
	t.Setenv("JUESUAN_CACHE_DIR", good)
	if d := cacheDir(); d != filepath.Join(good, "wazero") {
		t.Errorf("cacheDir = %q", d)
	}
}
