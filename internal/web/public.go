package web

import (
	"net/http"
	"sort"

	"github.com/juesuan/juesuan"
)

type publicItem struct {
	Unit *juesuan.Unit
	Info *juesuan.ReportInfo
	URL  string
}

type publicPage struct {
	Items []publicItem
}

// index is the public front page: every published report, no login.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "页面不存在"))
		return
	}
	ctx := r.Context()
	reps, err := s.st.Reports(ctx, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr, err := s.tree(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var p publicPage
	for _, in := range reps {
		if in.State != juesuan.StatePublished {
			// A report under 更正 stays listed in its published version.
			pub, err := s.publicationFor(ctx, in.Key)
			if err != nil || pub.Latest == 0 {
				continue
			}
		}
		if u := tr.byCode[in.Key.Unit]; u != nil {
			p.Items = append(p.Items, publicItem{Unit: u, Info: in, URL: reportURL(in.Key)})
		}
	}
	sort.SliceStable(p.Items, func(i, j int) bool { return p.Items[i].Info.Key.Year > p.Items[j].Info.Key.Year })
	s.render(w, r, http.StatusOK, "index", "", page{Title: "部门决算公开", Nav: "public", P: p})
}
