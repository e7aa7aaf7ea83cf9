// Package catalogimport reads an official classification catalog (the
// MOF's 政府收支分类科目 or 经济分类 list, exported to CSV or XLSX) and
// writes a year template directory that uses it instead of the partial
// catalog shipped with Juesuan. The result is data: point JUESUAN_YEARS
// at it and every command uses the official catalog.
package catalogimport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan"
)

// Entry is one code of an imported catalog.
type Entry struct {
	Code, Name string
}

// Read parses a catalog file: CSV or XLSX (first sheet). The header row
// is found by its column titles: a code column (code, 科目编码, 编码,
// 功能分类科目编码 …) and a name column (name, 科目名称, 名称); or three
// columns 类/款/项 whose digits are joined (201 | 29 | 03 → 2012903).
func Read(name string, data []byte) ([]Entry, error) {
	var rows [][]string
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		var err error
		if rows, err = r.ReadAll(); err != nil {
			return nil, fmt.Errorf("%s: CSV 格式错误: %v", name, err)
		}
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
		if err != nil {
			return nil, fmt.Errorf("%s: XLSX 文件无法打开: %v", name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, fmt.Errorf("%s: 工作簿中没有工作表", name)
		}
		if rows, err = f.GetRows(sheets[0]); err != nil {
			return nil, fmt.Errorf("%s: 无法读取工作表: %v", name, err)
		}
	default:
		return nil, fmt.Errorf("%s: 科目目录应为 .csv 或 .xlsx 文件", name)
	}
	return parse(name, rows)
}

var digits = regexp.MustCompile(`^\d+$`)

func parse(name string, rows [][]string) ([]Entry, error) {
	head, codeCol, nameCol, split := -1, -1, -1, [3]int{-1, -1, -1}
	for i, row := range rows {
		if i > 20 {
			break
		}
		for j, cell := range row {
			c := strings.ReplaceAll(strings.TrimSpace(cell), " ", "")
			switch {
			case c == "code" || strings.HasSuffix(c, "编码") || c == "科目代码":
				codeCol = j
			case c == "name" || c == "科目名称" || c == "名称" || c == "项目名称":
				nameCol = j
			case c == "类":
				split[0] = j
			case c == "款":
				split[1] = j
			case c == "项":
				split[2] = j
			}
		}
		if nameCol >= 0 && (codeCol >= 0 || split[0] >= 0) {
			head = i
			break
		}
		codeCol, nameCol, split = -1, -1, [3]int{-1, -1, -1}
	}
	if head < 0 {
		return nil, fmt.Errorf("%s: 找不到表头：应有“科目编码”（或 类/款/项 三列）和“科目名称”两列", name)
	}
	get := func(row []string, j int) string {
		if j >= 0 && j < len(row) {
			return strings.TrimSpace(row[j])
		}
		return ""
	}
	seen := map[string]int{}
	var out []Entry
	var errs []string
	for i := head + 1; i < len(rows); i++ {
		row := rows[i]
		code := strings.ReplaceAll(get(row, codeCol), " ", "")
		if codeCol < 0 {
			code = get(row, split[0]) + get(row, split[1]) + get(row, split[2])
		}
		nm := get(row, nameCol)
		if code == "" && nm == "" {
			continue
		}
		line := i + 1
		switch {
		case !digits.MatchString(code) || juesuan.CodeLevel(code) == 0:
			errs = append(errs, fmt.Sprintf("%s:%d: 科目编码 %q 应为 3、5 或 7 位数字", name, line, code))
		case nm == "":
			errs = append(errs, fmt.Sprintf("%s:%d: 科目 %s 没有名称", name, line, code))
		case seen[code] > 0:
			errs = append(errs, fmt.Sprintf("%s:%d: 科目编码 %s 重复（第 %d 行已有）", name, line, code, seen[code]))
		default:
			seen[code] = line
			out = append(out, Entry{Code: code, Name: nm})
		}
		if len(errs) > 30 {
			break
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: 没有读到任何科目", name)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Report summarises what an import changes against the current catalog.
type Report struct {
	Entries, Added, Renamed, Dropped int
	Orphans                          []string // codes whose parent is not in the file
}

// Compare lists what the official entries change against cat.
func Compare(entries []Entry, cat *juesuan.Catalog) Report {
	rep := Report{Entries: len(entries)}
	codes := map[string]bool{}
	for _, e := range entries {
		codes[e.Code] = true
	}
	for _, e := range entries {
		if p := juesuan.ParentCode(e.Code); p != "" && !codes[p] {
			rep.Orphans = append(rep.Orphans, e.Code)
		}
		old, ok := cat.Lookup(e.Code)
		switch {
		case !ok:
			rep.Added++
		case old.Name != e.Name:
			rep.Renamed++
		}
	}
	if cat != nil {
		for code := range cat.Entries {
			if !codes[code] {
				rep.Dropped++
			}
		}
	}
	return rep
}

// WriteTemplate copies template id from src (a years/ file system) into
// dir/id, replacing the catalog file of key with the official entries and
// marking it complete. source names the official file in the provenance.
func WriteTemplate(src fs.FS, id, key, dir, source string, entries []Entry) error {
	sub, err := fs.Sub(src, id)
	if err != nil {
		return err
	}
	meta, err := fs.ReadFile(sub, "template.json")
	if err != nil {
		return fmt.Errorf("未知的年度模板 %q", id)
	}
	file := catalogFile(meta, key)
	if file == "" {
		return fmt.Errorf("年度模板 %s 没有科目目录 %q（应为 function、economic 或 economic_gov）", id, key)
	}
	out := filepath.Join(dir, id)
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(out, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		switch p {
		case file:
			b = catalogCSV(entries, source)
		case "template.json":
			b = markComplete(b, file)
		}
		return os.WriteFile(target, b, 0o644)
	})
	return err
}

// catalogFile finds the file of catalog key in template.json.
func catalogFile(meta []byte, key string) string {
	re := regexp.MustCompile(`"key":\s*"` + regexp.QuoteMeta(key) + `"[^}]*"file":\s*"([^"]+)"`)
	if m := re.FindSubmatch(meta); m != nil {
		return path.Clean(string(m[1]))
	}
	return ""
}

// markComplete sets "partial": false on the catalog entry of file.
func markComplete(meta []byte, file string) []byte {
	re := regexp.MustCompile(`("file":\s*"` + regexp.QuoteMeta(file) + `",\s*"partial":\s*)true`)
	return re.ReplaceAll(meta, []byte("${1}false"))
}

func catalogCSV(entries []Entry, source string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"code", "name", "level", "parent_code", "source"})
	for _, e := range entries {
		w.Write([]string{e.Code, e.Name, fmt.Sprint(juesuan.CodeLevel(e.Code)), juesuan.ParentCode(e.Code), "official:" + source})
	}
	w.Flush()
	return b.Bytes()
}
