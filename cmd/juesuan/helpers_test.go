package main

import (
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

func mustRead(t testing.TB, path string) (*juesuan.Report, *juesuan.Template) {
	t.Helper()
	r, tpl, err := reportfile.ReadFile(path, yearspec.Default, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r, tpl
}

func mustAudit(t testing.TB, tpl *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	t.Helper()
	fs, err := audit.Check(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}
