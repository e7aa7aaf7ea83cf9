package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/juesuan/juesuan/internal/identify"
	"github.com/juesuan/juesuan/internal/inspect"
	"github.com/juesuan/juesuan/internal/pdfannot"
	"github.com/schollz/progressbar/v3"
)

func init() {
	register(command{"inspect", "公开检查：批量识别、导入、审核已公开的决算，问题定位到页码和位置，输出检查报告", cmdInspect})
}

func cmdInspect(e *env, args []string) int {
	fs := newFlags(e, "inspect", "inspect DIR|FILE… -o OUTDIR [--annotate] [--units UNITS.csv] [--year YYYY]")
	out := fs.String("o", "", "输出目录：findings.json、findings.csv、检查报告.xlsx、检查报告.docx、单位问题清单/")
	annotate := fs.Bool("annotate", false, "把每个问题作为批注写入原 PDF 的副本（增量更新，原内容不变），存入 OUTDIR/批注/")
	unitsFile := fs.String("units", "", "本地区的单位清单 CSV（单位代码,单位名称[,所属部门]）：按名称匹配单位，列出缺报单位")
	year := fs.Int("year", 0, "检查的年度（默认：文件中最常见的年度）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if *out == "" {
		return fail(e, usageError{"inspect 需要 -o 输出目录：juesuan inspect DIR -o OUTDIR"})
	}
	if len(pos) == 0 {
		return fail(e, usageError{"inspect 需要至少一个文件或目录：juesuan inspect DIR -o OUTDIR"})
	}
	var units []inspect.Unit
	if *unitsFile != "" {
		f, err := os.Open(*unitsFile)
		if err != nil {
			return fail(e, fmt.Errorf("%s: 无法读取单位清单：%v", *unitsFile, err))
		}
		units, err = inspect.ReadUnits(*unitsFile, f)
		f.Close()
		if err != nil {
			return fail(e, err)
		}
	}
	files, errs := inspect.Files(pos)
	// A folder inspected into a subfolder of itself: leave out what an
	// earlier run wrote there (the annotated PDFs).
	if absOut, err := filepath.Abs(*out); err == nil {
		kept := files[:0]
		for _, f := range files {
			if a, err := filepath.Abs(f); err == nil && strings.HasPrefix(a, absOut+string(filepath.Separator)) {
				continue
			}
			kept = append(kept, f)
		}
		files = kept
	}
	for _, err := range errs {
		fmt.Fprintln(e.stderr, "juesuan:", err)
	}
	if len(files) == 0 {
		return fail(e, fmt.Errorf("没有可检查的文件（可用：%s）", strings.Join(inspectExts(), "、")))
	}
	l := templates(e)
	cands, err := identify.Candidates(l)
	if err != nil {
		return fail(e, err)
	}
	annotDir := filepath.Join(*out, "批注")
	if *annotate {
		if err := os.MkdirAll(annotDir, 0o755); err != nil {
			return fail(e, fmt.Errorf("%s: 无法创建目录：%v", annotDir, err))
		}
	}
	var mu sync.Mutex
	var annotErrs []string
	done := func(d *inspect.Document) {
		if !*annotate || d.Error != "" || !d.PDF() {
			return
		}
		b, err := pdfannot.Annotate(d.Data, inspect.Annotations(d))
		if err == nil {
			p := filepath.Join(annotDir, strings.TrimSuffix(filepath.Base(d.File), filepath.Ext(d.File))+"-批注.pdf")
			err = os.WriteFile(p, b, 0o644)
		}
		if err != nil {
			mu.Lock()
			annotErrs = append(annotErrs, fmt.Sprintf("%s: 无法写入批注：%v", d.File, err))
			mu.Unlock()
		}
	}
	bar := progressbar.NewOptions(len(files), progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("公开检查"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	docs := inspect.Run(e.ctx, files, inspect.Options{Templates: l, Candidates: cands, Units: units, Year: *year,
		Progress: func(done, total int, file string) { bar.Add(1) }, Done: done})
	bar.Finish()
	region := inspect.View(docs, units, *year)
	batch := &inspect.Batch{Year: region.Year, Documents: docs, Region: region}
	read := 0
	for _, d := range docs {
		if d.Error != "" {
			fmt.Fprintln(e.stderr, "juesuan: 无法检查：", d.Error)
			continue
		}
		read++
	}
	for _, m := range annotErrs {
		fmt.Fprintln(e.stderr, "juesuan:", m)
	}
	if err := inspect.Write(*out, batch); err != nil {
		return fail(e, err)
	}
	rg := region
	fmt.Fprintf(e.stdout, "公开检查 %d 年度：文件 %d 个（无法检查 %d 个），单位 %d 个，缺报 %d 个；错误 %d 个，警告 %d 个，提示 %d 个。\n",
		rg.Year, rg.Documents, rg.Unreadable, len(rg.Units)-len(rg.Missing), len(rg.Missing), rg.Counts.Error, rg.Counts.Warning, rg.Counts.Info)
	fmt.Fprintf(e.stdout, "结果已写入 %s（%s、%s、%s、%s）\n", *out, inspect.FindingsJSON, inspect.FindingsCSV, inspect.ReportXLSX, inspect.ReportDOCX)
	if read == 0 {
		return exitUsage
	}
	return exitOK
}

func inspectExts() []string { return []string{".pdf", ".txt", ".xlsx", ".docx", ".html"} }
