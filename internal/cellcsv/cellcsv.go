// Package cellcsv reads and writes a report's cells as CSV:
// table,row,column,value with values in 万元 (docs/contract.md).
package cellcsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// Header is the CSV header line.
var Header = []string{"table", "row", "column", "value"}

// Templates gives a template by id.
type Templates interface {
	Load(id string) (*juesuan.Template, error)
}

// Write prints every non-blank cell in template order, in 万元 with the
// decimals the amount needs (two for 万元 data).
func Write(w io.Writer, tpl *juesuan.Template, r *juesuan.Report) error {
	cw := csv.NewWriter(w)
	cw.Write(Header)
	for _, c := range r.SortedCells(tpl) {
		v := r.Cells[c]
		s := v.Wan()
		if v%juesuan.Cent != 0 {
			s = v.String()
		}
		cw.Write([]string{strconv.Itoa(c.Table), c.Row, c.Col, s})
	}
	cw.Flush()
	return cw.Error()
}

// Read reads a cells CSV into a report of the given year.
func Read(name string, rd io.Reader, tpls Templates, year int) (*juesuan.Report, *juesuan.Template, error) {
	if year == 0 {
		return nil, nil, fmt.Errorf("%s: 单元格 CSV 没有写明年度，请用 --year 给出（如 --year 2020）", name)
	}
	tpl, err := tpls.Load(strconv.Itoa(year))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	r := juesuan.NewReport(year, tpl.ID)
	r.Source = name
	var errs []string
	lastTable := 0
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: CSV 格式错误: %v", name, line, err)
		}
		if line == 1 {
			if len(rec) != 4 || strings.TrimPrefix(rec[0], "\ufeff") != "table" || rec[1] != "row" || rec[2] != "column" || rec[3] != "value" {
				return nil, nil, fmt.Errorf("%s:1: 表头应为 table,row,column,value", name)
			}
			continue
		}
		if len(rec) != 4 {
			errs = append(errs, fmt.Sprintf("%s:%d: 应有 4 列（table,row,column,value），实际 %d 列", name, line, len(rec)))
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(rec[0]))
		if lastTable < len(tpl.Tables) {
			lastTable = len(tpl.Tables)
		}
		ts, ok := tpl.Table(n)
		// A table beyond the template is an extra generic table when it
		// follows on from the tables before it (10, 11, … for a 9-table
		// template): a stray table number is an error, not a new table.
		if err == nil && !ok && n <= lastTable+1 && r.SetExtraTable(tpl, n, "") == nil {
			ts, ok = r.Table(tpl, n)
		}
		if ok && n > lastTable {
			lastTable = n
		}
		if err != nil || !ok {
			errs = append(errs, fmt.Sprintf("%s:%d: 没有表 %q（应为 1 至 %d，模板之外的表为 %d 至 %d）", name, line, rec[0], len(tpl.Tables), len(tpl.Tables)+1, len(tpl.Tables)+juesuan.MaxExtraTables))
			continue
		}
		ref := juesuan.CellRef{Table: n, Row: strings.TrimSpace(rec[1]), Col: strings.TrimSpace(rec[2])}
		if err := ts.HasCell(ref.Row, ref.Col); err != nil {
			errs = append(errs, fmt.Sprintf("%s:%d: %s: %v", name, line, ref, err))
			continue
		}
		if _, dup := r.Cells[ref]; dup {
			errs = append(errs, fmt.Sprintf("%s:%d: 单元格 %s 重复", name, line, ref))
			continue
		}
		v, err := juesuan.ParseAmount(rec[3], juesuan.UnitWanyuan)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s:%d: %s（%s）: 金额无效: %v", name, line, ref, ref.Label(), err))
			continue
		}
		r.Cells[ref] = v
		if len(errs) > 50 {
			break
		}
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return r, tpl, nil
}
