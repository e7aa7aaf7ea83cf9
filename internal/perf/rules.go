package perf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
)

// DefaultRules names the rule set used when a sheet names none.
const DefaultRules = "default"

// Methods of the quantitative formulas (see docs/perf.md).
const (
	MethodRatio     = "ratio"     // 正向 weight×B/A; 反向 weight×A/B; capped
	MethodLinear2x  = "linear-2x" // 反向: weight×(2A−B)/A, 0 from twice the target
	MethodForward   = "forward"   // =: scored as 正向
	MethodDeviation = "deviation" // =: weight×(1−|B−A|/A), not below 0
)

// Rules is one scoring rule set, read from years/<id>/scoring/<name>.json.
type Rules struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Source string `json:"source"`
	// Total is the full score of a sheet (100).
	Total int64 `json:"total"`
	// Decimals of every computed score: 2 (18.35) or 0 (18).
	Decimals int `json:"decimals"`
	Budget   struct {
		// RoundRate scores from the 执行率 rounded to 0.01 % as printed
		// ("20分×执行率"), rather than from the exact quotient.
		RoundRate bool `json:"round_rate"`
	} `json:"budget"`
	Forward           string `json:"forward"`
	Reverse           string `json:"reverse"`
	Equal             string `json:"equal"`
	DefaultComparator string `json:"default_comparator"`
	// OverTargetPercent flags an actual value at or beyond this share of
	// its target (130: the target may have been set too low); 0 disables.
	OverTargetPercent int64            `json:"over_target_percent"`
	Qualitative       []Level          `json:"qualitative"`
	Kinds             map[string]*Kind `json:"kinds"`
	Grades            []Grade          `json:"grades"`
}

// Level is a 定性 completion band, in percent of the weight: [Min, Max),
// with Max included when it is 100.
type Level struct {
	Name  string   `json:"name"`
	Min   int64    `json:"min"`
	Max   int64    `json:"max"`
	Words []string `json:"words"`
}

// Kind holds the weights the rules prescribe for a sheet kind.
type Kind struct {
	Budget int64            `json:"budget"` // 预算执行 weight in points
	Level1 map[string]int64 `json:"level1,omitempty"`
	// Satisfaction names the 一级指标 whose weight moves to others, by
	// Reallocate, when a sheet has no indicator under it.
	Satisfaction string           `json:"satisfaction,omitempty"`
	Reallocate   map[string]int64 `json:"reallocate,omitempty"`
}

// Grade is a 评价等级 reached from Min points.
type Grade struct {
	Name string `json:"name"`
	Min  int64  `json:"min"`
}

var (
	cacheMu sync.Mutex
	cache   = map[*juesuan.Template]map[string]*Rules{}
)

