package pdfimport

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/testutil/speed"
)

// corpusPDFs are the two published reports of the corpus (copied from
// /work/shared/corpus into the importer's testdata).
var corpusPDFs = []string{"putuo-caizhengju-2024-final", "putuo-shehuigongzuobu-2024-final"}

func corpusPDF(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name+".pdf"))
	if err != nil {
		t.Skipf("corpus PDF missing: %v", err)
	}
	return data
}

// TestSpeedVsPdftotext prints the warm time per page of Read beside
// `pdftotext -layout` on the corpus PDFs, in wall and CPU time, each the
// median of JUESUAN_SPEED_RUNS runs (default 9), with the reading as it
// was before stop.go (go-pdfium's module under wazero's termination
// checks, direct calls) and with two instances in parallel, all
// interleaved so that the ratios are measured under the same load of a
// shared machine:
//
//	JUESUAN_SPEED=1 go test ./internal/importer/pdfimport -run SpeedVsPdftotext -v
func TestSpeedVsPdftotext(t *testing.T) {
	bin, runs := speed.Pdftotext(t)
	type way struct {
		name      string
		read      func(name string, data []byte) error
		wall, cpu []float64
	}
	for _, name := range corpusPDFs {
		data := corpusPDF(t, name)
		path := filepath.Join("..", "testdata", name+".pdf")
		ways := []*way{
			{name: "Read", read: func(name string, data []byte) error {
				_, err := Read(context.Background(), name, data, DefaultLimits)
				return err
			}},
			{name: "two instances in parallel", read: func(name string, data []byte) error {
				_, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{instances: 2})
				return err
			}},
			{name: "before (watched module)", read: func(name string, data []byte) error {
				_, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{watched: true})
				return err
			}},
			{name: "pdftotext -layout"},
		}
		pdftotext := ways[len(ways)-1]
		pdftotext.read = func(string, []byte) error {
			cmd := exec.Command(bin, "-layout", path, os.DevNull)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%v: %s", err, out)
			}
			// Its CPU time is the child's, not this process's.
			pdftotext.cpu = append(pdftotext.cpu, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
			return nil
		}
		doc, err := Read(context.Background(), name, data, DefaultLimits) // start pdfium, warm caches
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ways[1 : len(ways)-1] {
			if err := w.read(name, data); err != nil { // start the other pools too
				t.Fatal(err)
			}
		}
		pages := float64(doc.Pages)
		for i := 0; i < runs; i++ {
			for _, w := range ways {
				start, cpu := time.Now(), cpuTime()
				if err := w.read(name, data); err != nil {
					t.Fatal(err)
				}
				w.wall = append(w.wall, time.Since(start).Seconds()/pages)
				if w != pdftotext {
					w.cpu = append(w.cpu, (cpuTime()-cpu).Seconds()/pages)
				} else {
					w.cpu[len(w.cpu)-1] /= pages
				}
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%d pages), s/page, wall | CPU, median of %d:\n", name, doc.Pages, runs)
		p, pc := median(pdftotext.wall), median(pdftotext.cpu)
		for _, w := range ways {
			o, oc := median(w.wall), median(w.cpu)
			fmt.Fprintf(&b, "  %-27s %.4f | %.4f   ratio to pdftotext %.2f× | %.2f×\n", w.name, o, oc, o/p, oc/pc)
		}
		t.Log(b.String())
	}
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

// BenchmarkReadCorpus is Read per page of the corpus PDFs, warm.
func BenchmarkReadCorpus(b *testing.B) {
	for _, name := range corpusPDFs {
		b.Run(name, func(b *testing.B) {
			data := corpusPDF(b, name)
			doc, err := Read(context.Background(), name, data, DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Read(context.Background(), name, data, DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*doc.Pages), "s/page")
		})
	}
}
