package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/juesuan/juesuan/internal/importer"
)

// Batch mode (docs/contract.md "Many reports at once"): check, cells,
// render and perf accept several files and folders, work on them in
// parallel on every core, print each report's output in input order, show
// a progress bar when stderr is a terminal, and end with one summary. The
// exit code is the worst of the reports'.

// reportExts are the extensions a folder is searched for.
func reportExt(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".yaml", ".yml", ".json", ".csv":
		return true
	}
	return slices.Contains(importer.Extensions, ext)
}

// expandInputs turns the command's arguments into the list of files to
// process: files as given, folders searched (recursively, sorted) for the
// report extensions. In a folder, hidden files, manifests (gen --faults)
// and JSON files that are not one object (gen's units.json) are skipped;
// a file named on the command line is always processed.
func expandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // reading it reports what is wrong
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("%s: 无法读取文件夹：%v", p, err)
			}
			name := d.Name()
			if p != a && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !reportExt(name) || strings.Contains(strings.ToLower(name), "manifest") {
				return nil
			}
			if strings.EqualFold(filepath.Ext(name), ".json") && !jsonObjectFile(p) {
				return nil
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: 文件夹中没有可读的报表文件（.yaml、.csv、.pdf、.xlsx、.docx、.html、.txt 等）", a)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// jsonObjectFile says whether a JSON file starts with an object (a report
// file) rather than an array or anything else.
func jsonObjectFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // reading it reports the error
	}
	defer f.Close()
	var b [512]byte
	n, _ := f.Read(b[:])
	s := bytes.TrimLeft(b[:n], " \t\r\n\ufeff")
	return len(s) == 0 || s[0] == '{'
}

// batchGCPercent is the collector's target during a batch (GOGC).
const batchGCPercent = 400

// batchResult is what one report's work left: its exit code and its
// output, printed in input order.
type batchResult struct {
	code   int
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
}

// runBatch runs one for every file on all cores. one writes to the env it
// is given (buffered per file) and returns the file's exit code. It
// returns the worst exit code and the results' codes for the summary.
func runBatch(e *env, verb string, files []string, one func(e *env, path string) int) (worst int, codes []int, took time.Duration) {
	start := time.Now()
	// A batch keeps little alive from one report to the next but makes
	// garbage for each: at the collector's default target, its marking
	// was about a third of a batch's instructions. A target four times
	// higher (about 150 MB peak for 1,000 generated reports, against 45 MB)
	// unless GOGC is set.
	if e.getenv("GOGC") == "" && len(files) > 1 {
		defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
	}
	res := make([]*batchResult, len(files))
	for i := range res {
		res[i] = &batchResult{done: make(chan struct{})}
	}
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var next atomic.Int64
	var finished atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				r := res[i]
				sub := *e
				sub.stdout, sub.stderr = &r.stdout, &r.stderr
				sub.stdin = strings.NewReader("")
				r.code = safeOne(&sub, files[i], one)
				finished.Add(1)
				close(r.done)
			}
		}()
	}
	bar := newProgress(e.stderr, verb, len(files), &finished)
	codes = make([]int, len(files))
	for i, r := range res {
		for waiting := true; waiting; {
			select {
			case <-r.done:
				waiting = false
			case <-time.After(100 * time.Millisecond):
				bar.draw()
			}
		}
		bar.clear()
		e.stdout.Write(r.stdout.Bytes())
		e.stderr.Write(r.stderr.Bytes())
		res[i] = nil // free the output once printed
		codes[i] = r.code
		worst = max(worst, r.code)
		bar.draw()
	}
	wg.Wait()
	bar.clear()
	return worst, codes, time.Since(start)
}

// safeOne runs one file's work; a panic becomes that file's error (exit 2)
// instead of ending the batch.
func safeOne(e *env, path string, one func(e *env, path string) int) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(e.stderr, "juesuan: %s: 内部错误：%v（请把输入文件和这条信息报告给开发者）\n", path, v)
			code = exitUsage
		}
	}()
	return one(e, path)
}

// progress is a one-line progress bar on a terminal; elsewhere it draws
// nothing.
type progress struct {
	w     io.Writer
	on    bool
	verb  string
	total int
	done  *atomic.Int64
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, verb string, total int, done *atomic.Int64) *progress {
	return &progress{w: w, on: isTerminal(w) && total > 1, verb: verb, total: total, done: done, start: time.Now()}
}

// isTerminal says whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) draw() {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	n := int(p.done.Load())
	const width = 30
	fill := width * n / p.total
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d  %.1f 秒", p.verb, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), n, p.total, time.Since(p.start).Seconds())
	p.shown = true
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
		p.last = time.Time{}
	}
}

// batchSummary prints the one summary line of a batch: how many reports
// ended with each exit code, and the time taken.
func batchSummary(w io.Writer, verb string, codes []int, took time.Duration, labels [3]string, extra string) {
	var n [3]int
	for _, c := range codes {
		n[min(max(c, 0), 2)]++
	}
	var parts []string
	for i, l := range labels {
		if l != "" && (n[i] > 0 || i == 0) {
			parts = append(parts, fmt.Sprintf("%s %d 份", l, n[i]))
		}
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	fmt.Fprintf(w, "\n共%s %d 份报表：%s；用时 %.2f 秒。\n", verb, len(codes), strings.Join(parts, "，"), took.Seconds())
}
