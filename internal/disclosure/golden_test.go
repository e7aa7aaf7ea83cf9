package disclosure

import (
	"testing"

	"github.com/juesuan/juesuan/internal/testutil/golden"
)

// checkGolden compares got with the golden file (golden.Check).
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Check(t, path, got, *update, "go test -update")
}
