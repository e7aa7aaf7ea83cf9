package juesuan

import "time"

// Limits that hold wherever a value enters the system (web form, JSON API,
// report file, import). Each is one number, used by every entry point, so
// that what one door accepts another can read back.
const (
	// MaxTextRunes bounds a text field (a paragraph of the 情况说明, a
	// 出错说明) in characters.
	MaxTextRunes = 100_000
	// MaxNameRunes bounds a short identifying field (unit name, 部门,
	// 单位代码, 单位性质, date) in characters.
	MaxNameRunes = 200
	// MaxNestingDepth bounds how deeply YAML or JSON may nest. A report
	// file needs about 6 levels; the YAML library's cost grows with the
	// square of the depth, so it is refused before parsing.
	MaxNestingDepth = 64
	// MaxStructureBytes bounds the structural characters of a YAML or JSON
	// report file (brackets, commas, colons, dashes, line breaks): the
	// YAML library spends about 500 bytes of memory on each. A large real
	// report has about 40,000; 250,000 stay near 150 MB.
	MaxStructureBytes = 250_000
	// MaxReportFileBytes bounds a native report file (a real one is a
	// few hundred KB).
	MaxReportFileBytes = 32 << 20
	// MaxFormBytes bounds a web form or JSON request body: room for the
	// 情况说明's texts each at MaxTextRunes (a Chinese character is up to
	// 9 bytes in a form, percent-encoded).
	MaxFormBytes = 8 << 20
	// MaxUploadBytes bounds an uploaded file.
	MaxUploadBytes = 32 << 20
	// MaxUserNameBytes bounds a login name, also as recorded after a
	// failed login.
	MaxUserNameBytes = 64
	// APITokenTTL is how long an API token works after it is issued.
	APITokenTTL = 90 * 24 * time.Hour
	// ImportTimeBudget bounds one import (reading a published document
	// and placing its cells) as a whole.
	ImportTimeBudget = 60 * time.Second
	// ImportMemoryBudget bounds what one import may allocate while
	// reading (decompressed streams, shared strings, page text).
	ImportMemoryBudget = 256 << 20
)

// TextLimit is the limit for a text field of a report, by its path in the
// report file ("unit.name", "narrative.overview" …).
func TextLimit(path string) int {
	switch path {
	case "unit.name", "unit.department", "unit.code", "unit.kind", "document.date":
		return MaxNameRunes
	}
	return MaxTextRunes
}
