package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/juesuan/juesuan/internal/reportfile"
)

func cmdImport(e *env, args []string) int {
	fs := newFlags(e, "import", "import FILE|DIR -o OUT|OUTDIR [--year YYYY]")
	out := fs.String("o", "", "输出的报表文件（.yaml）")
	year := fs.Int("year", 0, "决算年度（单元格 CSV 没有写明年度，必须给出）")
	tplID := templateFlag(fs)
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
	r, tpl, err := loadReport(e, pos[0], *year, *tplID)
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
	fs := newFlags(e, "templates", "templates [--format text|json]")
	format := fs.String("format", "text", "输出格式：text 或 json")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		return fail(e, usageError{"--format 应为 text 或 json"})
	}
	l := templates(e)
	type row struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Years   [2]int   `json:"years"`
		Regions []string `json:"regions"`
		Kinds   []string `json:"kinds"`
		Extends string   `json:"extends,omitempty"`
		Aliases []string `json:"aliases,omitempty"`
		Tables  int      `json:"tables"`
		Default bool     `json:"default,omitempty"`
		Error   string   `json:"error,omitempty"`
	}
	var rows []row
	for _, f := range l.Families() {
		r := row{ID: f.ID, Name: f.Name, Years: f.Years, Regions: f.Regions, Kinds: f.Kinds, Extends: f.Extends, Aliases: f.Aliases, Default: f.Default}
		if t, err := l.For(f.ID, f.Years[1]); err != nil {
			r.Error = err.Error()
		} else {
			r.Tables = len(t.Tables)
		}
		if r.Regions == nil {
			r.Regions = []string{}
		}
		rows = append(rows, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return fail(e, err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "模板\t年度\t地区\t表数\t说明")
	for _, r := range rows {
		region := "全国"
		if len(r.Regions) > 0 {
			region = strings.Join(r.Regions, "、")
		}
		note := r.Name
		if r.Default {
			note += "（默认）"
		}
		if r.Error != "" {
			note = "无法加载：" + r.Error
		}
		fmt.Fprintf(tw, "%s\t%d—%d\t%s\t%d\t%s\n", r.ID, r.Years[0], r.Years[1], region, r.Tables, note)
	}
	tw.Flush()
	return exitOK
}

// templateFlag adds --template to a command that reads reports.
func templateFlag(fs *flag.FlagSet) *string {
	return fs.String("template", "", "模板（不给出时按文件识别；juesuan templates 列出全部模板）")
}
