package web_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/web"
)

func upload(t *testing.T, c *client, path, file, content, op string) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", file)
	fw.Write([]byte(content))
	mw.WriteField("op", op)
	mw.Close()
	return c.do("POST", path, &b, mw.FormDataContentType())
}

// TestCatalogUpload: an admin uploads an official catalog on the web: it
// is compared with the catalog in force (which does not change), and the
// year template using it downloads as a ZIP; a bad file is refused with
// its line.
func TestCatalogUpload(t *testing.T) {
	e := newEnv(t, web.Config{})
	admin := e.as("admin")
	const path = "/admin/years/national/catalogs/function/upload"
	csv := "科目编码,科目名称\n205,教育支出\n20502,普通教育\n2050299,其他普通教育支出\n"
	res, body := upload(t, admin, path, "official.csv", csv, "compare")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "official.csv：共 3 条") || !strings.Contains(body, "新增 1 条") {
		t.Fatalf("compare: %d %s", res.StatusCode, grab(body, `id="catalog-compare">`, "</p>"))
	}
	res, body = upload(t, admin, path, "official.csv", csv, "zip")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if strings.Contains(f.Name, "catalogs/") {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			found = found || strings.Contains(b.String(), "2050299")
		}
	}
	if !found {
		t.Error("the ZIP's catalog lacks the uploaded code")
	}
	res, body = upload(t, admin, path, "bad.csv", "科目编码,科目名称\n2010,x\n", "compare")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "bad.csv:2") {
		t.Errorf("bad file: %d", res.StatusCode)
	}
	// The catalog in force is unchanged: the code is still unknown.
	if _, page := admin.get("/admin/years/national/catalogs/function?q=2050299"); !strings.Contains(page, "没有符合条件的条目") {
		t.Error("the upload changed the catalog in force")
	}
	if res, _ := upload(t, e.as("reviewer"), path, "official.csv", csv, "compare"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a reviewer uploads: %d", res.StatusCode)
	}
}
