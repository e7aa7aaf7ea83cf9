// Package golden compares generated documents with the golden files kept
// beside the tests, which -update rewrites.
package golden

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Check compares got with the golden file, rewriting it first when update
// is set, and prints the differing lines on failure; how names the
// command that refreshes the file.
func Check(t *testing.T, golden, got string, update bool, how string) {
	t.Helper()
	if update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run %s to create it)", err, how)
	}
	if got != string(want) {
		t.Errorf("%s differs (run %s and review the diff):\n%s", golden, how, Diff(string(want), got))
	}
}

// Diff prints a minimal line diff of a and b (longest common
// subsequence), at most 60 lines of it.
func Diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, fmt.Sprintf("+%d: %s", j+1, y[j]))
			j++
		default:
			out = append(out, fmt.Sprintf("-%d: %s", i+1, x[i]))
			i++
		}
	}
	if len(out) > 60 {
		out = append(out[:60], fmt.Sprintf("… %d more lines", len(out)-60))
	}
	return strings.Join(out, "\n")
}
