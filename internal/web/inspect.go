package web

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/identify"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/inspect"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/yearspec"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// 公开检查 in the workbench: a reviewer uploads a region's published
// documents (a folder, a zip or many files); each is identified, matched
// to the unit tree, imported and audited in the background while the
// page shows the progress; findings are shown on the page image with
// their boxes, marked 已确认/误报/已整改, and the region's 检查报告 is
// downloaded. Reviewers see the documents of their subtree only.

// inspectRoutes adds the 公开检查 pages.
func (s *Server) inspectRoutes() {
	if err := s.st.EnsureInspectSchema(context.Background()); err != nil {
		s.cfg.Log.Printf("web: %v", err)
	} else if err := s.st.InterruptInspectBatches(context.Background()); err != nil {
		s.cfg.Log.Printf("web: %v", err)
	}
	m := s.mux
	m.HandleFunc("GET /inspect", s.requireUser(s.inspectHome))
	// The upload path ends in /import: it gets the upload body limit.
	m.HandleFunc("POST /inspect/import", s.requireUser(s.inspectUpload))
	m.HandleFunc("GET /inspect/{id}", s.requireUser(s.inspectBatchPage))
	m.HandleFunc("GET /inspect/{id}/progress", s.requireUser(s.inspectProgress))
	m.HandleFunc("GET /inspect/{id}/download/{name}", s.requireUser(s.inspectDownload))
	m.HandleFunc("GET /inspect/{id}/docs/{seq}", s.requireUser(s.inspectDocPage))
	m.HandleFunc("GET /inspect/{id}/docs/{seq}/page/{n}", s.requireUser(s.inspectPageImage))
	m.HandleFunc("POST /inspect/{id}/docs/{seq}/unit", s.requireUser(s.inspectConfirm))
	m.HandleFunc("POST /inspect/{id}/docs/{seq}/mark", s.requireUser(s.inspectMark))
}

// Mark statuses a reviewer may give a finding.
var markStatuses = []string{"已确认", "误报", "已整改"}

// inspectScope is what the signed-in user may see: the units of the
// subtrees where they are 审核人 or 管理员.
type inspectScope struct {
	user  *juesuan.User
	tree  *unitTree
	units []inspect.Unit
	in    map[string]bool
	admin bool
}

func (s *Server) scope(ctx context.Context) (*inspectScope, error) {
	u := userFrom(ctx)
	t, err := s.tree(ctx)
	if err != nil {
		return nil, err
	}
	sc := &inspectScope{user: u, tree: t, in: map[string]bool{}}
	for _, g := range u.Grants {
		if g.Role == juesuan.RoleAdmin {
			sc.admin = true
		}
	}
	for _, un := range t.ordered() {
		anc := t.ancestors(un.Code)
		if !u.HasRole(juesuan.RoleReviewer, anc) && !u.HasRole(juesuan.RoleAdmin, anc) {
			continue
		}
		// The 部门: the unit's ancestor right below the root.
		dept := un.Name
		if len(anc) >= 2 {
			if p := t.byCode[anc[len(anc)-2]]; p != nil {
				dept = p.Name
			}
		}
		sc.in[un.Code] = true
		sc.units = append(sc.units, inspect.Unit{Code: un.Code, Name: un.Name, Department: dept})
	}
	if len(sc.in) == 0 {
		return nil, juesuan.Errorf(juesuan.EFORBIDDEN, "公开检查只对审核人和管理员开放")
	}
	return sc, nil
}

// sees tells whether the user may see a document of the batch.
func (sc *inspectScope) sees(b *store.InspectBatch, d *store.InspectDoc) bool {
	if d.Unit != "" {
		return sc.in[d.Unit]
	}
	return b.Author == sc.user.Name || sc.admin
}

type inspectHomePage struct {
	Batches []*store.InspectBatch
	Error   string
}

