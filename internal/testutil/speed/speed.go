// Package speed holds what the tests that time the PDF import beside
// `pdftotext -layout` share: they run only when asked, and need poppler.
package speed

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// Pdftotext skips t unless JUESUAN_SPEED is set and pdftotext is
// installed; it returns pdftotext's path and the runs to take the median
// of (JUESUAN_SPEED_RUNS, default 9).
func Pdftotext(t testing.TB) (bin string, runs int) {
	t.Helper()
	if os.Getenv("JUESUAN_SPEED") == "" {
		t.Skip("JUESUAN_SPEED not set")
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	runs = 9
	if n, err := strconv.Atoi(os.Getenv("JUESUAN_SPEED_RUNS")); err == nil && n > 0 {
		runs = n
	}
	return bin, runs
}
