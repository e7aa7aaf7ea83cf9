package main

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/cellcsv"
)

func cmdCells(e *env, args []string) int {
	fs := newFlags(e, "cells", "cells REPORT|DIR… [--year YYYY]")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	tplID := templateFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return fail(e, usageError{"cells 需要报表文件或文件夹：juesuan cells REPORT|DIR…"})
	}
	inputs, batch, code, ok := batchInputs(e, pos)
	if !ok {
		return code
	}
	if !batch {
		return cellsOne(e, inputs[0], *year, *tplID, false)
	}
	// Several reports make one CSV with the file as its first column.
	cw := csv.NewWriter(e.stdout)
	cw.Write(append([]string{"file"}, cellcsv.Header...))
	cw.Flush()
	worst, codes, took := runBatch(e, "列出", inputs, func(e *env, path string) int {
		return cellsOne(e, path, *year, *tplID, true)
	})
	batchSummary(e.stderr, "列出", codes, took, [3]string{"完成", "", "无法读取"}, "")
	return worst
}

// cellsOne writes one report's cells; in a batch, without the header and
// with the file first on every line.
func cellsOne(e *env, path string, year int, tplID string, batch bool) int {
	r, tpl, err := loadReport(e, path, year, tplID)
	if err != nil {
		return fail(e, err)
	}
	if err := audit.Derive(tpl, r); err != nil {
		return fail(e, fmt.Errorf("%s: %v", path, err))
	}
	if !batch {
		if err := cellcsv.Write(e.stdout, tpl, r); err != nil {
			return fail(e, err)
		}
		return exitOK
	}
	var one bytes.Buffer
	if err := cellcsv.Write(&one, tpl, r); err != nil {
		return fail(e, err)
	}
	recs, err := csv.NewReader(&one).ReadAll()
	if err != nil {
		return fail(e, err)
	}
	cw := csv.NewWriter(e.stdout)
	for _, rec := range recs[1:] {
		cw.Write(append([]string{path}, rec...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fail(e, err)
	}
	return exitOK
}
