package web

import (
	"context"
	"runtime"
	"sync"

	"github.com/juesuan/juesuan/internal/render/pdf"
)

// printer is the server's one long-lived Chromium: every PDF is a tab of
// it, so no request pays the browser's start-up. At most half the CPUs
// (at least one) print at a time; more requests wait their turn, so
// downloads cannot take every core from page views. A browser that fails
// is closed and started again on the next request.
type printer struct {
	mu    sync.Mutex
	p     *pdf.Printer
	once  sync.Once
	sem   chan struct{}
	slots chan struct{} // documents served at a time
}

// acquire waits for a download slot; false when the client went away.
func (pr *printer) acquire(ctx context.Context) bool {
	pr.init()
	select {
	case pr.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (pr *printer) release() { <-pr.slots }

func (pr *printer) init() {
	pr.once.Do(func() {
		n := max(1, runtime.NumCPU()/2)
		pr.sem = make(chan struct{}, n)
		pr.slots = make(chan struct{}, n)
	})
}

func (pr *printer) print(ctx context.Context, page []byte) ([]byte, error) {
	pr.init()
	select {
	case pr.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-pr.sem }()
	pr.mu.Lock()
	if pr.p == nil {
		p, err := pdf.NewPrinter(context.Background())
		if err != nil {
			pr.mu.Unlock()
			return nil, err
		}
		pr.p = p
	}
	p := pr.p
	pr.mu.Unlock()
	out, err := p.Print(ctx, page)
	if err != nil && ctx.Err() == nil {
		pr.mu.Lock()
		if pr.p == p {
			p.Close()
			pr.p = nil
		}
		pr.mu.Unlock()
	}
	return out, err
}

// close stops the browser.
func (pr *printer) close() {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.p != nil {
		pr.p.Close()
		pr.p = nil
	}
}

// Close stops the server's browser, if one was started.
func (s *Server) Close() { s.pdf.close() }
