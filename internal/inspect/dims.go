package inspect

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/years"
)

// Scoring is the data of years/inspect/scoring.json: which dimension
// each audit rule belongs to and how the region view scores a unit.
type Scoring struct {
	Dimensions []string          `json:"dimensions"`
	Default    string            `json:"default"`
	Import     string            `json:"import"`
	Rules      map[string]string `json:"rules"`    // rule-id prefix → dimension
	Messages   map[string]string `json:"messages"` // words of a message → dimension
	Score      struct {
		Full    int            `json:"full"`
		Deduct  map[string]int `json:"deduct"` // per finding, by severity
		Floor   int            `json:"floor"`
		Weights map[string]int `json:"weights"` // by dimension, summing to 100
		Missing int            `json:"missing_report_score"`
	} `json:"scoring"`
}

var (
	scoringOnce sync.Once
	scoring     *Scoring
	scoringErr  error
)

// Dimensions returns the embedded scoring data; it is validated by the
// package's tests, so a load failure here is a build defect.
func Dimensions() *Scoring {
	scoringOnce.Do(func() {
		b, err := years.FS.ReadFile("inspect/scoring.json")
		if err != nil {
			scoringErr = err
			return
		}
		scoring, scoringErr = ParseScoring(b)
	})
	if scoringErr != nil {
		panic("years/inspect/scoring.json: " + scoringErr.Error())
	}
	return scoring
}

// ParseScoring reads and validates scoring data.
func ParseScoring(b []byte) (*Scoring, error) {
	var s Scoring
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("评分规则不是有效的 JSON：%v", err)
	}
	if len(s.Dimensions) == 0 {
		return nil, fmt.Errorf("评分规则没有列出检查维度（dimensions）")
	}
	known := map[string]bool{}
	for _, d := range s.Dimensions {
		known[d] = true
	}
	if !known[s.Default] {
		return nil, fmt.Errorf("默认维度 %q 不在 dimensions 中", s.Default)
	}
	for p, d := range s.Rules {
		if !known[d] {
			return nil, fmt.Errorf("规则前缀 %s 的维度 %q 不在 dimensions 中", p, d)
		}
	}
	for p, d := range s.Messages {
		if !known[d] {
			return nil, fmt.Errorf("关键词 %s 的维度 %q 不在 dimensions 中", p, d)
		}
	}
	sum := 0
	for d, w := range s.Score.Weights {
		if !known[d] {
			return nil, fmt.Errorf("权重中的维度 %q 不在 dimensions 中", d)
		}
		sum += w
	}
	if sum != 100 {
		return nil, fmt.Errorf("各维度权重之和应为 100，实为 %d", sum)
	}
	if s.Score.Full <= 0 {
		return nil, fmt.Errorf("满分（full）应大于 0")
	}
	return &s, nil
}

// KindOf is the dimension of a finding: 导入存疑 for the import's doubts,
// else by the words of its message, else the longest matching rule-id
// prefix, else the default.
func (s *Scoring) KindOf(f juesuan.Finding) string {
	if f.Source == "import" {
		return s.Import
	}
	keys := make([]string, 0, len(s.Messages))
	for k := range s.Messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.Contains(f.Message, k) {
			return s.Messages[k]
		}
	}
	best, kind := -1, s.Default
	for p, d := range s.Rules {
		if strings.HasPrefix(f.Rule, p) && len(p) > best && (len(f.Rule) == len(p) || !(isDigit(p[len(p)-1]) && isDigit(f.Rule[len(p)]))) {
			best, kind = len(p), d
		}
	}
	return kind
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// Scores scores one unit's findings: per dimension Full minus the
// deductions (at least Floor), and the weighted total. The import's
// doubts are not the unit's defects and do not count.
func (s *Scoring) Scores(fs []Finding) (map[string]int, int) {
	per := map[string]int{}
	for _, d := range s.Dimensions {
		per[d] = s.Score.Full
	}
	for _, f := range fs {
		if _, ok := per[f.Kind]; !ok {
			continue
		}
		per[f.Kind] -= s.Score.Deduct[string(f.Severity)]
	}
	total := 0
	for _, d := range s.Dimensions {
		per[d] = max(per[d], s.Score.Floor)
		total += per[d] * s.Score.Weights[d]
	}
	return per, (total + 50) / 100
}
