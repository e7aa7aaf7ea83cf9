// Package identify tells what a published 部门决算/预算 document is — its
// kind, year, unit, region, money unit and the tables it names and
// prints — from the document alone, without a template. Choosing a
// template (Match) is a separate step that uses what identify found.
package identify

import (
	"github.com/juesuan/juesuan"

	"encoding/json"
	"strings"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Kinds of document.
const (
	DeptFinal  = "部门决算"
	UnitFinal  = "单位决算"
	DeptBudget = "部门预算"
	UnitBudget = "单位预算"
)

// Table states.
const (
	Filled  = "filled"  // printed with amounts
	Empty   = "empty"   // printed without amounts (空表说明, zeros)
	Missing = "missing" // named in the 目录 but not printed
)

// Table is one table the document names in its 目录 or prints.
type Table struct {
	Title string `json:"title"`
	Page  int    `json:"page,omitempty"` // page of the document (PDF page or form-feed page)
	Line  int    `json:"line,omitempty"` // line of a text file, or on the page of a PDF
	State string `json:"state"`
}

// Info is what a document says about itself. Empty strings and a zero
// year mean the document does not say.
type Info struct {
	File      string
	Kind      string
	Year      int
	Unit      string
	Region    string
	Locality  string
	MoneyUnit string
	Template  string // chosen by Match, not by Identify
	Reason    string // why Template is what it is, or why there is none
	Tables    []Table
	// Attached: the document says its tables are an attachment (见附件)
	// rather than printing them in the body.
	Attached bool
}

// MarshalJSON writes the contract's object: what is not said is null.
func (in *Info) MarshalJSON() ([]byte, error) {
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	var year *int
	if in.Year != 0 {
		y := in.Year
		year = &y
	}
	tables := in.Tables
	if tables == nil {
		tables = []Table{}
	}
	return json.Marshal(struct {
		File      string  `json:"file"`
		Kind      *string `json:"kind"`
		Year      *int    `json:"year"`
		Unit      *string `json:"unit"`
		Region    *string `json:"region"`
		Locality  *string `json:"locality"`
		MoneyUnit *string `json:"money_unit"`
		Template  *string `json:"template"`
		Reason    *string `json:"reason"`
		Tables    []Table `json:"tables"`
	}{in.File, str(in.Kind), year, str(in.Unit), str(in.Region), str(in.Locality), str(in.MoneyUnit),
		str(in.Template), str(in.Reason), tables})
}

// line is one document line prepared for reading.
type line struct {
	page, no int
	text     string // clean text, spaces kept
	c        string // compact text: no spaces, one kind of quote
	chrome   bool
}

// Identify reads what doc says about itself. It never fails: what it
// cannot find stays empty.
func Identify(doc *textimport.Doc) *Info {
	in := &Info{File: doc.Name}
	lines := prepare(doc)
	d := &reader{lines: lines, paged: doc.Pages > 1 || doc.PDF}
	d.findTOC()
	d.cover(in)
	in.MoneyUnit = d.moneyUnit()
	in.Tables = d.tables(in.Unit)
	in.Attached = d.attached()
	return in
}

// attached reports whether the text sends the reader to an attachment for
// the tables.
func (d *reader) attached() bool {
	for _, l := range d.lines {
		if !l.chrome && juesuan.SaysTablesAttached(l.c) {
			return true
		}
	}
	return false
}

func prepare(doc *textimport.Doc) []line {
	out := make([]line, 0, len(doc.Lines))
	front := true
	for _, l := range doc.Lines {
		raw := l.Text()
		if front && reFrontMatter.MatchString(strings.TrimSpace(raw)) {
			continue
		}
		front = false
		t := strings.TrimSpace(clean(raw))
		c := compact(t)
		if c == "" {
			continue
		}
		out = append(out, line{page: l.Page, no: l.No, text: t, c: c, chrome: isChrome(c)})
	}
	return out
}

// reader holds a document's lines and what has been found of its layout.
type reader struct {
	lines    []line
	paged    bool
	tocStart int // index of the 目录 line, -1 when there is none
	tocEnd   int // first index after the 目录
}
