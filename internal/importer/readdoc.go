package importer

import (
	"fmt"

	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/importer/xlsximport"
)

// ReadDoc turns a file's content (PDF, XLSX or text) into positioned lines
// with the same readers an import uses, without reading any table: it is
// what `juesuan identify` looks at before a template is chosen.
func ReadDoc(name string, data []byte) (*textimport.Doc, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: 文件是空的", name)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: 文件过大（超过 %d MB），不像一份部门决算", name, MaxFileSize>>20)
	}
	format, err := DetectFormat(name, data[:min(len(data), 8)])
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatPDF:
		ctx, cancel, d := Options{}.budget()
		defer cancel()
		doc, err := pdfimport.Read(ctx, name, data, pdfimport.DefaultLimits)
		return doc, overBudget(ctx, name, d, err)
	case FormatXLSX:
		return xlsximport.Read(name, data)
	}
	s, err := textimport.Decode(name, data)
	if err != nil {
		return nil, err
	}
	return textimport.Parse(name, s), nil
}
