package main

import (
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/cellcsv"
)

func cmdCells(e *env, args []string) int {
	fs := newFlags(e, "cells", "cells REPORT [--year YYYY]")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	tplID := templateFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return fail(e, usageError{"cells 需要一个报表文件：juesuan cells REPORT"})
	}
	r, tpl, err := loadReport(e, pos[0], *year, *tplID)
	if err != nil {
		return fail(e, err)
	}
	if err := audit.Derive(tpl, r); err != nil {
		return fail(e, err)
	}
	if err := cellcsv.Write(e.stdout, tpl, r); err != nil {
		return fail(e, err)
	}
	return exitOK
}
