package pdfimport

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	_ "unsafe" // go:linkname
)

// Compiling pdfium.wasm takes seconds (3.4 s on an idle machine), so the
// first import on a machine could not be fast however quick the reading
// is. wazero names a compiled module in its cache by a key that depends
// only on the module's bytes, wazero's version and a few CPU features
// (SSE4.1, BMI1, ABM on amd64), so the entry compiled once at build time
// serves nearly every machine of the same architecture: it is shipped,
// gzipped, in wasmcache/ and written into the cache directory before the
// runtime starts, which then loads it as if it had compiled it itself.
//
// The entry is made for linux/amd64 only: wazero compiles for the host,
// and names its cache directory by the operating system as well. On other
// systems and architectures, on a CPU without those features, or when the
// shipped entry belongs to another module or wazero version (the
// generator was not run again), nothing is written and wazero compiles
// the module as it always did.
//
// Regenerate it after changing go-pdfium, wazero or stop.go (a test
// fails until then), on a linux/amd64 machine:
//
//go:generate go run gen_wasmcache.go

// wazeroVersion is the version wazero writes into, and checks in, every
// cache entry and names its cache directory by: the one its module has in
// the program's build information. (linkname: wazero has no public way
// to ask; the link fails, rather than the seeding silently stop, if it is
// renamed.)
//
//go:linkname wazeroVersion github.com/tetratelabs/wazero/internal/version.GetWazeroVersion
func wazeroVersion() string

// wazeroCacheSubdir is the directory wazero keeps its entries in, under
// the directory given to wazero.NewCompilationCacheWithDir.
func wazeroCacheSubdir() string {
	return "wazero-" + wazeroVersion() + "-" + runtime.GOARCH + "-" + runtime.GOOS
}

// fileCacheKey is the name wazero gives the compiled module wasm in its
// cache on a CPU with the features cpu (as wazero's internal/platform
// reads them): sha256 over the module's ID (sha256 of the bytes and of
// whether wazero adds its termination checks, as the runtime's
// WithCloseOnContextDone says; no function listeners), the compiler's
// magic and the CPU features (wazero's engine_cache.go, fileCacheKey).
// The generator checks it against the name wazero actually writes.
func fileCacheKey(wasm []byte, watch bool, cpu uint64) string {
	h := sha256.New()
	h.Write(wasm)
	if watch {
		h.Write([]byte{1})
	} else {
		h.Write([]byte{0})
	}
	id := h.Sum(nil)
	h = sha256.New()
	h.Write(id)
	h.Write([]byte("WAZEVO"))
	h.Write(binary.LittleEndian.AppendUint64(nil, cpu))
	return hex.EncodeToString(h.Sum(nil))
}

// shippedFits says whether the shipped entry is the one wazero would look
// for when starting wasm (with watch) on this machine.
func shippedFits(wasm []byte, watch bool) bool {
	if len(shippedEntry) == 0 || wasm == nil || wazeroCPUFlags != shippedCPU || wazeroCacheSubdir() != shippedDir {
		return false
	}
	// Hashing the module (6 MB, a few ms) is left for last: it is needed
	// only when the cache lacks the entry.
	return fileCacheKey(wasm, watch, wazeroCPUFlags) == shippedKey
}

// seedCache writes the shipped entry into the compilation cache dir, if
// it lacks it and it is the entry wazero will look for. It writes a
// temporary file and renames it, so another process starting at the same
// time finds either no entry (and seeds or compiles) or the whole one: a
// truncated entry would not be compiled again but fail every start.
func seedCache(dir string, wasm []byte, watch bool) error {
	if len(shippedEntry) == 0 {
		return nil
	}
	sub := filepath.Join(dir, shippedDir)
	target := filepath.Join(sub, shippedKey)
	if _, err := os.Stat(target); err == nil || !shippedFits(wasm, watch) {
		return nil
	}
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(sub, shippedKey+".*.seed")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, a no-op
	zr, err := gzip.NewReader(bytes.NewReader(shippedEntry))
	if err == nil {
		_, err = io.Copy(f, zr) // gzip checks the data's CRC at the end
	}
	if err == nil {
		err = f.Sync() // as wazero does: the rename must not outlive the data
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("seeding the PDF engine cache: %w", err)
	}
	return os.Rename(f.Name(), target)
}

// privateCache is a new directory seeded with the shipped entry, for a
// process that can write no cache directory: loading the entry from it
// still spares the compilation. The caller removes it once the module is
// compiled (wazero reads the entry only then). "" when the shipped entry
// does not fit or no place can be written.
func privateCache(wasm []byte, watch bool) string {
	if !shippedFits(wasm, watch) {
		return ""
	}
	// /dev/shm: a container with a read-only root file system usually
	// still has it (the entry is removed right after it is loaded).
	for _, parent := range []string{os.TempDir(), "/dev/shm"} {
		d, err := os.MkdirTemp(parent, "juesuan-wazero-*")
		if err != nil {
			continue
		}
		if err := seedCache(d, wasm, watch); err == nil {
			return d
		}
		os.RemoveAll(d)
	}
	return ""
}

// CompileEngineCache compiles the PDF engine exactly as the importer
// starts it (the same module and runtime configuration), without the
// shipped entry, with wazero's compilation cache in the empty directory
// dir, and returns the entry wazero wrote, relative to dir, and the CPU
// features its key holds. It is the generator's (gen_wasmcache.go): it
// fails if the entry is not the one seedCache would write.
func CompileEngineCache(dir string) (entry string, cpu uint64, err error) {
	wasm, err := stoppableModule()
	if err != nil {
		return "", 0, fmt.Errorf("pdfium could not be instrumented: %w", err)
	}
	p, err := compilePool(dir, 1, wasm, false)
	if err != nil {
		return "", 0, err
	}
	p.Close()
	entry = filepath.Join(wazeroCacheSubdir(), fileCacheKey(wasm, false, wazeroCPUFlags))
	names, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil {
		return "", 0, err
	}
	if len(names) != 1 || names[0] != filepath.Join(dir, entry) {
		return "", 0, fmt.Errorf("wazero wrote %v, the importer would seed %s: has wazero's cache key changed? (wasmcache.go, fileCacheKey)", names, entry)
	}
	return entry, wazeroCPUFlags, nil
}
