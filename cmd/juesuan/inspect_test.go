package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInspectCommand(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "importer", "testdata", "putuo-shehuigongzuobu-2024-final.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "b.xlsx"), []byte("not a workbook"), 0o644)
	units := filepath.Join(t.TempDir(), "units.csv")
	os.WriteFile(units, []byte("单位代码,单位名称\n310107002,中共上海市普陀区委社会工作部\n310107999,上海市普陀区档案馆\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCmd(t, "inspect", dir, "-o", out, "--units", units)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "b.xlsx") || !strings.Contains(stdout, "缺报 1 个") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
	var b struct {
		Documents []struct {
			File  string `json:"file"`
			Error string `json:"error"`
			Match struct {
				State, Code string
			} `json:"match"`
			Findings []struct {
				Page int `json:"page"`
			} `json:"findings"`
		} `json:"documents"`
	}
	raw, err := os.ReadFile(filepath.Join(out, "findings.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Documents) != 2 || b.Documents[0].Match.Code != "310107002" || b.Documents[1].Error == "" {
		t.Errorf("documents %+v", b.Documents)
	}
	for _, f := range []string{"findings.csv", "检查报告.xlsx", "检查报告.docx", "单位问题清单"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	// Inspecting a folder into a subfolder of itself, twice: the second
	// run does not read the first one's output.
	inner := filepath.Join(dir, "out")
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCmd(t, "inspect", dir, "-o", inner); code != 0 {
			t.Fatalf("inner run %d: exit %d %s", i, code, stderr)
		}
	}
	raw, _ = os.ReadFile(filepath.Join(inner, "findings.json"))
	if err := json.Unmarshal(raw, &b); err != nil || len(b.Documents) != 2 {
		t.Errorf("second run read %d documents, want 2 (%v)", len(b.Documents), err)
	}

	// Nothing readable: exit 2.
	if code, _, stderr := runCmd(t, "inspect", filepath.Join(dir, "b.xlsx"), "-o", out); code != 2 || !strings.Contains(stderr, "b.xlsx") {
		t.Errorf("unreadable only: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "inspect", dir); code != 2 {
		t.Errorf("no -o: exit %d", code)
	}
	if code, _, _ := runCmd(t, "inspect", "--help"); code != 0 {
		t.Errorf("--help: exit %d", code)
	}
}
