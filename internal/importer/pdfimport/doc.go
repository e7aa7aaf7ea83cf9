// Package pdfimport reads a PDF directly, without cgo and without an
// external program: pdfium compiled to WebAssembly (go-pdfium on wazero)
// gives every glyph with its box, and the glyphs are grouped into lines
// and cells of the same positioned-line model that textimport produces
// from `pdftotext -layout` text, so one table reconstruction serves both.
//
// A PDF is untrusted input: the file size, the page count, the time per
// page and the sandbox memory are bounded, and pdfium has no access to
// the host's files.
package pdfimport
