package roundtrip

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/yearspec"
)

var (
	reportsFlag   = flag.Int("reports", 1, "reports per template")
	modesFlag     = flag.String("modes", "", "comma-separated modes (default all): pdf,layout,raw,collapsed,html,xlsx,docx")
	templatesFlag = flag.String("templates", "", "comma-separated template ids (default all)")
	seedFlag      = flag.Uint64("seed", 1, "generator seed")
	shapesFlag    = flag.Bool("shapes", true, "generate reports with the shapes of real reports (gen.Options.Shapes)")
	workersFlag   = flag.Int("workers", 0, "reports rendered and imported at once (default: one per core)")
	dumpFlag      = flag.String("dump", "", "directory to write every importer input and the expected cells to")
)

// floor is what import achieves today in one template × mode. A mode
// the importer reads well must stay exact and free of false errors in any
// run; the figures of the others guard against regressions in the default
// run (-reports=1 -seed=1), where they were measured. The lead raises
// them as import improves.
type floor struct {
	exact       float64 // 100: must be exact in any run; less: default-run floor; <0: not asserted
	falseErrors int     // reports with false errors tolerated in the default run
}

// floors holds the exceptions (the default run's figures, rounded down); a
// template × mode not listed must be exact
// with no false error, except the modes in pending.
var floors = map[string]floor{}

// pending are the modes import does not read well enough yet: measured
// and printed, not asserted (raw pdftotext prints a table's columns as
// streams one after another, not rows).
var pending = map[Mode]bool{ModeRaw: true}

func floorOf(tg Target, m Mode) floor {
	if f, ok := floors[tg.Template+"/"+string(m)]; ok {
		return f
	}
	if pending[m] {
		return floor{exact: -1, falseErrors: -1}
	}
	return floor{exact: 100}
}

func requireTools() bool { return os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" }

// TestHarness prints the exact-cell rate per template × mode:
//
//	go test ./internal/roundtrip -run TestHarness -v -args -reports=20
func TestHarness(t *testing.T) {
	if *reportsFlag < 1 {
		t.Fatalf("-reports=%d: need at least 1", *reportsFlag)
	}
	targets, err := Targets(yearspec.Default)
	if err != nil {
		t.Fatal(err)
	}
	if *templatesFlag != "" {
		targets = selectTargets(t, targets, *templatesFlag)
	}
	modes := selectModes(t, *modesFlag)
	rd := &Renderer{Dir: t.TempDir()}
	modes = withTools(t, rd, modes)
	if rd.Printer != nil {
		defer rd.Printer.Close()
	}
	if len(modes) == 0 {
		t.Skip("no mode can run here")
	}
	// The run may take as long as go test's -timeout allows (a large
	// -reports needs more than the default).
	ctx, cancel := context.WithCancel(context.Background())
	if d, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(context.Background(), d.Add(-time.Minute))
	}
	defer cancel()
	start := time.Now()
	rows, err := Run(ctx, Config{Loader: yearspec.Default, Targets: targets, Modes: modes, Reports: *reportsFlag,
		Seed: *seedFlag, Plain: !*shapesFlag, Renderer: rd, Progress: t.Logf, Dump: *dumpFlag, Workers: *workersFlag})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Print(&b, rows)
	t.Logf("round trip of %d report(s) per template, seed %d, in %s:\n%s", *reportsFlag, *seedFlag,
		time.Since(start).Round(time.Second), b.String())
	defaultRun := *reportsFlag == 1 && *seedFlag == 1 && *shapesFlag
	for _, r := range rows {
		f := floorOf(r.Target, r.Mode)
		name := r.Target.Template + "/" + string(r.Mode)
		if f.exact < 0 || (f.exact < 100 && !defaultRun) {
			continue
		}
		if r.Unsupported() && (r.Mode == ModeHTML || r.Mode == ModeDOCX) {
			// Their importers are being written; until then the table says
			// "unsupported" and nothing is asserted.
			continue
		}
		if r.Failed > 0 {
			t.Errorf("%s: %d of %d imports failed: %s", name, r.Failed, r.Reports, firstLine(r.FirstErr))
			continue
		}
		if r.ExactPct() < f.exact {
			t.Errorf("%s: %.2f %% of cells exact, want ≥ %.2f %%", name, r.ExactPct(), f.exact)
		}
		if f.falseErrors >= 0 && r.FalseErrors > f.falseErrors {
			t.Errorf("%s: %d report(s) with false errors %v, want ≤ %d", name, r.FalseErrors, r.Rules, f.falseErrors)
		}
	}
}

// withTools starts the browser and finds pdftotext for the modes that need
// them; without the tools those modes are skipped, unless
// JUESUAN_REQUIRE_TOOLS=1.
func withTools(t *testing.T, rd *Renderer, modes []Mode) []Mode {
	var browser, text bool
	for _, m := range modes {
		browser = browser || m.NeedsBrowser()
		text = text || m.NeedsPdftotext()
	}
	if text {
		if p, err := exec.LookPath("pdftotext"); err == nil {
			rd.Pdftotext = p
		} else if requireTools() {
			t.Fatal("pdftotext is required (JUESUAN_REQUIRE_TOOLS=1) but not installed")
		} else {
			t.Log("pdftotext not installed: skipping the layout, raw and collapsed modes")
			modes = drop(modes, Mode.NeedsPdftotext)
		}
	}
	if browser {
		p, err := pdf.NewPrinter(context.Background())
		if err == nil {
			rd.Printer = p
		} else if requireTools() {
			t.Fatalf("Chromium is required (JUESUAN_REQUIRE_TOOLS=1): %v", err)
		} else {
			t.Logf("no browser (%v): skipping the PDF modes", err)
			modes = drop(modes, Mode.NeedsBrowser)
		}
	}
	return modes
}

func drop(modes []Mode, f func(Mode) bool) []Mode {
	var out []Mode
	for _, m := range modes {
		if !f(m) {
			out = append(out, m)
		}
	}
	return out
}

func selectModes(t *testing.T, list string) []Mode {
	if list == "" {
		return Modes
	}
	var out []Mode
	for _, s := range strings.Split(list, ",") {
		m := Mode(strings.TrimSpace(s))
		ok := false
		for _, x := range Modes {
			ok = ok || x == m
		}
		if !ok {
			t.Fatalf("-modes: unknown mode %q (have %v)", m, Modes)
		}
		out = append(out, m)
	}
	return out
}

func selectTargets(t *testing.T, all []Target, list string) []Target {
	var out []Target
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		found := false
		for _, tg := range all {
			if tg.Template == id {
				out, found = append(out, tg), true
			}
		}
		if !found {
			t.Fatalf("-templates: unknown template %q", id)
		}
	}
	return out
}
