package main

import (
	"bytes"
	"fmt"
	"path/filepath"

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
	fs := newFlags(e, "render", "render REPORT --format html|xlsx|docx|pdf -o OUT [--year YYYY] [--review]")
	format := fs.String("format", "", "输出格式：html、xlsx、docx 或 pdf（默认按 -o 的扩展名）")
	out := fs.String("o", "", "输出文件")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	review := fs.Bool("review", false, "生成审核稿：绩效自评表另列按公式计算的得分，并列出使表内平衡的最小尾差调整（不对外公开）")
	tplID := templateFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return fail(e, usageError{"render 需要一个报表文件：juesuan render REPORT --format html -o OUT"})
	}
	if *out == "" {
		return fail(e, usageError{"render 需要用 -o 指定输出文件"})
	}
	f := *format
	if f == "" {
		f = map[string]string{".html": "html", ".htm": "html", ".xlsx": "xlsx", ".docx": "docx", ".pdf": "pdf"}[filepath.Ext(*out)]
	}
	switch f {
	case "html", "xlsx", "docx", "pdf":
	default:
		return fail(e, usageError{fmt.Sprintf("--format 应为 html、xlsx、docx 或 pdf，而不是 %q", *format)})
	}
	r, tpl, err := loadReport(e, pos[0], *year, *tplID)
	if err != nil {
		return fail(e, err)
	}
	doc, err := disclosure.BuildWith(tpl, r, disclosure.Options{Review: *review})
	if err != nil {
		return fail(e, fmt.Errorf("%s: %v", pos[0], err))
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
		b, err = pdf.Render(e.ctx, doc)
		buf.Write(b)
	}
	if err != nil {
		return fail(e, fmt.Errorf("生成 %s 失败：%v", f, err))
	}
	if err := writeAtomic(*out, buf.Bytes()); err != nil {
		return fail(e, err)
	}
	if n := len(doc.Rounding); n > 0 {
		fmt.Fprintf(e.stderr, "juesuan: 舍位平衡调整了 %d 个单元格（明细见 juesuan check 的 R1.rounding-adjust 提示）\n", n)
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
