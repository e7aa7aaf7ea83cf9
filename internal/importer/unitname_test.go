package importer

import (
	"strings"
	"testing"
)

func TestUnitMismatch(t *testing.T) {
	cases := []struct {
		db, doc string
		warn    bool
	}{
		{"武汉经济技术开发区（汉南区）职工服务中心", "武汉经济技术开发区(汉南区) 职工服务中心", false},
		{"某市ＡＢＣ研究所", "某市ABC研究所", false},
		{"某市总工会", "某市　总 工 会", false},
		{"某市总工会", "", false},
		{"某市总工会", "某市财政局", true},
		{"某市总工会本级", "某市总工会", true},
	}
	for _, c := range cases {
		w := UnitMismatch("f.pdf", "001", c.db, c.doc)
		if (w != "") != c.warn {
			t.Errorf("%q vs %q: warning %q", c.db, c.doc, w)
		}
		if w != "" && !(strings.Contains(w, c.db) && strings.Contains(w, c.doc) && strings.Contains(w, "f.pdf") && strings.Contains(w, "001")) {
			t.Errorf("warning does not name both units, the file and the code: %q", w)
		}
	}
}
