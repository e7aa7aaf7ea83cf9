package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestGenContract: clean generated reports pass check with exit 0; with
// table faults each fails with exit 1, and the manifest lists them.
func TestGenContract(t *testing.T) {
	dir := t.TempDir()
	clean, faulty := filepath.Join(dir, "clean"), filepath.Join(dir, "faulty")
	if code, _, errs := runCmd(t, "gen", "--units", "8", "--year", "2020", "--seed", "4", "-o", clean); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if code, _, errs := runCmd(t, "gen", "--units", "8", "--year", "2020", "--seed", "4", "-o", faulty, "--faults", "2", "--fault-kinds", "missing-reason"); code != 0 {
		t.Fatalf("gen --faults: %s", errs)
	}
	files, _ := filepath.Glob(filepath.Join(clean, "unit-*.yaml"))
	if len(files) != 8 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		if code, out, _ := runCmd(t, "check", f); code != exitOK {
			t.Errorf("%s: exit %d\n%s", f, code, out)
		}
		bad := filepath.Join(faulty, filepath.Base(f))
		if code, _, _ := runCmd(t, "check", bad); code != exitFindings {
			t.Errorf("%s: exit %d, want 1", bad, code)
		}
	}
	b, err := os.ReadFile(filepath.Join(faulty, "faults-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest []struct {
		File  string   `json:"file"`
		Kind  string   `json:"kind"`
		Cells []string `json:"cells"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil || len(manifest) < 16 {
		t.Fatalf("manifest: %d entries, %v", len(manifest), err)
	}
	if code, _, errs := runCmd(t, "gen", "--units", "3", "--db", filepath.Join(dir, "g.db")); code != 0 {
		t.Fatalf("gen --db: %s", errs)
	}
	if code, _, _ := runCmd(t, "gen", "--units", "0", "-o", dir); code != exitUsage {
		t.Errorf("--units 0 accepted")
	}
}
