package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
)

const example = "../../examples/wuhan-zhigong-2020.yaml"

// runCmd runs the CLI in-process and returns exit code, stdout, stderr.
func runCmd(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return "" }
	code := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

type checkOutput struct {
	Unit     string            `json:"unit"`
	Year     int               `json:"year"`
	Findings []juesuan.Finding `json:"findings"`
	Counts   juesuan.Counts    `json:"counts"`
}

func checkJSON(t testing.TB, path string) (int, checkOutput) {
	t.Helper()
	code, out, errs := runCmd(t, "check", path, "--format", "json")
	var res checkOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("check %s: bad JSON (%v)\nstdout: %s\nstderr: %s", path, err, out, errs)
	}
	return code, res
}

func hasCell(f juesuan.Finding, cell string) bool {
	for _, c := range f.Cells {
		if c == cell {
			return true
		}
	}
	return false
}

// TestCheckReference checks the transcribed reference report: no error on
// the tables, the 表6 公用经费 drift as a rounding warning, and every other
// defect of shared/reference/README.md that the data covers.
func TestCheckReference(t *testing.T) {
	code, res := checkJSON(t, example)
	if code != exitOK || res.Counts.Error != 0 {
		t.Fatalf("exit %d, %d errors: %+v", code, res.Counts.Error, res.Findings)
	}
	if res.Year != 2020 || !strings.Contains(res.Unit, "职工服务中心") {
		t.Errorf("unit/year = %q/%d", res.Unit, res.Year)
	}
	want := []struct {
		rule, sev, cell, expected, actual, text string
	}{
		{"T6.public-items", "warning", "6:302:1", "3.51", "3.50", "舍位"},            // defect 1
		{"D7.notes", "warning", "", "", "", "59行 = (33+34+……+58) 行"},               // defect 2, 表4
		{"D7.notes", "warning", "", "", "", "6栏各行 = (1+2-3) 栏各行"},                  // defect 2, 表8
		{"D3.glossary", "warning", "5:2012903:1", "", "", "2012903 机关服务"},          // defect 3
		{"D3.glossary", "warning", "5:2101103:1", "公务员医疗补助", "", "公务员医疗互助"},        // defect 3
		{"D5.listed-items", "warning", "6:30114:1", "", "", "医疗费"},                 // defect 4
		{"D5.listed-items", "warning", "6:30199:1", "", "", "其他工资福利支出"},            // defect 4
		{"D6.unit-name", "warning", "", "", "", "武汉市经济技术开发区"},                      // defect 6
		{"X13.operating-cost", "warning", "6:public:1", "3.50", "25.25", "机关运行经费"}, // defect 7
		{"D4.budget-reason", "warning", "5:210:1", "8.07", "8.25", "102.23%"},
	}
	for _, w := range want {
		found := false
		for _, f := range res.Findings {
			if f.Rule != w.rule || string(f.Severity) != w.sev || !strings.Contains(f.Message, w.text) {
				continue
			}
			if (w.cell == "" || hasCell(f, w.cell)) && (w.expected == "" || f.Expected == w.expected) && (w.actual == "" || f.Actual == w.actual) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing finding %+v", w)
		}
	}
}

// TestMutation adds 1.00 万元 to every non-empty amount cell of the
// reference example in turn: each must give an error naming that cell.
func TestMutation(t *testing.T) {
	r, tpl := mustRead(t, example)
	cells := r.SortedCells(tpl)
	detected := 0
	for _, c := range cells {
		m := r.Clone()
		m.Cells[c] += juesuan.Wanyuan
		fs := mustAudit(t, tpl, m)
		ok := false
		for _, f := range fs {
			if f.Severity == juesuan.SevError && hasCell(f, c.String()) {
				ok = true
				break
			}
		}
		if ok {
			detected++
		} else {
			t.Errorf("mutation of %s (+1.00) not detected as an error naming the cell", c)
		}
	}
	t.Logf("mutated %d cells, detected %d", len(cells), detected)
	if len(cells) < 150 {
		t.Errorf("only %d cells in the example", len(cells))
	}
}

