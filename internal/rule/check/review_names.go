package check

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/memo"
)

// Placeholders are what a template leaves for the unit to fill in: XX局,
// ××, an empty or instructive 【】.
var rePlaceholder = regexp.MustCompile(`(?:^|[^A-Za-z])([XxＸｘ]{2,}|[×＊]{2,}|\*{3,})(?:[^A-Za-z]|$)|【\s*】|【[^】]{0,12}(?:名称|填写|填报|单位|金额|年度|XX|××)[^】]{0,12}】`)

// placeholders reports template placeholders left in the published text.
func placeholders(env *Env) []Problem {
	r := env.R
	var ps []Problem
	seen := map[string]bool{}
	add := func(where string, h placeholderHit) {
		if seen[h.t] {
			return
		}
		seen[h.t] = true
		ps = append(ps, Problem{Actual: strings.Trim(h.m, " "), Where: where,
			Message: quote(fmt.Sprintf("文中留有模板占位符“%s”，应填写实际内容（单位名称为“%s”）", trimEdge(h.m), r.Unit.Name), h.t)})
	}
	if lines := r.Published.Lines; len(lines) > 0 {
		for _, h := range placeholderLines.Get(joinLines(lines)) {
			add(lineWhere(lines[h.i]), h)
		}
		return ps
	}
	for _, sec := range publishedSections(r) {
		for _, h := range placeholderSentences.Get(sec.Text) {
			add(sec.where(), h)
		}
	}
	return ps
}

// placeholderHit is a placeholder m in the compacted text t of line or
// sentence i.
type placeholderHit struct {
	i    int
	t, m string
}

func findPlaceholders(texts []string) []placeholderHit {
	var out []placeholderHit
	for i, text := range texts {
		t := compact(text)
		if m := rePlaceholder.FindString(t); m != "" {
			out = append(out, placeholderHit{i: i, t: t, m: m})
		}
	}
	return out
}

// The placeholders are looked for once per text: a save re-audits a 说明
// that did not change.
var (
	placeholderSentences = memo.New(func(text string) []placeholderHit { return findPlaceholders(sentences(text)) })
	placeholderLines     = memo.New(func(key string) []placeholderHit { return findPlaceholders(splitLines(key)) })
)

// joinLines is the printed lines' texts as one memo key, each text after
// its length, so that any text (NUL included) splits back as it was.
func joinLines(lines []juesuan.PrintedLine) string {
	n := 0
	for _, l := range lines {
		n += len(l.Text) + 8
	}
	b := make([]byte, 0, n)
	for _, l := range lines {
		b = strconv.AppendInt(b, int64(len(l.Text)), 10)
		b = append(b, ':')
		b = append(b, l.Text...)
	}
	return string(b)
}

// splitLines undoes joinLines.
func splitLines(key string) []string {
	var out []string
	for key != "" {
		i := strings.IndexByte(key, ':')
		n, err := strconv.Atoi(key[:max(i, 0)])
		if i < 0 || err != nil || n < 0 || n > len(key)-i-1 {
			break // not made by joinLines
		}
		out = append(out, key[i+1:i+1+n])
		key = key[i+1+n:]
	}
	return out
}

// trimEdge drops the neighbouring characters the pattern needed to tell
// XX from a word.
func trimEdge(m string) string {
	if i := strings.IndexAny(m, "XxＸｘ×＊*【"); i > 0 {
		m = m[i:]
	}
	rs := []rune(m)
	for len(rs) > 0 && !strings.ContainsRune("XxＸｘ×＊*】", rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	return string(rs)
}

var (
	rePart      = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	reTitleName = regexp.MustCompile(`^(.+?)(?:\d{4}年度?(?:部门|单位)决算(?:表|情况说明|情况|公开)?|(?:部门|单位)?概况)$`)
	reHeadName  = regexp.MustCompile(`(?:^|\s)(?:部门|编制单位|填报单位|单位名称|预算单位)[：:]\s*(\S+)`)
)

// titleNames compares the unit name in part titles and table headers
// with the unit's name: a title that drops the district or names another
// unit is a 称谓 error a reader sees at once.
func titleNames(env *Env) []Problem {
	r := env.R
	want := nameKey(r.Unit.Name)
	if want == "" {
		return nil
	}
	var ps []Problem
	seen := map[string]bool{}
	for _, l := range r.Published.Lines {
		t := compact(l.Text)
		if rePlaceholder.MatchString(t) {
			continue // placeholders() reports it
		}
		var got string
		if m := reHeadName.FindStringSubmatch(l.Text); m != nil {
			got = m[1]
		} else if body := rePart.ReplaceAllString(t, ""); (body != t || reTitleLine.MatchString(t)) && !strings.ContainsAny(body, "，。；：、,;") && len([]rune(body)) <= 60 {
			if m := reTitleName.FindStringSubmatch(body); m != nil {
				got = m[1]
			}
		}
		got = strings.TrimSuffix(strings.TrimSuffix(got, "（本级）"), "(本级)")
		k := nameKey(got)
		if len([]rune(k)) < 4 || k == want || seen[k] || !orgLike(k) {
			continue
		}
		seen[k] = true
		ps = append(ps, Problem{Expected: r.Unit.Name, Actual: got, Where: lineWhere(l),
			Message: quote(fmt.Sprintf("标题或表头中的单位名称“%s”与单位名称“%s”不一致", got, r.Unit.Name), t)})
	}
	return ps
}

func nameKey(s string) string {
	return strings.NewReplacer("（", "(", "）", ")", "【", "(", "】", ")").Replace(compact(s))
}

// orgLike is true for text that ends as the name of an organisation does;
// it keeps a title fragment ("一般公共预算财政拨款") from reading as a name.
func orgLike(s string) bool {
	for _, suf := range []string{"局", "委", "办", "部", "院", "中心", "厅", "会", "站", "所", "处", "队", "馆", "校", "学", "室", "社", "政府", "公司", "署", "团", "组", "区", "街道", "镇", "乡", "园", "台", "宫", "场", "库", ")"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}
