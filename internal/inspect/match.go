package inspect

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/juesuan/juesuan/internal/identify"
)

// Unit is one unit of the region's list (the unit tree): documents are
// matched to it by name.
type Unit struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Department string `json:"department,omitempty"` // the 部门 it belongs to, for filters
}

// Match says how a document was matched to the unit list.
type Match struct {
	// State is 已匹配 (the names agree), 待确认 (a likely unit, to be
	// confirmed), 未匹配 (no unit of the list) or 无单位名称.
	State string `json:"state"`
	Code  string `json:"code,omitempty"`
	Name  string `json:"name,omitempty"` // the unit's name in the list
	Note  string `json:"note,omitempty"`
}

// Match states.
const (
	Matched   = "已匹配"
	Uncertain = "待确认"
	Unmatched = "未匹配"
	NoName    = "无单位名称"
)

// ReadUnits reads a unit list as CSV: code,name[,department], with an
// optional header line.
func ReadUnits(name string, r io.Reader) ([]Unit, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: 单位清单不是有效的 CSV：%v", name, err)
	}
	var out []Unit
	for i, rec := range recs {
		if i == 0 && len(rec) > 0 && (strings.Contains(rec[0], "代码") || strings.EqualFold(strings.TrimPrefix(rec[0], "\ufeff"), "code")) {
			continue
		}
		if len(rec) < 2 || strings.TrimSpace(rec[0]) == "" || strings.TrimSpace(rec[1]) == "" {
			return nil, fmt.Errorf("%s: 第 %d 行应为“单位代码,单位名称[,所属部门]”", name, i+1)
		}
		u := Unit{Code: strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), Name: strings.TrimSpace(rec[1])}
		if len(rec) > 2 {
			u.Department = strings.TrimSpace(rec[2])
		}
		out = append(out, u)
	}
	return out, nil
}

// normName reduces a unit name for comparison: simplified, no spaces or
// brackets' width differences, without the leading region a title adds.
func normName(s string) string {
	s = identify.Simplify(s)
	s = strings.NewReplacer(" ", "", "\u3000", "", "(", "（", ")", "）").Replace(s)
	return s
}

// stripRegion removes a leading 省/市/区/县 name: 上海市普陀区财政局 → 财政局.
func stripRegion(s string) string {
	for {
		i := strings.IndexAny(s, "省市区县")
		if i <= 0 || i > 3*4 {
			return s
		}
		rest := s[i+len("市"):]
		if len([]rune(rest)) < 2 {
			return s
		}
		s = rest
	}
}

// MatchUnit matches a printed unit name to the list.
func MatchUnit(name string, units []Unit) Match {
	if strings.TrimSpace(name) == "" {
		return Match{State: NoName, Note: "文件中没有找到单位名称"}
	}
	if len(units) == 0 {
		return Match{State: Unmatched, Note: "没有提供单位清单"}
	}
	n := normName(name)
	for _, u := range units {
		if normName(u.Name) == n {
			return Match{State: Matched, Code: u.Code, Name: u.Name}
		}
	}
	// The list and the title often differ by the region prefix.
	var cands []Unit
	for _, u := range units {
		un := normName(u.Name)
		if strings.HasSuffix(n, un) || strings.HasSuffix(un, n) {
			cands = append(cands, u)
		}
	}
	if len(cands) == 1 {
		return Match{State: Matched, Code: cands[0].Code, Name: cands[0].Name, Note: "名称仅差地区前缀"}
	}
	best, score := -1, 0.0
	for i, u := range units {
		s := similarity(stripRegion(n), stripRegion(normName(u.Name)))
		if s > score {
			best, score = i, s
		}
	}
	if best >= 0 && score >= 0.6 {
		u := units[best]
		return Match{State: Uncertain, Code: u.Code, Name: u.Name, Note: fmt.Sprintf("名称相近（相似度 %d%%），请确认", int(score*100))}
	}
	return Match{State: Unmatched, Note: "单位清单中没有这个单位"}
}

// similarity is the Dice coefficient of the names' character bigrams.
func similarity(a, b string) float64 {
	bg := func(s string) map[string]int {
		rs := []rune(s)
		m := map[string]int{}
		for i := 0; i+1 < len(rs); i++ {
			m[string(rs[i:i+2])]++
		}
		return m
	}
	x, y := bg(a), bg(b)
	na, nb, common := 0, 0, 0
	for k, v := range x {
		na += v
		common += min(v, y[k])
	}
	for _, v := range y {
		nb += v
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

// MatchUnits matches every readable document to the list.
func MatchUnits(docs []*Document, units []Unit) {
	for _, d := range docs {
		if d == nil {
			continue
		}
		if d.Error != "" && d.Unit == "" {
			d.Match = Match{State: NoName, Note: "文件未能读取"}
			continue
		}
		d.Match = MatchUnit(d.Unit, units)
	}
}
