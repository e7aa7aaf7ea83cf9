package gen

import (
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/juesuan/juesuan"
)

// A shaper varies a generated report's layout the way published reports
// vary, so that importers are tested on more than one tidy shape: blank
// columns, long wrapped 科目名称, tables running over several pages, 表1
// with one side much longer than the other, 表6 blocks of uneven length
// and 三公 with some items zero. Every shape keeps the report consistent.
// A nil shaper changes nothing and draws no random numbers, so reports
// generated without shapes stay as they were.
type shaper struct {
	tpl     *juesuan.Template
	rng     *rand.Rand
	profile int
}

// The profiles: each report gets one, so a batch holds every shape.
const (
	profilePlain        = iota
	profileIncomeHeavy  // many income sources, few 支出 rows in 表1
	profileExpenseHeavy // many 项 over several 类: long, multi-page 表2/3/5
	profileNoProjects   // the 项目支出 column is blank throughout
	profileLongNames    // a few 项 with the catalog's longest names
	profileCount
)

func newShaper(tpl *juesuan.Template, rng *rand.Rand) *shaper {
	return &shaper{tpl: tpl, rng: rng, profile: rng.IntN(profileCount)}
}

// wageCodes sometimes spreads wages over more 301/303 款: 表6's first
// block is then much longer than usual.
func (s *shaper) wageCodes(base []string) []string {
	if s == nil || s.rng.IntN(2) == 0 {
		return base
	}
	extra := s.present([]string{"30106", "30199", "30305", "30309", "30399"})
	if len(extra) == 0 {
		return base
	}
	return append(base, pick(s.rng, extra, 1+s.rng.IntN(len(extra)))...)
}

// pubCodes draws the 公用经费 款 from a few to nearly all of the
// template's 302/310 款 (表6 blocks of uneven length), and decides which
// 三公 items exist: 因公出国（境）费用 sometimes, 公务用车 as drawn.
func (s *shaper) pubCodes(base []string) []string {
	if s == nil {
		return base
	}
	var pool []string
	for _, c := range s.economicCodes() {
		switch {
		case c == "30212" || c == "30217" || c == "30231" || c == "31013":
			// 三公 款 are decided below and by the caller.
		case strings.HasPrefix(c, "302") || c == "31002" || c == "31003" || c == "31007":
			pool = append(pool, c)
		}
	}
	n := 2 + s.rng.IntN(max(len(pool)-1, 1))
	codes := pick(s.rng, pool, min(n, len(pool)))
	for _, c := range base {
		if c == "30231" {
			codes = append(codes, c)
		}
	}
	if s.rng.IntN(3) == 0 && s.has("30212") {
		codes = append(codes, "30212")
	}
	sort.Strings(codes)
	return codes
}

// reception is 公务接待费: zero in a third of the shaped reports.
func (s *shaper) reception(v juesuan.Amount) juesuan.Amount {
	if s != nil && s.rng.IntN(3) == 0 {
		return 0
	}
	return v
}

// projects adds 项目支出 by profile: many 项 (multi-page tables), the
// longest names (wrapped cells), or none (a blank column).
func (s *shaper) projects(projects map[string]juesuan.Amount, size juesuan.Amount) {
	if s == nil {
		return
	}
	items := s.items()
	switch s.profile {
	case profileNoProjects:
		for k := range projects {
			delete(projects, k)
		}
	case profileExpenseHeavy:
		// Every 类 the catalog has 项 for, then many more 项.
		seen := map[string]bool{}
		for _, k := range items {
			if !seen[k[:3]] {
				seen[k[:3]] = true
				projects[k] += share(s.rng, size, 1, 5)
			}
		}
		for _, k := range pick(s.rng, items, min(len(items), 30+s.rng.IntN(40))) {
			projects[k] += share(s.rng, size, 0, 3) + juesuan.Yuan
		}
	case profileLongNames:
		sort.SliceStable(items, func(i, j int) bool { return len([]rune(s.name(items[i]))) > len([]rune(s.name(items[j]))) })
		for _, k := range items[:min(len(items), 4)] {
			projects[k] += share(s.rng, size, 1, 8)
		}
	}
}

// income adds non-fiscal income that funds 基本支出 of the operation 项:
// with profileIncomeHeavy every source of 表1's income side is filled.
func (s *shaper) income(set func(key string, v juesuan.Amount), setAt func(col, row string, v juesuan.Amount), opItem string, size juesuan.Amount) {
	if s == nil || s.profile != profileIncomeHeavy {
		return
	}
	// 收入支出决算总表 row → 收入决算表 column of the same source.
	for _, src := range [][2]string{{"income_upper", "income_col_upper"}, {"income_operating", "income_col_operating"},
		{"income_affiliated", "income_col_affiliated"}, {"income_other", "income_col_other"}} {
		if s.rng.IntN(4) == 0 {
			continue
		}
		v := share(s.rng, size, 1, 10) + juesuan.Yuan
		set(src[0], v)
		setAt(src[1], opItem, v)
		setAt("expense_col_basic", opItem, v)
	}
}

// items lists the function catalog's 项 (7-digit codes), sorted.
func (s *shaper) items() []string {
	var out []string
	if cat := s.tpl.Catalogs["function"]; cat != nil {
		for _, k := range cat.Order {
			if len(k) == 7 {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (s *shaper) name(code string) string {
	if e, ok := s.tpl.Catalogs["function"].Lookup(code); ok {
		return e.Name
	}
	return ""
}

// economicCodes lists the 款 of the 基本支出 table's printed blocks.
func (s *shaper) economicCodes() []string {
	ts, ok := s.tpl.TableByRole("basic")
	if !ok {
		return nil
	}
	var out []string
	for _, b := range ts.Blocks {
		for _, k := range b {
			if len(k) == 5 {
				out = append(out, k)
			}
		}
	}
	return out
}

func (s *shaper) has(code string) bool {
	for _, c := range s.economicCodes() {
		if c == code {
			return true
		}
	}
	return false
}

func (s *shaper) present(codes []string) []string {
	var out []string
	for _, c := range codes {
		if s.has(c) {
			out = append(out, c)
		}
	}
	return out
}

// pick returns n distinct elements of list in a random order.
func pick(rng *rand.Rand, list []string, n int) []string {
	p := append([]string(nil), list...)
	rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p[:n]
}
