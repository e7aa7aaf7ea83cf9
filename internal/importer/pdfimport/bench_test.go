package pdfimport

import (
	"os"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
)

// BenchmarkStartup measures starting pdfium (wazero runtime, module,
// one instance) with the compilation cache warm, as every start after
// the first on a machine is. BenchmarkStartupCold compiles the module
// from scratch (the first start ever); run it with -benchtime=1x.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	startOnce(b, dir) // fill the cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		startOnce(b, dir)
	}
}

func BenchmarkStartupCold(b *testing.B) {
	for i := 0; i < b.N; i++ {
		startOnce(b, "")
	}
}

func startOnce(b *testing.B, dir string) {
	p, err := newPool(dir, 1)
	if err != nil {
		b.Fatal(err)
	}
	inst, err := p.GetInstance(time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	inst.Close()
	p.Close()
}

// benchCache keeps the tests and benchmarks from depending on, or
// filling, the user's cache.
var benchCache = os.TempDir() + "/juesuan-bench-cache"

func init() { Configure(juesuan.Config{CacheDir: benchCache}) }