func (s *Server) inspectHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, err := s.scope(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bs, err := s.st.InspectBatches(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var p inspectHomePage
	for _, b := range bs {
		if ok, _ := s.batchVisible(ctx, sc, b); ok {
			p.Batches = append(p.Batches, b)
		}
	}
	s.render(w, r, http.StatusOK, "inspect", "", page{Title: "公开检查", Nav: "inspect", P: p})
}

func (s *Server) batchVisible(ctx context.Context, sc *inspectScope, b *store.InspectBatch) (bool, []*store.InspectDoc) {
	docs, err := s.st.InspectDocs(ctx, b.ID)
	if err != nil {
		return false, nil
	}
	var vis []*store.InspectDoc
	for _, d := range docs {
		if sc.sees(b, d) {
			vis = append(vis, d)
		}
	}
	return b.Author == sc.user.Name || len(vis) > 0, vis
}

// upFile is one uploaded document.
type upFile struct {
	name string
	data []byte
}

const maxBatchFiles = 500

// inspectUpload takes many files, a folder (sent as many files) or zip
// archives, creates the batch and inspects it in the background.
func (s *Server) inspectUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, err := s.scope(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "上传失败：文件过大（合计超过 %d MB）或上传不完整", s.cfg.MaxUpload>>20))
		return
	}
	var files []upFile
	var skipped []string
	for _, fh := range r.MultipartForm.File["files"] {
		f, err := fh.Open()
		if err != nil {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, importer.MaxFileSize+1))
		f.Close()
		if err != nil {
			continue
		}
		name := fh.Filename
		if strings.EqualFold(path.Ext(name), ".zip") {
			got, skip := unzip(name, data)
			files = append(files, got...)
			skipped = append(skipped, skip...)
			continue
		}
		if !slices.Contains(importer.Extensions, strings.ToLower(path.Ext(name))) {
			skipped = append(skipped, name)
			continue
		}
		files = append(files, upFile{name: name, data: data})
	}
	if len(files) == 0 {
		msg := "没有收到可检查的文件（可用：PDF、XLSX、DOCX、HTML、TXT，或包含它们的 zip）"
		if len(skipped) > 0 {
			msg += "；已跳过：" + strings.Join(skipped, "、")
		}
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "%s", msg))
		return
	}
	if len(files) > maxBatchFiles {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "一次最多检查 %d 个文件，收到 %d 个", maxBatchFiles, len(files)))
		return
	}
	id := newBatchID()
	b := &store.InspectBatch{ID: id, Author: sc.user.Name, Total: len(files), State: "检查中"}
	if err := s.st.CreateInspectBatch(ctx, b); err != nil {
		s.fail(w, r, err)
		return
	}
	go s.runBatch(b, files, sc.units)
	http.Redirect(w, r, "/inspect/"+id, http.StatusSeeOther)
}

func newBatchID() string {
	var b [6]byte
	rand.Read(b[:])
	return time.Now().UTC().Format("20060102") + "-" + hex.EncodeToString(b[:])
}

// unzip returns the documents of a zip archive (names decoded from GBK
// when the archive was made by a Chinese Windows), and the entries
// skipped.
func unzip(name string, data []byte) ([]upFile, []string) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, []string{name + "（不是有效的 zip 压缩包）"}
	}
	var out []upFile
	var skipped []string
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		n := f.Name
		if f.NonUTF8 {
			if s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil {
				n = s
			}
		}
		if !slices.Contains(importer.Extensions, strings.ToLower(path.Ext(n))) || len(out) >= maxBatchFiles || f.UncompressedSize64 > importer.MaxFileSize {
			skipped = append(skipped, n)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			skipped = append(skipped, n)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(rc, importer.MaxFileSize+1))
		rc.Close()
		if err != nil {
			skipped = append(skipped, n)
			continue
		}
		out = append(out, upFile{name: name + "/" + n, data: b})
	}
	return out, skipped
}

// runBatch inspects the documents one after another (the server's other
// work keeps the rest of the machine) and records each result.
func (s *Server) runBatch(b *store.InspectBatch, files []upFile, units []inspect.Unit) {
	ctx := context.Background()
	defer func() {
		if v := recover(); v != nil {
			s.cfg.Log.Printf("web: 公开检查 %s: %v", b.ID, v)
			s.st.SetInspectProgress(ctx, b.ID, b.Total, b.Year, "已完成")
		}
	}()
	var tpls importer.Templates = yearspec.Default
	if t, ok := s.cfg.Templates.(importer.Templates); ok {
		tpls = t
	}
	cands, _ := identify.Candidates(yearspec.Default)
	opt := inspect.Options{Templates: tpls, Candidates: cands}
	years := map[int]int{}
	year := 0
	for i, f := range files {
		d := &inspect.Document{File: f.name}
		inspect.Bytes(ctx, d, f.data, opt)
		d.Match = inspect.MatchUnit(d.Unit, units)
		if d.Error != "" && d.Unit == "" {
			d.Match = inspect.Match{State: inspect.NoName, Note: "文件未能读取"}
		}
		if d.Year > 0 {
			years[d.Year]++
			if years[d.Year] > years[year] {
				year = d.Year
			}
		}
		res, _ := json.Marshal(d)
		var data []byte
		if d.PDF() {
			data = f.data
		}
		code := ""
		if d.Match.State == inspect.Matched {
			code = d.Match.Code
		}
		if err := s.st.SaveInspectDoc(ctx, &store.InspectDoc{Batch: b.ID, Seq: i + 1, File: f.name, Unit: code,
			Match: d.Match.State, Year: d.Year, Result: res, Data: data}); err != nil {
			s.cfg.Log.Printf("web: 公开检查 %s: %v", b.ID, err)
		}
		state := "检查中"
		if i+1 == len(files) {
			state = "已完成"
		}
		b.Year = year
		s.st.SetInspectProgress(ctx, b.ID, i+1, year, state)
	}
}

