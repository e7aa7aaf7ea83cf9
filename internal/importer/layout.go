package importer

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/juesuan/juesuan"
)

// layout is a template's import.json: how its published layout is read.
type layout struct {
	Comment     string                 `json:"comment"`
	Regions     []string               `json:"regions"`
	LineNumbers bool                   `json:"lineNumbers"`
	Tables      map[string]tableLayout `json:"tables"`
	EmptyNotes  []string               `json:"emptyNotes"`
}

type tableLayout struct {
	Titles    []string            `json:"titles"`
	Columns   map[string][]string `json:"columns"`
	BlockHead []string            `json:"blockHead"`
}

func loadLayout(t *juesuan.Template) (*layout, error) {
	b, ok := t.Files["import.json"]
	if !ok {
		return nil, fmt.Errorf("年度模板 %s 没有 import.json，不能用于导入", t.ID)
	}
	var l layout
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("years/%s/import.json: %v", t.ID, err)
	}
	if l.Tables == nil {
		l.Tables = map[string]tableLayout{}
	}
	// A table file's own titles and columns win over import.json, which
	// is keyed by table number and so only fits the family that wrote it.
	for _, ts := range t.Tables {
		n := fmt.Sprint(ts.Number)
		tl := l.Tables[n]
		if len(ts.Titles) > 0 {
			tl.Titles = ts.Titles
			tl.Columns, tl.BlockHead = ts.ImportColumns, ts.BlockHead
		}
		l.Tables[n] = tl
	}
	for _, ts := range t.Tables {
		tl, ok := l.Tables[fmt.Sprint(ts.Number)]
		if !ok || len(tl.Titles) == 0 {
			return nil, fmt.Errorf("years/%s/import.json: 缺少表%d 的表名", t.ID, ts.Number)
		}
		for k := range tl.Columns {
			if _, ok := ts.Column(k); !ok {
				return nil, fmt.Errorf("years/%s/import.json: 表%d 没有第 %s 栏", t.ID, ts.Number, k)
			}
		}
	}
	return &l, nil
}
