package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/cellcsv"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// templates returns the template loader: the embedded years, or a
// directory given by JUESUAN_YEARS (data-only additions without a rebuild).
func templates(e *env) *yearspec.Loader {
	if dir := e.getenv("JUESUAN_YEARS"); dir != "" {
		return &yearspec.Loader{FS: os.DirFS(dir)}
	}
	return yearspec.Default
}

// loadReport reads any input the commands accept: a native report file,
// a cells CSV, or a published report the importer understands.
func loadReport(e *env, path string, year int) (*juesuan.Report, *juesuan.Template, error) {
	tpls := templates(e)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return reportfile.ReadFile(path, tpls, year)
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: 无法读取文件: %v", path, err)
		}
		defer f.Close()
		return cellcsv.Read(path, f, tpls, year)
	}
	return nil, nil, fmt.Errorf("%s: 不支持的文件类型 %q（可用：.yaml/.yml 报表文件、.csv 单元格文件）", path, filepath.Ext(path))
}
