package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/store"
)

// tinyDisk mounts a 2 MiB tmpfs (root only) and removes it at the end.
func tinyDisk(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		msg := "无法挂载 tmpfs 模拟磁盘已满（需要 root）：" + strings.TrimSpace(string(out))
		if os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" && os.Geteuid() == 0 {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill leaves about free bytes on the file system of dir.
func fill(t *testing.T, dir string, free int) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1024)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	f.Sync()
	st, _ := f.Stat()
	f.Truncate(st.Size() - int64(free))
}

// Disk full while a command writes its output: exit 2 with a message
// naming the file, the old file untouched, no temporary file left and
// nothing half written under the output name. Every command that writes
// a file is covered.
func TestDiskFullKeepsOldOutput(t *testing.T) {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	work := t.TempDir()
	db := filepath.Join(work, "j.db")
	for _, args := range [][]string{
		{"load", example, "--unit", "001001", "--db", db},
		{"load", example, "--unit", "001002", "--parent", "001001", "--db", db},
	} {
		if code, _, errs := runCmd(t, args...); code != exitOK {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	disk := tinyDisk(t)
	out := func(name string) string { return filepath.Join(disk, name) }
	cases := []struct {
		name   string
		target string
		args   []string
	}{
		{"render html", out("决算.html"), []string{"render", example, "--format", "html", "-o", out("决算.html")}},
		{"render xlsx", out("决算.xlsx"), []string{"render", example, "--format", "xlsx", "-o", out("决算.xlsx")}},
		{"render docx", out("决算.docx"), []string{"render", example, "--format", "docx", "-o", out("决算.docx")}},
		{"import", out("imported.yaml"), []string{"import", example, "-o", out("imported.yaml")}},
		{"export", out("export.yaml"), []string{"export", "--unit", "001001", "--year", "2020", "-o", out("export.yaml"), "--db", db}},
		{"aggregate -o", out("agg.yaml"), []string{"aggregate", "--unit", "001001", "--year", "2020", "-o", out("agg.yaml"), "--db", db}},
		{"gen", out("gen/units.json"), []string{"gen", "--units", "3", "--year", "2020", "-o", out("gen")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(disk, "filler"))
			os.MkdirAll(filepath.Dir(c.target), 0o755)
			old := []byte("旧文件：写入失败后必须保持原样\n")
			if err := os.WriteFile(c.target, old, 0o644); err != nil {
				t.Fatal(err)
			}
			fill(t, disk, 2048)
			code, _, errs := runCmd(t, c.args...)
			if code != exitUsage || !strings.Contains(errs, "无法写入") {
				t.Fatalf("exit %d, want 2 with 无法写入; stderr: %s", code, errs)
			}
			if got, err := os.ReadFile(c.target); err != nil || string(got) != string(old) {
				t.Fatalf("the old output was changed (%d bytes, %v)", len(got), err)
			}
			tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(c.target), ".juesuan-*"))
			if len(tmps) != 0 {
				t.Fatalf("temporary files left: %v", tmps)
			}
			t.Logf("%s: %s", c.name, strings.TrimSpace(errs))
		})
	}
	// With room again, the same command writes the whole file.
	os.RemoveAll(filepath.Join(disk, "filler"))
	os.RemoveAll(filepath.Join(disk, "gen"))
	if code, _, errs := runCmd(t, "import", example, "-o", out("imported.yaml")); code != exitOK {
		t.Fatalf("import with room: %s", errs)
	}
	if code, _, errs := runCmd(t, "check", out("imported.yaml")); code != exitOK {
		t.Fatalf("the file written with room: %s", errs)
	}
}
