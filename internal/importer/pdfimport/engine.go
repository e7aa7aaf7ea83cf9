package pdfimport

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	_ "unsafe" // go:linkname

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/juesuan/juesuan"
)

// maxWasmPages caps the memory of one pdfium instance (64 KiB pages) at
// the import memory budget: far above what a published report needs (tens
// of MB), and a hostile PDF that asks for more (a flate bomb) fails inside
// the sandbox instead of exhausting the machine.
const maxWasmPages = juesuan.ImportMemoryBudget / 65536

var (
	poolOnce  sync.Once
	pool      pdfium.Pool
	poolErr   error
	poolSize  int  // instances the pool may hold: one per core
	poolWatch bool // the pool uses wazero's termination checks, not stop.go's
)

// engine returns the process-wide pdfium pool, started on first use.
// Compiling pdfium.wasm takes seconds; the compiled code is cached under
// the user cache directory so later processes start in about 0.4 s, and
// the first one finds it there too where the build shipped it
// (wasmcache.go).
func engine() (pdfium.Pool, error) {
	poolOnce.Do(func() {
		poolSize = runtime.GOMAXPROCS(0)
		wasm, err := stoppableModule()
		poolWatch = err != nil
		dir, tried := cacheDir()
		if dir == "" {
			// Nothing to keep the compiled code in: load the shipped
			// entry from a directory of this process's own, removed
			// once the module is compiled, rather than compile.
			dir = privateCache(wasm, poolWatch)
			if dir != "" {
				defer os.RemoveAll(dir)
			}
			cacheNotice(tried, dir != "")
		}
		pool, poolErr = newPoolWith(dir, poolSize, wasm, poolWatch)
		if poolErr != nil && !poolWatch {
			// The rewritten module cannot run (its host function could
			// not be provided): go-pdfium's own, under wazero's checks.
			poolWatch = true
			pool, poolErr = newPoolWith(dir, poolSize, nil, true)
		}
	})
	return pool, poolErr
}

var (
	watchedOnce sync.Once
	watchedPool pdfium.Pool
	watchedErr  error
)

// watchedEngine is a pool of go-pdfium's own module under wazero's
// termination checks, as the import read before stop.go: only for the
// measurements that compare the two (readOptions.watched).
func watchedEngine() (pdfium.Pool, error) {
	watchedOnce.Do(func() {
		dir, _ := cacheDir()
		watchedPool, watchedErr = newPoolWith(dir, 2, nil, true)
	})
	return watchedPool, watchedErr
}

// newPool starts pdfium with up to n instances, caching the compiled
// module in dir ("" for no cache).
func newPool(dir string, n int) (pdfium.Pool, error) {
	wasm, err := stoppableModule()
	return newPoolWith(dir, n, wasm, err != nil)
}

// newPoolWith starts pdfium from the module wasm (nil: go-pdfium's own),
// with wazero's termination checks when watch is set (see stop.go),
// first seeding the cache with the shipped compiled module if it fits.
func newPoolWith(dir string, n int, wasm []byte, watch bool) (pdfium.Pool, error) {
	if dir != "" {
		// On failure wazero compiles, as without the shipped entry.
		_ = seedCache(dir, wasm, watch)
	}
	return compilePool(dir, n, wasm, watch)
}

// compilePool is newPoolWith without the seeding: what the generator
// compiles the shipped entry with (CompileEngineCache).
func compilePool(dir string, n int, wasm []byte, watch bool) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(watch).
		WithMemoryLimitPages(maxWasmPages)
	if dir != "" {
		if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(c)
		}
	}
	p, err := webassembly.Init(webassembly.Config{
		Context:       experimental.WithMemoryAllocator(context.Background(), reserved{}),
		MinIdle:       0,
		MaxIdle:       n,
		MaxTotal:      n,
		RuntimeConfig: rc,
		// No file system: documents are passed as bytes, so a PDF can
		// never make pdfium read the host's files.
		FSConfig:     wazero.NewFSConfig(),
		ReuseWorkers: true,
		WASM:         wasm,
	})
	if err != nil || wasm == nil {
		return p, err
	}
	// The rewritten module imports stop.go's host function.
	if err := addYieldHost(p); err != nil {
		p.Close()
		return nil, fmt.Errorf("PDF 引擎的超时检查无法安装: %w", err)
	}
	return p, nil
}

