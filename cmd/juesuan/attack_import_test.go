package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/juesuan/juesuan/internal/testutil/hostile"
)

// Issue 17, item 6: imports without an overall budget. An 816 KB flate
// bomb reached 1.7 GB; a 661 KB XLSX with 250 MB of shared strings took
// 47 s and 1.6 GB. Replayed in a child process: bounded memory, a Chinese
// message, exit 2. (The time budget is replayed in internal/importer,
// TestImportTimeBudget.)
func TestAttackImportBudgets(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 400 MB flate bomb")
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bomb := write("bomb.pdf", hostile.FlateBombPDF(400))
	xlsx := write("strings.xlsx", hostile.SharedStringsXLSX(64))
	// The first PDF a machine reads compiles the PDF engine once (about
	// 280 MB more, whatever the file; the compiled module is cached after
	// that). What is bounded here is what the file costs, so the engine is
	// compiled first, by a harmless PDF.
	runAttack(t, "import", write("warm.pdf", hostile.ManyPagesPDF(1, 1)), "-o", filepath.Join(dir, "warm.yaml"))
	for _, c := range []struct {
		name, file, want string
		maxMB            int64
	}{
		{"PDF flate bomb (400 MB of content)", bomb, "解析所需内存超过上限 256 MB|第 1 页解析超时（超过 5s）", 450},
		{"XLSX with 64 MB of shared strings", xlsx, "sharedStrings.xml 解压后 64 MB，超过上限 16 MB", 250},
	} {
		st, _ := os.Stat(c.file)
		res := runAttack(t, "import", c.file, "-o", filepath.Join(dir, "out.yaml"))
		bounded(t, c.name+" ("+itoaKB(st.Size())+")", res, c.want, c.maxMB)
	}
}

func itoaKB(n int64) string { return strconv.FormatInt(n>>10, 10) + " KB" }
