package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogImport: an official catalog with split 类/款/项 columns and
// Chinese headers becomes a template directory; with it, a code the
// partial catalog lacks is no longer a D1 warning.
func TestCatalogImport(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("2020年政府收支分类科目（支出功能分类）\n类,款,项,科目名称\n")
	src, err := os.ReadFile("../../years/national/catalogs/function_2020.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		if i == 0 {
			continue
		}
		// code,name,level,parent_code,source,from,to: the official 2020
		// list holds the lines in force in 2020.
		f := strings.Split(line, ",")
		if len(f) > 6 && (f[5] > "2020" || f[6] != "" && f[6] < "2020") {
			continue
		}
		code, name := f[0], f[1]
		k, x := "", ""
		if len(code) >= 5 {
			k = code[3:5]
		}
		if len(code) == 7 {
			x = code[5:7]
		}
		b.WriteString(code[:3] + "," + k + "," + x + "," + name + "\n")
	}
	b.WriteString("212,08,03,城市建设支出\n")
	official := filepath.Join(dir, "official.csv")
	os.WriteFile(official, []byte(b.String()), 0o644)
	years := filepath.Join(dir, "years")
	code, out, errs := runCmd(t, "catalog", "import", official, "--template", "2020", "--catalog", "function", "-o", years)
	if code != 0 || !strings.Contains(out, "新增 1 个") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	meta, _ := os.ReadFile(filepath.Join(years, "national", "template.json"))
	if !strings.Contains(string(meta), `"partial": false`) {
		t.Errorf("the imported catalog is not marked complete:\n%s", meta)
	}
	report := filepath.Join(dir, "r.yaml")
	os.WriteFile(report, []byte("year: 2020\nunit: {name: 测试单位}\ntables:\n  5:\n    - {row: \"2120803\", cells: {1: 1.00, 3: 1.00}}\n"), 0o644)
	withYears := func(k string) string {
		if k == "JUESUAN_YEARS" {
			return years
		}
		return ""
	}
	var so, se bytes.Buffer
	run(context.Background(), []string{"check", report}, withYears, strings.NewReader(""), &so, &se)
	if strings.Contains(so.String(), "D1.catalog-known") {
		t.Errorf("with the official catalog, 2120803 is still unknown:\n%s", so.String())
	}
	_, embedded, _ := runCmd(t, "check", report)
	if !strings.Contains(embedded, "D1.catalog-known") {
		t.Errorf("the partial catalog should not know 2120803:\n%s", embedded)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("科目编码,科目名称\n20,x\n"), 0o644)
	if code, _, errs := runCmd(t, "catalog", "import", bad, "-o", years); code != exitUsage || !strings.Contains(errs, "bad.csv:2") {
		t.Errorf("bad catalog: exit %d %s", code, errs)
	}
}