// TestCellsRoundTrip: cells → import → cells is identical.
func TestCellsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	code, cells1, errs := runCmd(t, "cells", example)
	if code != 0 {
		t.Fatalf("cells: %d %s", code, errs)
	}
	csvPath := filepath.Join(dir, "cells.csv")
	os.WriteFile(csvPath, []byte(cells1), 0o644)
	out := filepath.Join(dir, "imported.yaml")
	if code, _, errs := runCmd(t, "import", csvPath, "--year", "2020", "-o", out); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, cells2, errs := runCmd(t, "cells", out)
	if code != 0 {
		t.Fatalf("cells of import: %d %s", code, errs)
	}
	if cells1 != cells2 {
		t.Errorf("round trip differs:\n%s\n---\n%s", cells1, cells2)
	}
	if !strings.HasPrefix(cells1, "table,row,column,value\n1,1,1,122.40\n") || !strings.Contains(cells1, "\n6,302,1,3.50\n") {
		t.Errorf("unexpected cells output:\n%s", cells1[:200])
	}
	// The example re-written through the writer keeps every fact too.
	out2 := filepath.Join(dir, "rewritten.yaml")
	if code, _, errs := runCmd(t, "import", example, "-o", out2); code != 0 {
		t.Fatalf("import yaml: %s", errs)
	}
	out3 := filepath.Join(dir, "rewritten2.yaml")
	if code, _, errs := runCmd(t, "import", out2, "-o", out3); code != 0 {
		t.Fatalf("import rewritten: %s", errs)
	}
	b2, _ := os.ReadFile(out2)
	b3, _ := os.ReadFile(out3)
	if string(b2) != string(b3) {
		t.Errorf("write → read → write is not a fixpoint")
	}
	a, _ := mustRead(t, example)
	b, _ := mustRead(t, out2)
	if a.Unit != b.Unit || len(a.Budgets) != len(b.Budgets) || a.Published.Sections["六"] != b.Published.Sections["六"] ||
		len(a.PerfSheets) != len(b.PerfSheets) || *a.Operating != *b.Operating {
		t.Errorf("facts changed by a write/read round trip")
	}
}

