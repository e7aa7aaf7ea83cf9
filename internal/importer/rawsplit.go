package importer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/juesuan/juesuan"
)

// A code table that prints 类 | 款 | 项 as three columns (Shanghai) gives,
// in raw text, three streams of codes instead of rows: the 类 column has a
// code on every row (201 201 201 …), which fixes the row count; the 款 and
// 项 columns print only their non-blank cells (06 06 06 … then 01 02 07 …),
// in chunks whose order pdftotext does not keep. The names stream, one
// name a row (a long name wrapped over two or three lines), says which
// level each row is: the catalog knows the names of a 类's 款 and of a
// 款's 项. The rows are rebuilt as the reading of the names under the 类
// codes that the catalog admits, and the 款/项 digits printed must be the
// digits those rows need (as a multiset: their order is not kept).

// reKuanDigits is a 款 or 项 code printed in a column of its own.
var reKuanDigits = regexp.MustCompile(`^\d{2}$`)

// maxNameWrap is how many lines one name may take.
const maxNameWrap = 3

// splitCodeRows rebuilds the codes of a page whose 类|款|项 columns are
// printed apart; carry is the last code of the table's previous page (a
// page may begin inside a 款). It leaves the page as it was, and says so,
// unless exactly one reading of the names fits (or, of several, exactly
// one fits the printed digits).
func (b *builder) splitCodeRows(s *section, p *rawPage, carry string) bool {
	if len(p.codes) < 2 {
		return false
	}
	repeats := 0
	for i, c := range p.codes {
		if len(c) != 3 {
			return false
		}
		if i > 0 && c == p.codes[i-1] {
			repeats++
		}
	}
	cat := b.tpl.Catalogs[s.ts.Catalog]
	if repeats == 0 || cat == nil || len(p.names) < len(p.codes) {
		return false
	}
	sp := &codeSplit{
		classes: p.codes, names: p.names, cat: cat, kids: childIndex(cat),
		valid: func(c string) bool { return s.ts.CheckCode(c) == nil },
	}
	kuan := ""
	if len(carry) >= 5 {
		kuan = carry[:5]
	}
	var found [][]string
	for start := 0; start+len(p.codes) <= len(p.names) && len(found) < 8; start++ {
		sp.walk(0, start, kuan, make([]string, 0, len(p.codes)), func(codes []string) bool {
			if !slices.ContainsFunc(found, func(f []string) bool { return slices.Equal(f, codes) }) {
				found = append(found, slices.Clone(codes))
			}
			return len(found) < 8
		})
	}
	if len(found) > 1 && len(p.digits) > 0 {
		found = slices.DeleteFunc(found, func(codes []string) bool { return !digitsFit(codes, p.digits) })
	}
	if len(found) != 1 {
		return false
	}
	p.codes = found[0]
	p.names = rowNames(cat, p.codes)
	return true
}

// codeSplit searches the readings of a page's names under its 类 codes.
type codeSplit struct {
	classes []string
	names   []string
	cat     *juesuan.Catalog
	kids    map[string]map[string][]string // parent → name → child codes
	valid   func(string) bool
	budget  int
}

// walk reads row i from name word j on, kuan the 款 the rows above are
// in; yield gets each full reading and says whether to go on.
func (sp *codeSplit) walk(i, j int, kuan string, codes []string, yield func([]string) bool) bool {
	if i == len(sp.classes) {
		return yield(codes)
	}
	if sp.budget++; sp.budget > 100000 {
		return false
	}
	cls := sp.classes[i]
	if !strings.HasPrefix(kuan, cls) {
		kuan = ""
	}
	name := ""
	for w := 1; w <= maxNameWrap && j+w <= len(sp.names); w++ {
		name += sp.names[j+w-1]
		try := func(code, next string) bool {
			if code == "" || !sp.valid(code) || slices.Contains(codes, code) {
				return true
			}
			return sp.walk(i+1, j+w, next, append(codes, code), yield)
		}
		if e, ok := lookup(sp.cat, cls); ok && norm(e.Name) == name {
			if !try(cls, "") {
				return false
			}
		}
		if kuan != "" {
			for _, c := range sp.kids[kuan][name] {
				if !try(c, kuan) {
					return false
				}
			}
		}
		for _, c := range sp.kids[cls][name] {
			if !try(c, c) {
				return false
			}
		}
	}
	return true
}

// childIndex lists the children of each code by name.
func childIndex(cat *juesuan.Catalog) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, c := range cat.Order {
		e := cat.Entries[c]
		if e == nil || len(c) < 5 {
			continue
		}
		parent := c[:len(c)-2]
		if out[parent] == nil {
			out[parent] = map[string][]string{}
		}
		n := norm(e.Name)
		out[parent][n] = append(out[parent][n], c)
	}
	return out
}

// digitsFit says whether the 款 and 项 digits the rows need are those
// printed.
func digitsFit(codes, digits []string) bool {
	var need []string
	for _, c := range codes {
		for at := 3; at+2 <= len(c); at += 2 {
			need = append(need, c[at:at+2])
		}
	}
	have := slices.Clone(digits)
	slices.Sort(need)
	slices.Sort(have)
	return slices.Equal(need, have)
}

// rowNames is each row's name as the catalog has it: the names stream
// holds wrapped names in pieces.
func rowNames(cat *juesuan.Catalog, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if e, ok := lookup(cat, c); ok {
			out[i] = norm(e.Name)
		}
	}
	return out
}
