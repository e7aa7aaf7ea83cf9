package juesuan

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOnlyTheCommandReadsTheEnvironment: configuration comes in through
// Config (cmd/juesuan reads it once); a package reading the environment
// itself could not be configured by a test or an embedding program.
func TestOnlyTheCommandReadsTheEnvironment(t *testing.T) {
	env := regexp.MustCompile(`\bos\.(Getenv|LookupEnv)\(`)
	n := 0
	err := filepath.WalkDir("internal", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Test helpers (storetest, testutil) may read the test environment.
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "storetest") || strings.HasPrefix(filepath.ToSlash(path), "internal/testutil/") {
			return nil
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if env.MatchString(line) {
				t.Errorf("%s:%d reads the environment: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d Go files under internal/: wrong directory?", n)
	}
	c := ConfigFrom(func(k string) string { return "v-" + k })
	if c.Chromium != "v-JUESUAN_CHROMIUM" || c.CJKFont != "v-JUESUAN_CJK_FONT" || c.CacheDir != "v-JUESUAN_CACHE_DIR" {
		t.Errorf("ConfigFrom = %+v", c)
	}
}
