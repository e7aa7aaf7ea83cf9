package importer

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// norm makes printed text comparable: full-width ASCII to half-width,
// quotes unified, traditional forms of common terms simplified, spaces
// and leading numbering (一、 1. （一）) removed.
//
// The import compares every cell with every row label of its table, so
// the same strings are normalised over and over: about half of the
// import's own CPU time (beside pdfium's) on the corpus PDFs. The
// results are remembered.
func norm(s string) string { return normMemo.get(s, normText) }

var normMemo memo

// memo remembers the results of a pure function of a string. It is
// emptied when it reaches memoMax entries, so that a long-running server
// importing many files keeps it small.
type memo struct {
	m sync.Map
	n atomic.Int64
}

const memoMax = 1 << 16

func (c *memo) get(s string, f func(string) string) string {
	if v, ok := c.m.Load(s); ok {
		return v.(string)
	}
	v := f(s)
	if c.n.Add(1) > memoMax {
		c.reset()
	}
	c.m.Store(s, v)
	return v
}

func (c *memo) reset() {
	c.m.Clear()
	c.n.Store(0)
}

func normText(s string) string {
	s = simplify(width(s))
	s = strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '"', '「', '」', '『', '』':
			return '"'
		case '(':
			return '（'
		case ')':
			return '）'
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	if !mayBeNumbered(s) {
		return s
	}
	return numbering.ReplaceAllString(s, "")
}

// mayBeNumbered reports whether s starts as numbering can: with a
// Chinese numeral, an ASCII digit or a full-width parenthesis.
func mayBeNumbered(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9' || r == '（' || strings.ContainsRune("一二三四五六七八九十", r)
}

var numbering = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|\d+[、.．]|（[一二三四五六七八九十\d]+）)`)

// width maps full-width ASCII (digits, letters, punctuation) to ASCII,
// except the parentheses and comma that Chinese text keeps.
func width(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '（', '）', '，', '：', '；', '、', '。':
			return r
		case '\u3000':
			return ' '
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// trad maps the traditional characters that occur in the standard table
// and row names to simplified ones (a mirrored copy may be in 繁體).
var trad = strings.NewReplacer(tradPairs...)

var tradPairs = []string{
	"決", "决", "算", "算", "總", "总", "表", "表", "預", "预", "財", "财", "政", "政", "撥", "拨", "款", "款",
	"收", "收", "入", "入", "支", "支", "出", "出", "結", "结", "轉", "转", "餘", "余", "計", "计", "經", "经",
	"營", "营", "國", "国", "資", "资", "單", "单", "位", "位", "繳", "缴", "補", "补", "助", "助", "業", "业",
	"務", "务", "費", "费", "養", "养", "險", "险", "醫", "医", "療", "疗", "衛", "卫", "給", "给", "職", "职",
	"會", "会", "與", "与", "體", "体", "傳", "传", "媒", "媒", "護", "护", "環", "环", "農", "农", "鄉", "乡",
	"區", "区", "運", "运", "輸", "输", "實", "实", "項", "项", "目", "目", "類", "类", "級", "级", "購", "购",
	"置", "置", "車", "车", "輛", "辆", "辦", "办", "關", "关", "機", "机", "公", "公", "員", "员", "員", "员",
	"行", "行", "離", "离", "退", "退", "休", "休", "專", "专", "債", "债", "還", "还", "災", "灾", "應", "应",
	"急", "急", "糧", "粮", "儲", "储", "備", "备", "災", "灾", "興", "兴", "劃", "划", "兩", "两", "萬", "万",
	"元", "元", "數", "数", "額", "额", "說", "说", "明", "明", "門", "门", "部", "部", "報", "报", "這", "这",
	"無", "无", "為", "为", "據", "据", "稅", "税", "附", "附", "屬", "属", "銷", "销", "訊", "讯", "電", "电",
	"貼", "贴", "獎", "奖", "薪", "薪", "勞", "劳", "託", "托", "設", "设", "備", "备", "軟", "软", "網", "网",
	"絡", "络", "維", "维", "修", "修", "貨", "货", "採", "采", "購", "购", "務", "务",
}

// simplify is trad.Replace. Nearly every string the import normalises
// has none of the traditional characters, and the Replacer copies it
// all the same, trying a match at every byte: a scan for the characters
// it would change answers those first.
func simplify(s string) string {
	if !mayHaveTrad(s) {
		return s
	}
	return trad.Replace(s)
}

// tradChanged marks the three-byte characters (U+0800–U+FFFF) that trad
// replaces by another; tradAny says that a key is not such a character,
// and then every string goes to the Replacer.
var tradChanged, tradAny = func() (set [1 << 16 / 64]uint64, all bool) {
	for i := 0; i+1 < len(tradPairs); i += 2 {
		old, repl := tradPairs[i], tradPairs[i+1]
		r, n := utf8.DecodeRuneInString(old)
		if n != 3 || len(old) != 3 || r == utf8.RuneError {
			return set, true
		}
		if old != repl {
			set[r>>6] |= 1 << (r & 63)
		}
	}
	return set, false
}()

// mayHaveTrad reports whether s may hold a character trad changes: it
// looks at every byte that can start a three-byte character, so that any
// match the Replacer could make (even in invalid UTF-8) is seen.
func mayHaveTrad(s string) bool {
	if tradAny {
		return true
	}
	for i := 0; i+2 < len(s); i++ {
		if c := s[i]; c >= 0xE0 && c < 0xF0 {
			v := uint32(c&0x0F)<<12 | uint32(s[i+1]&0x3F)<<6 | uint32(s[i+2]&0x3F)
			if tradChanged[v>>6]&(1<<(v&63)) != 0 {
				return true
			}
		}
	}
	return false
}
