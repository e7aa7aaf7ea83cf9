// Package inspect is 公开检查: it takes a region's published 部门决算
// documents in bulk, identifies each (kind, year, unit), matches it to
// the region's unit list, imports and audits it, and locates every
// finding about the printed document on its page: the glyph boxes of
// the printed amounts a finding names, or the line of the sentence it
// is about. One unreadable document is recorded with its error and
// never stops the batch.
package inspect

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/identify"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/pdfannot"
)

// Options control a batch.
type Options struct {
	Templates  importer.Templates
	Candidates []identify.Candidate // template families for identify.Match
	// Units is the region's unit list: documents are matched to it by
	// name, and the units without a document are reported missing.
	Units []Unit
	// Year is the year checked (0: the most frequent year of the batch);
	// units are missing for this year.
	Year    int
	Workers int // documents inspected at once (0: one per core)
	// Progress, when set, is called after each document.
	Progress func(done, total int, file string)
	// Done, when set, is called by the worker with each document once
	// inspected (to annotate it, say); the document's content and report
	// are dropped afterwards, so a large batch keeps only its findings.
	Done func(d *Document)
}

// Box is a rectangle [x0, y0, x1, y1] in PDF points (user space, y up).
type Box [4]float64

func (b Box) union(o Box) Box {
	return Box{min(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), max(b[3], o[3])}
}

// Place is where one cell or sentence a finding names is printed.
type Place struct {
	Cell string `json:"cell,omitempty"`
	Text string `json:"text"` // the printed text boxed
	Page int    `json:"page"`
	Line int    `json:"line,omitempty"`
	Box  *Box   `json:"box,omitempty"`
	// Row: the cell is blank (not printed); the place is its row's line.
	Row bool `json:"row,omitempty"`
}

// Finding is an audit finding with its dimension and its places on the
// printed document. Page and Box are those of its first place.
type Finding struct {
	juesuan.Finding
	ID     string  `json:"id"`   // stable within the document: rule and cells
	Kind   string  `json:"kind"` // 完整性, 真实性/勾稽, 文字一致, 细化程度, 导入存疑
	Page   int     `json:"page,omitempty"`
	Box    *Box    `json:"box,omitempty"`
	Places []Place `json:"places,omitempty"`
	// Status is a reviewer's mark (已确认, 误报, 已整改), with who and when.
	Status   string `json:"status,omitempty"`
	MarkedBy string `json:"marked_by,omitempty"`
	MarkedAt string `json:"marked_at,omitempty"`
}

// Document is the result of inspecting one file.
type Document struct {
	File     string `json:"file"`
	Format   string `json:"format,omitempty"`
	Kind     string `json:"kind,omitempty"` // 部门决算 …
	Year     int    `json:"year,omitempty"`
	Unit     string `json:"unit,omitempty"` // as the document prints it
	Region   string `json:"region,omitempty"`
	Template string `json:"template,omitempty"`
	// Match says how the document was matched to the unit list.
	Match Match `json:"match"`
	Pages int   `json:"pages,omitempty"`
	// PageSizes are the PDF's page sizes in points, [width, height].
	PageSizes [][2]float64   `json:"page_sizes,omitempty"`
	Error     string         `json:"error,omitempty"` // why the document could not be inspected
	Counts    juesuan.Counts `json:"counts"`
	Findings  []Finding      `json:"findings"`
	// Report is the imported report (not written to JSON).
	Report *juesuan.Report `json:"-"`
	// Data is the file's content, kept for PDFs to annotate them.
	Data []byte `json:"-"`
}

// PDF tells whether the document was read from a PDF.
func (d *Document) PDF() bool { return d.Format == string(importer.FormatPDF) }

// Files expands the arguments: files as given, directories walked for
// the extensions the importer reads. Order is stable.
func Files(args []string) ([]string, []error) {
	var out []string
	var errs []error
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: 文件或目录不存在或无法读取", a))
			continue
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if slices.Contains(importer.Extensions, strings.ToLower(filepath.Ext(p))) {
				found = append(found, p)
			}
			return nil
		})
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, errs
}

