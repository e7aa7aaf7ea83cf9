package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

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

// loadLayout returns the layout of t, decoded once per template: the
// import tries every family's layout on every file, and decoding the
// JSON again each time was a tenth of the import's own CPU time. The
// layout is only read after it is made, so imports share it.
func loadLayout(t *juesuan.Template) (*layout, error) {
	b, ok := t.Files["import.json"]
	if !ok {
		return nil, fmt.Errorf("年度模板 %s 没有 import.json，不能用于导入", t.ID)
	}
	if v, ok := layouts.Load(t); ok {
		if c := v.(cachedLayout); len(c.src) == len(b) && (len(b) == 0 || &c.src[0] == &b[0]) {
			return c.lay, nil
		}
	}
	l, err := decodeLayout(t, b)
	if err != nil {
		return nil, err
	}
	if layoutCount.Add(1) > layoutMax {
		layouts.Clear()
		layoutCount.Store(0)
	}
	layouts.Store(t, cachedLayout{src: b, lay: l})
	return l, nil
}

// layouts remembers decoded layouts by template; an entry counts only
// while the template still has the import.json it was decoded from.
// Templates are few (a loader keeps one per family and year), but the
// map is emptied at layoutMax entries in case a program makes many.
var (
	layouts     sync.Map // *juesuan.Template → cachedLayout
	layoutCount atomic.Int64
)

const layoutMax = 256

type cachedLayout struct {
	src []byte
	lay *layout
}

func decodeLayout(t *juesuan.Template, b []byte) (*layout, error) {
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