// LoadRules reads scoring/<name>.json of t ("" means DefaultRules).
func LoadRules(t *juesuan.Template, name string) (*Rules, error) {
	if name == "" {
		name = DefaultRules
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if r := cache[t][name]; r != nil {
		return r, nil
	}
	path := "scoring/" + name + ".json"
	b, ok := t.Files[path]
	if strings.ContainsAny(name, "/\\") || !ok {
		return nil, fmt.Errorf("模板 %s 没有绩效计分规则 %q（可用：%s）", t.ID, name, strings.Join(RuleNames(t), "、"))
	}
	r, err := ParseRules(b)
	if err != nil {
		return nil, fmt.Errorf("years/%s/%s: %w", t.ID, path, err)
	}
	if r.Name != name {
		return nil, fmt.Errorf("years/%s/%s: name %q 与文件名不一致", t.ID, path, r.Name)
	}
	if cache[t] == nil {
		cache[t] = map[string]*Rules{}
	}
	cache[t][name] = r
	return r, nil
}

// RuleNames lists the scoring rule sets of t.
func RuleNames(t *juesuan.Template) []string {
	var names []string
	for p := range t.Files {
		if n, ok := strings.CutPrefix(p, "scoring/"); ok && strings.HasSuffix(n, ".json") && !strings.Contains(n, "/") {
			names = append(names, strings.TrimSuffix(n, ".json"))
		}
	}
	sort.Strings(names)
	return names
}

// ParseRules decodes and validates a rule file.
func ParseRules(b []byte) (*Rules, error) {
	var r Rules
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		if se, ok := err.(*json.SyntaxError); ok {
			return nil, fmt.Errorf("第 %d 行: %v", bytes.Count(b[:se.Offset], []byte("\n"))+1, err)
		}
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

func (r *Rules) validate() error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if r.Name == "" {
		bad("缺少 name")
	}
	if r.Total <= 0 {
		bad("total 应为正数")
	}
	if r.Decimals != 0 && r.Decimals != 2 {
		bad("decimals 应为 0 或 2，而不是 %d", r.Decimals)
	}
	if r.Forward != MethodRatio {
		bad("forward 应为 %q", MethodRatio)
	}
	if r.Reverse != MethodRatio && r.Reverse != MethodLinear2x {
		bad("reverse 应为 %q 或 %q", MethodRatio, MethodLinear2x)
	}
	if r.Equal != MethodForward && r.Equal != MethodDeviation {
		bad("equal 应为 %q 或 %q", MethodForward, MethodDeviation)
	}
	switch Comparator(r.DefaultComparator) {
	case GE, LE, EQ:
	default:
		bad("default_comparator 应为 ≥、≤ 或 =")
	}
	if r.OverTargetPercent < 0 {
		bad("over_target_percent 不能为负")
	}
	if len(r.Qualitative) == 0 {
		bad("缺少 qualitative 定性档次")
	}
	// Bands run from 100 down to 0 without gaps or overlaps.
	top := int64(100)
	for i, l := range r.Qualitative {
		if l.Name == "" || l.Max != top || l.Min >= l.Max || l.Min < 0 {
			bad("qualitative 第 %d 档 %q 应紧接上一档，且 0 ≤ min < max = %d", i+1, l.Name, top)
		}
		top = l.Min
	}
	if top != 0 {
		bad("qualitative 的最后一档应到 0")
	}
	for _, k := range []string{juesuan.PerfSheetUnit, juesuan.PerfSheetProject} {
		kd := r.Kinds[k]
		if kd == nil {
			bad("kinds 缺少 %q", k)
			continue
		}
		if kd.Budget < 0 || kd.Budget > r.Total {
			bad("kinds.%s.budget 应在 0 到 %d 之间", k, r.Total)
		}
		if len(kd.Level1) > 0 {
			sum := kd.Budget
			for _, w := range kd.Level1 {
				sum += w
			}
			if sum != r.Total {
				bad("kinds.%s 的 budget 与 level1 合计 %d，应为 %d", k, sum, r.Total)
			}
		}
		if kd.Satisfaction != "" {
			var moved int64
			for n, w := range kd.Reallocate {
				if _, ok := kd.Level1[n]; !ok || n == kd.Satisfaction {
					bad("kinds.%s.reallocate 的 %q 不是可接收权重的一级指标", k, n)
				}
				moved += w
			}
			if moved != kd.Level1[kd.Satisfaction] {
				bad("kinds.%s.reallocate 合计 %d，应等于 %s 的权重 %d", k, moved, kd.Satisfaction, kd.Level1[kd.Satisfaction])
			}
		}
	}
	if len(r.Grades) == 0 || r.Grades[len(r.Grades)-1].Min != 0 {
		bad("grades 应从高到低排列，最后一档 min 为 0")
	}
	for i := 1; i < len(r.Grades); i++ {
		if r.Grades[i].Min >= r.Grades[i-1].Min {
			bad("grades 应从高到低排列")
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "；"))
	}
	return nil
}

// Grade returns the 评价等级 of a total.
func (r *Rules) Grade(total juesuan.Points) string {
	for _, g := range r.Grades {
		if total >= juesuan.Points(g.Min*100) {
			return g.Name
		}
	}
	return r.Grades[len(r.Grades)-1].Name
}

// Format prints p with the rule set's decimals: "18.35", "1.00", or "18".
func (r *Rules) Format(p juesuan.Points) string { return FormatPoints(p, r.Decimals) }

// FormatPoints prints p with 2 or 0 decimals.
func FormatPoints(p juesuan.Points, decimals int) string {
	neg := p < 0
	if neg {
		p = -p
	}
	var s string
	if decimals == 0 {
		s = fmt.Sprintf("%d", (p+50)/100)
	} else {
		s = fmt.Sprintf("%d.%02d", p/100, p%100)
	}
	if neg && s != "0" && s != "0.00" {
		s = "-" + s
	}
	return s
}

// step is the smallest score difference the rules keep, in Points.
func (r *Rules) step() int64 {
	if r.Decimals == 0 {
		return 100
	}
	return 1
}

// level returns the qualitative level called name.
func (r *Rules) level(name string) (Level, bool) {
	for _, l := range r.Qualitative {
		if l.Name == name {
			return l, true
		}
	}
	return Level{}, false
}

// levelOf reads the completion level a qualitative actual value states:
// an exact word first, then the longest word of two or more characters it
// contains ("基本完成" before "完成", "未完成" before "完成").
func (r *Rules) levelOf(text string) (Level, bool) {
	t := strings.Trim(strings.TrimSpace(text), "。.，,；;！!")
	for _, l := range r.Qualitative {
		for _, w := range l.Words {
			if t == w {
				return l, true
			}
		}
	}
	best, bestLen, found := Level{}, 0, false
	for _, l := range r.Qualitative {
		for _, w := range l.Words {
			n := len([]rune(w))
			if n >= 2 && n > bestLen && strings.Contains(t, w) {
				best, bestLen, found = l, n, true
			}
		}
	}
	return best, found
}