// Run inspects the files in parallel; the documents come back in the
// order of files, each with its findings or its error.
func Run(ctx context.Context, files []string, opt Options) []*Document {
	docs := make([]*Document, len(files))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(workers, max(1, len(files))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				docs[i] = File(ctx, files[i], opt)
				if opt.Done != nil {
					opt.Done(docs[i])
					docs[i].Data, docs[i].Report = nil, nil
				}
				if opt.Progress != nil {
					mu.Lock()
					done++
					opt.Progress(done, len(files), files[i])
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	MatchUnits(docs, opt.Units)
	return docs
}

// File reads and inspects one file; it never panics and never fails:
// a document that cannot be inspected carries its Error.
func File(ctx context.Context, path string, opt Options) *Document {
	d := &Document{File: path, Findings: []Finding{}}
	f, err := os.Open(path)
	if err != nil {
		d.Error = fmt.Sprintf("%s: 无法读取文件：%v", path, err)
		return d
	}
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxFileSize+1))
	f.Close()
	if err != nil {
		d.Error = fmt.Sprintf("%s: 无法读取文件：%v", path, err)
		return d
	}
	Bytes(ctx, d, data, opt)
	return d
}

// Bytes inspects a file's content into d (d.File names it).
func Bytes(ctx context.Context, d *Document, data []byte, opt Options) {
	defer func() {
		if v := recover(); v != nil {
			d.Error = fmt.Sprintf("%s: 内部错误：%v（请把文件报告给开发者）", d.File, v)
		}
	}()
	if d.Findings == nil {
		d.Findings = []Finding{}
	}
	name := d.File
	if len(data) == 0 {
		d.Error = name + ": 文件是空的"
		return
	}
	if len(data) > importer.MaxFileSize {
		d.Error = fmt.Sprintf("%s: 文件过大（超过 %d MB），不像一份部门决算", name, importer.MaxFileSize>>20)
		return
	}
	format, err := importer.DetectFormat(name, data[:min(len(data), 1024)])
	if err != nil {
		d.Error = err.Error()
		return
	}
	d.Format = string(format)
	var geo *geometry
	var doc *textimport.Doc
	if format == importer.FormatPDF {
		pages, err := pdfimport.Glyphs(ctx, name, data, pdfimport.DefaultLimits)
		if err != nil {
			d.Error = err.Error()
			return
		}
		doc, geo = pdfDoc(name, pages)
		d.Data = data
		// The page sizes (for the page view) from the page tree; a PDF
		// whose structure pdfium repairs but ours cannot read has none.
		if sizes, err := pdfannot.PageSizes(data); err == nil && len(sizes) == len(pages) {
			d.PageSizes = sizes
		}
	} else {
		doc, err = identify.ReadDoc(name, data)
		if err != nil {
			d.Error = err.Error()
			return
		}
	}
	d.Pages = doc.Pages
	info := identify.Identify(doc)
	info.File = name
	if len(opt.Candidates) > 0 {
		info.Template, info.Reason = identify.Match(info, opt.Candidates)
	}
	d.Kind, d.Year, d.Unit, d.Region, d.Template = info.Kind, info.Year, info.Unit, info.Region, info.Template
	if strings.HasSuffix(info.Kind, "预算") {
		d.Error = fmt.Sprintf("%s: 这是%s，不是决算；公开检查只审核部门决算和单位决算", name, info.Kind)
		return
	}
	var res *importer.Result
	if format == importer.FormatPDF {
		res, err = importer.FromDoc(doc, opt.Templates, importer.Options{})
	} else {
		res, err = importer.Bytes(name, data, opt.Templates, importer.Options{})
		if err == nil && res.Format == importer.FormatText {
			// Locate sentences in the same lines the import read.
			if s, derr := textimport.Decode(name, data); derr == nil {
				doc = textimport.Parse(name, s)
			}
		}
	}
	if err != nil {
		d.Error = err.Error()
		return
	}
	r := res.Report
	d.Report = r
	if d.Year == 0 {
		d.Year = r.Year
	}
	if d.Unit == "" {
		d.Unit = r.Unit.Name
	}
	if d.Template == "" {
		d.Template = res.Template.ID
	}
	fs, err := audit.Check(res.Template, r)
	if err != nil {
		d.Error = fmt.Sprintf("%s: 无法审核：%v", name, err)
		return
	}
	fs = append(fs, r.ImportDoubts...)
	d.Counts = juesuan.Count(fs)
	loc := newLocator(doc, geo, res.Placements, res.Template)
	dims := Dimensions()
	seen := map[string]int{}
	for _, f := range fs {
		if f.Cells == nil {
			f.Cells = []string{}
		}
		id := f.Rule
		if len(f.Cells) > 0 {
			id += "@" + strings.Join(f.Cells, ",")
		} else if f.Where != "" {
			id += "@" + f.Where
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id += fmt.Sprintf("#%d", n)
		}
		x := Finding{Finding: f, ID: id, Kind: dims.KindOf(f)}
		x.Places = loc.places(f)
		if len(x.Places) > 0 {
			x.Page = x.Places[0].Page
			x.Box = x.Places[0].Box
		}
		d.Findings = append(d.Findings, x)
	}
}
