package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/schollz/progressbar/v3"
)

// dirResult is one row of the folder import's summary table.
type dirResult struct {
	file     string
	out      string
	res      *importer.Result
	err      error
	counts   juesuan.Counts
	minConf  int
	unplaced int
}

// importDir imports every published report (.txt/.pdf/.xlsx/.docx/.html…) of dir in parallel into outDir,
// with a progress bar on stderr and a summary table on stdout.
func importDir(e *env, dir, outDir string, year int) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fail(e, fmt.Errorf("%s: 无法读取目录: %v", dir, err))
	}
	var files []string
	for _, de := range ents {
		if slices.Contains(importer.Extensions, strings.ToLower(filepath.Ext(de.Name()))) && !de.IsDir() {
			files = append(files, filepath.Join(dir, de.Name()))
		}
	}
	if len(files) == 0 {
		return fail(e, fmt.Errorf("%s: 目录中没有可导入的 .txt/.pdf/.xlsx/.xls/.docx/.doc/.html 文件", dir))
	}
	outs := outputNames(files, outDir)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fail(e, fmt.Errorf("%s: 无法创建输出目录: %v", outDir, err))
	}
	bar := progressbar.NewOptions(len(files), progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("导入"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	results := make([]dirResult, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	tpls := templates(e)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = importOne(tpls, files[i], outs[i], year)
				mu.Lock()
				bar.Add(1)
				mu.Unlock()
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	bar.Finish()
	failed := 0
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "文件\t模板\t单位\t单元格\t未放置\t最低可信度\t错误\t警告\t结果")
	for _, r := range results {
		if r.err != nil {
			failed++
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t失败\n", filepath.Base(r.file))
			fmt.Fprintf(e.stderr, "juesuan: %v\n", r.err)
			continue
		}
		for _, d := range r.res.Diags {
			fmt.Fprintf(e.stderr, "%s: 未能放置：%s\n", r.file, d)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d%%\t%d\t%d\t%s\n", filepath.Base(r.file), r.res.Template.ID,
			r.res.Report.Unit.Name, len(r.res.Report.Cells), r.unplaced, r.minConf, r.counts.Error, r.counts.Warning, filepath.Base(r.out))
	}
	tw.Flush()
	if failed > 0 {
		return exitUsage
	}
	return exitOK
}

// outputNames gives each input its .yaml: the input's name without its
// extension, or with it when two inputs share a name (the PDF and its
// extracted text side by side) so that neither overwrites the other.
func outputNames(files []string, outDir string) []string {
	stem := func(f string) string { return strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) }
	n := map[string]int{}
	for _, f := range files {
		n[stem(f)]++
	}
	out := make([]string, len(files))
	for i, f := range files {
		name := stem(f)
		if n[name] > 1 {
			name = filepath.Base(f)
		}
		out[i] = filepath.Join(outDir, name+".yaml")
	}
	return out
}

func importOne(tpls importer.Templates, file, out string, year int) (r dirResult) {
	r.file = file
	defer func() {
		if v := recover(); v != nil {
			r.err = fmt.Errorf("%s: 内部错误：%v", file, v)
		}
	}()
	res, err := importer.File(file, tpls, importer.Options{Year: year})
	if err != nil {
		r.err = err
		return r
	}
	r.res = res
	r.unplaced = len(res.Diags)
	r.minConf = 100
	for _, s := range res.Tables {
		r.minConf = min(r.minConf, s.Confidence())
	}
	var b bytes.Buffer
	if err := reportfile.Write(&b, res.Template, res.Report); err != nil {
		r.err = fmt.Errorf("%s: %v", file, err)
		return r
	}
	r.out = out
	if err := writeFileAtomic(r.out, b.Bytes()); err != nil {
		r.err = fmt.Errorf("%s: 无法写入: %v", r.out, err)
		return r
	}
	if fs, err := audit.Check(res.Template, res.Report); err == nil {
		for _, f := range fs {
			switch f.Severity {
			case juesuan.SevError:
				r.counts.Error++
			case juesuan.SevWarning:
				r.counts.Warning++
			}
		}
	}
	return r
}