// loaded is a batch's visible documents, decoded, with the marks.
type loaded struct {
	batch *store.InspectBatch
	rows  []*store.InspectDoc
	docs  []*inspect.Document
	sc    *inspectScope
}

func (s *Server) loadBatch(ctx context.Context, id string) (*loaded, error) {
	sc, err := s.scope(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.st.InspectBatch(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, vis := s.batchVisible(ctx, sc, b)
	if !ok {
		return nil, juesuan.Errorf(juesuan.EFORBIDDEN, "您没有查看该检查批次的权限")
	}
	l := &loaded{batch: b, rows: vis, sc: sc}
	marks := map[string]map[string]*store.InspectMark{}
	for _, row := range vis {
		var d inspect.Document
		if err := json.Unmarshal(row.Result, &d); err != nil {
			return nil, err
		}
		if row.Unit != "" {
			key := row.Unit + "@" + strconv.Itoa(row.Year)
			if marks[key] == nil {
				marks[key], err = s.st.InspectMarks(ctx, row.Unit, row.Year)
				if err != nil {
					return nil, err
				}
			}
			for i := range d.Findings {
				if m := marks[key][d.Findings[i].ID]; m != nil {
					d.Findings[i].Status, d.Findings[i].MarkedBy, d.Findings[i].MarkedAt = m.Status, m.Author, m.At.In(cst).Format("2006-01-02 15:04")
				}
			}
		}
		l.docs = append(l.docs, &d)
	}
	return l, nil
}

// region is the batch's region view over the user's units.
func (l *loaded) region() *inspect.Region {
	return inspect.View(l.docs, l.sc.units, l.batch.Year)
}

type inspectBatchPage struct {
	Batch    *store.InspectBatch
	Running  bool
	Percent  int
	Docs     []docRow
	Region   *inspect.Region
	Units    []*inspect.UnitView
	Dims     []string
	Depts    []string
	Dept     string
	Kind     string
	Choices  []inspect.Unit
	Download []string
}

type docRow struct {
	Seq   int
	Doc   *inspect.Document
	Match inspect.Match
}

func (s *Server) inspectBatchPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.batchPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "inspect_batch", "", page{Title: "公开检查 " + p.Batch.ID, Nav: "inspect", P: p})
}

func (s *Server) inspectProgress(w http.ResponseWriter, r *http.Request) {
	p, err := s.batchPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !p.Running {
		// Done: reload the whole page to show the results.
		w.Header().Set("HX-Refresh", "true")
	}
	s.render(w, r, http.StatusOK, "inspect_batch", "progress", page{P: p})
}

func (s *Server) batchPage(r *http.Request) (*inspectBatchPage, error) {
	l, err := s.loadBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	b := l.batch
	p := &inspectBatchPage{Batch: b, Running: b.State == "检查中", Dims: inspect.Dimensions().Dimensions,
		Dept: r.URL.Query().Get("dept"), Kind: r.URL.Query().Get("kind"), Choices: l.sc.units,
		Download: []string{"检查报告.xlsx", "检查报告.docx", "findings.csv", "findings.json"}}
	if b.Total > 0 {
		p.Percent = 100 * b.Done / b.Total
	}
	for i, d := range l.docs {
		p.Docs = append(p.Docs, docRow{Seq: l.rows[i].Seq, Doc: d, Match: d.Match})
	}
	p.Region = l.region()
	depts := map[string]bool{}
	for _, u := range p.Region.Units {
		if u.Department != "" {
			depts[u.Department] = true
		}
		if p.Dept != "" && u.Department != p.Dept {
			continue
		}
		if p.Kind != "" && u.ByKind[p.Kind] == 0 {
			continue
		}
		p.Units = append(p.Units, u)
	}
	for d := range depts {
		p.Depts = append(p.Depts, d)
	}
	sort.Strings(p.Depts)
	return p, nil
}

