package pdfimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

// TestCacheDirFallsBack: a cache directory that cannot be written is not
// used silently; the temporary directory takes its place.
func TestCacheDirFallsBack(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	defer Configure(juesuan.Config{CacheDir: benchCache})
	Configure(juesuan.Config{CacheDir: filepath.Join(file, "below-a-file")})
	d, _ := cacheDir()
	if d == "" || !strings.HasPrefix(d, os.TempDir()) {
		t.Fatalf("cacheDir = %q, want one under %s", d, os.TempDir())
	}
	if err := writable(d); err != nil {
		t.Fatal(err)
	}
	good := t.TempDir()
	Configure(juesuan.Config{CacheDir: good})
	if d, _ := cacheDir(); d != filepath.Join(good, "wazero") {
		t.Errorf("cacheDir = %q", d)
	}
}
