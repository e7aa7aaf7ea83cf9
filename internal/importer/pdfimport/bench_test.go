package pdfimport

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/klippa-app/go-pdfium"
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

// TestStartupSpeed prints the start of pdfium (module, runtime, one
// instance) as it is and as it was before stop.go (go-pdfium's module
// under wazero's termination checks), interleaved: warm, from a filled
// compilation cache (every start after the first on a machine), the
// median of JUESUAN_SPEED_RUNS runs (default 9); cold with the shipped
// entry (the first start on a machine: an empty cache directory, seeded
// from wasmcache/; only the rewritten module has one), as many; cold
// compiling (no cache: the first start where no entry is shipped), the
// median of 3.
//
//	JUESUAN_SPEED=1 go test ./internal/importer/pdfimport -run StartupSpeed -v
func TestStartupSpeed(t *testing.T) {
	if os.Getenv("JUESUAN_SPEED") == "" {
		t.Skip("JUESUAN_SPEED not set")
	}
	runs := 9
	if n, err := strconv.Atoi(os.Getenv("JUESUAN_SPEED_RUNS")); err == nil && n > 0 {
		runs = n
	}
	dir := t.TempDir()
	start := func(before bool, dir string) (wall, cpu float64) {
		t0, c0 := time.Now(), cpuTime()
		var p pdfium.Pool
		var err error
		if before {
			p, err = newPoolWith(dir, 1, nil, true)
		} else {
			var wasm []byte
			if wasm, err = instrument(pdfiumWasm); err == nil { // as once per process
				p, err = newPoolWith(dir, 1, wasm, false)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		inst, err := p.GetInstance(time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		inst.Close()
		p.Close()
		return time.Since(t0).Seconds(), (cpuTime() - c0).Seconds()
	}
	start(true, dir) // fill the cache
	start(false, dir)
	const warm, seeded, compiled = 0, 1, 2
	var w, c [3][2][]float64 // [warm, seeded, compiled][now, before]: wall, CPU
	for i := 0; i < runs+3; i++ {
		for k, before := range []bool{false, true} {
			if i >= runs {
				wall, cpu := start(before, "")
				w[compiled][k] = append(w[compiled][k], wall)
				c[compiled][k] = append(c[compiled][k], cpu)
				continue
			}
			wall, cpu := start(before, dir)
			w[warm][k] = append(w[warm][k], wall)
			c[warm][k] = append(c[warm][k], cpu)
			if !before && shippedKey != "" { // else it would compile
				empty := t.TempDir()
				wall, cpu := start(false, empty)
				w[seeded][k] = append(w[seeded][k], wall)
				c[seeded][k] = append(c[seeded][k], cpu)
				if files, _ := filepath.Glob(filepath.Join(empty, "*", "*")); len(files) != 1 || filepath.Base(files[0]) != shippedKey {
					t.Errorf("the start from an empty cache did not load the shipped entry: %v", files)
				}
				os.RemoveAll(empty)
			}
		}
	}
	t.Logf("pdfium start, s, median, wall | CPU:\n"+
		"  warm now %.3f | %.3f, before %.3f | %.3f\n"+
		"  cold, shipped entry (empty cache) now %.3f | %.3f\n"+
		"  cold, compiling (no cache) now %.2f | %.2f, before %.2f | %.2f",
		median(w[warm][0]), median(c[warm][0]), median(w[warm][1]), median(c[warm][1]),
		median(w[seeded][0]), median(c[seeded][0]),
		median(w[compiled][0]), median(c[compiled][0]), median(w[compiled][1]), median(c[compiled][1]))
}