// inspectConfirm records the unit a reviewer confirms for a document
// whose match was uncertain (or absent).
func (s *Server) inspectConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, row, d, err := s.loadDoc(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := r.FormValue("unit")
	var u *inspect.Unit
	for i := range l.sc.units {
		if l.sc.units[i].Code == code {
			u = &l.sc.units[i]
		}
	}
	if u == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "单位 %s 不在您可以审核的范围内", code))
		return
	}
	d.Match = inspect.Match{State: inspect.Matched, Code: u.Code, Name: u.Name, Note: "由 " + l.sc.user.Name + " 确认"}
	res, _ := json.Marshal(d)
	if err := s.st.SetInspectDocUnit(ctx, l.batch.ID, row.Seq, u.Code, inspect.Matched, res); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/inspect/"+l.batch.ID, http.StatusSeeOther)
}

func (s *Server) loadDoc(r *http.Request) (*loaded, *store.InspectDoc, *inspect.Document, error) {
	l, err := s.loadBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, err
	}
	seq, _ := strconv.Atoi(r.PathValue("seq"))
	for i, row := range l.rows {
		if row.Seq == seq {
			return l, row, l.docs[i], nil
		}
	}
	return nil, nil, nil, juesuan.Errorf(juesuan.ENOTFOUND, "文件不存在或您没有查看它的权限")
}

type inspectDocPage struct {
	Batch    *store.InspectBatch
	Seq      int
	Doc      *inspect.Document
	Page     int
	Pages    []int
	W, H     float64
	Boxes    []pageBox
	Findings []findingRow // on this page (or all for a text file)
	Other    int          // findings elsewhere
	Statuses []string
	Recheck  *recheck
	CanMark  bool
}

type findingRow struct {
	inspect.Finding
	Anchor string
}

type pageBox struct {
	ID, Class, Title string
	X, Y, W, H       float64
}

// recheck compares a document with the unit's previous check of the year.
type recheck struct {
	Previous string // the earlier batch
	Fixed    []inspect.Finding
	Still    int
	New      int
}

func (s *Server) inspectDocPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, row, d, err := s.loadDoc(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := inspectDocPage{Batch: l.batch, Seq: row.Seq, Doc: d, Statuses: markStatuses, CanMark: row.Unit != ""}
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n == 0 {
		n = 1
		for _, f := range d.Findings {
			if f.Page > 0 {
				n = f.Page
				break
			}
		}
	}
	p.Page = n
	for i := 1; i <= d.Pages; i++ {
		p.Pages = append(p.Pages, i)
	}
	if d.PDF() && n >= 1 && n <= len(d.PageSizes) {
		p.W, p.H = d.PageSizes[n-1][0], d.PageSizes[n-1][1]
	}
	for _, f := range d.Findings {
		if d.PDF() && f.Page != n {
			if f.Page != 0 || n != 1 {
				p.Other++
				continue
			}
		}
		p.Findings = append(p.Findings, findingRow{Finding: f, Anchor: "f-" + anchor(f.ID)})
		for _, pl := range f.Places {
			if pl.Box == nil || pl.Page != n {
				continue
			}
			b := *pl.Box
			p.Boxes = append(p.Boxes, pageBox{ID: "f-" + anchor(f.ID), Class: string(f.Severity), Title: f.Message,
				X: b[0] - 1.5, Y: p.H - b[3] - 1.5, W: b[2] - b[0] + 3, H: b[3] - b[1] + 3})
		}
	}
	if row.Unit != "" {
		p.Recheck, err = s.recheck(ctx, l, row, d)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "inspect_doc", "", page{Title: d.Unit + " 公开检查", Nav: "inspect", P: p})
}

