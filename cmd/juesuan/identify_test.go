package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importerTestdata = "../../internal/importer/testdata/"

type identifyOut struct {
	File, Kind, Unit, Template, Reason string
	Year                               *int
	MoneyUnit                          *string `json:"money_unit"`
	Tables                             []struct{ Title, State string }
}

func TestIdentifyCommand(t *testing.T) {
	code, out, errs := runCmd(t, "identify", importerTestdata+"wuhan-zhigong-2020-final.txt", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got identifyOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("one file should print one JSON object: %v\n%s", err, out)
	}
	if got.Kind != "部门决算" || got.Year == nil || *got.Year != 2020 || got.Template != "national" || len(got.Tables) != 10 {
		t.Errorf("got %+v", got)
	}
	if !strings.Contains(got.Reason, "9 张表全部出现") {
		t.Errorf("reason %q", got.Reason)
	}
}

func TestIdentifyCommandDirAndText(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"putuo-caizhengju-2024-final.txt", "wuhan-zhigong-2020-final.txt"} {
		b, err := os.ReadFile(importerTestdata + name)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("not a document"), 0o644)
	code, out, errs := runCmd(t, "identify", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want JSON Lines for 2 documents, got:\n%s", out)
	}
	templates := map[string]string{}
	for _, l := range lines {
		var o identifyOut
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		templates[filepath.Base(o.File)] = o.Template
	}
	if templates["putuo-caizhengju-2024-final.txt"] != "shanghai" || templates["wuhan-zhigong-2020-final.txt"] != "national" {
		t.Errorf("templates %v", templates)
	}
	code, out, _ = runCmd(t, "identify", filepath.Join(dir, "putuo-caizhengju-2024-final.txt"))
	for _, want := range []string{"类型：部门决算", "年度：2024 年度", "单位：上海市普陀区财政局", "地区：上海市 普陀区", "模板：shanghai", "空表"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("text output lacks %q (exit %d):\n%s", want, code, out)
		}
	}
}

func TestIdentifyCommandErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.pdf")
	code, _, errs := runCmd(t, "identify", missing)
	if code != exitUsage || !strings.Contains(errs, missing) || !strings.Contains(errs, "文件不存在") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCmd(t, "identify"); code != exitUsage {
		t.Errorf("no argument: exit %d", code)
	}
	if code, _, _ := runCmd(t, "identify", "x.txt", "--format", "xml"); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
	code, out, _ := runCmd(t, "identify", "--help")
	if code != exitOK || !strings.Contains(out, "identify FILE|DIR") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
	if _, out, _ := runCmd(t, "--help"); !strings.Contains(out, "identify") {
		t.Errorf("the command list lacks identify:\n%s", out)
	}
}
