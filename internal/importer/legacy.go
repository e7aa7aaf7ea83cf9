package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/juesuan/juesuan/internal/importer/docximport"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/importer/xlsximport"
)

// ConvertTimeout bounds one LibreOffice conversion: a 部门决算 converts in
// seconds; a file that hangs the converter must not hang the import.
var ConvertTimeout = 120 * time.Second

// legacyBytes reads a legacy .xls/.doc by converting it with LibreOffice
// to .xlsx/.docx and reading that.
func legacyBytes(name string, data []byte, _ Format, tpls Templates, opt Options) (*Result, error) {
	var format Format
	// The streams of the compound file tell a workbook from a Word file,
	// whatever the extension says; a file with neither is not worth
	// starting LibreOffice for.
	switch {
	case bytes.Contains(data, utf16Name("WordDocument")):
		format = FormatDOC
	case bytes.Contains(data, utf16Name("Workbook")) || bytes.Contains(data, utf16Name("Book")):
		format = FormatXLS
	default:
		return nil, fmt.Errorf("%s: 旧版 Office 文件已损坏，或既不是 Excel 工作簿也不是 Word 文档（没有 Workbook/WordDocument 数据流）；如果它在 Excel 或 Word 中能正常打开，请另存为 .xlsx 或 .docx 后再导入", name)
	}
	to, app := "xlsx", "Excel"
	if format == FormatDOC {
		to, app = "docx", "Word"
	}
	conv, err := Convert(context.Background(), name, data, to)
	if err != nil {
		return nil, err
	}
	var doc *textimport.Doc
	if to == "xlsx" {
		doc, err = xlsximport.Read(name, conv)
	} else {
		doc, err = docximport.Read(name, conv)
	}
	var res *Result
	if err == nil {
		res, err = FromDoc(doc, tpls, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("%v（文件由 LibreOffice 从旧版 %s 格式转换；如果它在 %s 中能正常打开，请另存为 .%s 后再导入）", err, app, app, to)
	}
	res.Format = format
	return res, nil
}

// utf16Name is a stream name as a compound file's directory stores it.
func utf16Name(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// Convert turns a legacy Office file into to ("xlsx" or "docx") with
// LibreOffice (soffice), in a private directory and user profile so that
// parallel conversions do not collide.
func Convert(ctx context.Context, name string, data []byte, to string) ([]byte, error) {
	from, app := "xls", "Excel"
	if to == "docx" {
		from, app = "doc", "Word"
	}
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if bin, err = exec.LookPath("libreoffice"); err != nil {
			return nil, fmt.Errorf("%s: 这是旧版 %s 文件（.%s），导入需要 LibreOffice，但本机没有安装（找不到 soffice 命令）；请安装 LibreOffice，或用 %s 或 WPS 另存为 .%s 后再导入", name, app, from, app, to)
		}
	}
	dir, err := os.MkdirTemp("", "juesuan-convert-")
	if err != nil {
		return nil, fmt.Errorf("%s: 无法创建转换用的临时目录: %v", name, err)
	}
	defer os.RemoveAll(dir)
	// A fixed ASCII name: the upload's own name may hold anything.
	in := filepath.Join(dir, "source."+from)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("%s: 无法写入转换用的临时文件: %v", name, err)
	}
	out := filepath.Join(dir, "out")
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}
	ctx, cancel := context.WithTimeout(ctx, ConvertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+profile.String(),
		"--headless", "--norestore", "--nolockcheck", "--nodefault",
		"--convert-to", to, "--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.WaitDelay = 5 * time.Second
	ownGroup(cmd)
	msg, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("%s: LibreOffice 转换超过 %d 秒仍未完成，已中止；请用 %s 或 WPS 另存为 .%s 后再导入", name, int(ConvertTimeout.Seconds()), app, to)
	}
	conv, rerr := os.ReadFile(filepath.Join(out, "source."+to))
	if err != nil || rerr != nil || len(conv) == 0 {
		detail := strings.TrimSpace(string(msg))
		if i := strings.LastIndexByte(detail, '\n'); i >= 0 {
			detail = detail[i+1:]
		}
		if err != nil {
			detail = strings.TrimSpace(err.Error() + " " + detail)
		}
		return nil, fmt.Errorf("%s: LibreOffice 无法把这个 %s 文件转换为 .%s（文件可能已损坏或不是 %s 文件）: %.200s；请用 %s 或 WPS 另存为 .%s 后再导入", name, app, to, app, detail, app, to)
	}
	if len(conv) > MaxFileSize {
		return nil, fmt.Errorf("%s: 转换后的文件过大（超过 %d MB），不像一份部门决算", name, MaxFileSize>>20)
	}
	return conv, nil
}
