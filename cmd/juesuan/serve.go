package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/juesuan/juesuan/internal/api"
	"github.com/juesuan/juesuan/internal/doccache"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

func init() {
	register(command{"serve", "运行网页工作台（填报、审核、公开）", cmdServe})
}

// defaultMemoryMB is serve's soft memory limit: with it, 10,000 saves at
// 20 users peaked at 266 MiB of RSS (482 MiB without).
const defaultMemoryMB = 240

func cmdServe(e *env, args []string) int {
	fs := newFlags(e, "serve", "serve [--addr 127.0.0.1:8080] [--db PATH|postgres://…] [--demo]")
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址")
	db := dbFlag(fs)
	demoFlag := fs.Bool("demo", false, "数据库为空时创建演示数据（参考单位、单位树、各角色用户）")
	cacheDir := fs.String("doc-cache", doccache.DefaultDir(), "已生成文档（PDF 等）的缓存目录；空字符串表示不缓存")
	cacheMB := fs.Int64("doc-cache-mb", 1024, "文档缓存目录的大小上限（MB），超出时先删最久未用的文档")
	secure := fs.Bool("secure-cookies", false, "会话 Cookie 总是加 Secure 标记（在 HTTPS 反向代理之后运行时使用）")
	memMB := fs.Int64("memory-mb", defaultMemoryMB, "服务进程的内存软上限（MB，Go 运行时按此回收内存）；0 表示不设；已设环境变量 GOMEMLIMIT 且未给出本参数时以 GOMEMLIMIT 为准")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "memory-mb" })
	if *memMB < 0 {
		return fail(e, usageError{"--memory-mb 应为 0 或正整数（MB）"})
	}
	if (given || e.getenv("GOMEMLIMIT") == "") && *memMB > 0 {
		// The caches are bounded in bytes; the soft limit keeps what the
		// collector leaves behind near them, so the process stays near
		// 300 MB however many saves it serves (BENCHMARKS.md).
		prev := debug.SetMemoryLimit(*memMB << 20)
		defer debug.SetMemoryLimit(prev)
	}
	if len(pos) > 0 {
		return fail(e, usageError{fmt.Sprintf("serve 不接受参数 %q", pos[0])})
	}
	// One cached template loader for the store and the pages: the rules
	// are compiled once, not on every save.
	tpls := web.CacheTemplates(templates(e))
	st, err := store.OpenMigrated(e.ctx, dbPath(e, *db), storecodec.New(tpls))
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	if *demoFlag {
		created, err := demo.Seed(e.ctx, st, tpls)
		if err != nil {
			return fail(e, fmt.Errorf("创建演示数据失败：%v", err))
		}
		if created {
			fmt.Fprintln(e.stdout, "已创建演示数据。演示用户（密码均为 "+demo.Password+"）：")
		} else {
			fmt.Fprintln(e.stdout, "数据库已有数据，未重新创建演示数据。演示用户（若未修改，密码均为 "+demo.Password+"）：")
		}
		for _, l := range demo.Logins {
			fmt.Fprintf(e.stdout, "  %-9s %s（%s）\n", l.Name, l.Role, l.Note)
		}
	}
	logger := log.New(e.stderr, "juesuan serve: ", log.LstdFlags)
	apiHandler := api.NewHandler(st, api.Options{Render: web.RenderAPIDocument, Log: logger})
	var docs *doccache.Cache
	if *cacheDir != "" {
		if docs, err = doccache.Open(*cacheDir, *cacheMB<<20); err != nil {
			fmt.Fprintf(e.stderr, "juesuan serve: 注意：%v；文档将在每次下载时重新生成\n", err)
		}
	}
	srvWeb, err := web.New(e.ctx, web.Config{Secure: *secure, Templates: tpls, Log: logger, API: apiHandler, Documents: docs}, st)
	if err != nil {
		return fail(e, err)
	}
	defer srvWeb.Close()
	h := http.Handler(srvWeb)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(e, fmt.Errorf("无法监听 %s：%v", *addr, err))
	}
	srv := httpServer(h, serveLimits)
	fmt.Fprintf(e.stdout, "工作台已启动：http://%s/ （Ctrl+C 停止）\n", ln.Addr())
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fail(e, err)
		}
	case <-ctx.Done():
		fmt.Fprintln(e.stdout, "正在停止：等待进行中的请求完成…")
		// In-flight requests finish (up to a PDF's render time); new
		// connections are refused at once.
		sctx, cancel := context.WithTimeout(context.Background(), serveLimits.Shutdown)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return fail(e, fmt.Errorf("停止时仍有请求未完成：%v", err))
		}
		fmt.Fprintln(e.stdout, "已停止。")
	}
	return exitOK
}

// limits are the server's timeouts; tests shorten them.
type limits struct {
	ReadHeader, Read, Write, Idle, Shutdown time.Duration
}

var serveLimits = limits{
	ReadHeader: 10 * time.Second, // slow-header (slowloris) clients are cut off
	Read:       2 * time.Minute,  // uploads of published PDFs
	Write:      3 * time.Minute,  // PDF rendering through Chromium
	Idle:       2 * time.Minute,
	Shutdown:   2 * time.Minute, // in-flight saves and renders finish
}

func httpServer(h http.Handler, l limits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    64 << 10,
	}
}
