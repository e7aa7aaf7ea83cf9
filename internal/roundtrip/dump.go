package roundtrip

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dump writes one report's importer inputs and the cells its document
// prints (as cells CSV, the form `juesuan cells` prints) under dir, named
// template-unit.mode.ext, so that a miss can be looked at by hand.
func dump(dir string, tg Target, unit string, c Case, files map[Mode]File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := filepath.Join(dir, tg.Template+"-"+unit)
	for m, f := range files {
		if err := os.WriteFile(base+"."+string(m)+filepath.Ext(f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	var lines []string
	for ref, v := range c.Want {
		lines = append(lines, fmt.Sprintf("%d,%s,%s,%s", ref.Table, ref.Row, ref.Col, v.Wan()))
	}
	sort.Strings(lines)
	return os.WriteFile(base+".want.csv", []byte("table,row,column,value\n"+strings.Join(lines, "\n")+"\n"), 0o644)
}
