package roundtrip

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
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
	// Workers is how many reports are rendered and imported at once
	// (0: one per core).
	Workers int
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
		// Reports run side by side (rendering waits on Chromium and
		// pdftotext, importing is CPU); their outcomes are added in report
		// order so that the table and its examples do not depend on timing.
		results := make([]reportResult, len(gs))
		var done atomic.Int64
		err = each(ctx, len(gs), cfg.workers(), func(i int) error {
			g := gs[i]
			res, err := cfg.one(ctx, tg, tpl, g.Report, g.Unit.Code)
			if err != nil {
				return fmt.Errorf("%s 单位 %s: %v", tg.Template, g.Unit.Code, err)
			}
			results[i] = res
			if cfg.Progress != nil {
				cfg.Progress("%s: report %d/%d (unit %s) done", tg.Template, done.Add(1), len(gs), g.Unit.Code)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, res := range results {
			for _, m := range cfg.Modes {
				byMode[m].Add(res.outcomes[m], res.times[m])
			}
		}
	}
	return rows, nil
}

// reportResult is one report's outcome in every mode.
type reportResult struct {
	outcomes map[Mode]Outcome
	times    map[Mode]time.Duration
}

// workers is how many reports run at once: one per core unless set.
func (cfg Config) workers() int {
	if cfg.Workers > 0 {
		return cfg.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// one renders a report in every mode and imports each rendering back.
func (cfg Config) one(ctx context.Context, tg Target, tpl *juesuan.Template, r *juesuan.Report, unit string) (reportResult, error) {
	res := reportResult{outcomes: map[Mode]Outcome{}, times: map[Mode]time.Duration{}}
	c, doc, err := prepare(tg, tpl, r)
	if err != nil {
		return res, err
	}
	files, err := cfg.Renderer.Files(ctx, doc, cfg.Modes)
	if err != nil {
		return res, err
	}
	if cfg.Dump != "" {
		if err := dump(cfg.Dump, tg, unit, c, files); err != nil {
			return res, err
		}
	}
	for _, m := range cfg.Modes {
		start := time.Now()
		res.outcomes[m] = Import(c, files[m], cfg.Loader)
		res.times[m] = time.Since(start)
	}
	return res, nil
}

// each calls f(0) … f(n-1) on up to workers goroutines and returns the
// first error; after an error no new call starts.
func each(ctx context.Context, n, workers int, f func(int) error) error {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		once sync.Once
		err  error
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if e := f(i); e != nil {
					once.Do(func() { err = e })
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
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
