package reportfile

import (
	"os"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

// BenchmarkRead reads a long published report (the 武汉 example, 600 lines
// of facts) and a generated one, each by Read (tables by hand, the rest by
// the YAML library) and by the YAML library alone (how every file was read
// before), in the same run.
func BenchmarkRead(b *testing.B) {
	for _, f := range []struct{ name, path string }{
		{"example", "../../examples/wuhan-zhigong-2020.yaml"},
		{"generated", "testdata/generated.yaml"},
	} {
		src, err := os.ReadFile(f.path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.name+"/read", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, _, err := Read("x.yaml", src, yearspec.Default, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(f.name+"/library", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, _, err := read("x.yaml", src, yearspec.Default, 0, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
