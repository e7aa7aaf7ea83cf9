package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

func cmdCheck(e *env, args []string) int {
	r, tpl, format, _, code, ok := reportCommand(e, "check", args)
	if !ok {
		return code
	}
	findings, err := audit.Check(tpl, r)
	if err != nil {
		return fail(e, err)
	}
	// The importer's doubts about its reading are findings of their own
	// (source "import", never errors).
	findings = append(findings, r.ImportDoubts...)
	counts := juesuan.Count(findings)
	if format == "json" {
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
		sev := sevName[f.Severity]
		if f.Source == "import" {
			sev += "·导入存疑"
		}
		fmt.Fprintf(e.stdout, "\n[%s] %s  %s\n  %s\n", sev, f.Rule, where, f.Message)
	}
	fmt.Fprintf(e.stdout, "\n共 %d 个错误，%d 个警告，%d 个提示。\n", c.Error, c.Warning, c.Info)
}
