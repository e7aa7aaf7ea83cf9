package pdfimport

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
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
// `pdftotext -layout` on the corpus PDFs, in wall and CPU time, each the median of
// JUESUAN_SPEED_RUNS runs (default 9), with the reading as it was before
// (glyphs' reference path: one instance, go-pdfium's requests), all
// interleaved so that the ratios are measured under the same load of a
// shared machine:
//
//	JUESUAN_SPEED=1 go test ./internal/importer/pdfimport -run SpeedVsPdftotext -v
func TestSpeedVsPdftotext(t *testing.T) {
	if os.Getenv("JUESUAN_SPEED") == "" {
		t.Skip("JUESUAN_SPEED not set")
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	runs := 9
	if n, err := time.ParseDuration(os.Getenv("JUESUAN_SPEED_RUNS") + "ns"); err == nil && n > 0 {
		runs = int(n)
	}
	for _, name := range corpusPDFs {
		data := corpusPDF(t, name)
		path := filepath.Join("..", "testdata", name+".pdf")
		doc, err := Read(context.Background(), name, data, DefaultLimits) // start pdfium, warm caches
		if err != nil {
			t.Fatal(err)
		}
		pages := float64(doc.Pages)
		var ours, theirs, oursCPU, theirsCPU, ref, refCPU, two, twoCPU []float64
		for i := 0; i < runs; i++ {
			start, cpu := time.Now(), cpuTime()
			if _, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{reference: true}); err != nil {
				t.Fatal(err)
			}
			ref = append(ref, time.Since(start).Seconds()/pages)
			refCPU = append(refCPU, (cpuTime()-cpu).Seconds()/pages)
			start, cpu = time.Now(), cpuTime()
			if _, err := glyphs(context.Background(), name, data, DefaultLimits, readOptions{instances: 2}); err != nil {
				t.Fatal(err)
			}
			two = append(two, time.Since(start).Seconds()/pages)
			twoCPU = append(twoCPU, (cpuTime()-cpu).Seconds()/pages)
			start, cpu = time.Now(), cpuTime()
			if _, err := Read(context.Background(), name, data, DefaultLimits); err != nil {
				t.Fatal(err)
			}
			ours = append(ours, time.Since(start).Seconds()/pages)
			oursCPU = append(oursCPU, (cpuTime()-cpu).Seconds()/pages)
			start = time.Now()
			cmd := exec.Command(bin, "-layout", path, os.DevNull)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			theirs = append(theirs, time.Since(start).Seconds()/pages)
			theirsCPU = append(theirsCPU, (cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()).Seconds()/pages)
		}
		o, p := median(ours), median(theirs)
		oc, pc := median(oursCPU), median(theirsCPU)
		r, rc := median(ref), median(refCPU)
		t.Logf("%s (%d pages), s/page, wall | CPU:\n"+
			"  Read                            %.4f | %.4f\n"+
			"  two instances in parallel       %.4f | %.4f\n"+
			"  before (one instance, requests) %.4f | %.4f\n"+
			"  pdftotext -layout               %.4f | %.4f\n"+
			"  ratio Read/pdftotext            %.2f× | %.2f×   (before: %.2f× | %.2f×)",
			name, doc.Pages, o, oc, median(two), median(twoCPU), r, rc, p, pc, o/p, oc/pc, r/p, rc/pc)
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
