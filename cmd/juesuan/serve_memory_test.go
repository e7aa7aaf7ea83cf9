package main

import (
	"context"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/store"
)

// TestServeMemoryLimit: serve runs under a soft memory limit (its default,
// or --memory-mb), leaves one set by GOMEMLIMIT alone unless the flag is
// given, and gives the process its own limit back when it stops.
func TestServeMemoryLimit(t *testing.T) {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	before := debug.SetMemoryLimit(-1)
	for _, tc := range []struct {
		name   string
		args   []string
		env    string
		wantMB int64 // 0: the process's own limit, untouched
	}{
		{"default", nil, "", defaultMemoryMB},
		{"flag", []string{"--memory-mb", "200"}, "", 200},
		{"GOMEMLIMIT set", nil, "512MiB", 0},
		{"flag over GOMEMLIMIT", []string{"--memory-mb", "300"}, "512MiB", 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out, errb syncBuffer
			exit := make(chan int, 1)
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "m.db"), "--doc-cache", ""}, tc.args...)
			getenv := func(k string) string {
				if k == "GOMEMLIMIT" {
					return tc.env
				}
				return ""
			}
			go func() { exit <- run(ctx, args, getenv, strings.NewReader(""), &out, &errb) }()
			waitFor(t, "the server to start", func() bool {
				select {
				case code := <-exit:
					t.Fatalf("serve exited %d: %s", code, errb.String())
				default:
				}
				return addrRE.MatchString(out.String())
			})
			want := before
			if tc.wantMB > 0 {
				want = tc.wantMB << 20
			}
			if got := debug.SetMemoryLimit(-1); got != want {
				t.Errorf("memory limit while serving: %d, want %d", got, want)
			}
			cancel()
			<-exit
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("memory limit after serve: %d, want the process's %d", got, before)
			}
		})
	}
}
