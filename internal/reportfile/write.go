package reportfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/lru"
)

// Write writes r as a native report file. Amounts are written in the
// report's money unit with every decimal they carry, so a file read and
// written again is unchanged in value.
func Write(w io.Writer, tpl *juesuan.Template, r *juesuan.Report) error {
	// A file with a text over its limit could never be read back.
	if err := r.Facts.CheckTextLimits(); err != nil {
		return err
	}
	unit := r.MoneyUnit
	if unit == "" {
		unit = juesuan.UnitWanyuan
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# 部门决算报表文件（格式说明见 docs/format.md）\n")
	fmt.Fprintf(&b, "format: %s\nyear: %d\ntemplate: %q\nmoney_unit: %s\n", FormatID, r.Year, r.Template, unit)
	b.WriteString("tables:\n")
	for _, ts := range r.Tables(tpl) {
		rows := r.RowsOf(ts)
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %d: # %s\n", ts.Number, ts.Title)
		for _, row := range rows {
			fmt.Fprintf(&b, "    - {row: %q", row)
			if name := r.RowNames[juesuan.RowRef{Table: ts.Number, Row: row}]; name != "" {
				fmt.Fprintf(&b, ", name: %s", quote(name))
			}
			var cells []string
			for _, col := range r.Columns(ts) {
				ref := juesuan.CellRef{Table: ts.Number, Row: row, Col: col.Key}
				if v, ok := r.Cells[ref]; ok && !r.Derived[ref] {
					cells = append(cells, fmt.Sprintf("%s: %s", col.Key, v.In(unit)))
				}
			}
			if len(cells) > 0 {
				fmt.Fprintf(&b, ", cells: {%s}", strings.Join(cells, ", "))
			}
			b.WriteString("}\n")
		}
	}
	writeGeneric(&b, r)
	facts, err := factsYAML(&r.Facts, unit)
	if err != nil {
		return err
	}
	if s := strings.TrimSpace(string(facts)); s != "{}" && s != "" {
		b.Write(facts)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// quote writes a YAML scalar safely in flow context.
func quote(s string) string {
	if strings.ContainsAny(s, ":{}[],#&*!|>'\"%@`\n") || s != strings.TrimSpace(s) {
		return strconv.Quote(s)
	}
	return s
}

// factsYAML is the facts part of a file. The YAML library takes 85 % of
// Write (7 ms for the reference report), and a save of the workbench
// writes the same facts again and again (a cell changed, not the facts),
// so the text is kept by the facts' content: their JSON, which carries
// every field (the store already keeps and compares facts as JSON), and
// the money unit the amounts are written in.
func factsYAML(f *juesuan.Facts, unit juesuan.MoneyUnit) ([]byte, error) {
	j, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(append([]byte(string(unit)+"\x00"), j...))
	if y, ok := factsMemo.Get(key); ok {
		return y, nil
	}
	y, err := yaml.MarshalWithOptions(f,
		yaml.OmitEmpty(),
		yaml.UseLiteralStyleIfMultiline(true),
		yaml.CustomMarshaler(func(a juesuan.Amount) ([]byte, error) { return []byte(a.In(unit)), nil }),
		yaml.CustomMarshaler(func(p juesuan.Points) ([]byte, error) { return []byte(p.String()), nil }))
	if err != nil {
		return nil, err
	}
	factsMemo.Put(key, y, int64(len(y))+96)
	return y, nil
}

// factsMemo is bounded (least recently used out): a few hundred reports'
// facts.
var factsMemo = lru.New[[32]byte, []byte](4 << 20)
