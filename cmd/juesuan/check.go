package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

func cmdCheck(e *env, args []string) int {
	fs := newFlags(e, "check", "check REPORT [--format text|json] [--year YYYY]")
	format := fs.String("format", "text", "输出格式：text 或 json")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return fail(e, usageError{"check 需要一个报表文件：juesuan check REPORT"})
	}
	if *format != "text" && *format != "json" {
		return fail(e, usageError{fmt.Sprintf("--format 应为 text 或 json，而不是 %q", *format)})
	}
	r, tpl, err := loadReport(e, pos[0], *year)
	if err != nil {
		return fail(e, err)
	}
	findings, err := audit.Check(tpl, r)
	if err != nil {
		return fail(e, err)
	}
	counts := juesuan.Count(findings)
	if *format == "json" {
		out := struct {
			Unit     string            `json:"unit"`
			Year     int               `json:"year"`
			Findings []juesuan.Finding `json:"findings"`
			Counts   juesuan.Counts    `json:"counts"`
		}{r.Unit.Name, r.Year, findings, counts}
		if out.Findings == nil {
			out.Findings = []juesuan.Finding{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return fail(e, err)
		}
	} else {
		printFindings(e, r, findings, counts)
	}
	if counts.Error > 0 {
		return exitFindings
	}
	return exitOK
}

var sevName = map[juesuan.Severity]string{juesuan.SevError: "错误", juesuan.SevWarning: "警告", juesuan.SevInfo: "提示"}

func printFindings(e *env, r *juesuan.Report, fs []juesuan.Finding, c juesuan.Counts) {
	name := r.Unit.Name
	if name == "" {
		name = r.Source
	}
	fmt.Fprintf(e.stdout, "%s %d 年度部门决算 审核结果\n", name, r.Year)
	for _, f := range fs {
		where := strings.Join(f.Cells, " ")
		if where == "" {
			where = f.Where
		}
		fmt.Fprintf(e.stdout, "\n[%s] %s  %s\n  %s\n", sevName[f.Severity], f.Rule, where, f.Message)
	}
	fmt.Fprintf(e.stdout, "\n共 %d 个错误，%d 个警告，%d 个提示。\n", c.Error, c.Warning, c.Info)
}
