package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// syncBuffer is a stdout the test reads while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

var addrRE = regexp.MustCompile(`http://([0-9.:]+)/`)

// Graceful shutdown: a save whose request is still arriving when the
// server is told to stop completes and is acknowledged; new connections
// are refused from the moment the stop begins.
func TestServeShutdownFinishesSaves(t *testing.T) {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	db := filepath.Join(t.TempDir(), "serve.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	}()
	var addr string
	waitFor(t, "the server to start", func() bool {
		if m := addrRE.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
			return true
		}
		select {
		case code := <-exit:
			t.Fatalf("serve exited %d: %s", code, errb.String())
		default:
		}
		return false
	})
	base := "http://" + addr
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := cl.PostForm(base+"/login", url.Values{"name": {"filler"}, "password": {demo.Password}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login: %v %v", res, err)
	}
	res.Body.Close()
	k := juesuan.ReportKey{Unit: demo.RefCode, Year: 2020, Scope: juesuan.ScopeOwn}
	st, err := store.Open(context.Background(), db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	info, err := st.ReportInfo(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	var cookie string
	for _, c := range jar.Cookies(&url.URL{Scheme: "http", Host: addr}) {
		cookie = c.Name + "=" + c.Value
	}

	// The save: headers and half the body now, the rest after the stop.
	body := url.Values{"base": {fmt.Sprint(info.Current)}, "table": {"1"}, "v:1:4:1": {"12.34"}}.Encode()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A first request on the same connection makes sure the server has
	// accepted it (a connection still in the listen queue when the
	// listener closes was never in flight).
	br := bufio.NewReader(conn)
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	if hr, err := http.ReadResponse(br, nil); err != nil || hr.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v", err)
	} else {
		io.ReadAll(hr.Body)
		hr.Body.Close()
	}
	fmt.Fprintf(conn, "POST /reports/%s/2020/cells HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		demo.RefCode, addr, cookie, len(body), body[:len(body)/2])

	// Give the server a moment to read the headers and enter the
	// handler, which then waits for the rest of the body.
	time.Sleep(200 * time.Millisecond)
	cancel()
	waitFor(t, "the stop to begin", func() bool { return strings.Contains(out.String(), "正在停止") })
	waitFor(t, "new connections to be refused", func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case code := <-exit:
		t.Fatalf("serve exited (%d) before the in-flight save finished", code)
	default:
	}

	io.WriteString(conn, body[len(body)/2:])
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the in-flight save got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the in-flight save: status %d", resp.StatusCode)
	}
	var code int
	waitFor(t, "serve to exit", func() bool {
		select {
		case code = <-exit:
			return true
		default:
			return false
		}
	})
	if code != exitOK || !strings.Contains(out.String(), "已停止") {
		t.Fatalf("serve exit %d\n%s%s", code, out.String(), errb.String())
	}
	after, err := st.ReportInfo(context.Background(), k)
	if err != nil || after.Current != info.Current+1 {
		t.Fatalf("after the stop: version %d, want %d (%v)", after.Current, info.Current+1, err)
	}
	r, _, err := st.LoadReport(context.Background(), k, 0)
	if err != nil || r.Cells[juesuan.CellRef{Table: 1, Row: "4", Col: "1"}] != 12_340_000 { // 12.34 万元 in 分
		t.Fatalf("the saved cell: %v", err)
	}
}

// The server's timeouts cut off slow clients: headers that never end,
// a body that never ends, and idle keep-alive connections.
func TestServeTimeouts(t *testing.T) {
	if serveLimits.ReadHeader == 0 || serveLimits.Read == 0 || serveLimits.Write == 0 || serveLimits.Idle == 0 {
		t.Fatalf("a production timeout is unset: %+v", serveLimits)
	}
	l := limits{ReadHeader: 200 * time.Millisecond, Read: 400 * time.Millisecond, Write: 2 * time.Second, Idle: 300 * time.Millisecond}
	bodyErr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			_, err := io.ReadAll(r.Body)
			bodyErr <- err
			return
		}
		w.Write([]byte("ok"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpServer(h, l)
	go srv.Serve(ln)
	defer srv.Close()
	addr := ln.Addr().String()
	closedWithin := func(c net.Conn, d time.Duration) bool {
		c.SetReadDeadline(time.Now().Add(d))
		_, err := io.ReadAll(c)
		ne, ok := err.(net.Error)
		return err == nil || !(ok && ne.Timeout())
	}

	// Slow headers.
	c, _ := net.Dial("tcp", addr)
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n")
	if !closedWithin(c, 5*time.Second) {
		t.Error("a client that never finishes its headers is not cut off")
	}
	c.Close()

	// Slow body.
	c, _ = net.Dial("tcp", addr)
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
	select {
	case err := <-bodyErr:
		if err == nil {
			t.Error("a body that never ends was read without error")
		}
	case <-time.After(5 * time.Second):
		t.Error("a body that never ends is not cut off")
	}
	c.Close()

	// Idle keep-alive.
	c, _ = net.Dial("tcp", addr)
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); err == nil {
		t.Error("unexpected data on an idle connection")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("an idle keep-alive connection is not closed")
	}
	c.Close()
}
