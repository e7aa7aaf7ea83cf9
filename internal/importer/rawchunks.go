package importer

import (
	"slices"

	"github.com/juesuan/juesuan"
)

// fewerChunks cuts a run whose heading names more columns than it prints
// streams for: a heading printed on one line names every column under it,
// and a column blank on the whole page prints nothing. The run is cut
// into as many streams as the hierarchy admits (most first), and the
// streams are given to the named columns a report most often fills: the
// rare columns (上级补助收入, 经营收入 …) are taken to be the blank ones.
func (b *builder) fewerChunks(ts *juesuan.TableSpec, tree *codeTree, amts []amt, named []string, totalLast bool) ([]string, []chunk) {
	for k := len(named) - 1; k >= 2; k-- {
		chunks := b.columnChunks(tree, amts, k, totalLast)
		if chunks == nil {
			continue
		}
		return likelyColumns(ts, named, k), chunks
	}
	return nil, nil
}

// likelyColumns keeps k of the named columns, in their order, leaving out
// the rare ones first and then the last.
func likelyColumns(ts *juesuan.TableSpec, named []string, k int) []string {
	out := slices.Clone(named)
	for i := len(out) - 1; i >= 0 && len(out) > k; i-- {
		if c, ok := ts.Column(out[i]); ok && c.Rare {
			out = slices.Delete(out, i, i+1)
		}
	}
	return out[:k]
}
