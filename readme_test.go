package juesuan

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The READMEs' examples must run in a fresh clone: every path they name
// exists in the repository, and none points outside it.
func TestReadmeExamplesUseRepositoryPaths(t *testing.T) {
	pathRE := regexp.MustCompile(`(?:^|\s)((?:\.\./|examples/|internal/|testdata/|years/|docs/)[^\s` + "`" + `)]*)`)
	for _, name := range []string{"README.md", "README.zh-CN.md"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "../") {
				t.Errorf("%s:%d: names a path outside the repository: %s", name, i+1, line)
			}
			if !strings.Contains(line, "go run ./cmd/juesuan") && !strings.Contains(line, "go test ./") {
				continue
			}
			for _, m := range pathRE.FindAllStringSubmatch(line, -1) {
				p := strings.TrimRight(m[1], ".,;:")
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s:%d: example path %s does not exist", name, i+1, p)
				}
			}
		}
	}
}
