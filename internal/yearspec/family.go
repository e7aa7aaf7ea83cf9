package yearspec

import (
	"github.com/juesuan/juesuan"

	"encoding/json"
	"fmt"
	"strings"
)

// family is a template.json: one template family, covering a range of
// years and regions. A family may extend another and hold only what
// differs; lists it names replace the parent's, files it lacks are the
// parent's.
type family struct {
	ID       string              `json:"id"`
	Name     string              `json:"name"`
	Region   string              `json:"region"`
	Title    string              `json:"title"`
	Years    []int               `json:"years"`
	Regions  []string            `json:"regions"`
	Kinds    []string            `json:"kinds"`
	Default  bool                `json:"default"`
	Extends  string              `json:"extends"`
	Aliases  []alias             `json:"aliases"`
	Tables   []scopedFile        `json:"tables"`
	Catalogs []catalogMeta       `json:"catalogs"`
	Rules    []scopedFile        `json:"rules"`
	Keys     map[string]string   `json:"keys"`
	Carry    []juesuan.CarryPair `json:"carryForward"`
	Attached *bool               `json:"attachedTables"`
	Comment  string              `json:"comment"`
}

// alias keeps an old template id loading: "2020" is national for 2020.
type alias struct {
	ID   string `json:"id"`
	Year int    `json:"year"`
}

type catalogMeta struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	File    string `json:"file"`
	Partial bool   `json:"partial"`
	Years   []int  `json:"years"`
}

// scopedFile is a file name, or {"file": …, "years": [from, to]}.
type scopedFile struct {
	File  string
	Years []int
}

func (s *scopedFile) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &s.File)
	}
	var v struct {
		File  string `json:"file"`
		Years []int  `json:"years"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if v.File == "" {
		return fmt.Errorf("缺少 file")
	}
	s.File, s.Years = v.File, v.Years
	return nil
}

// merge lays the child over its parent: every field the child sets wins.
func merge(parent, child family) family {
	out := parent
	out.ID, out.Extends, out.Aliases, out.Default = child.ID, child.Extends, child.Aliases, child.Default
	if child.Name != "" {
		out.Name = child.Name
	}
	if child.Region != "" {
		out.Region = child.Region
	}
	if child.Title != "" {
		out.Title = child.Title
	}
	if child.Comment != "" {
		out.Comment = child.Comment
	}
	if child.Years != nil {
		out.Years = child.Years
	}
	if child.Regions != nil {
		out.Regions = child.Regions
	}
	if child.Kinds != nil {
		out.Kinds = child.Kinds
	}
	if child.Tables != nil {
		out.Tables = child.Tables
	}
	if child.Catalogs != nil {
		out.Catalogs = child.Catalogs
	}
	if child.Rules != nil {
		out.Rules = child.Rules
	}
	if child.Carry != nil {
		out.Carry = child.Carry
	}
	if child.Attached != nil {
		out.Attached = child.Attached
	}
	if len(child.Keys) > 0 {
		keys := map[string]string{}
		for k, v := range parent.Keys {
			keys[k] = v
		}
		for k, v := range child.Keys {
			if v == "" {
				delete(keys, k)
			} else {
				keys[k] = v
			}
		}
		out.Keys = keys
	}
	return out
}

func (f *family) covers(year int) bool {
	return len(f.Years) == 2 && year >= f.Years[0] && year <= f.Years[1]
}

// Family describes a template family for listings and detection.
type Family struct {
	ID       string
	Name     string
	Region   string
	Title    string
	Years    [2]int
	Regions  []string
	Kinds    []string
	Default  bool
	Extends  string
	Aliases  []string
	Attached bool
}
