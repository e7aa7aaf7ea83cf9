package roundtrip

import (
	"fmt"
	"sort"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/importer"
)

// Score counts how the imported cells match the printed ones. A blank
// cell and a printed 0.00 are the same: neither is a figure to import.
type Score struct {
	Cells   int // non-zero cells the document printed
	Exact   int // imported at the same table/row/column with the same amount
	Missing int // printed but not imported
	Wrong   int // imported at the right place with another amount
	Extra   int // imported where the document printed nothing
}

// Add sums two scores.
func (s Score) Add(o Score) Score {
	return Score{s.Cells + o.Cells, s.Exact + o.Exact, s.Missing + o.Missing, s.Wrong + o.Wrong, s.Extra + o.Extra}
}

// Compare scores got (imported cells) against want (printed values) and
// describes the differences, in cell order.
func Compare(want, got map[juesuan.CellRef]juesuan.Amount) (Score, []string) {
	var s Score
	var diff []string
	for c, v := range want {
		if v == 0 {
			continue
		}
		s.Cells++
		switch g, ok := got[c]; {
		case !ok || g == 0:
			s.Missing++
			diff = append(diff, fmt.Sprintf("%s missing %s", c, wan(v)))
		case g == v:
			s.Exact++
		default:
			s.Wrong++
			diff = append(diff, fmt.Sprintf("%s %s≠%s", c, wan(g), wan(v)))
		}
	}
	for c, g := range got {
		if g != 0 && want[c] == 0 {
			s.Extra++
			diff = append(diff, fmt.Sprintf("%s extra %s", c, wan(g)))
		}
	}
	sort.Strings(diff)
	return s, diff
}

// wan prints an amount in 万元 with the decimals it needs, as cellcsv
// does: a difference below 0.01 万元 must not print as equal.
func wan(v juesuan.Amount) string {
	if v%juesuan.Cent != 0 {
		return v.String()
	}
	return v.Wan()
}

// Outcome is one report imported in one mode.
type Outcome struct {
	Score
	Err         error    // the import failed
	Misdetected bool     // detection failed or chose another template; the template was then forced
	FalseErrors []string // error rules the import fails that the original passed
	Diff        []string // the cells that are not exact
}

// Case is one generated report ready to be compared: its template, the
// values its document prints, and the error rules it already fails.
type Case struct {
	Target Target
	Want   map[juesuan.CellRef]juesuan.Amount
	Errors map[string]bool
}

// Import imports f, scores its cells and audits it.
func Import(c Case, f File, tpls importer.Templates) Outcome {
	res, err := importer.Bytes(f.Name, f.Data, tpls, importer.Options{})
	var o Outcome
	if err != nil || res.Template.ID != c.Target.Template {
		o.Misdetected = true
		res, err = importer.Bytes(f.Name, f.Data, tpls, importer.Options{Year: c.Target.Year, Template: c.Target.Template})
	}
	if err != nil {
		o.Err = err
		return o
	}
	o.Score, o.Diff = Compare(c.Want, res.Report.Cells)
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		o.Err = err
		return o
	}
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity == juesuan.SevError && !c.Errors[f.Rule] && !seen[f.Rule] {
			seen[f.Rule] = true
			o.FalseErrors = append(o.FalseErrors, f.Rule)
		}
	}
	sort.Strings(o.FalseErrors)
	return o
}