// recheck finds the unit's check before this one and what has changed.
func (s *Server) recheck(ctx context.Context, l *loaded, row *store.InspectDoc, d *inspect.Document) (*recheck, error) {
	all, err := s.st.InspectDocsOfUnit(ctx, row.Unit, row.Year)
	if err != nil {
		return nil, err
	}
	var prev *store.InspectDoc
	for _, o := range all {
		if o.Batch == row.Batch && o.Seq == row.Seq {
			break
		}
		if o.Batch != row.Batch {
			prev = o
		}
	}
	if prev == nil {
		return nil, nil
	}
	var pd inspect.Document
	if err := json.Unmarshal(prev.Result, &pd); err != nil {
		return nil, err
	}
	now := map[string]bool{}
	for _, f := range d.Findings {
		if f.Source != "import" {
			now[f.ID] = true
		}
	}
	rc := &recheck{Previous: prev.Batch}
	before := map[string]bool{}
	for _, f := range pd.Findings {
		if f.Source == "import" {
			continue
		}
		before[f.ID] = true
		if now[f.ID] {
			rc.Still++
		} else {
			rc.Fixed = append(rc.Fixed, f)
		}
	}
	for id := range now {
		if !before[id] {
			rc.New++
		}
	}
	return rc, nil
}

// inspectPageImage renders a page of an uploaded PDF.
func (s *Server) inspectPageImage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, row, d, err := s.loadDoc(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.PDF() {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "只有 PDF 文件有页面图像"))
		return
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".png"))
	data, err := s.st.InspectDocData(ctx, l.batch.ID, row.Seq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	png, err := pdfimport.RenderPNG(ctx, d.File, data, n, 96)
	if err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "%s", err.Error()))
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(png)
}

// inspectMark records a reviewer's mark on a finding, with who and when.
func (s *Server) inspectMark(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, row, d, err := s.loadDoc(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if row.Unit == "" {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "请先确认这份文件属于哪个单位，再标记问题"))
		return
	}
	anc := l.sc.tree.ancestors(row.Unit)
	if !l.sc.user.HasRole(juesuan.RoleReviewer, anc) && !l.sc.user.HasRole(juesuan.RoleAdmin, anc) {
		s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有该单位的审核人或管理员可以标记问题"))
		return
	}
	id, status := r.FormValue("finding"), r.FormValue("status")
	if !slices.Contains(markStatuses, status) {
		s.fail(w, r, juesuan.Errorf(juesuan.EINVALID, "标记应为 已确认、误报 或 已整改，而不是 %q", status))
		return
	}
	found := slices.ContainsFunc(d.Findings, func(f inspect.Finding) bool { return f.ID == id })
	if !found {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "问题 %s 不在这份文件中", id))
		return
	}
	if err := s.st.MarkInspectFinding(ctx, &store.InspectMark{Unit: row.Unit, Year: row.Year, Finding: id, Status: status, Author: l.sc.user.Name}); err != nil {
		s.fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/inspect/%s/docs/%d?page=%s#f-%s", l.batch.ID, row.Seq, r.FormValue("page"), anchor(id))
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// anchor makes a finding id usable as an HTML id.
func anchor(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, id)
}

// inspectDownload sends the region's 检查报告 or the findings, over the
// documents the user may see.
func (s *Server) inspectDownload(w http.ResponseWriter, r *http.Request) {
	l, err := s.loadBatch(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rg := l.region()
	b := &inspect.Batch{Year: rg.Year, Documents: l.docs, Region: rg}
	name := r.PathValue("name")
	var body []byte
	var ctype string
	switch {
	case name == "检查报告.xlsx":
		body, err = inspect.XLSX(b)
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case name == "检查报告.docx":
		body = inspect.DOCX(b)
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case name == "findings.csv":
		body, ctype = inspect.CSV(l.docs), "text/csv; charset=utf-8"
	case name == "findings.json":
		body, err = json.MarshalIndent(b, "", "  ")
		ctype = "application/json"
	case strings.HasPrefix(name, "unit-") && strings.HasSuffix(name, ".csv"):
		code := strings.TrimSuffix(strings.TrimPrefix(name, "unit-"), ".csv")
		var docs []*inspect.Document
		for _, d := range l.docs {
			if d.Match.Code == code && d.Match.State == inspect.Matched {
				docs = append(docs, d)
			}
		}
		body, ctype = inspect.CSV(docs), "text/csv; charset=utf-8"
	case strings.HasPrefix(name, "unit-") && strings.HasSuffix(name, ".docx"):
		code := strings.TrimSuffix(strings.TrimPrefix(name, "unit-"), ".docx")
		for _, u := range rg.Units {
			if u.Code == code && !u.Missing {
				body = inspect.UnitDOCX(rg.Year, u)
			}
		}
		if body == nil {
			s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "本批次没有单位 %s 的文件", code))
			return
		}
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	default:
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "没有 %s", name))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(l.batch.ID+"-"+filepath.Base(name))))
	w.Write(body)
}
