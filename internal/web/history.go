package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/eval"
)

type historyPage struct {
	RC       *reportCtx
	Base     string
	Versions []*juesuan.ReportVersion
	Events   []*juesuan.ReviewEvent
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.internalFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := historyPage{RC: rc, Base: reportURL(rc.Key)}
	if rc.Info != nil {
		if p.Versions, err = s.st.Versions(ctx, rc.Key); err != nil {
			s.fail(w, r, err)
			return
		}
		// Newest first: the change someone wants to see is the last one.
		sort.Slice(p.Versions, func(i, j int) bool { return p.Versions[i].Number > p.Versions[j].Number })
		if p.Events, err = s.st.ReviewHistory(ctx, rc.Key); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "history", "", page{Title: rc.Unit.Name + " 版本历史", Nav: "dashboard", P: p})
}

type diffRow struct {
	Ref      juesuan.CellRef
	Label    string
	Old, New string
	Delta    string
}

type diffPage struct {
	RC     *reportCtx
	Base   string
	A, B   *juesuan.ReportVersion
	Rows   []diffRow
	Facts  bool // the texts or other facts differ
	Errors [2]juesuan.Counts
}

// diff lists the cells that differ between two versions (derived totals
// included, so a changed input shows with the totals it moved).
func (s *Server) diff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.internalFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rc.Info == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "报表尚未开始填报"))
		return
	}
	q := r.URL.Query()
	b, _ := strconv.Atoi(q.Get("b"))
	if b <= 0 {
		b = rc.Info.Current
	}
	a, _ := strconv.Atoi(q.Get("a"))
	if a <= 0 {
		a = max(1, b-1)
	}
	va, err := s.load(ctx, rc.Key, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vb, err := s.load(ctx, rc.Key, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := diffPage{RC: rc, Base: reportURL(rc.Key), A: va.Version, B: vb.Version, Errors: [2]juesuan.Counts{va.Counts, vb.Counts}}
	refs := map[juesuan.CellRef]bool{}
	for c := range va.Report.Cells {
		refs[c] = true
	}
	for c := range vb.Report.Cells {
		refs[c] = true
	}
	for c := range refs {
		x, okx := va.Report.Cells[c]
		y, oky := vb.Report.Cells[c]
		if okx == oky && x == y {
			continue
		}
		d := diffRow{Ref: c, Label: eval.CellLabel(vb.Tpl, vb.Report, c)}
		if okx {
			d.Old = x.Wan()
		}
		if oky {
			d.New = y.Wan()
		}
		d.Delta = (y - x).Wan()
		p.Rows = append(p.Rows, d)
	}
	sort.Slice(p.Rows, func(i, j int) bool {
		x, y := p.Rows[i].Ref, p.Rows[j].Ref
		if x.Table != y.Table {
			return x.Table < y.Table
		}
		if x.Row != y.Row {
			return x.Row < y.Row
		}
		return x.Col < y.Col
	})
	p.Facts = factsDiffer(va.Report, vb.Report)
	s.render(w, r, http.StatusOK, "diff", "", page{Title: rc.Unit.Name + " 版本比较", Nav: "dashboard", P: p})
}

func factsDiffer(a, b *juesuan.Report) bool {
	return a.Reasons != b.Reasons || a.Unit.Functions != b.Unit.Functions || a.Unit.Composition != b.Unit.Composition ||
		len(a.Budgets) != len(b.Budgets) || budgetReasons(a) != budgetReasons(b)
}

func budgetReasons(r *juesuan.Report) string {
	s := ""
	for _, b := range r.Budgets {
		s += b.Code + "\x00" + b.Reason + "\x00"
	}
	return s
}

type compareRow struct {
	Label      string
	Ref        string
	Prior, Cur string
	Delta      string
	Rate       string
	Level      int  // 1 类, 2 款, 3 项 for a 科目 row; 0 a total
	Coded      bool // a 科目 row (per 科目 section)
	// PriorBar, CurBar are the bar lengths of the chart in percent of the
	// largest amount shown (integers: amounts stay exact).
	PriorBar, CurBar int64
	prior, cur       juesuan.Amount
}

type comparePage struct {
	RC        *reportCtx
	Base      string
	PriorYear int
	Source    string // where the prior figures come from
	Rows      []compareRow
	Table     string // the table whose 科目 are compared one by one
}

// compare shows the year-over-year change of the main totals: from last
// year's stored report when there is one, else from the prior-year
// figures the report itself states.
func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc, err := s.internalFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rc.Info == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "报表尚未开始填报"))
		return
	}
	cur, err := s.load(ctx, rc.Key, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := comparePage{RC: rc, Base: reportURL(rc.Key), PriorYear: rc.Key.Year - 1}
	prevKey := rc.Key
	prevKey.Year--
	var prev *audited
	if info, err := s.st.ReportInfo(ctx, prevKey); err == nil && juesuan.CanReadReport(rc.User, rc.Anc, info.State) {
		if prev, err = s.load(ctx, prevKey, info.Current); err != nil {
			s.fail(w, r, err)
			return
		}
		p.Source = "上年度报表（第 " + strconv.Itoa(info.Current) + " 版）"
	}
	add := func(label string, ref juesuan.CellRef, prior *juesuan.Amount) {
		row := compareRow{Label: label, Ref: ref.String()}
		c, okc := cur.Report.Cells[ref]
		if okc {
			row.Cur = c.Wan()
			row.cur = c
		}
		var pv juesuan.Amount
		okp := false
		if prev != nil {
			pv, okp = prev.Report.Cells[ref]
		} else if prior != nil {
			pv, okp = *prior, true
		}
		if okp {
			row.prior = pv
			row.Prior = pv.Wan()
			row.Delta = (c - pv).Wan()
			if pct, ok := juesuan.Percent(c-pv, pv); ok {
				row.Rate = pct
			}
		}
		p.Rows = append(p.Rows, row)
	}
	py := cur.Report.Prior
	if prev == nil {
		p.Source = "本报表填列的上年数"
	}
	tpl := cur.Tpl
	for _, c := range []struct {
		label, key string
		prior      *juesuan.Amount
	}{
		{"收入总计", "income_total", py.Total},
		{"支出总计", "expense_total", py.Total},
		{"本年收入合计", "income_year", nil},
		{"本年支出合计", "expense_year", nil},
		{"财政拨款收入总计", "fiscal_total", py.FiscalTotal},
		{"财政拨款支出总计", "fiscal_expense_total", py.FiscalTotal},
		{"一般公共预算财政拨款支出", "general_total", py.FiscalExpense},
		{"基本支出", "expense_basic", nil},
		{"项目支出", "expense_project", nil},
		{"“三公”经费决算数", "sangong_actual", nil},
	} {
		// A line the year's layout does not print (no 三公 table) is left out.
		if ref, ok := tpl.Key(c.key); ok {
			ts, _ := tpl.Table(ref.Table)
			add(c.label+"（"+ts.Code()+"）", ref, c.prior)
		}
	}
	if ts, ok := tpl.KeyTable("expense_col_total"); ok && prev != nil {
		// Every 科目 (类, 款, 项) of the 支出决算表, where the structure moved.
		seen := map[string]bool{}
		var codes []string
		for _, rep := range []*juesuan.Report{cur.Report, prev.Report} {
			for _, k := range rep.RowsOf(ts) {
				if juesuan.CodeLevel(k) > 0 && digitsOnly(k) && !seen[k] {
					seen[k] = true
					codes = append(codes, k)
				}
			}
		}
		juesuan.SortRows(ts, codes)
		p.Table = ts.Code() + " " + ts.Title
		for _, k := range codes {
			ref, _ := tpl.At("expense_col_total", k)
			name := cur.Report.RowNames[juesuan.RowRef{Table: ts.Number, Row: k}]
			if name == "" {
				name = prev.Report.RowNames[juesuan.RowRef{Table: ts.Number, Row: k}]
			}
			add(k+" "+name, ref, nil)
			p.Rows[len(p.Rows)-1].Level, p.Rows[len(p.Rows)-1].Coded = juesuan.CodeLevel(k), true
		}
	}
	// The chart: the totals, as bars of the larger of the two years.
	var most juesuan.Amount
	for _, row := range p.Rows {
		if !row.Coded {
			most = max(most, row.prior, row.cur)
		}
	}
	for i := range p.Rows {
		if most > 0 && !p.Rows[i].Coded {
			p.Rows[i].PriorBar = int64(max(p.Rows[i].prior, 0) * 100 / most)
			p.Rows[i].CurBar = int64(max(p.Rows[i].cur, 0) * 100 / most)
		}
	}
	s.render(w, r, http.StatusOK, "compare", "", page{Title: rc.Unit.Name + " 同比分析", Nav: "dashboard", P: p})
}
