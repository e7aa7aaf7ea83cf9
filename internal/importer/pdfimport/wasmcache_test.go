package pdfimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	_ "unsafe" // go:linkname

	"github.com/juesuan/juesuan"
)

// wazeroVersionVar is where wazero keeps its version once read from the
// program's build information. A test binary has no module list in its
// build information, so wazero calls itself "dev" there, names its cache
// directory and entries by that, and the shipped entry (made by the
// program's version) would never serve. Setting it to the version go.mod
// requires makes the tests start pdfium as the juesuan program does.
//
//go:linkname wazeroVersionVar github.com/tetratelabs/wazero/internal/version.version
var wazeroVersionVar string

func init() {
	if v, err := goModWazero(); err == nil && wazeroVersionVar == "" {
		wazeroVersionVar = v
	}
}

// goModWazero is the version of wazero the module's go.mod requires.
func goModWazero() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for !exists(filepath.Join(dir, "go.mod")) {
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(fields) >= 2 && fields[0] == "github.com/tetratelabs/wazero" {
			return fields[1], nil
		}
	}
	return "", os.ErrNotExist
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func pageText(p Page) string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		b.WriteRune(g.R)
	}
	return b.String()
}

const regenerate = "run `go generate ./internal/importer/pdfimport` on a linux/amd64 machine and commit wasmcache/linux_amd64.gz and wasmcache_key_linux_amd64.go"

// TestShippedEntryFresh fails when the shipped compiled pdfium is not the
// one the importer will look for (go-pdfium, wazero or stop.go changed
// since the generator ran), without compiling anything: the key is
// computed as wazero computes it (checked by the generator and by
// TestEmptyCacheDoesNotCompile against wazero itself).
func TestShippedEntryFresh(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("no entry is shipped for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	if len(shippedEntry) == 0 || shippedKey == "" {
		t.Fatalf("no compiled pdfium is shipped: %s", regenerate)
	}
	v, err := goModWazero()
	if err != nil {
		t.Fatalf("wazero's version in go.mod: %v", err)
	}
	if want := "wazero-" + v + "-amd64-linux"; shippedDir != want {
		t.Errorf("the shipped entry is for %s, go.mod has wazero %s: %s", shippedDir, v, regenerate)
	}
	wasm, err := stoppableModule()
	if err != nil {
		t.Fatalf("pdfium could not be instrumented: %v", err)
	}
	if key := fileCacheKey(wasm, false, shippedCPU); key != shippedKey {
		t.Errorf("the shipped entry is for key %s, the module the importer runs (go-pdfium's, rewritten by stop.go) has %s: %s", shippedKey, key, regenerate)
	}
	zr, err := gzip.NewReader(bytes.NewReader(shippedEntry))
	if err != nil {
		t.Fatalf("wasmcache/linux_amd64.gz: %v", err)
	}
	if want := shippedDir + "/" + shippedKey; zr.Name != want {
		t.Errorf("wasmcache/linux_amd64.gz is %s, wasmcache_key_linux_amd64.go says %s: %s", zr.Name, want, regenerate)
	}
	// wazero's entry header: magic, version length, version.
	head := make([]byte, 7+len(v))
	if _, err := io.ReadFull(zr, head); err != nil || string(head) != "WAZEVO"+string(rune(len(v)))+v {
		t.Errorf("wasmcache/linux_amd64.gz begins %q, not wazero %s's header: %s", head, v, regenerate)
	}
}

