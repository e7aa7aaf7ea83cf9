package web

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer"
)

// previewTable is what an import placed in one table, for the user to
// compare with the document before saving it.
type previewTable struct {
	Number int
	Title  string
	Cells  []previewCell
}

type previewCell struct {
	Row, Name, Col, ColName string
	Amount                  string // 万元
}

// importPreview lists the non-empty cells of an import table by table.
func importPreview(res *importer.Result) []previewTable {
	r, tpl := res.Report, res.Template
	byTable := map[int][]juesuan.CellRef{}
	for _, c := range r.SortedCells(tpl) {
		byTable[c.Table] = append(byTable[c.Table], c)
	}
	var out []previewTable
	for _, ts := range tpl.Tables {
		refs := byTable[ts.Number]
		if len(refs) == 0 {
			continue
		}
		pt := previewTable{Number: ts.Number, Title: ts.Title}
		for _, c := range refs {
			pc := previewCell{Row: c.Row, Col: c.Col, Amount: r.Cells[c].Wan()}
			pc.Name = r.RowNames[juesuan.RowRef{Table: c.Table, Row: c.Row}]
			if rs, ok := ts.Row(c.Row); ok && pc.Name == "" {
				pc.Name = rs.Label
				if pc.Name == "" {
					pc.Name = rs.Name
				}
			}
			if cs, ok := ts.Column(c.Col); ok {
				pc.ColName = cs.Name
			}
			pt.Cells = append(pt.Cells, pc)
		}
		out = append(out, pt)
	}
	return out
}
