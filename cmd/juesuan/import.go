package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/juesuan/juesuan/internal/reportfile"
)

func cmdImport(e *env, args []string) int {
	fs := newFlags(e, "import", "import FILE|DIR -o OUT|OUTDIR [--year YYYY]")
	out := fs.String("o", "", "输出的报表文件（.yaml）")
	year := fs.Int("year", 0, "决算年度（单元格 CSV 没有写明年度，必须给出）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || *out == "" {
		return fail(e, usageError{"用法: juesuan import FILE -o OUT [--year YYYY]，或 juesuan import DIR -o OUTDIR"})
	}
	if st, err := os.Stat(pos[0]); err == nil && st.IsDir() {
		return importDir(e, pos[0], *out, *year)
	}
	r, tpl, err := loadReport(e, pos[0], *year)
	if err != nil {
		return fail(e, err)
	}
	var b bytes.Buffer
	if err := reportfile.Write(&b, tpl, r); err != nil {
		return fail(e, err)
	}
	if err := writeFileAtomic(*out, b.Bytes()); err != nil {
		return fail(e, fmt.Errorf("%s: 无法写入: %v", *out, err))
	}
	fmt.Fprintf(e.stderr, "已写入 %s（%d 个单元格）\n", *out, len(r.Cells))
	return exitOK
}

// writeFileAtomic writes to a temporary file in the same directory, syncs
// it and renames it over name, so a failed write (disk full, killed
// process) never leaves a half-written file that looks complete: name
// holds either its old content or all of the new. Every command that
// writes a file goes through it.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".juesuan-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file private; outputs are ordinary documents.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	// The rename itself reaches the disk with the directory.
	if d, err := os.Open(filepath.Dir(name)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func cmdTemplates(e *env, args []string) int {
	fs := newFlags(e, "templates", "templates")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	l := templates(e)
	for _, id := range l.IDs() {
		t, err := l.Load(id)
		if err != nil {
			fmt.Fprintf(e.stdout, "%s\t（无法加载：%v）\n", id, err)
			continue
		}
		fmt.Fprintf(e.stdout, "%s\t%d\t%s\t%d 张表\n", t.ID, t.Year, t.Region, len(t.Tables))
	}
	return exitOK
}
