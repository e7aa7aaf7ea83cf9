package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan/internal/importer/docximport"
	"github.com/juesuan/juesuan/internal/importer/htmlimport"
	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/importer/xlsximport"
)

// pdfBytes reads a PDF directly (pdfium in WebAssembly) into positioned
// lines and rebuilds its tables like any other text.
func pdfBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	ctx, cancel, d := opt.budget()
	defer cancel()
	doc, err := pdfimport.Read(ctx, name, data, pdfimport.DefaultLimits)
	if err != nil {
		return nil, overBudget(ctx, name, d, err)
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

// htmlBytes reads a web page: table rows as positioned lines (the column
// index is the position), paragraphs as text.
func htmlBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	doc, err := htmlimport.Read(name, data)
	if err != nil {
		return nil, err
	}
	res, err := FromDoc(doc, tpls, opt)
	if err != nil {
		if !bytes.Contains(bytes.ToLower(data), []byte("<table")) {
			// Portals often publish the tables as an attachment of the page.
			msg := fmt.Sprintf("%s: 网页中没有表格（<table>），找不到决算表；如果决算表是网页的附件（PDF、Excel、Word），请下载附件后导入", name)
			if cause := strings.TrimPrefix(err.Error(), name+": "); !strings.HasPrefix(cause, "没有找到任何决算表") {
				msg += "（" + cause + "）"
			}
			return nil, errors.New(msg)
		}
		return nil, err
	}
	res.Format = FormatHTML
	return res, nil
}

// docxBytes reads a Word file's paragraphs and tables (the grid column is
// the position).
func docxBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	doc, err := docximport.Read(name, data)
	if err != nil {
		return nil, err
	}
	res, err := FromDoc(doc, tpls, opt)
	if err != nil {
		return nil, err
	}
	res.Format = FormatDOCX
	return res, nil
}

// isWordZip tells a Word file from a workbook when the extension does
// not: only a Word file has word/document.xml.
func isWordZip(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// looksHTML tells a web page from its first bytes, whatever its name.
func looksHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head"} {
		if bytes.HasPrefix(h, []byte(p)) {
			return true
		}
	}
	// An XML declaration or a comment may come first (XHTML, saved pages).
	if bytes.HasPrefix(h, []byte("<?xml")) || bytes.HasPrefix(h, []byte("<!--")) {
		return bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<!doctype html"))
	}
	return false
}
