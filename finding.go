package juesuan

import "encoding/json"

// Severity of a finding.
type Severity string

// Severities, from most to least serious.
const (
	SevError   Severity = "error"   // the report is wrong
	SevWarning Severity = "warning" // needs a look or an explanation
	SevInfo    Severity = "info"
)

// Rank orders severities: error 0, warning 1, info 2.
func (s Severity) Rank() int {
	switch s {
	case SevError:
		return 0
	case SevWarning:
		return 1
	}
	return 2
}

// Finding is one result of the audit.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Cells    CellList `json:"cells"`
	Expected string   `json:"expected,omitempty"`
	Actual   string   `json:"actual,omitempty"`
	Message  string   `json:"message"`
	// Where locates a finding that is not about a cell (a text, a fact).
	Where string `json:"where,omitempty"`
	// Source is "import" for a doubt about the reading of a published
	// document (导入存疑), which is never an error; empty for the audit's.
	Source string `json:"source,omitempty"`
	// Mandatory marks a finding of a 强制 rule (收支平衡, table
	// identities): a 出错说明 does not let the report be 上报.
	Mandatory bool `json:"mandatory,omitempty"`
	// Refs are all the cells the comparison read, blank ones too (Cells
	// names only those with amounts): a finding that reads a table the
	// import left in doubt is the import's doubt even when every cell of
	// that table it read came out blank. Not written out.
	Refs CellList `json:"-"`
}

// Counts tallies findings by severity.
type Counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Count tallies fs.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case SevError:
			c.Error++
		case SevWarning:
			c.Warning++
		default:
			c.Info++
		}
	}
	return c
}

// CellList is the cells a finding names ("6:302:1"). It is written as a
// list even when there are none: the command-line contract promises
// `"cells": []` for a finding about text. (A method on Finding itself
// would be promoted into every struct that embeds a Finding and replace
// that struct's own JSON.)
type CellList []string

// MarshalJSON writes nil as [].
func (c CellList) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(c))
}