// A start with an empty cache directory loads the shipped entry: the one
// file in the cache afterwards is the seeded one, not replaced (wazero
// rewrites an entry it finds stale) and with no other beside it (wazero
// adds the entry it compiles), and pdfium reads a page with it.
func TestEmptyCacheDoesNotCompile(t *testing.T) {
	wasm := shippedOrSkip(t)
	dir := t.TempDir()
	start := time.Now()
	if err := seedCache(dir, wasm, false); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, shippedDir, shippedKey)
	seeded, err := os.Stat(entry)
	if err != nil {
		t.Fatalf("the cache was not seeded: %v", err)
	}
	p, err := newPoolWith(dir, 1, wasm, false)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	inst, err := p.GetInstance(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	elapsed := time.Since(start)
	d := newDirect(inst)
	doc, buf, err := d.open(buildPDF([]string{"BT /F1 12 Tf 72 700 Td (seeded) Tj ET"}, false))
	if err != nil {
		t.Fatal(err)
	}
	pg, err := d.page(doc, 0)
	d.close(doc, buf)
	if err != nil || !strings.Contains(pageText(pg), "seeded") {
		t.Fatalf("page read with the shipped entry: %v, %q", err, pageText(pg))
	}
	after, err := os.Stat(entry)
	if err != nil || !os.SameFile(seeded, after) {
		t.Errorf("wazero replaced the seeded entry (compiled it again): %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*", "*")); len(files) != 1 || files[0] != entry {
		t.Errorf("cache holds %v, want only the seeded %s (wazero compiled another key)", files, entry)
	}
	t.Logf("start from an empty cache directory: %.3f s", elapsed.Seconds())
}

// Processes seeding the same cache at once leave one whole entry and no
// temporary file: each writes its own and renames it.
func TestSeedConcurrent(t *testing.T) {
	wasm := shippedOrSkip(t)
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = seedCache(dir, wasm, false) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != 1 {
		t.Fatalf("cache holds %v", files)
	}
	zr, _ := gzip.NewReader(bytes.NewReader(shippedEntry))
	n, _ := io.Copy(io.Discard, zr)
	if st, err := os.Stat(files[0]); err != nil || st.Size() != n {
		t.Errorf("seeded entry: %v, want %d bytes", err, n)
	}
}

// With no writable cache directory at all (neither the configured one
// nor the temporary directory), the engine still loads the shipped entry,
// from a directory of its own on /dev/shm.
func TestPrivateCacheWithoutWritableDirs(t *testing.T) {
	wasm := shippedOrSkip(t)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	t.Setenv("TMPDIR", filepath.Join(file, "tmp"))
	defer Configure(juesuan.Config{CacheDir: benchCache})
	Configure(juesuan.Config{CacheDir: filepath.Join(file, "cache")})
	if d, tried := cacheDir(); d != "" || len(tried) != 2 {
		t.Fatalf("cacheDir = %q, %v; want none", d, tried)
	}
	d := privateCache(wasm, false)
	if d == "" {
		t.Skip("neither the temporary directory nor /dev/shm can be written")
	}
	defer os.RemoveAll(d)
	if !strings.HasPrefix(d, "/dev/shm/") {
		t.Errorf("private cache %s, want one under /dev/shm", d)
	}
	p, err := newPoolWith(d, 1, wasm, false)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	if files, _ := filepath.Glob(filepath.Join(d, "*", "*")); len(files) != 1 {
		t.Errorf("private cache holds %v, want the seeded entry only", files)
	}
}

// shippedOrSkip returns the module the importer runs when the shipped
// entry serves this machine, and skips the test otherwise.
func shippedOrSkip(t *testing.T) []byte {
	t.Helper()
	if len(shippedEntry) == 0 {
		t.Skipf("no entry is shipped for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	if wazeroCPUFlags != shippedCPU {
		t.Skipf("this CPU's features (%d) are not those of the shipped entry (%d)", wazeroCPUFlags, shippedCPU)
	}
	wasm, err := stoppableModule()
	if err != nil {
		t.Fatalf("pdfium could not be instrumented: %v", err)
	}
	if !shippedFits(wasm, false) {
		t.Fatalf("the shipped entry (%s) is not the one this build looks for (%s): %s", shippedDir+"/"+shippedKey, wazeroCacheSubdir(), regenerate)
	}
	return wasm
}
