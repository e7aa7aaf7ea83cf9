package yearspec

import (
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	ruleBlock = regexp.MustCompile(`(?ms)^rule .*?^}\n`)
	ruleID    = regexp.MustCompile(`^rule (\S+)`)
	tableRef  = regexp.MustCompile(`\bT(\d+)\b|表(\d+)`)
	copyHead  = regexp.MustCompile(`^# 由 years/national/(\S+) 按本模板`)
)

// renumberRule rewrites one national rule for a family: m maps national
// table numbers to the family's (absent: the family lacks the table). A
// rule of one-line assertions loses the lines naming a missing table; any
// other rule naming one goes whole.
func renumberRule(blk string, m map[int]int) (string, bool) {
	missing := func(s string) bool {
		for _, g := range tableRef.FindAllStringSubmatch(s, -1) {
			n, _ := strconv.Atoi(g[1] + g[2])
			if _, ok := m[n]; !ok {
				return true
			}
		}
		return false
	}
	if missing(blk) {
		lines := strings.Split(blk, "\n")
		head, body := lines[0], lines[1:]
		for _, l := range body[:len(body)-2] {
			if strings.ContainsAny(l, "{}") {
				return "", false
			}
		}
		if missing(head) {
			return "", false
		}
		var kept []string
		for _, l := range body {
			if !missing(l) {
				kept = append(kept, l)
			}
		}
		if len(kept) <= 2 {
			return "", false
		}
		blk = strings.Join(append([]string{head}, kept...), "\n")
	}
	return tableRef.ReplaceAllStringFunc(blk, func(s string) string {
		prefix := "T"
		if strings.HasPrefix(s, "表") {
			prefix = "表"
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s, "T"), "表"))
		return prefix + strconv.Itoa(m[n])
	}), true
}

func rulesByID(text string) map[string]string {
	out := map[string]string{}
	for _, b := range ruleBlock.FindAllString(text, -1) {
		out[ruleID.FindStringSubmatch(b)[1]] = b
	}
	return out
}

// TestRuleCopiesFollowNational: a family's renumbered copy of a national
// rule file holds exactly the national rules it can check, renumbered by
// the roles of the tables in that year — so a change to a national rule
// that is not carried into the copies fails here.
func TestRuleCopiesFollowNational(t *testing.T) {
	Default.mu.Lock()
	_ = Default.scan()
	fams := Default.families
	Default.mu.Unlock()
	checked := 0
	for _, id := range Default.IDs() {
		f := fams[id]
		if id == "national" {
			continue
		}
		t.Run(id, func(t *testing.T) {
			for _, sf := range f.Rules {
				b, err := fs.ReadFile(Default.FS, path.Join(id, sf.File))
				if err != nil {
					continue // read from national itself
				}
				first, _, _ := strings.Cut(string(b), "\n")
				src := copyHead.FindStringSubmatch(first)
				if src == nil {
					continue // a family's own rules (shanghai)
				}
				year := f.Years[0]
				if len(sf.Years) > 0 && sf.Years[0] > year {
					year = sf.Years[0]
				}
				fam := loadFamily(t, id, year, 1)
				nat, err := Default.For("national", year)
				if err != nil {
					t.Fatal(err)
				}
				m := map[int]int{}
				for _, ts := range nat.Tables {
					if ft, ok := fam.TableByRole(ts.Role); ok && ft.RowKind != "generic" {
						m[ts.Number] = ft.Number
					}
				}
				natText, err := fs.ReadFile(Default.FS, path.Join("national", src[1]))
				if err != nil {
					t.Fatalf("%s/%s: %v", id, sf.File, err)
				}
				want := map[string]string{}
				for _, blk := range rulesByID(string(natText)) {
					if r, ok := renumberRule(blk, m); ok {
						want[ruleID.FindStringSubmatch(r)[1]] = r // ids name tables too
					}
				}
				got := rulesByID(string(b))
				for rid, w := range want {
					if got[rid] != w {
						t.Errorf("years/%s/%s: rule %s differs from years/national/%s renumbered for %d:\ngot:\n%s\nwant:\n%s", id, sf.File, rid, src[1], year, got[rid], w)
					}
				}
				for rid := range got {
					if _, ok := want[rid]; !ok {
						t.Errorf("years/%s/%s: rule %s is not in years/national/%s (or names a table the family lacks)", id, sf.File, rid, src[1])
					}
				}
				checked++
			}
		})
	}
	if checked == 0 && !t.Skipped() {
		t.Error("no rule copy checked")
	}
}
