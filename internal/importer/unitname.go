package importer

import (
	"fmt"
	"strings"
	"unicode"
)

// UnitNameKey normalises a unit name for comparison: full-width letters
// and digits, spacing and the two kinds of parentheses and brackets are
// how the same name differs between a database and a printed report.
func UnitNameKey(s string) string {
	s = simplify(width(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case '(', '（', '〔', '[', '【':
			return '('
		case ')', '）', '〕', ']', '】':
			return ')'
		}
		if unicode.IsSpace(r) || r == '·' || r == '•' {
			return -1
		}
		return r
	}, s)
}

// UnitMismatch returns a warning when a document names another unit than
// the one it is loaded into (a file imported into the wrong unit), or ""
// when the names agree or the document names none.
func UnitMismatch(file, code, dbName, docName string) string {
	if strings.TrimSpace(docName) == "" || strings.TrimSpace(dbName) == "" || UnitNameKey(dbName) == UnitNameKey(docName) {
		return ""
	}
	return fmt.Sprintf("%s: 注意：文件中的单位名称“%s”与单位 %s 在数据库中的名称“%s”不一致，请确认没有导入到别的单位", file, strings.TrimSpace(docName), code, strings.TrimSpace(dbName))
}
