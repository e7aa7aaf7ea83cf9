package web_test

import (
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/doccache"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/web"
)

func needBrowser(tb testing.TB) {
	tb.Helper()
	if _, err := pdf.Browser(); err != nil {
		tb.Skip(err)
	}
}

func docServer(tb testing.TB) (*env, string) {
	dir := tb.TempDir()
	docs, err := doccache.Open(dir, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return newEnv(tb, web.Config{Documents: docs}), dir
}

func download(tb testing.TB, c *client, path string) []byte {
	tb.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	return []byte(body)
}

// TestPublicPDFCached: the published PDF is rendered once and then served
// from the cache directory, byte for byte the same.
func TestPublicPDFCached(t *testing.T) {
	needBrowser(t)
	e, dir := docServer(t)
	first := download(t, e.anon(), pubURL+"/document/pdf")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("cache holds %d files after one download, want 1", len(entries))
	}
	start := time.Now()
	second := download(t, e.anon(), pubURL+"/document/pdf")
	if string(first) != string(second) || len(first) < 1000 || string(first[:4]) != "%PDF" {
		t.Fatalf("cached PDF differs (%d and %d bytes)", len(first), len(second))
	}
	t.Logf("cached download: %v", time.Since(start))
	c := e.anon()
	res, _ := c.get(pubURL + "/document/pdf")
	tag := res.Header.Get("ETag")
	if tag == "" {
		t.Fatal("a cached document has no ETag")
	}
	c.hdr.Set("If-None-Match", tag)
	if res, _ := c.get(pubURL + "/document/pdf"); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", res.StatusCode)
	}
	download(t, e.anon(), pubURL+"/document/docx")
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("cache holds %d files, want 2 (pdf, docx)", len(entries))
	}
}

// BenchmarkPublicPDF: a public PDF download rendered on the request (the
// server's browser already running) beside one served from the cache, and
// public page views alone beside page views while 5 clients download the
// PDF without pause, in the same run.
func BenchmarkPublicPDF(b *testing.B) {
	needBrowser(b)
	e, _ := docServer(b)
	plain := newEnv(b, web.Config{})
	download(b, plain.anon(), pubURL+"/document/pdf") // start the browser
	b.Run("render", func(b *testing.B) {
		for range b.N {
			download(b, plain.anon(), pubURL+"/document/pdf")
		}
	})
	download(b, e.anon(), pubURL+"/document/pdf") // fill the cache
	b.Run("cached", func(b *testing.B) {
		for range b.N {
			download(b, e.anon(), pubURL+"/document/pdf")
		}
	})
	page := func(b *testing.B) {
		for range b.N {
			download(b, e.anon(), pubURL)
		}
	}
	b.Run("page", page)
	b.Run("page-with-5-pdf-clients", func(b *testing.B) {
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := e.anon()
				for !stop.Load() {
					res, err := c.c.Get(e.srv.URL + pubURL + "/document/pdf")
					if err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
				}
			}()
		}
		b.ResetTimer()
		page(b)
		b.StopTimer()
		stop.Store(true)
		wg.Wait()
	})
}

// TestReviewCopy: the unit's 审核人 gets the review copy (computed 绩效
// scores beside the declared ones), in a file of its own in the cache;
// the public asking for it gets the public copy.
func TestReviewCopy(t *testing.T) {
	e, _ := docServer(t)
	rev := e.as("reviewer")
	if _, page := rev.get(pubURL); !strings.Contains(page, "copy=review") {
		t.Fatal("the reviewer is not offered the review copy")
	}
	review := string(download(t, rev, pubURL+"/document/html?copy=review"))
	public := string(download(t, rev, pubURL+"/document/html"))
	if review == public {
		t.Fatal("the review copy is the public copy")
	}
	if !strings.Contains(review, "计算得分") && !strings.Contains(review, "计算") {
		t.Error("the review copy shows no computed score")
	}
	if anon := string(download(t, e.anon(), pubURL+"/document/html?copy=review")); anon != public {
		t.Error("the public got the review copy")
	}
	if _, page := e.anon().get(pubURL); strings.Contains(page, "copy=review") {
		t.Error("the public is offered the review copy")
	}
}

// TestPublicPageNoStaffLogin: the public list offers the reports, not a
// staff login; the staff entrance is a discreet link in the footer.
func TestPublicPageNoStaffLogin(t *testing.T) {
	e, _ := docServer(t)
	_, page := e.anon().get("/")
	if strings.Contains(page, "工作人员登录") {
		t.Error("the public page shows a staff login button")
	}
	if !strings.Contains(page, "工作人员入口") {
		t.Error("no staff entrance in the footer")
	}
}
