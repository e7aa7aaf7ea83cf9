package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/cellcsv"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// templates returns the template loader: the embedded years, or a
// directory given by JUESUAN_YEARS (data-only additions without a rebuild).
func templates(e *env) *yearspec.Loader {
	if dir := e.getenv("JUESUAN_YEARS"); dir != "" {
		return yearspec.Overlay(dir)
	}
	return yearspec.Default
}

// loadReport reads any input the commands accept: a native report file,
// a cells CSV, or a published report the importer understands.
func loadReport(e *env, path string, year int, tplID string) (*juesuan.Report, *juesuan.Template, error) {
	var tpls interface {
		IDs() []string
		Load(string) (*juesuan.Template, error)
	} = templates(e)
	if tplID != "" {
		l := templates(e)
		if _, err := l.Family(tplID); err != nil {
			return nil, nil, err
		}
		tpls = forcedTemplates{l, tplID}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return reportfile.ReadFile(path, tpls, year)
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: 无法读取文件: %v", path, err)
		}
		defer f.Close()
		return cellcsv.Read(path, f, tpls, year)
	}
	if slices.Contains(importer.Extensions, strings.ToLower(filepath.Ext(path))) {
		res, err := importer.File(path, tpls, importer.Options{Year: year, Template: tplID})
		if err != nil {
			return nil, nil, err
		}
		reportDiags(e, path, res)
		return res.Report, res.Template, nil
	}
	return nil, nil, fmt.Errorf("%s: 不支持的文件类型 %q（可用：.yaml/.yml 报表文件、.csv 单元格文件、.txt/.pdf/.xlsx/.xls/.docx/.doc/.html 公开的决算）", path, filepath.Ext(path))
}

// reportDiags prints on stderr what an import could not place, so that
// nothing is dropped silently.
func reportDiags(e *env, path string, res *importer.Result) {
	for _, d := range res.Diags {
		fmt.Fprintf(e.stderr, "%s: 未能放置：%s\n", path, d)
	}
	for _, f := range res.Report.ImportDoubts {
		fmt.Fprintf(e.stderr, "%s: 导入存疑：%s\n", path, f.Message)
	}
	var low []string
	for _, s := range res.Tables {
		if c := s.Confidence(); c < 100 {
			low = append(low, fmt.Sprintf("表%d %d%%（%d 个金额，放置 %d，按顺序推定 %d）", s.Table, c, s.Amounts, s.Placed, s.Guessed))
		}
	}
	if len(low) > 0 {
		fmt.Fprintf(e.stderr, "%s: 可信度不足 100%% 的表：%s\n", path, strings.Join(low, "；"))
	}
	var extra []string
	for _, s := range res.Tables {
		if s.Extra {
			extra = append(extra, fmt.Sprintf("表%d「%s」（%d 个金额）", s.Table, s.Title, s.Placed))
		}
	}
	if len(extra) > 0 {
		fmt.Fprintf(e.stderr, "%s: 模板之外的表，已按标题作为通用表导入（未做审核）：%s\n", path, strings.Join(extra, "、"))
	}
}

// reportOpts are the flags of the commands that read reports (check,
// perf): the inputs, expanded from folders, and whether this is a batch.
type reportOpts struct {
	inputs   []string
	batch    bool
	format   string
	year     int
	template string
}

// reportFlags is the front end of the commands that read one or many
// reports and print text or JSON.
func reportFlags(e *env, name string, args []string) (o reportOpts, code int, ok bool) {
	fs := newFlags(e, name, name+" REPORT|DIR… [--format text|json] [--year YYYY]")
	f := fs.String("format", "text", "输出格式：text 或 json（多份报表时为每行一个 JSON 对象）")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	tplID := templateFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return o, code, false
	}
	if len(pos) == 0 {
		return o, fail(e, usageError{fmt.Sprintf("%s 需要报表文件或文件夹：juesuan %s REPORT|DIR…", name, name)}), false
	}
	if *f != "text" && *f != "json" {
		return o, fail(e, usageError{fmt.Sprintf("--format 应为 text 或 json，而不是 %q", *f)}), false
	}
	o = reportOpts{format: *f, year: *year, template: *tplID}
	o.inputs, o.batch, code, ok = batchInputs(e, pos)
	return o, code, ok
}

// batchInputs expands the positional arguments; more than one file, or any
// folder, makes a batch.
func batchInputs(e *env, pos []string) (inputs []string, batch bool, code int, ok bool) {
	batch = len(pos) > 1
	for _, p := range pos {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			batch = true
		}
	}
	if !batch {
		return pos, false, 0, true
	}
	inputs, err := expandInputs(pos)
	if err != nil {
		return nil, false, fail(e, err), false
	}
	return inputs, true, 0, true
}

// forcedTemplates answers every template request with one family (the
// --template flag), resolved for the year asked.
type forcedTemplates struct {
	l  *yearspec.Loader
	id string
}

func (f forcedTemplates) IDs() []string { return []string{f.id} }

func (f forcedTemplates) Load(ref string) (*juesuan.Template, error) {
	year := 0
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		year, _ = strconv.Atoi(ref[i+1:])
	} else if y, err := strconv.Atoi(ref); err == nil {
		year = y
	}
	return f.l.For(f.id, year)
}
