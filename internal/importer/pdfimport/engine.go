package pdfimport

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// maxWasmPages caps the memory of one pdfium instance (64 KiB pages):
// 1 GiB is far above what a published report needs, and a hostile PDF
// that asks for more fails inside the sandbox instead of exhausting the
// machine.
const maxWasmPages = 16384

var (
	poolOnce sync.Once
	pool     pdfium.Pool
	poolErr  error
	poolSize int // instances the pool may hold: one per core
)

// engine returns the process-wide pdfium pool, started on first use.
// Compiling pdfium.wasm takes seconds; the compiled code is cached under
// the user cache directory so later processes start in about 0.1 s.
func engine() (pdfium.Pool, error) {
	poolOnce.Do(func() {
		poolSize = runtime.GOMAXPROCS(0)
		pool, poolErr = newPool(cacheDir(), poolSize)
	})
	return pool, poolErr
}

// newPool starts pdfium with up to n instances, caching the compiled
// module in dir ("" for no cache).
func newPool(dir string, n int) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(maxWasmPages)
	if dir != "" {
		if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(c)
		}
	}
	return webassembly.Init(webassembly.Config{
		Context:       context.Background(),
		MinIdle:       0,
		MaxIdle:       n,
		MaxTotal:      n,
		RuntimeConfig: rc,
		// No file system: documents are passed as bytes, so a PDF can
		// never make pdfium read the host's files.
		FSConfig:     wazero.NewFSConfig(),
		ReuseWorkers: true,
	})
}

func cacheDir() string {
	if d := os.Getenv("JUESUAN_CACHE_DIR"); d != "" {
		return filepath.Join(d, "wazero")
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	d = filepath.Join(d, "juesuan", "wazero")
	if os.MkdirAll(d, 0o755) != nil {
		return ""
	}
	return d
}
