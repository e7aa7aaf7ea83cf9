package main

import (
	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/pdfimport"
	"github.com/juesuan/juesuan/internal/render/chart"
	"github.com/juesuan/juesuan/internal/render/pdf"
)

// configure reads the program's configuration from the environment and
// hands it to the packages that need it: they never read it themselves.
func configure(getenv func(string) string) {
	c := juesuan.ConfigFrom(getenv)
	pdf.Configure(c)
	chart.Configure(c)
	pdfimport.Configure(c)
}
