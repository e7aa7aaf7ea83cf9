package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/reportfile"
)

// aggregateFiles is `aggregate FILE|DIR… -o OUT`: the 汇总 of report files
// in memory. The files are read in parallel on every core and added in
// input order to one running sum (aggregate.Acc), so memory holds the sums
// and the few reports being read, however many units there are.
func aggregateFiles(e *env, inputs []string, out, code, name string, year int, tplID string) int {
	files, err := expandInputs(inputs)
	if err != nil {
		return fail(e, err)
	}
	start := time.Now()
	var acc *aggregate.Acc
	var tpl *juesuan.Template
	var used []string
	failed := 0
	err = streamReports(e, files, year, tplID, func(path string, r *juesuan.Report, t *juesuan.Template, err error) error {
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			failed++
			return nil
		}
		if acc == nil {
			if acc, err = aggregate.NewAcc(t); err != nil {
				return err
			}
			tpl = t
		}
		unit := r.Unit.Code
		if unit == "" {
			unit = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		}
		if err := acc.Add(aggregate.Input{Unit: unit, Report: r}); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		used = append(used, unit)
		return nil
	})
	if err != nil {
		return fail(e, err)
	}
	if failed > 0 {
		return fail(e, fmt.Errorf("有 %d 份报表无法读取，未汇总（见上）", failed))
	}
	if acc == nil {
		return fail(e, fmt.Errorf("没有可汇总的报表"))
	}
	r := acc.Report(juesuan.Profile{Code: code, Name: name, Kind: string(juesuan.KindAdministrative)})
	var b bytes.Buffer
	if err := reportfile.Write(&b, tpl, r); err != nil {
		return fail(e, err)
	}
	if code := writeOut(e, out, b.Bytes()); code != exitOK {
		return code
	}
	fs, err := audit.Check(tpl, r)
	if err != nil {
		return fail(e, err)
	}
	c := juesuan.Count(fs)
	fmt.Fprintf(e.stderr, "汇总了 %d 个单位（%s）：%d 个单元格；审核 %d 个错误，%d 个警告；用时 %.2f 秒\n",
		len(used), unitList(used), len(r.Cells), c.Error, c.Warning, time.Since(start).Seconds())
	return exitOK
}

// streamReports reads files on every core and calls fn for each, in input
// order, with its report or its error; at most a few reports per core are
// held at once. fn's error stops the stream.
func streamReports(e *env, files []string, year int, tplID string, fn func(string, *juesuan.Report, *juesuan.Template, error) error) error {
	type result struct {
		r   *juesuan.Report
		t   *juesuan.Template
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	slots := make([]chan result, len(files))
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	window := make(chan struct{}, 4*workers) // reports read ahead of fn
	next := make(chan int)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(next)
		for i := range files {
			select {
			case window <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range next {
				sub := *e
				var errb bytes.Buffer
				sub.stderr = &errb // import notes of this file
				r, t, err := loadReport(&sub, files[i], year, tplID)
				if err == nil && errb.Len() > 0 {
					e.stderr.Write(errb.Bytes())
				}
				slots[i] <- result{r, t, err}
			}
		}()
	}
	for i := range files {
		res := <-slots[i]
		<-window
		if err := fn(files[i], res.r, res.t, res.err); err != nil {
			return err
		}
	}
	return nil
}
