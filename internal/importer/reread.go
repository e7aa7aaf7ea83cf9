package importer

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// tables reads the tables of the document. Layout text is read by the
// printed positions first; where an extractor has shifted the columns
// (the header and the amounts no longer line up), that reading breaks the
// template's identities, and the document is read again as flat text, by
// the arithmetic alone: the reading that keeps more identities wins, the
// positions on a tie.
func (b *builder) tables() {
	flat := flatText(b.doc)
	b.readTables(flat)
	if flat || b.doc.PDF || tabbed(b.doc) {
		return
	}
	broken := brokenIdentities(b.tpl, b.res.Report)
	if broken == 0 {
		return
	}
	res := &Result{Template: b.res.Template, Kind: b.res.Kind}
	r := juesuan.NewReport(b.res.Report.Year, b.res.Report.Template)
	r.Source, r.MoneyUnit = b.res.Report.Source, b.res.Report.MoneyUnit
	res.Report = r
	alt := &builder{doc: b.doc, tpl: b.tpl, lay: b.lay, res: res, unit: b.unit}
	alt.readTables(true)
	if brokenIdentities(b.tpl, r) < broken {
		*b.res = *res
		b.sections, b.notesEnd, b.flat, b.readings = alt.sections, alt.notesEnd, alt.flat, alt.readings
	}
}

func tabbed(d *textimport.Doc) bool {
	for _, l := range d.Lines {
		if l.Tabbed {
			return true
		}
	}
	return false
}

// brokenIdentities counts the identities of the rules that r breaks.
func brokenIdentities(tpl *juesuan.Template, r *juesuan.Report) int {
	p, err := check.Cached(tpl)
	if err != nil {
		return 0
	}
	n := 0
	for _, id := range p.Identities(r) {
		if !id.Holds(r.Cells) {
			n++
		}
	}
	return n
}
