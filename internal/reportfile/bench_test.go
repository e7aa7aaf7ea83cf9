package reportfile

import (
	"os"
	"testing"

	"github.com/juesuan/juesuan/internal/yearspec"
)

func BenchmarkReadExample(b *testing.B) {
	src, err := os.ReadFile("../../examples/wuhan-zhigong-2020.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := Read("x.yaml", src, yearspec.Default, 0); err != nil {
			b.Fatal(err)
		}
	}
}
