package importer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/testutil/speed"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// TestImportSpeedVsPdftotext prints, per page of the corpus PDFs, the
// whole import (Bytes: text, tables, narrative) and the text extraction
// alone beside `pdftotext -layout` on the same file, warm (pdfium
// started), in wall and CPU time, the median of JUESUAN_SPEED_RUNS runs
// (default 9), interleaved so that the ratios come from the same load of
// a shared machine:
//
//	JUESUAN_SPEED=1 go test ./internal/importer -run ImportSpeedVsPdftotext -v
func TestImportSpeedVsPdftotext(t *testing.T) {
	bin, runs := speed.Pdftotext(t)
	for _, name := range corpusPDFs {
		data := readPDF(t, name)
		path := filepath.Join("testdata", name+".pdf")
		pages := float64(pageCount(t, data))
		if _, err := Bytes(name+".pdf", data, yearspec.Default, Options{}); err != nil { // start pdfium
			t.Fatal(err)
		}
		var imp, ext, pdt [2][]float64 // wall, CPU per page
		for i := 0; i < runs; i++ {
			// As the first import of the file: nothing remembered of it.
			normMemo.reset()
			titleMemo.reset()
			t0, c0 := time.Now(), cpuTime()
			if _, err := Bytes(name+".pdf", data, yearspec.Default, Options{}); err != nil {
				t.Fatal(err)
			}
			imp[0] = append(imp[0], time.Since(t0).Seconds()/pages)
			imp[1] = append(imp[1], (cpuTime()-c0).Seconds()/pages)
			t0, c0 = time.Now(), cpuTime()
			if _, err := pdfimport.Read(context.Background(), name, data, pdfimport.DefaultLimits); err != nil {
				t.Fatal(err)
			}
			ext[0] = append(ext[0], time.Since(t0).Seconds()/pages)
			ext[1] = append(ext[1], (cpuTime()-c0).Seconds()/pages)
			t0 = time.Now()
			cmd := exec.Command(bin, "-layout", path, os.DevNull)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			pdt[0] = append(pdt[0], time.Since(t0).Seconds()/pages)
			pdt[1] = append(pdt[1], (cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()).Seconds()/pages)
		}
		m := func(xs []float64) float64 { sort.Float64s(xs); return xs[len(xs)/2] }
		iw, ic, ew, ec, pw, pc := m(imp[0]), m(imp[1]), m(ext[0]), m(ext[1]), m(pdt[0]), m(pdt[1])
		t.Logf("%s (%.0f pages), s/page, wall | CPU, median of %d:\n"+
			"  import (Bytes)      %.4f | %.4f   %.2f× | %.2f× pdftotext\n"+
			"  text extraction     %.4f | %.4f   %.2f× | %.2f× pdftotext\n"+
			"  pdftotext -layout   %.4f | %.4f",
			name, pages, runs, iw, ic, iw/pw, ic/pc, ew, ec, ew/pw, ec/pc, pw, pc)
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
