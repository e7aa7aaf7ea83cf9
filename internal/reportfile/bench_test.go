package reportfile

import (
	"os"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// BenchmarkRead reads a long published report (the 武汉 example, 600 lines
// of facts) and a generated one, each by Read (tables by hand, the rest by
// the YAML library) and by the YAML library alone (how every file was read
// before). The two alternate within each iteration, so that the ratio holds
// on a busy machine: read-µs, library-µs and library/read are reported.
func BenchmarkRead(b *testing.B) {
	for _, f := range []struct{ name, path string }{
		{"example", "../../examples/wuhan-zhigong-2020.yaml"},
		{"generated", "testdata/generated.yaml"},
	} {
		src, err := os.ReadFile(f.path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.name, func(b *testing.B) {
			var fast, lib time.Duration
			for range b.N {
				t0 := time.Now()
				if _, _, err := Read("x.yaml", src, yearspec.Default, 0); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, _, err := read("x.yaml", src, yearspec.Default, 0, false); err != nil {
					b.Fatal(err)
				}
				fast += t1.Sub(t0)
				lib += time.Since(t1)
			}
			b.ReportMetric(float64(fast.Microseconds())/float64(b.N), "read-µs")
			b.ReportMetric(float64(lib.Microseconds())/float64(b.N), "library-µs")
			b.ReportMetric(float64(lib)/float64(fast), "library/read")
		})
	}
}
