package audit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

// A figure printed with a digit missing breaks every identity it is in,
// by the same amount. When one cell's value would make two or more failing
// identities hold at once, that cell is named, with the value its row and
// its parents give: the reader sees the misprint, not only its echoes.
// It runs only when the rules found an error: a clean report pays
// nothing for it.

type fix struct {
	want juesuan.Amount
	ids  int
}

func suspectCells(t *juesuan.Template, r *juesuan.Report) []juesuan.Finding {
	p, err := Program(t)
	if err != nil {
		return nil
	}
	fixes := map[juesuan.CellRef]*fix{}
	conflict := map[juesuan.CellRef]bool{}
	propose := func(c juesuan.CellRef, want juesuan.Amount) {
		if f, ok := fixes[c]; ok {
			if f.want != want {
				conflict[c] = true
			}
			f.ids++
			return
		}
		fixes[c] = &fix{want: want, ids: 1}
	}
	for _, id := range p.Identities(r) {
		sum := juesuan.Amount(0)
		for _, o := range id.Terms {
			if o.Neg {
				sum -= r.Cells[o.Ref]
			} else {
				sum += r.Cells[o.Ref]
			}
		}
		d := r.Cells[id.LHS] - sum
		// Within the rounding of the printed figures it is a 舍位 gap.
		if abs(d) <= juesuan.Cent*juesuan.Amount(len(id.Terms)+1) {
			continue
		}
		propose(id.LHS, r.Cells[id.LHS]-d)
		for _, o := range id.Terms {
			if o.Neg {
				propose(o.Ref, r.Cells[o.Ref]-d)
			} else {
				propose(o.Ref, r.Cells[o.Ref]+d)
			}
		}
	}
	var cells []juesuan.CellRef
	for c, f := range fixes {
		if f.ids >= 2 && !conflict[c] && r.Cells[c] != f.want {
			cells = append(cells, c)
		}
	}
	sort.Slice(cells, func(i, j int) bool { return cells[i].String() < cells[j].String() })
	var out []juesuan.Finding
	for _, c := range cells {
		f := fixes[c]
		printed, want := r.Cells[c].Wan(), f.want.Wan()
		why := ""
		if droppedDigit(printed, want) {
			why = "，疑为漏印一位数字"
		}
		out = append(out, juesuan.Finding{
			Rule: "L1.suspect-cell", Severity: juesuan.SevWarning, Cells: []string{c.String()},
			Expected: want, Actual: printed,
			Message: fmt.Sprintf("%s 印为 %s，与它有关的 %d 项审核公式都不成立；改为 %s 则全部成立%s，请核对原始数据",
				eval.CellLabel(t, r, c), printed, f.ids, want, why),
		})
	}
	return out
}

// droppedDigit is true when printed is want with one digit left out.
func droppedDigit(printed, want string) bool {
	p, w := strings.ReplaceAll(printed, ",", ""), strings.ReplaceAll(want, ",", "")
	if len(w) != len(p)+1 {
		return false
	}
	for i := range w {
		if w[i] >= '0' && w[i] <= '9' && w[:i]+w[i+1:] == p {
			return true
		}
	}
	return false
}

func abs(a juesuan.Amount) juesuan.Amount {
	if a < 0 {
		return -a
	}
	return a
}
