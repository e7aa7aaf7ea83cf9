package roundtrip

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Row is the result of one template in one mode over all reports.
type Row struct {
	Target      Target
	Mode        Mode
	Reports     int
	Score       Score
	Failed      int // imports that returned an error
	FirstErr    string
	Misdetected int
	FalseErrors int            // reports with at least one false error
	Rules       map[string]int // false-error rule → reports
	Time        time.Duration  // import and audit time, all reports
	Examples    []string       // a few cells that are not exact
}

// Add records one report's outcome.
func (r *Row) Add(o Outcome, d time.Duration) {
	r.Reports++
	r.Time += d
	if o.Misdetected {
		r.Misdetected++
	}
	if o.Err != nil {
		r.Failed++
		if r.FirstErr == "" {
			r.FirstErr = o.Err.Error()
		}
		return
	}
	r.Score = r.Score.Add(o.Score)
	for _, d := range o.Diff {
		if len(r.Examples) < examples {
			r.Examples = append(r.Examples, d)
		}
	}
	if len(o.FalseErrors) > 0 {
		r.FalseErrors++
		if r.Rules == nil {
			r.Rules = map[string]int{}
		}
		for _, id := range o.FalseErrors {
			r.Rules[id]++
		}
	}
}

// examples bounds the differences a row keeps to show.
const examples = 12

// Unsupported tells that no report of the row could be imported at all:
// the importer does not read the format (yet).
func (r *Row) Unsupported() bool { return r.Reports > 0 && r.Failed == r.Reports }

// ExactPct is exact cells over printed cells, failed imports excluded.
func (r *Row) ExactPct() float64 {
	if r.Score.Cells == 0 {
		return 0
	}
	return 100 * float64(r.Score.Exact) / float64(r.Score.Cells)
}

// Print writes the table, then the rules behind false errors and the
// first error of failed imports.
func Print(w io.Writer, rows []*Row) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "template\tmode\treports\tcells\texact %\tmissing\twrong\textra\tfalse-error reports\tmisdetected\tfailed\ts/report\t")
	for _, r := range rows {
		if r.Unsupported() {
			fmt.Fprintf(tw, "%s\t%s\t%d\t-\tunsupported\t-\t-\t-\t-\t-\t%d\t-\t\n", r.Target.Template, r.Mode, r.Reports, r.Failed)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t\n", r.Target.Template, r.Mode, r.Reports,
			r.Score.Cells, r.ExactPct(), r.Score.Missing, r.Score.Wrong, r.Score.Extra, r.FalseErrors, r.Misdetected, r.Failed,
			r.Time.Seconds()/float64(r.Reports))
	}
	tw.Flush()
	for _, r := range rows {
		if len(r.Rules) > 0 {
			var ids []string
			for id := range r.Rules {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool {
				if r.Rules[ids[i]] != r.Rules[ids[j]] {
					return r.Rules[ids[i]] > r.Rules[ids[j]]
				}
				return ids[i] < ids[j]
			})
			var parts []string
			for _, id := range ids {
				parts = append(parts, fmt.Sprintf("%s×%d", id, r.Rules[id]))
			}
			fmt.Fprintf(w, "%s/%s false errors: %s\n", r.Target.Template, r.Mode, strings.Join(parts, " "))
		}
		if len(r.Examples) > 0 {
			fmt.Fprintf(w, "%s/%s cells not exact, e.g.: %s\n", r.Target.Template, r.Mode, strings.Join(r.Examples, "; "))
		}
		if r.FirstErr != "" {
			fmt.Fprintf(w, "%s/%s import failed: %s\n", r.Target.Template, r.Mode, firstLine(r.FirstErr))
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if rs := []rune(s); len(rs) > 160 {
		s = string(rs[:160]) + "…"
	}
	return s
}
