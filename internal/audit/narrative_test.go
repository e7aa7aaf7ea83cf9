package audit_test

import (
	"os"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func narrativeFindings(t *testing.T, text string) []string {
	t.Helper()
	res, err := importer.Bytes("doc.txt", []byte(text), yearspec.Default, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "N") {
			out = append(out, f.Rule+" "+string(f.Severity)+" "+f.Message)
		}
	}
	return out
}

// A 说明 that states an amount or a share the tables do not give gets a
// finding that quotes the sentence; the published reference has none.
func TestNarrativeAgainstTables(t *testing.T) {
	b, err := os.ReadFile("../importer/testdata/wuhan-zhigong-2020-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	ref := string(b)
	if got := narrativeFindings(t, ref); len(got) != 0 {
		t.Errorf("reference: unexpected narrative findings %q", got)
	}
	cases := []struct{ from, to, want string }{
		{"基本支出 97.15 万元，占本年支出 79.37%", "基本支出 97.51 万元，占本年支出 79.37%", "基本支出 97.15 万元，占本年支出 79.37%"},
		{"基本支出 97.15 万元，占本年支出 79.37%", "基本支出 97.15 万元，占本年支出 78.37%", "占本年支出 78.37%"},
		{"卫生健康(类)支出8.25万元，占6.74%", "卫生健康(类)支出8.52万元，占6.74%", "卫生健康(类)支出8.52万元"},
	}
	for _, c := range cases {
		if !strings.Contains(ref, c.from) {
			t.Fatalf("reference lacks %q", c.from)
		}
		got := narrativeFindings(t, strings.Replace(ref, c.from, c.to, 1))
		found := false
		for _, g := range got {
			found = found || (strings.Contains(g, "warning") && strings.Contains(g, c.to[:len(c.to)/2]))
		}
		if !found {
			t.Errorf("doctored %q: findings %q do not quote the sentence", c.to, got)
		}
	}
}