// pdfiumWasm is the module go-pdfium embeds (in an internal package of
// its own, hence the linkname): the module stop.go instruments.
//
//go:linkname pdfiumWasm github.com/klippa-app/go-pdfium/internal/pdfium_wasm.Module
var pdfiumWasm []byte

var (
	stoppableOnce sync.Once
	stoppable     []byte
	stoppableErr  error
)

// stoppableModule is pdfiumWasm with the stop checks, made once per
// process (about 30 ms on the development machine).
func stoppableModule() ([]byte, error) {
	stoppableOnce.Do(func() { stoppable, stoppableErr = instrument(pdfiumWasm) })
	return stoppable, stoppableErr
}

// cacheRoot is the configured cache directory (Configure); "" the
// user cache directory.
var cacheRoot atomic.Value

// Configure takes the engine's cache directory from the program's
// configuration (JUESUAN_CACHE_DIR); it counts before the first PDF.
func Configure(c juesuan.Config) { cacheRoot.Store(c.CacheDir) }

// cacheDir is a writable directory for the compiled engine: the user
// cache directory (or JUESUAN_CACHE_DIR), else one under the temporary
// directory; "" and what was tried when none can be written.
func cacheDir() (string, []string) {
	var tried []string
	candidates := []string{}
	if d, _ := cacheRoot.Load().(string); d != "" {
		candidates = append(candidates, filepath.Join(d, "wazero"))
	} else if d, err := os.UserCacheDir(); err == nil {
		candidates = append(candidates, filepath.Join(d, "juesuan", "wazero"))
	}
	shared := filepath.Join(os.TempDir(), fmt.Sprintf("juesuan-wazero-%d", os.Getuid()))
	candidates = append(candidates, shared)
	for _, d := range candidates {
		err := writable(d)
		if err == nil && d == shared {
			// Anyone can create this name in a shared temporary
			// directory, and wazero runs what it finds there as machine
			// code: only a directory of our own that no one else can
			// write is used.
			err = ownPrivate(d)
		}
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s（%v）", d, err))
			continue
		}
		return d, nil
	}
	return "", tried
}

// cacheNotice says on stderr that no cache directory can be written, what
// every run costs for it, and how to fix it: with the shipped entry
// (seeded, in a directory of the process's own), writing and loading it
// again; without, compiling pdfium again (seconds).
func cacheNotice(tried []string, seeded bool) {
	cost := "每次运行都要重新编译 PDF 引擎（约 5 秒）"
	if seeded {
		cost = "每次运行都要在临时目录中重新准备 PDF 引擎（多用约 0.1–0.2 秒）"
	}
	fmt.Fprintf(os.Stderr, "juesuan: 注意：PDF 引擎的编译缓存无法写入：%s；%s。请用环境变量 JUESUAN_CACHE_DIR 指定一个可写的目录。\n", strings.Join(tried, "；"), cost)
}

// writable creates d if needed and checks that a file can be written in it.
func writable(d string) error {
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d, ".probe-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// reserved backs each pdfium instance's memory with one slice of the
// memory's maximum (the cap above), reserved at once: Go maps a large
// allocation without touching it, so it costs only what pdfium uses. The
// default grows by copying, which held the old and the new memory at once
// and left the old for the collector (a flate bomb reached 871 MB under a
// 256 MB cap).
type reserved struct{}

func (reserved) Allocate(_, max uint64) experimental.LinearMemory {
	return &linearMemory{buf: make([]byte, 0, max)}
}

type linearMemory struct{ buf []byte }

func (m *linearMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		return nil // over the cap: the allocation fails inside pdfium
	}
	m.buf = m.buf[:size]
	return m.buf
}

func (m *linearMemory) Free() { m.buf = nil }
