package roundtrip

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Config is one harness run.
type Config struct {
	Loader   *yearspec.Loader
	Targets  []Target
	Modes    []Mode
	Reports  int    // reports per template
	Seed     uint64 // generator seed
	Plain    bool   // generate without gen's layout shapes
	Renderer *Renderer
	Progress func(format string, args ...any) // told after each report; may be nil
	// Dump, when set, is a directory that receives every input handed to
	// the importer and the cells the document prints, to look at a miss.
	Dump string
}

// Run generates, renders, extracts, imports and scores; the rows come in
// template then mode order.
func Run(ctx context.Context, cfg Config) ([]*Row, error) {
	var rows []*Row
	for _, tg := range cfg.Targets {
		tpl, err := cfg.Loader.Load(tg.Template)
		if err != nil {
			return nil, err
		}
		base, _ := cfg.Loader.Load(strconv.Itoa(tg.Year))
		gs, err := gen.In(tpl, base, audit.Program, gen.Options{Units: cfg.Reports, Seed: cfg.Seed, Shapes: !cfg.Plain})
		if err != nil {
			return nil, err
		}
		byMode := map[Mode]*Row{}
		for _, m := range cfg.Modes {
			byMode[m] = &Row{Target: tg, Mode: m}
			rows = append(rows, byMode[m])
		}
		for i, g := range gs {
			c, doc, err := prepare(tg, tpl, g.Report)
			if err != nil {
				return nil, fmt.Errorf("%s 单位 %s: %v", tg.Template, g.Unit.Code, err)
			}
			files, err := cfg.Renderer.Files(ctx, doc, cfg.Modes)
			if err != nil {
				return nil, fmt.Errorf("%s 单位 %s: %v", tg.Template, g.Unit.Code, err)
			}
			if cfg.Dump != "" {
				if err := dump(cfg.Dump, tg, g.Unit.Code, c, files); err != nil {
					return nil, err
				}
			}
			for _, m := range cfg.Modes {
				start := time.Now()
				o := Import(c, files[m], cfg.Loader)
				byMode[m].Add(o, time.Since(start))
			}
			if cfg.Progress != nil {
				cfg.Progress("%s: report %d/%d (unit %s) done", tg.Template, i+1, len(gs), g.Unit.Code)
			}
		}
	}
	return rows, nil
}

// prepare audits the generated report (its own errors are not the
// import's) and builds its document and the values the document prints.
func prepare(tg Target, tpl *juesuan.Template, r *juesuan.Report) (Case, *disclosure.Document, error) {
	c := Case{Target: tg, Errors: map[string]bool{}}
	fs, err := audit.Check(tpl, r)
	if err != nil {
		return c, nil, err
	}
	for _, f := range fs {
		if f.Severity == juesuan.SevError {
			c.Errors[f.Rule] = true
		}
	}
	if c.Want, _, err = disclosure.Values(tpl, r); err != nil {
		return c, nil, err
	}
	doc, err := disclosure.Build(tpl, r)
	return c, doc, err
}
