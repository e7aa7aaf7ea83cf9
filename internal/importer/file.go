package importer

import (
	"fmt"
	"io"
	"os"
)

// MaxFileSize bounds an input file: a published report is a few MB; a
// 200 MB file is refused before it is read into memory.
const MaxFileSize = 200 << 20

// File imports one published report file of any supported format.
func File(path string, tpls Templates, opt Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取文件: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取文件: %v", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: 文件过大（超过 %d MB），不像一份部门决算", path, MaxFileSize>>20)
	}
	return Bytes(path, data, tpls, opt)
}

// Extensions are the file extensions of the published reports File
// reads (the commands and the web upload offer these).
var Extensions = []string{".txt", ".text", ".pdf", ".xlsx", ".xls", ".docx", ".doc", ".html", ".htm"}

// Bytes imports a file's content; name is used for the format and messages.
func Bytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: 文件是空的", name)
	}
	format, err := DetectFormat(name, data[:min(len(data), 1024)])
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatPDF:
		return pdfBytes(name, data, tpls, opt)
	case FormatXLSX:
		if isWordZip(data) {
			return docxBytes(name, data, tpls, opt)
		}
		return xlsxBytes(name, data, tpls, opt)
	case FormatHTML:
		return htmlBytes(name, data, tpls, opt)
	case FormatDOCX:
		return docxBytes(name, data, tpls, opt)
	case FormatXLS, FormatDOC:
		return legacyBytes(name, data, format, tpls, opt)
	}
	return Text(name, data, tpls, opt)
}
