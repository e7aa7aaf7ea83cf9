package identify

import (
	"regexp"
	"strings"
	"unicode"
)

// toSimplified maps each traditional character of tradPairs to its
// simplified form; built once from the data.
var toSimplified = func() map[rune]rune {
	rs := []rune(tradPairs)
	m := make(map[rune]rune, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// Simplify returns s with traditional characters replaced by simplified ones.
func Simplify(s string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := toSimplified[r]; ok {
			return t
		}
		return r
	}, s)
}

// width maps full-width ASCII to ASCII (digits of "２０２３年度") but keeps
// the Chinese parentheses, comma and colon that names and labels use.
func width(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '（', '）', '，', '：', '；', '、', '。':
			return r
		case '\u3000', '\u00a0':
			return ' '
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

var (
	// A pronunciation a web page or a learner's copy inserts after a
	// character: 务(wù), 预（yù）.
	rePinyin = regexp.MustCompile(`(\p{Han})\s*[（(][a-zA-Zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜüńňǹ]{1,7}[1-5]?[)）]`)
	// Residue of Word fields when a table of contents is copied as text.
	reField = regexp.MustCompile(`(?i)(?:HYPERLINK\s*(?:\\l\s*)?"?_Toc\d+"?|PAGEREF\s*_Toc\d+(?:\s*\\?[hpz]\b)*|TOC\s*(?:\\[a-z]\s*(?:"[^"]*")?\s*)+|_Toc\d+|MERGEFORMAT|\\\*)`)
	// Dotted or dashed leaders between a TOC entry and its page number.
	reLeader = regexp.MustCompile(`(?:[.．·…‥⋯_—-]\s*){3,}`)
)

// clean removes what is not the document's wording: pronunciations,
// field codes, leaders; it keeps spaces.
func clean(s string) string {
	s = width(Simplify(s))
	if strings.ContainsAny(s, "(（") {
		s = rePinyin.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "_Toc") || strings.Contains(s, "PAGEREF") || strings.Contains(s, "HYPERLINK") || strings.Contains(s, "MERGEFORMAT") {
		s = reField.ReplaceAllString(s, " ")
	}
	return reLeader.ReplaceAllString(s, " ")
}

// compact is clean text without spaces and with one kind of
// parentheses and quotes, for comparing names and titles.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '(':
			return '（'
		case ')':
			return '）'
		case '“', '”', '"', '「', '」', '『', '』', '‘', '’', '\'':
			return '"'
		case ':':
			return '：'
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, clean(s))
}

// curly prints straight quotes as the Chinese pair “…”.
func curly(s string) string {
	open := true
	return strings.Map(func(r rune) rune {
		if r != '"' {
			return r
		}
		if open {
			open = false
			return '“'
		}
		open = true
		return '”'
	}, s)
}

var chromeWords = []string{"首页", "当前位置", "您的位置", "字体", "打印本页", "关闭窗口", "分享到", "发布时间", "发布日期",
	"来源：", "浏览次数", "访问量", "版权所有", "主办单位", "ICP", "网站地图", "返回顶部", "扫一扫", "【大】", "【中】", "【小】"}

// isChrome tells a line of a web page's frame (breadcrumbs, font size
// buttons, footer) from the document's own text.
func isChrome(c string) bool {
	if strings.ContainsAny(c, ">»›") {
		return true
	}
	for _, w := range chromeWords {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// reFrontMatter is a "key: value" header some tools put before the text
// (source:, year:); it is metadata about the file, not the document.
var reFrontMatter = regexp.MustCompile(`^[a-z_]{2,20}: `)
