package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

func cmdCheck(e *env, args []string) int {
	o, code, ok := reportFlags(e, "check", args)
	if !ok {
		return code
	}
	if !o.batch {
		return checkOne(e, o, o.inputs[0], false)
	}
	var counts [3]atomic.Int64
	worst, codes, took := runBatch(e, "审核", o.inputs, func(e *env, path string) int {
		return checkOne(e, o, path, true, &counts)
	})
	sum := e.stdout
	if o.format == "json" {
		sum = e.stderr // stdout stays JSON Lines
	}
	batchSummary(sum, "审核", codes, took, [3]string{"无错误", "有错误", "无法读取"},
		fmt.Sprintf("共 %d 个错误、%d 个警告、%d 个提示", counts[0].Load(), counts[1].Load(), counts[2].Load()))
	return worst
}

// checkOne audits one report. In a batch, JSON is one line with the file
// added, and totals are added to counts.
func checkOne(e *env, o reportOpts, path string, batch bool, counts ...*[3]atomic.Int64) int {
	r, tpl, err := loadReport(e, path, o.year, o.template)
	if err != nil {
		return batchFail(e, o, path, batch, err)
	}
	findings, err := audit.Check(tpl, r)
	if err != nil {
		return fail(e, fmt.Errorf("%s: %v", path, err))
	}
	// The importer's doubts about its reading are findings of their own
	// (source "import", never errors).
	findings = append(findings, r.ImportDoubts...)
	c := juesuan.Count(findings)
	for _, t := range counts {
		t[0].Add(int64(c.Error))
		t[1].Add(int64(c.Warning))
		t[2].Add(int64(c.Info))
	}
	if findings == nil {
		findings = []juesuan.Finding{}
	}
	switch {
	case o.format == "json" && batch:
		if err := writeJSONLine(e, struct {
			File     string            `json:"file"`
			Unit     string            `json:"unit"`
			Year     int               `json:"year"`
			Findings []juesuan.Finding `json:"findings"`
			Counts   juesuan.Counts    `json:"counts"`
		}{path, r.Unit.Name, r.Year, findings, c}); err != nil {
			return fail(e, err)
		}
	case o.format == "json":
		out := struct {
			Unit     string            `json:"unit"`
			Year     int               `json:"year"`
			Findings []juesuan.Finding `json:"findings"`
			Counts   juesuan.Counts    `json:"counts"`
		}{r.Unit.Name, r.Year, findings, c}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return fail(e, err)
		}
	default:
		if batch {
			fmt.Fprintf(e.stdout, "== %s ==\n", path)
		}
		printFindings(e, r, findings, c)
		if batch {
			fmt.Fprintln(e.stdout)
		}
	}
	if c.Error > 0 {
		return exitFindings
	}
	return exitOK
}

// batchFail reports a report that cannot be read; in a batch with JSON
// output it is also a line of its own, so that every file has one.
func batchFail(e *env, o reportOpts, path string, batch bool, err error) int {
	if batch && o.format == "json" {
		writeJSONLine(e, struct {
			File  string `json:"file"`
			Error string `json:"error"`
		}{path, err.Error()})
	}
	return fail(e, err)
}

// writeJSONLine writes v as one line of JSON Lines.
func writeJSONLine(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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
		rule := f.Rule
		if f.Mandatory && f.Severity == juesuan.SevError {
			rule += "（强制）" // a 出错说明 does not let the report be 上报
		}
		fmt.Fprintf(e.stdout, "\n[%s] %s  %s\n  %s\n", sev, rule, where, f.Message)
	}
	fmt.Fprintf(e.stdout, "\n共 %d 个错误，%d 个警告，%d 个提示。\n", c.Error, c.Warning, c.Info)
}
