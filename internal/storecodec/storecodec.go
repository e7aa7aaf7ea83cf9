// Package storecodec is how the store writes a report and reads it back:
// the native report file (internal/reportfile) and the year's rules for
// the computed cells (internal/audit). The store itself knows neither, so
// that it sits below the rule engine.
package storecodec

import (
	"io"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/reportfile"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Codec implements store.Codec over a set of templates.
type Codec struct {
	tpls reportfile.Templates
}

// New returns the codec of the templates tpls.
func New(tpls reportfile.Templates) Codec { return Codec{tpls: tpls} }

// Default is the codec of the embedded templates.
var Default = New(yearspec.Default)

// Load returns a template by id ("2020", "shanghai@2024").
func (c Codec) Load(id string) (*juesuan.Template, error) { return c.tpls.Load(id) }

// Encode writes r as a native report file.
func (c Codec) Encode(w io.Writer, tpl *juesuan.Template, r *juesuan.Report) error {
	return reportfile.Write(w, tpl, r)
}

// Decode reads a native report file.
func (c Codec) Decode(name string, body []byte) (*juesuan.Report, error) {
	r, _, err := reportfile.Read(name, body, c.tpls, 0)
	return r, err
}

// Derive fills the computed cells of r by the year's rules: their values,
// which is what the store keeps of them.
func (c Codec) Derive(tpl *juesuan.Template, r *juesuan.Report) error {
	return audit.DeriveValues(tpl, r)
}
