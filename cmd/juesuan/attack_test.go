package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The attack replays of issue 17 run the command in a child process (this
// test binary, re-executed) so that its peak memory is the child's own
// rusage, not the test runner's.

const childEnv = "JUESUAN_ATTACK_CHILD_ARGS"

// TestAttackChild is the child: it runs the command line in childEnv and
// exits with its code. It does nothing in a normal run.
func TestAttackChild(t *testing.T) {
	js := os.Getenv(childEnv)
	if js == "" {
		t.Skip("only as a child of an attack replay")
	}
	var args []string
	if err := json.Unmarshal([]byte(js), &args); err != nil {
		t.Fatal(err)
	}
	code := run(context.Background(), args, os.Getenv, strings.NewReader(""), os.Stdout, os.Stderr)
	os.Exit(code)
}

// attackResult is what one replay measured.
type attackResult struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // bytes
}

// runAttack runs the CLI with args in a child process and measures it.
func runAttack(t *testing.T, args ...string) attackResult {
	t.Helper()
	js, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestAttackChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+string(js))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := attackResult{elapsed: time.Since(start), stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return res
}

// selfMaxRSS is this test process's own peak. Linux carries the parent's
// peak into a child started with vfork and exec (the child's rusage is at
// least the parent's at exec time), so the replays keep the parent small
// (large inputs are streamed to disk) and log this floor beside each figure.
func selfMaxRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

// writeRepeated writes head, then chunk n times, then tail, without
// holding the whole file in memory.
func writeRepeated(t *testing.T, path, head, chunk string, n int, tail string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(head)
	for range n {
		w.WriteString(chunk)
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// bounded asserts an attack ended with exit 2, a Chinese message holding
// want, under a generous time ceiling and a memory bound, and logs the
// figures docs/reliability.md quotes.
func bounded(t *testing.T, name string, res attackResult, want string, maxMB int64) {
	t.Helper()
	t.Logf("%s: exit %d, %.2f s, peak RSS %d MB (test runner's floor %d MB): %s", name, res.code, res.elapsed.Seconds(), res.maxRSS>>20, selfMaxRSS()>>20, firstLine(res.stderr))
	if res.code != exitUsage {
		t.Errorf("%s: exit %d, want %d\nstderr: %s", name, res.code, exitUsage, res.stderr)
	}
	// want may list alternatives separated by "|" (which limit is hit
	// first depends on the machine's load).
	found := false
	for _, w := range strings.Split(want, "|") {
		found = found || strings.Contains(res.stderr, w)
	}
	if !found {
		t.Errorf("%s: message lacks %q:\n%s", name, want, res.stderr)
	}
	if strings.Contains(res.stderr, "goroutine ") || strings.Contains(res.stderr, "panic") {
		t.Errorf("%s: a panic:\n%s", name, res.stderr)
	}
	if res.maxRSS > maxMB<<20 {
		t.Errorf("%s: peak RSS %d MB, bound %d MB", name, res.maxRSS>>20, maxMB)
	}
	if res.elapsed > 2*time.Minute {
		t.Errorf("%s: took %v", name, res.elapsed)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
