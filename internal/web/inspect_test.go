package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/render/xlsx"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// inspectUpload posts files to 公开检查 and waits for the batch to finish; it
// returns the batch's id.
func inspectUpload(t *testing.T, c *client, files map[string][]byte) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		w.Write(data)
	}
	mw.Close()
	res, _ := c.do("POST", "/inspect/import", &body, mw.FormDataContentType())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/inspect/")
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, page := c.get(loc); strings.Contains(page, "已完成") {
			return id
		}
	}
	t.Fatalf("batch %s did not finish", id)
	return ""
}

// TestInspectRecheck: a unit's report with a fault, then corrected; the
// re-check shows the findings that are gone. Marks need the reviewer of
// the unit; a 填报人 has no 公开检查.
func TestInspectRecheck(t *testing.T) {
	e := newEnv(t, web.Config{})
	tpl, err := yearspec.Default.Load("2020")
	if err != nil {
		t.Fatal(err)
	}
	p, err := audit.Program(tpl)
	if err != nil {
		t.Fatal(err)
	}
	render := func(faults int) ([]byte, string) {
		g := gen.Generate(p, demo.Year, gen.Options{Units: 6, Seed: 1, Faults: faults})[0]
		d, err := disclosure.Build(tpl, g.Report)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := xlsx.Render(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.Bytes(), g.Unit.Code
	}
	faulty, code := render(1)
	clean, _ := render(0)
	c := e.as("reviewer")
	first := inspectUpload(t, c, map[string][]byte{"report.xlsx": faulty, "broken.pdf": []byte("%PDF-1.4 broken")})
	_, page := c.get("/inspect/" + first)
	if !strings.Contains(page, "无法检查") || !strings.Contains(page, "已匹配") {
		t.Fatalf("first batch page lacks the broken file or the match:\n%.3000s", page)
	}
	seq := regexp.MustCompile(`/inspect/` + first + `/docs/(\d+)"`).FindStringSubmatch(page)
	if seq == nil {
		t.Fatal("no document link")
	}
	_, doc := c.get("/inspect/" + first + "/docs/" + seq[1])
	if !strings.Contains(doc, "错误") || strings.Contains(doc, "复查") {
		t.Fatalf("first check: %.2000s", doc)
	}
	// Mark: a bad status is refused; a good one is kept.
	id := regexp.MustCompile(`name="finding" value="([^"]+)"`).FindStringSubmatch(doc)
	if id == nil {
		t.Fatal("no finding to mark")
	}
	if res, _ := c.post("/inspect/"+first+"/docs/"+seq[1]+"/mark", map[string][]string{"finding": {id[1]}, "status": {"删除"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad status: %d", res.StatusCode)
	}
	if res, _ := c.post("/inspect/"+first+"/docs/"+seq[1]+"/mark", map[string][]string{"finding": {id[1]}, "status": {"已确认"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("mark: %d", res.StatusCode)
	}

	second := inspectUpload(t, c, map[string][]byte{"report-corrected.xlsx": clean})
	_, page = c.get("/inspect/" + second)
	seq = regexp.MustCompile(`/inspect/` + second + `/docs/(\d+)"`).FindStringSubmatch(page)
	_, doc = c.get("/inspect/" + second + "/docs/" + seq[1])
	m := regexp.MustCompile(`已消除 (\d+) 个问题`).FindStringSubmatch(doc)
	if m == nil || m[1] == "0" {
		t.Fatalf("re-check of %s does not show what was fixed:\n%.3000s", code, doc)
	}

	// The unit's list, to hand back.
	if res, body := c.get("/inspect/" + second + "/download/unit-" + code + ".docx"); res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("unit list: %d", res.StatusCode)
	}
	if res, _ := c.get("/inspect/" + second + "/download/unit-999999.docx"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unit list of a unit not in the batch: %d", res.StatusCode)
	}

	// A 填报人 sees no 公开检查; the public neither.
	if res, _ := e.as("filler").get("/inspect/" + first); res.StatusCode != http.StatusForbidden {
		t.Errorf("filler: %d", res.StatusCode)
	}
	if res, _ := e.anon().get("/inspect"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("public: %d", res.StatusCode)
	}
}
