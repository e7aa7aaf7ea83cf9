package importer

import "fmt"

// pdfBytes: reading PDFs directly (go-pdfium in WebAssembly mode) is not
// done yet; the message tells the user the working route.
func pdfBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	return nil, fmt.Errorf("%s: 暂不能直接读取 PDF（PDF 导入尚在开发中）；请先用 pdftotext -layout 转为文本，再导入 .txt 文件", name)
}

// xlsxBytes: XLSX import is not done yet.
func xlsxBytes(name string, data []byte, tpls Templates, opt Options) (*Result, error) {
	return nil, fmt.Errorf("%s: 暂不能导入 XLSX（XLSX 导入尚在开发中）；请导入公开的 PDF 转出的文本或单元格 CSV", name)
}
