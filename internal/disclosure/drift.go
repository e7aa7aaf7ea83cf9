package disclosure

import (
	"fmt"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rounding"
)

// Fix is one printed cell the review copy proposes to change by 0.01 万元.
type Fix struct {
	Cell     juesuan.CellRef
	From, To juesuan.Amount
}

// drifts finds the sums a table printed in 万元 gets wrong by rounding
// alone (each term off by at most 0.01 万元) and the fewest ±0.01 changes
// that would make every sum hold. The printed values are never changed:
// the review copy only lists them, for the unit to decide.
func drifts(ids []rounding.Identity, vals map[juesuan.CellRef]juesuan.Amount) (off []rounding.Identity, fixes []Fix) {
	imb := func(id rounding.Identity, v map[juesuan.CellRef]juesuan.Amount) juesuan.Amount {
		s := v[id.LHS]
		for _, t := range id.Terms {
			if t.Neg {
				s += v[t.Ref]
			} else {
				s -= v[t.Ref]
			}
		}
		return s
	}
	abs := func(a juesuan.Amount) juesuan.Amount {
		if a < 0 {
			return -a
		}
		return a
	}
	for _, id := range ids {
		d := abs(imb(id, vals))
		if d == 0 {
			continue
		}
		if d > juesuan.Cent*juesuan.Amount(len(id.Terms)+1) {
			return nil, nil // more than rounding: an error the audit reports, not a drift
		}
		off = append(off, id)
	}
	if len(off) == 0 {
		return nil, nil
	}
	v := make(map[juesuan.CellRef]juesuan.Amount, len(vals))
	for k, x := range vals {
		v[k] = x
	}
	total := func() juesuan.Amount {
		var s juesuan.Amount
		for _, id := range ids {
			s += abs(imb(id, v))
		}
		return s
	}
	// Greedy: move the one printed cell whose ±0.01 most reduces the
	// total imbalance, until every sum holds (or nothing helps).
	moved := map[juesuan.CellRef]juesuan.Amount{}
	for step := 0; step < 50; step++ {
		cur := total()
		if cur == 0 {
			break
		}
		cands := map[juesuan.CellRef]bool{}
		for _, id := range ids {
			if imb(id, v) != 0 {
				cands[id.LHS] = true
				for _, t := range id.Terms {
					cands[t.Ref] = true
				}
			}
		}
		keys := make([]juesuan.CellRef, 0, len(cands))
		for c := range cands {
			if _, printed := vals[c]; printed {
				keys = append(keys, c)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		best, bestD, bestGain := juesuan.CellRef{}, juesuan.Amount(0), juesuan.Amount(0)
		for _, c := range keys {
			for _, d := range []juesuan.Amount{juesuan.Cent, -juesuan.Cent} {
				v[c] += d
				if gain := cur - total(); gain > bestGain {
					best, bestD, bestGain = c, d, gain
				}
				v[c] -= d
			}
		}
		if bestGain == 0 {
			break
		}
		v[best] += bestD
		moved[best] += bestD
	}
	for c, d := range moved {
		if d != 0 {
			fixes = append(fixes, Fix{Cell: c, From: vals[c], To: vals[c] + d})
		}
	}
	sort.Slice(fixes, func(i, j int) bool { return fixes[i].Cell.String() < fixes[j].Cell.String() })
	return off, fixes
}

// driftBlocks writes the review copy's note on the rounding drifts.
func driftBlocks(off []rounding.Identity, fixes []Fix, vals map[juesuan.CellRef]juesuan.Amount) []Block {
	if len(off) == 0 {
		return nil
	}
	out := []Block{{Kind: Heading, Level: 2, Text: "审核提示：尾差（仅见于审核稿）"}}
	for _, id := range off {
		var sum juesuan.Amount
		var terms []string
		for _, t := range id.Terms {
			x, printed := vals[t.Ref]
			if !printed {
				continue // a blank cell adds nothing
			}
			sign := " + "
			if t.Neg {
				x, sign = -x, " − "
			}
			sum += x
			terms = append(terms, sign+t.Ref.String())
		}
		out = append(out, Block{Kind: Para, Class: "note", Text: fmt.Sprintf("%s 印 %s，而 %s 之和为 %s，相差 %s 万元（舍位尾差）。",
			id.LHS, vals[id.LHS].Wan(), strings.TrimPrefix(strings.Join(terms, ""), " + "), sum.Wan(), (vals[id.LHS] - sum).Wan())})
	}
	if len(fixes) > 0 {
		var fs []string
		for _, f := range fixes {
			fs = append(fs, fmt.Sprintf("%s 由 %s 改为 %s", f.Cell, f.From.Wan(), f.To.Wan()))
		}
		out = append(out, Block{Kind: Para, Class: "note", Text: "使各表平衡的最小调整：" + strings.Join(fs, "；") + "。公开稿保留原印数，是否调整由单位决定。"})
	}
	return out
}
