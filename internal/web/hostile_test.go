package web_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/testutil/hostile"
	"github.com/juesuan/juesuan/internal/web"
)

func hostilePDF() []byte { return hostile.MillionOpsPDF() }

// upload is a multipart import request whose file content is sent to
// the returned channel, so that a test decides when the upload ends; the
// part header goes out at once.
func (c *client) upload(path, name string) (*http.Request, chan<- []byte) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range c.hdr {
		req.Header[k] = v
	}
	data := make(chan []byte, 1)
	go func() {
		fw, err := mw.CreateFormFile("file", name)
		if err == nil {
			_, err = fw.Write(<-data)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return req, data
}

func (c *client) uploadBytes(path, name string, data []byte) (*http.Response, string) {
	req, send := c.upload(path, name)
	send <- data
	res, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// While a hostile PDF is being imported, a second import is refused at
// once with 503, Retry-After and a Chinese message; pages keep answering
// quickly and without error; once the import ends, importing works again.
func TestHostileImportKeepsServerResponsive(t *testing.T) {
	e := newEnv(t, web.Config{MaxImports: 1})
	filler := e.as("filler")
	const imp = refURL + "/import"

	// The first upload holds the only slot while its body is still
	// arriving: the slot is taken before the upload is read.
	type result struct {
		status int
		body   string
		err    error
	}
	var send chan<- []byte
	var done chan result
	start := func() {
		var req *http.Request
		req, send = filler.upload(imp, "hostile.pdf")
		done = make(chan result, 1)
		d := done
		go func() {
			res, err := filler.c.Do(req)
			if err != nil {
				d <- result{err: err}
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			d <- result{status: res.StatusCode, body: string(b)}
		}()
	}
	start()
	// Whatever happens below, the pending upload ends before the server
	// is closed (a close waits for every connection).
	t.Cleanup(func() {
		select {
		case send <- nil:
		default:
		}
	})
	other := e.as("admin")
	var refused bool
	// The first upload reaches the handler after its request is parsed,
	// which a loaded machine may delay; and if a probe held the slot just
	// then, the first upload was the one refused: it starts again.
	for deadline := time.Now().Add(30 * time.Second); !refused && time.Now().Before(deadline); {
		select {
		case r := <-done:
			if r.status != http.StatusServiceUnavailable {
				t.Fatalf("the first upload ended before its body was sent: %d %v %.200s", r.status, r.err, r.body)
			}
			start()
			time.Sleep(20 * time.Millisecond)
			continue
		default:
		}
		res, body := other.uploadBytes(imp, "small.txt", []byte("x"))
		switch res.StatusCode {
		case http.StatusServiceUnavailable:
			refused = true
			if res.Header.Get("Retry-After") == "" || !strings.Contains(body, "同时进行的导入已达上限") {
				t.Errorf("503 without Retry-After or message: %q %.200s", res.Header.Get("Retry-After"), body)
			}
		case http.StatusUnprocessableEntity, http.StatusBadRequest:
			// The first upload had not reached the handler yet.
			time.Sleep(10 * time.Millisecond)
		default:
			t.Fatalf("second import: status %d %.200s", res.StatusCode, body)
		}
	}
	if !refused {
		t.Fatal("a second import was never refused while the first held the slot")
	}

	// Now the hostile body arrives and the importer runs.
	send <- hostilePDF()
	var lat []time.Duration
	running := true
	var mu sync.Mutex
	pages := []string{"/", refURL, refURL + "?t=6", "/dashboard", pubURL}
	var res result
	for i := 0; running; i++ {
		t0 := time.Now()
		r, _ := filler.get(pages[i%len(pages)])
		d := time.Since(t0)
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET %s during the import: %d", pages[i%len(pages)], r.StatusCode)
		}
		select {
		case res = <-done:
			running = false
		default:
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	}
	if res.err != nil || res.status != http.StatusUnprocessableEntity || !(strings.Contains(res.body, "文字层") || strings.Contains(res.body, "解析超时")) {
		t.Fatalf("hostile import: %d %v %s", res.status, res.err, res.body[strings.Index(res.body, "<main"):])
	}
	if len(lat) < 3 {
		t.Fatalf("only %d page requests ran during the import", len(lat))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p99 := lat[len(lat)*99/100]
	t.Logf("during the hostile import: %d page requests, 0 errors, p50 %s, p99 %s, max %s",
		len(lat), lat[len(lat)/2].Round(time.Millisecond), p99.Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	// A generous bound: a page that waited for the importer would take
	// the import's whole time (seconds).
	if lat[len(lat)-1] > 2*time.Second {
		t.Errorf("a page took %s while the import ran", lat[len(lat)-1])
	}
	// The slot is free again.
	if r, body := other.uploadBytes(imp, "small.txt", []byte("x")); r.StatusCode == http.StatusServiceUnavailable {
		t.Errorf("import still refused after the first ended: %.200s", body)
	}
}

// An upload over MaxUpload is refused with a Chinese message, before the
// importer sees it.
func TestUploadLimit(t *testing.T) {
	e := newEnv(t, web.Config{MaxUpload: 1 << 20})
	res, body := e.as("filler").uploadBytes(refURL+"/import", "big.pdf", make([]byte, 2<<20))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "文件过大（超过 1 MB）") {
		t.Fatalf("oversized upload: %d %.300s", res.StatusCode, body)
	}
	// Just under the limit reaches the importer (and fails there).
	res, body = e.as("filler").uploadBytes(refURL+"/import", "zeros.pdf", make([]byte, 1<<19))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("upload under the limit: %d %.300s", res.StatusCode, body)
	}
}
