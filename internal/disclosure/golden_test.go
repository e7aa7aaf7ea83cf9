package disclosure

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// checkGolden compares got with the golden file, rewriting it under
// -update, and prints the differing lines on failure.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update and review the diff):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff prints a minimal line diff (longest common subsequence), at
// most 60 lines of it.
func lineDiff(a, b string) string {
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
