package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/testutil/hostile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Issue 17, item 6: a 31 KB 30-page PDF took 70 s (a 1,000-page one about
// 39 minutes) and held the only import slot. The import now has one time
// budget for the whole file (juesuan.ImportTimeBudget; shortened here).
func TestImportTimeBudget(t *testing.T) {
	data := hostile.ManyPagesPDF(300, 100_000) // one slow content stream, 300 pages
	start := time.Now()
	_, err := Bytes("slow.pdf", data, yearspec.Default, Options{TimeBudget: 2 * time.Second})
	elapsed := time.Since(start)
	t.Logf("%d KB, %d pages: %v after %v", len(data)>>10, 300, err, elapsed)
	if err == nil || !strings.Contains(err.Error(), "导入超过总时限（2s）") {
		t.Fatalf("want the budget's message, got %v", err)
	}
	// The budget, plus at most one page's own limit, plus a wide margin
	// for a loaded machine.
	if elapsed > 30*time.Second {
		t.Errorf("took %v", elapsed)
	}
}
