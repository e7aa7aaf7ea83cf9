package inspect

import (
	"sort"

	"github.com/juesuan/juesuan"
)

// UnitView is one row of the region view: a unit of the list (or a
// document of a unit not in the list) with its counts and scores.
type UnitView struct {
	Code       string         `json:"code,omitempty"`
	Name       string         `json:"name"`
	Department string         `json:"department,omitempty"`
	Files      []string       `json:"files,omitempty"`
	Missing    bool           `json:"missing,omitempty"` // no report for the year
	InList     bool           `json:"in_list"`           // the unit is in the unit list
	Match      string         `json:"match,omitempty"`   // 已匹配 / 待确认 / 未匹配
	Counts     juesuan.Counts `json:"counts"`            // the unit's own findings (import doubts excluded)
	ByKind     map[string]int `json:"by_kind"`           // findings per dimension
	Doubts     int            `json:"import_doubts"`     // the import's doubts, not counted
	Scores     map[string]int `json:"scores"`            // per dimension
	Total      int            `json:"total"`             // weighted score
	Rank       int            `json:"rank,omitempty"`    // 1 = best; missing units are not ranked
	Findings   []Finding      `json:"-"`                 // for the per-unit list
	Docs       []*Document    `json:"-"`
}

// Region is the region view of a batch.
type Region struct {
	Year       int            `json:"year"`
	Documents  int            `json:"documents"`
	Unreadable int            `json:"unreadable"`
	Counts     juesuan.Counts `json:"counts"`
	ByKind     map[string]int `json:"by_kind"`
	Units      []*UnitView    `json:"units"`   // ranked; missing units last
	Missing    []Unit         `json:"missing"` // units of the list with no report
}

// View builds the region view: documents grouped by matched unit, the
// units of the list without a report for the year, scores and ranking.
func View(docs []*Document, units []Unit, year int) *Region {
	s := Dimensions()
	if year == 0 {
		year = commonYear(docs)
	}
	rg := &Region{Year: year, ByKind: map[string]int{}, Missing: []Unit{}}
	byKey := map[string]*UnitView{}
	var order []string
	listed := map[string]Unit{}
	for _, u := range units {
		listed[u.Code] = u
	}
	for _, d := range docs {
		rg.Documents++
		if d.Error != "" {
			rg.Unreadable++
			continue
		}
		key, uv := "", (*UnitView)(nil)
		if (d.Match.State == Matched || d.Match.State == Uncertain) && d.Match.Code != "" {
			key = "code:" + d.Match.Code
			if byKey[key] == nil {
				u := listed[d.Match.Code]
				byKey[key] = &UnitView{Code: u.Code, Name: u.Name, Department: u.Department, InList: true, Match: d.Match.State}
				order = append(order, key)
			}
		} else {
			// A unit of no list: grouped by the name it prints.
			key = "name:" + d.Unit
			if d.Unit == "" {
				key = "file:" + d.File
			}
			if byKey[key] == nil {
				byKey[key] = &UnitView{Name: d.Unit, Match: d.Match.State}
				if d.Unit == "" {
					byKey[key].Name = d.File
				}
				order = append(order, key)
			}
		}
		uv = byKey[key]
		if d.Match.State == Uncertain {
			uv.Match = Uncertain
		}
		uv.Files = append(uv.Files, d.File)
		uv.Docs = append(uv.Docs, d)
		uv.Findings = append(uv.Findings, d.Findings...)
	}
	for _, k := range order {
		uv := byKey[k]
		uv.ByKind = map[string]int{}
		var own []juesuan.Finding
		for _, f := range uv.Findings {
			if f.Source == "import" {
				uv.Doubts++
				continue
			}
			own = append(own, f.Finding)
			uv.ByKind[f.Kind]++
			rg.ByKind[f.Kind]++
		}
		uv.Counts = juesuan.Count(own)
		rg.Counts.Error += uv.Counts.Error
		rg.Counts.Warning += uv.Counts.Warning
		rg.Counts.Info += uv.Counts.Info
		uv.Scores, uv.Total = s.Scores(uv.Findings)
		rg.Units = append(rg.Units, uv)
	}
	for _, u := range units {
		if byKey["code:"+u.Code] == nil {
			rg.Missing = append(rg.Missing, u)
			sc := map[string]int{}
			for _, d := range s.Dimensions {
				sc[d] = s.Score.Missing
			}
			rg.Units = append(rg.Units, &UnitView{Code: u.Code, Name: u.Name, Department: u.Department, InList: true,
				Missing: true, ByKind: map[string]int{}, Scores: sc, Total: s.Score.Missing})
		}
	}
	sort.SliceStable(rg.Units, func(i, j int) bool {
		a, b := rg.Units[i], rg.Units[j]
		if a.Missing != b.Missing {
			return !a.Missing
		}
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		if a.Counts.Error != b.Counts.Error {
			return a.Counts.Error < b.Counts.Error
		}
		return a.Code+a.Name < b.Code+b.Name
	})
	rank := 0
	for i, u := range rg.Units {
		if u.Missing {
			continue
		}
		if i == 0 || u.Total != rg.Units[i-1].Total {
			rank = i + 1
		}
		u.Rank = rank
	}
	return rg
}

func commonYear(docs []*Document) int {
	n := map[int]int{}
	best := 0
	for _, d := range docs {
		if d.Year > 0 {
			n[d.Year]++
			if n[d.Year] > n[best] || (n[d.Year] == n[best] && d.Year > best) {
				best = d.Year
			}
		}
	}
	return best
}
