package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
)

type adminCatalog struct {
	Key, Title string
	Entries    int
	Partial    bool
}

type adminYear struct {
	ID, Title, Region string
	Name              string
	From, To          int
	Tables            int
	RuleFiles, Rules  int
	RuleErr           string
	Catalogs          []adminCatalog
}

type adminYearsPage struct {
	AdminHead
	Years []adminYear
}

// adminYears lists the year templates (read-only: they are data under
// years/<id>/ and change with a release, not in the browser).
func (s *Server) adminYears(w http.ResponseWriter, r *http.Request) {
	p := adminYearsPage{AdminHead: AdminHead{Tab: "years"}}
	for _, id := range s.cfg.Templates.IDs() {
		tpl, err := s.cfg.Templates.Load(id)
		if err != nil {
			p.Years = append(p.Years, adminYear{ID: id, RuleErr: errMessage(err)})
			continue
		}
		y := adminYear{ID: tpl.ID, Title: tpl.Title, Name: tpl.Name, Region: tpl.Region, From: tpl.Years[0], To: tpl.Years[1], Tables: len(tpl.Tables), RuleFiles: len(tpl.Rules)}
		if prog, err := audit.Program(tpl); err != nil {
			y.RuleErr = err.Error()
		} else {
			y.Rules = len(prog.Rules)
		}
		for k, c := range tpl.Catalogs {
			y.Catalogs = append(y.Catalogs, adminCatalog{Key: k, Title: c.Title, Entries: len(c.Entries), Partial: c.Partial})
		}
		sort.Slice(y.Catalogs, func(i, j int) bool { return y.Catalogs[i].Key < y.Catalogs[j].Key })
		p.Years = append(p.Years, y)
	}
	s.render(w, r, http.StatusOK, "admin_years", "", page{Title: "年度模板", Nav: "admin", P: p})
}

const catalogPageSize = 100

type adminCatalogPage struct {
	AdminHead
	TplID   string
	Catalog *juesuan.Catalog
	Query   string
	Entries []*juesuan.CatalogEntry
	Matched int
	Page    int
	Pages   int
	Upload  *catalogUpload // an uploaded official catalog compared with this one
}

// adminCatalog lists one catalog's entries, searched by code prefix or
// name, a page at a time.
func (s *Server) adminCatalog(w http.ResponseWriter, r *http.Request) {
	tpl, err := s.cfg.Templates.Load(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "年度模板 %s 不存在", r.PathValue("id")))
		return
	}
	cat, ok := tpl.Catalogs[r.PathValue("key")]
	if !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "年度模板 %s 没有目录 %s", tpl.ID, r.PathValue("key")))
		return
	}
	s.renderCatalog(w, r, http.StatusOK, tpl, cat, nil)
}

func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, status int, tpl *juesuan.Template, cat *juesuan.Catalog, up *catalogUpload) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := adminCatalogPage{AdminHead: AdminHead{Tab: "years"}, TplID: tpl.ID, Catalog: cat, Query: q, Upload: up}
	var hits []*juesuan.CatalogEntry
	for _, code := range cat.Order {
		e := cat.Entries[code]
		if e != nil && (q == "" || strings.HasPrefix(e.Code, q) || strings.Contains(e.Name, q)) {
			hits = append(hits, e)
		}
	}
	p.Matched = len(hits)
	p.Pages = max(1, (len(hits)+catalogPageSize-1)/catalogPageSize)
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	p.Page = min(max(p.Page, 1), p.Pages)
	lo := (p.Page - 1) * catalogPageSize
	p.Entries = hits[lo:min(lo+catalogPageSize, len(hits))]
	s.render(w, r, status, "admin_catalog", "", page{Title: cat.Title + " · 年度模板", Nav: "admin", P: p})
}
