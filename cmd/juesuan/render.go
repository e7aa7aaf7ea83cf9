package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/render/xlsx"
)

func init() {
	register(command{"render", "生成部门决算公开文档（HTML、XLSX、DOCX、PDF）", cmdRender})
}

func cmdRender(e *env, args []string) int {
	fs := newFlags(e, "render", "render REPORT|DIR… --format html|xlsx|docx|pdf -o OUT|OUTDIR [--year YYYY] [--review]")
	format := fs.String("format", "", "输出格式：html、xlsx、docx 或 pdf（默认按 -o 的扩展名）")
	out := fs.String("o", "", "输出文件；多份报表时为输出文件夹")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	review := fs.Bool("review", false, "生成审核稿：绩效自评表另列按公式计算的得分，并列出使表内平衡的最小尾差调整（不对外公开）")
	tplID := templateFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return fail(e, usageError{"render 需要报表文件或文件夹：juesuan render REPORT --format html -o OUT"})
	}
	if *out == "" {
		return fail(e, usageError{"render 需要用 -o 指定输出文件（多份报表时为输出文件夹）"})
	}
	inputs, batch, code, ok := batchInputs(e, pos)
	if !ok {
		return code
	}
	f := *format
	if f == "" && !batch {
		f = map[string]string{".html": "html", ".htm": "html", ".xlsx": "xlsx", ".docx": "docx", ".pdf": "pdf"}[filepath.Ext(*out)]
	}
	switch f {
	case "html", "xlsx", "docx", "pdf":
	default:
		return fail(e, usageError{fmt.Sprintf("--format 应为 html、xlsx、docx 或 pdf，而不是 %q", *format)})
	}
	var printer *pdf.Printer
	if f == "pdf" && batch {
		// One browser for the whole batch: its start-up is paid once.
		p, err := pdf.NewPrinter(e.ctx)
		if err != nil {
			return fail(e, err)
		}
		defer p.Close()
		printer = p
	}
	if !batch {
		return renderOne(e, inputs[0], *out, f, *year, *tplID, *review, nil)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(e, fmt.Errorf("%s: 无法创建输出文件夹：%v", *out, err))
	}
	// The output names are import's (importdir.go): the input's name with
	// the format's extension, kept whole where two inputs share a name.
	targets := map[string]string{}
	for i, name := range outputNames(inputs, *out) {
		targets[inputs[i]] = strings.TrimSuffix(name, ".yaml") + "." + f
	}
	worst, codes, took := runBatch(e, "生成", inputs, func(e *env, path string) int {
		code := renderOne(e, path, targets[path], f, *year, *tplID, *review, printer)
		if code == exitOK {
			fmt.Fprintf(e.stdout, "%s → %s\n", path, targets[path])
		}
		return code
	})
	batchSummary(e.stdout, "生成", codes, took, [3]string{"完成", "", "失败"}, "输出在 "+*out)
	return worst
}

// renderOne renders one report to out; printer, when not nil, is the
// batch's browser.
func renderOne(e *env, in, out, f string, year int, tplID string, review bool, printer *pdf.Printer) int {
	r, tpl, err := loadReport(e, in, year, tplID)
	if err != nil {
		return fail(e, err)
	}
	doc, err := disclosure.BuildWith(tpl, r, disclosure.Options{Review: review})
	if err != nil {
		return fail(e, fmt.Errorf("%s: %v", in, err))
	}
	var buf bytes.Buffer
	switch f {
	case "html":
		err = html.Render(&buf, doc)
	case "xlsx":
		err = xlsx.Render(&buf, doc)
	case "docx":
		err = docx.Render(&buf, doc)
	case "pdf":
		var b []byte
		if printer != nil {
			var page bytes.Buffer
			if err = html.Render(&page, doc); err == nil {
				b, err = printer.Print(e.ctx, page.Bytes())
			}
		} else {
			b, err = pdf.Render(e.ctx, doc)
		}
		buf.Write(b)
	}
	if err != nil {
		return fail(e, fmt.Errorf("%s: 生成 %s 失败：%v", in, f, err))
	}
	if err := writeAtomic(out, buf.Bytes()); err != nil {
		return fail(e, err)
	}
	if n := len(doc.Rounding); n > 0 {
		fmt.Fprintf(e.stderr, "juesuan: %s: 舍位平衡调整了 %d 个单元格（明细见 juesuan check 的 R1.rounding-adjust 提示）\n", in, n)
	}
	return exitOK
}

// writeAtomic writes through a temporary file in the same directory and
// renames it, so a failed run never leaves half a document.
func writeAtomic(path string, data []byte) error {
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("%s: 无法写入输出文件：%v", path, err)
	}
	return nil
}
