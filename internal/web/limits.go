package web

import (
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"

	"github.com/juesuan/juesuan"
)

// importRetryAfter is what a refused import is told to wait, in seconds:
// about one import of a large PDF.
const importRetryAfter = 30

// defaultMaxImports leaves at least half the CPUs to the pages: reading a
// PDF runs pdfium compiled to WebAssembly and takes a whole core for
// seconds.
func defaultMaxImports() int { return max(1, runtime.NumCPU()/2) }

// importSlots bounds the imports that run at once. A request over the
// bound is refused at once (503 with Retry-After) rather than queued, so
// that uploads never pile up in memory behind a slow one.
type importSlots chan struct{}

func (c importSlots) tryAcquire() bool {
	select {
	case c <- struct{}{}:
		return true
	default:
		return false
	}
}

func (c importSlots) release() { <-c }

// busy answers 503 for an import over the bound.
func (s *Server) busy(w http.ResponseWriter, r *http.Request, p importPage) {
	w.Header().Set("Retry-After", strconv.Itoa(importRetryAfter))
	p.Error = fmt.Sprintf("服务器正忙：同时进行的导入已达上限（%d 个），请约 %d 秒后再试", cap(s.imports), importRetryAfter)
	if isHTMX(r) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(p.Error))
		return
	}
	s.render(w, r, http.StatusServiceUnavailable, "import", "", page{Title: "导入", P: p})
}

// unavailable answers 503 when the database cannot be reached; the
// request may be repeated unchanged.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.cfg.Log.Printf("web: %s %s: %v", r.Method, r.URL.Path, err)
	w.Header().Set("Retry-After", "5")
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "服务暂时不可用（数据库无法访问），请稍后再试", http.StatusServiceUnavailable)
}

// tooLarge answers a form that could not be read: 413 when it is over the
// body limit, saying that nothing was saved and that the browser's back
// button returns to the typed text.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, err error, limit int64) {
	var mbe *http.MaxBytesError
	status, msg := http.StatusBadRequest, "表单无法读取，没有保存任何内容"
	if errors.As(err, &mbe) {
		status = http.StatusRequestEntityTooLarge
		msg = fmt.Sprintf("提交的内容过大（超过 %s），没有保存任何内容。请用浏览器的“后退”回到页面（输入的文字仍在），删减后再保存；每段文字最多 %d 个字符。", sizeText(limit), juesuan.MaxTextRunes)
	}
	if isHTMX(r) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(msg))
		return
	}
	s.render(w, r, status, "error", "", page{Title: "出错了", P: struct {
		Status  int
		Message string
	}{status, msg}})
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(1, n>>10))
}
