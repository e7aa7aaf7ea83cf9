package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/yearspec"
)

const referenceText = "../importer/testdata/wuhan-zhigong-2020-final.txt"

// The import preview shows every amount the importer placed, table by
// table in 万元, and saving stores exactly those.
func TestImportPreviewShowsValues(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.as("filler")
	c.hdr.Set("Sec-Fetch-Site", "same-origin")
	data, err := os.ReadFile(referenceText)
	if err != nil {
		t.Fatal(err)
	}
	want, err := importer.Bytes("ref.txt", data, yearspec.Default, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, body := c.uploadBytes(refURL+"/import", "ref.txt", data)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d %.300s", res.StatusCode, body)
	}
	if n := strings.Count(body, `<td class="num">`); n != len(want.Report.Cells) {
		t.Errorf("preview shows %d amounts, the import placed %d", n, len(want.Report.Cells))
	}
	perTable := map[int]int{}
	for ref, v := range want.Report.Cells {
		perTable[ref.Table]++
		row := fmt.Sprintf(`<td>%s</td>`, ref.Row)
		amount := fmt.Sprintf(`<td class="num">%s</td>`, v.Wan())
		if !strings.Contains(body, row) || !strings.Contains(body, amount) {
			t.Errorf("preview lacks %s = %s", ref, v.Wan())
		}
	}
	for n, k := range perTable {
		if !strings.Contains(body, fmt.Sprintf("（%d 个单元格）", k)) || !strings.Contains(body, fmt.Sprintf("<summary>表%d ", n)) {
			t.Errorf("preview lacks 表%d with %d cells", n, k)
		}
	}
	// The 表1 总计 row with its label, column and amount on one line.
	if !regexp.MustCompile(`<td>30</td><td>总\s*计</td><td>1 [^<]*</td><td class="num">122.40</td>`).MatchString(body) {
		t.Errorf("preview lacks 表1 总计 122.40")
	}
	if strings.Contains(body, "不一致") {
		t.Error("warned of another unit for the unit's own report")
	}
	before := e.current("900001").Current
	tok := between(body, `name="token" value="`, `"`)
	res, body = c.post(refURL+"/import/save", map[string][]string{"token": {tok}, "base": {fmt.Sprint(before)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", res.StatusCode, body)
	}
	if got := e.current("900001").Current; got != before+1 {
		t.Errorf("version %d after saving, want %d", got, before+1)
	}
}

// Importing a document of another unit warns, naming both units.
func TestImportWarnsOfAnotherUnit(t *testing.T) {
	e := newEnv(t, web.Config{})
	u, err := e.st.Unit(context.Background(), "001002")
	if err != nil {
		t.Fatal(err)
	}
	c := e.as("filler2")
	c.hdr.Set("Sec-Fetch-Site", "same-origin")
	// The reference report, published as a web page.
	r, tpl, err := reportfile.ReadFile("../../examples/wuhan-zhigong-2020.yaml", yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	d, err := disclosure.Build(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := html.Render(&page, d); err != nil {
		t.Fatal(err)
	}
	res, body := c.uploadBytes("/reports/001002/2020/import", "report.html", page.Bytes())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d %.300s", res.StatusCode, body)
	}
	if !strings.Contains(body, "格式 html") {
		t.Error("the page was not read as HTML")
	}
	if !strings.Contains(body, "不一致") || !strings.Contains(body, u.Name) || !strings.Contains(body, r.Unit.Name) {
		t.Errorf("no warning naming %q and %q:\n%.2000s", u.Name, r.Unit.Name, body[strings.Index(body, "<main"):])
	}
}

func between(s, a, b string) string {
	_, after, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, b)
	return v
}
