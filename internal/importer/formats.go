package importer

import (
	"context"

	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/importer/xlsximport"
)

// pdfBytes reads a PDF directly (pdfium in WebAssembly) into positioned
// lines and rebuilds its tables like any other text.
func pdfBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	doc, err := pdfimport.Read(context.Background(), name, data, pdfimport.DefaultLimits)
	if err != nil {
		return nil, err
	}
	res, err := FromDoc(doc, tpls, opt)
	if err != nil {
		return nil, err
	}
	res.Format = FormatPDF
	return res, nil
}

// xlsxBytes reads a workbook's sheets as positioned lines (the column
// index is the position) and rebuilds its tables like any other text.
func xlsxBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	doc, err := xlsximport.Read(name, data)
	if err != nil {
		return nil, err
	}
	res, err := FromDoc(doc, tpls, opt)
	if err != nil {
		return nil, err
	}
	res.Format = FormatXLSX
	return res, nil
}
