package gen

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/check"
)

// Project lays a report generated in base (a family the generator fills
// whole, the national one of the year) over tpl, a family it cannot fill
// itself (a provincial layout with tables known by title only): every table
// of tpl whose role base has takes base's cells, renumbered and kept to
// the cells tpl prints; every generic table gets rows of its own. The
// families' rules are the national rules on the tables they keep, so the
// projected report stays consistent.
func Project(base *juesuan.Template, r *juesuan.Report, tpl *juesuan.Template, rng *rand.Rand) *juesuan.Report {
	out := juesuan.NewReport(r.Year, tpl.ID)
	out.MoneyUnit, out.Facts = r.MoneyUnit, r.Facts
	for _, ts := range tpl.Tables {
		if ts.IsGeneric() {
			genericRows(out, ts, r, base, rng)
			continue
		}
		from, ok := base.TableByRole(ts.Role)
		if !ok || ts.Role == "" {
			continue
		}
		for c, v := range r.Cells {
			if c.Table == from.Number && ts.HasCell(c.Row, c.Col) == nil {
				out.Cells[juesuan.CellRef{Table: ts.Number, Row: c.Row, Col: c.Col}] = v
			}
		}
		for rr, name := range r.RowNames {
			if rr.Table == from.Number {
				out.RowNames[juesuan.RowRef{Table: ts.Number, Row: rr.Row}] = name
			}
		}
	}
	return out
}

// genericRows fills a table known by its title only: a 合计 row over a few
// rows named after the unit's 类 of spending, in the columns the template
// declares (or three).
func genericRows(out *juesuan.Report, ts *juesuan.TableSpec, r *juesuan.Report, base *juesuan.Template, rng *rand.Rand) {
	cols := len(ts.Columns)
	if cols == 0 {
		cols = 3
	}
	var names []string
	if exp, ok := base.TableByRole("expense"); ok {
		for _, row := range r.RowsOf(exp) {
			if juesuan.CodeLevel(row) == 1 {
				names = append(names, row+" "+r.RowNames[juesuan.RowRef{Table: exp.Number, Row: row}])
			}
		}
	}
	if len(names) == 0 {
		names = []string{"基本支出", "项目支出"}
	}
	total := make([]juesuan.Amount, cols)
	for i, name := range names {
		row := strconv.Itoa(i + 2)
		out.RowNames[juesuan.RowRef{Table: ts.Number, Row: row}] = name
		for c := 0; c < cols; c++ {
			v := money(rng, 1_000, 500_000)
			out.Cells[juesuan.CellRef{Table: ts.Number, Row: row, Col: strconv.Itoa(c + 1)}] = v
			total[c] += v
		}
	}
	out.RowNames[juesuan.RowRef{Table: ts.Number, Row: "1"}] = "合计"
	for c, v := range total {
		out.Cells[juesuan.CellRef{Table: ts.Number, Row: "1", Col: strconv.Itoa(c + 1)}] = v
	}
	if len(ts.Columns) == 0 {
		g := &juesuan.GenericTable{}
		for c := 1; c <= cols; c++ {
			g.Columns = append(g.Columns, "金额"+strconv.Itoa(c))
		}
		if out.Generic == nil {
			out.Generic = map[int]*juesuan.GenericTable{}
		}
		out.Generic[ts.Number] = g
	}
}

// In generates reports laid out in tpl. When the generator cannot fill
// tpl's tables itself (tables known by title only), the reports are
// generated in base, the default family of the year, and laid over tpl;
// tables known by title only get rows of their own either way. compile
// turns a template into its rule program (audit.Program).
func In(tpl, base *juesuan.Template, compile func(*juesuan.Template) (*check.Program, error), opts Options) ([]Generated, error) {
	var gs []Generated
	err := Each(tpl, base, compile, opts, func(g Generated) error {
		gs = append(gs, g)
		return nil
	})
	return gs, err
}

// Each is In one report at a time, in the same order and with the same
// reports: fn gets each as it is made (gen --db stores them so, without
// holding thousands of reports). fn's error stops it.
func Each(tpl, base *juesuan.Template, compile func(*juesuan.Template) (*check.Program, error), opts Options, fn func(Generated) error) error {
	from := tpl
	if Supports(tpl) != nil {
		if base == nil || Supports(base) != nil {
			return Supports(tpl)
		}
		if opts.Faults > 0 || len(opts.FaultKinds) > 0 {
			return fmt.Errorf("模板 %s 有只按表名识别的表，不能注入问题（--faults、--fault-kinds）；请用全国通用模板", tpl.ID)
		}
		from = base
	}
	p, err := compile(from)
	if err != nil {
		return err
	}
	project := from != tpl || hasGeneric(tpl)
	return generate(p, tpl.Year, opts, func(i int, g Generated) error {
		if project {
			rng := rand.New(rand.NewPCG(opts.Seed, uint64(1_000_000+i)))
			g.Report = Project(from, g.Report, tpl, rng)
		}
		return fn(g)
	})
}

func hasGeneric(tpl *juesuan.Template) bool {
	for _, ts := range tpl.Tables {
		if ts.IsGeneric() {
			return true
		}
	}
	return false
}
