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

// TestSharedCacheDirMustBeOwn: the fallback under the shared temporary
// directory is refused when others can write it (someone could plant
// compiled code there), and said why.
func TestSharedCacheDirMustBeOwn(t *testing.T) {
	if os.Getuid() < 0 {
		t.Skip("no user ids here")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, nil, 0o600)
	defer Configure(juesuan.Config{CacheDir: benchCache})
	Configure(juesuan.Config{CacheDir: filepath.Join(file, "below-a-file")})
	shared := filepath.Join(tmp, "juesuan-wazero-"+juesuan.Itoa(os.Getuid()))
	if err := os.Mkdir(shared, 0o700); err != nil {
		t.Fatal(err)
	}
	if d, _ := cacheDir(); d != shared {
		t.Fatalf("cacheDir = %q, want the private %s", d, shared)
	}
	os.Chmod(shared, 0o777)
	d, tried := cacheDir()
	if d != "" || !strings.Contains(strings.Join(tried, ""), "其他用户可写") {
		t.Errorf("cacheDir = %q, tried %v: a world-writable directory was not refused", d, tried)
	}
}