// TestBadInput: every kind of bad input exits 2 with a message naming the
// file and the place.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	src := string(good)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	replace := func(old, new string) string {
		if !strings.Contains(src, old) {
			t.Fatalf("example lacks %q", old)
		}
		return strings.Replace(src, old, new, 1)
	}
	cases := []struct {
		name    string
		file    string
		content string
		args    []string
		want    []string
	}{
		{"malformed yaml", "bad.yaml", "year: 2020\ntables: [1, 2\n", nil, []string{"bad.yaml", "YAML", "第 "}},
		{"unknown year", "year.yaml", replace("year: 2020", "year: 1999"), nil, []string{"year.yaml:", "1999", "年度"}},
		{"non-numeric amount", "nan.yaml", replace(`{row: "30201", name: 办公费, cells: {1: 1.69}}`, `{row: "30201", name: 办公费, cells: {1: 1.6x9}}`), nil,
			[]string{"nan.yaml:", "表6 30201行 第1栏", "1.6x9"}},
		{"cell the template lacks", "cell.yaml", replace(`{row: "1", cells: {1: 122.40}}`, `{row: "1", cells: {1: 122.40, 2: 5}}`), nil,
			[]string{"cell.yaml:", "表1 1行 第2栏", "只有 1 栏"}},
		{"row the template lacks", "row.yaml", replace(`{row: "27", cells: {1: 122.40}}`, `{row: "99", cells: {1: 122.40}}`), nil,
			[]string{"row.yaml:", "表1 99行", "没有第 99 行"}},
		{"duplicated row", "dup.yaml", replace(`    - {row: "30101", name: 基本工资, cells: {1: 14.33}}`, "    - {row: \"30101\", name: 基本工资, cells: {1: 14.33}}\n    - {row: \"30101\", name: 基本工资, cells: {1: 1.00}}"), nil,
			[]string{"dup.yaml:", "表6 30101行", "行重复"}},
		{"duplicate key", "dupkey.yaml", "year: 2020\nyear: 2021\n", nil, []string{"dupkey.yaml", "第 2 行", "重复"}},
		{"code of wrong length", "code.yaml", replace(`{row: "2012903", name: 机关服务, cells: {1: 25.25, 2: 25.25}}`, `{row: "20129031", name: 机关服务, cells: {1: 25.25, 2: 25.25}}`), nil,
			[]string{"code.yaml:", "位数不对"}},
		{"unknown table", "table.yaml", replace("  7: #", "  12: #"), nil, []string{"table.yaml", "没有表 \"12\""}},
		{"unknown key", "key.yaml", replace("format: juesuan-report/1", "format: juesuan-report/1\nyeer: 2020"), nil, []string{"key.yaml", "未知的键"}},
		{"yaml alias", "alias.yaml", "a: &x [1]\nb: *x\nyear: 2020\n", nil, []string{"alias.yaml", "别名"}},
		{"empty file", "empty.yaml", "", nil, []string{"empty.yaml", "文件为空"}},
		{"missing file", "", "", []string{"check", filepath.Join(dir, "nope.yaml")}, []string{"nope.yaml", "无法读取"}},
		{"unknown format flag", "", "", []string{"check", example, "--format", "xml"}, []string{"--format"}},
		{"unsupported extension", "report.odt", "x", nil, []string{"report.odt", "不支持的文件类型"}},
		{"a .doc that is text", "report.doc", "x", nil, []string{"report.doc", "不是 Word 文档"}},
		{"csv without year", "c.csv", "table,row,column,value\n1,1,1,1.00\n", nil, []string{"c.csv", "--year"}},
		{"csv bad cell", "c2.csv", "table,row,column,value\n1,1,3,1.00\n", []string{"check", "", "--year", "2020"}, []string{"c2.csv:2", "没有第 3 栏"}},
		{"csv bad amount", "c3.csv", "table,row,column,value\n1,1,1,abc\n", []string{"check", "", "--year", "2020"}, []string{"c3.csv:2", "1:1:1", "abc"}},
		{"unknown command", "", "", []string{"frobnicate"}, []string{"未知的命令"}},
		{"money unit", "unit.yaml", replace("money_unit: 万元", "money_unit: 美元"), nil, []string{"unit.yaml", "未知的金额单位"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			var path string
			if tc.file != "" {
				path = write(tc.file, tc.content)
			}
			if args == nil {
				args = []string{"check", path}
			} else if len(args) > 1 && args[1] == "" {
				args = append([]string{args[0], path}, args[2:]...)
			}
			code, _, stderr := runCmd(t, args...)
			if code != exitUsage {
				t.Errorf("exit = %d, want 2; stderr: %s", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "内部错误") {
				t.Errorf("panic: %s", stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"check", "cells", "import", "templates"} {
		code, out, _ := runCmd(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "用法: juesuan "+cmd) {
			t.Errorf("%s --help: %d %q", cmd, code, out)
		}
	}
}

func TestCheckExitCodeOnError(t *testing.T) {
	src, _ := os.ReadFile(example)
	p := filepath.Join(t.TempDir(), "wrong.yaml")
	os.WriteFile(p, []byte(strings.Replace(string(src), `{row: "27", cells: {1: 122.40}}`, `{row: "27", cells: {1: 123.40}}`, 1)), 0o644)
	code, out, _ := runCmd(t, "check", p)
	if code != exitFindings || !strings.Contains(out, "[错误] T1.income-total") || !strings.Contains(out, "1:27:1") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestJSONReport: the native file may be JSON; a malformed one is named as such.
func TestJSONReport(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"year": 2020, "tables": {"1": [ {"row": "1", "cells": {"1": 5}} }`), 0o644)
	code, _, errs := runCmd(t, "check", bad)
	if code != exitUsage || !strings.Contains(errs, "bad.json") || !strings.Contains(errs, "JSON 格式错误") || !strings.Contains(errs, "第 1 行") {
		t.Errorf("exit %d: %s", code, errs)
	}
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"year": 2020, "unit": {"name": "测试单位"}, "tables": {"1": [{"row": "1", "cells": {"1": "5.00"}}, {"row": "27", "cells": {"1": "5.00"}}]}}`), 0o644)
	if code, out, errs := runCmd(t, "check", good); code != exitFindings || !strings.Contains(out, "T1.balance") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}
