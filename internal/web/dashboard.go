package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/juesuan/juesuan"
)

type dashRow struct {
	Unit      *juesuan.Unit
	Depth     int
	Started   bool
	State     juesuan.ReviewState
	Version   int
	Counts    juesuan.Counts
	Broken    string // why the current version cannot be read
	Updated   time.Time
	Aggregate bool // the user may aggregate this unit's subtree
	HasKids   bool
	// Note is the comment of the step that sent the report back (退回意见
	// or 更正原因) while it is 已退回, so the filler sees it on arrival.
	Note, NoteBy string
}

type filterLink struct {
	Key, Label string
	N          int
	On         bool
}

type dashPage struct {
	Year    int
	Years   []int
	Filter  string
	Filters []filterLink
	Rows    []dashRow
	Total   int
}

// Dashboard filters: 未开始, 有错误, and each review state.
var dashFilters = []struct{ key, label string }{
	{"", "全部"}, {"notstarted", "未开始"}, {"errors", "有错误"},
	{"draft", string(juesuan.StateDraft)}, {"submitted", string(juesuan.StateSubmitted)},
	{"returned", string(juesuan.StateReturned)}, {"approved", string(juesuan.StateApproved)},
	{"published", string(juesuan.StatePublished)},
}

func matches(key string, d dashRow) bool {
	switch key {
	case "":
		return true
	case "notstarted":
		return !d.Started
	case "errors":
		return d.Started && (d.Counts.Error > 0 || d.Broken != "")
	}
	for _, f := range dashFilters[3:] {
		if f.key == key {
			return d.Started && string(d.State) == f.label
		}
	}
	return false
}

// years lists the years that have reports, newest first (the default
// year is the newest).
func (s *Server) years(r *http.Request) ([]int, error) {
	all, err := s.st.Reports(r.Context(), 0)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var ys []int
	// Every year a template covers can be started, not only the years
	// that already have reports.
	for _, id := range s.cfg.Templates.IDs() {
		if t, err := s.cfg.Templates.Load(id); err == nil {
			for y := t.Years[0]; y > 0 && y <= t.Years[1]; y++ {
				if !seen[y] {
					seen[y] = true
					ys = append(ys, y)
				}
			}
		}
	}
	for _, in := range all {
		if !seen[in.Key.Year] {
			seen[in.Key.Year] = true
			ys = append(ys, in.Key.Year)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	return ys, nil
}

// latestReportYear is the newest year that has reports, else the newest
// year a template covers up to last year (the year being filed).
func (s *Server) latestReportYear(r *http.Request, ys []int) int {
	if all, err := s.st.Reports(r.Context(), 0); err == nil {
		best := 0
		for _, in := range all {
			if in.Key.Year > best {
				best = in.Key.Year
			}
		}
		if best > 0 {
			return best
		}
	}
	filing := time.Now().Year() - 1
	for _, y := range ys {
		if y <= filing {
			return y
		}
	}
	if len(ys) > 0 {
		return ys[0]
	}
	return filing
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	ys, err := s.years(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year == 0 {
		year = s.latestReportYear(r, ys)
	}
	tr, err := s.tree(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reps, err := s.st.Reports(ctx, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byUnit := map[string]*juesuan.ReportInfo{}
	for _, in := range reps {
		if in.Key.Scope == juesuan.ScopeOwn {
			byUnit[in.Key.Unit] = in
		}
	}
	kids := map[string]bool{}
	for _, x := range tr.units {
		kids[x.Parent] = true
	}
	p := dashPage{Year: year, Years: ys, Filter: r.URL.Query().Get("filter")}
	var all []dashRow
	broken := map[string]string{}
	for _, unit := range tr.ordered() {
		anc := tr.ancestors(unit.Code)
		if !juesuan.CanReadUnit(u, anc) || !unit.ValidIn(year) {
			continue
		}
		d := dashRow{Unit: unit, Depth: tr.depth(unit.Code), HasKids: kids[unit.Code],
			Aggregate: juesuan.CanAggregate(u, anc)}
		if in := byUnit[unit.Code]; in != nil {
			d.Started, d.State, d.Version, d.Updated = true, in.State, in.Current, in.Updated
			a, err := s.loadRow(ctx, in.Key, in.Current, broken)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Counts = a.Counts
			if in.State == juesuan.StateReturned {
				hist, err := s.st.ReviewHistory(ctx, in.Key)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				if n := len(hist); n > 0 {
					last := hist[n-1]
					d.Note, d.NoteBy = last.Comment, last.Actor
					if last.From == juesuan.StatePublished {
						d.Note = "更正原因：" + d.Note
					} else {
						d.Note = "退回意见：" + d.Note
					}
				}
			}
		}
		all = append(all, d)
	}
	for i := range all {
		all[i].Broken = broken[all[i].Unit.Code]
	}
	for _, f := range dashFilters {
		fl := filterLink{Key: f.key, Label: f.label, On: f.key == p.Filter}
		for _, d := range all {
			if matches(f.key, d) {
				fl.N++
			}
		}
		p.Filters = append(p.Filters, fl)
	}
	for _, d := range all {
		if matches(p.Filter, d) {
			p.Rows = append(p.Rows, d)
		}
	}
	p.Total = len(all)
	s.render(w, r, http.StatusOK, "dashboard", "", page{Title: strconv.Itoa(year) + " 年度部门决算工作台", Nav: "dashboard", P: p})
}
