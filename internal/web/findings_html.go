package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

// The findings panel is rendered with every save and every view of a
// report, a few dozen findings each with cell links and a form. As a
// template it cost a save more than its audit, most of it in reflection
// and the URL escapers; it is written here with the escaping html/template
// gives each context, and TestFindingsHTMLSameAsTemplate compares it with
// the template it replaces (testdata/findings.tmpl).

// FindingsHTML is the body of the findings panel.
func (p *editorPage) FindingsHTML() template.HTML {
	var b strings.Builder
	b.Grow(1024 + 1536*len(p.Findings))
	b.WriteString("\n<h3>审核结果 <span class=\"badge error\">")
	b.WriteString(strconv.Itoa(p.Counts.Error))
	b.WriteString(" 错误</span> <span class=\"badge warning\">")
	b.WriteString(strconv.Itoa(p.Counts.Warning))
	b.WriteString(" 警告</span> <span class=\"badge info\">")
	b.WriteString(strconv.Itoa(p.Counts.Info))
	b.WriteString(" 提示</span></h3>\n")
	if p.CanEdit {
		if p.Strict != 0 {
			b.WriteString("<p class=\"hint submit-hint\" id=\"submit-hint\">有 ")
			b.WriteString(strconv.Itoa(p.Strict))
			b.WriteString(" 个强制审核错误，必须修改后才能上报。</p>")
		} else if p.Unexplained != 0 {
			b.WriteString("<p class=\"hint submit-hint\" id=\"submit-hint\">还有 ")
			b.WriteString(strconv.Itoa(p.Unexplained))
			b.WriteString(" 个错误未填写出错说明，上报会被拒绝。</p>")
		}
	}
	b.WriteString("\n")
	if len(p.Findings) == 0 {
		b.WriteString("<p class=\"ok\">全部审核公式通过。</p>")
	}
	b.WriteString("\n<ol class=\"finding-list\">\n")
	base := esc1(urlNormalize(urlFilter(p.Base)))
	for i := range p.Findings {
		findingHTML(&b, p, &p.Findings[i], base)
	}
	b.WriteString("\n</ol>\n")
	return template.HTML(b.String())
}

// findingHTML writes one finding; base is the report's URL escaped for a
// URL attribute.
func findingHTML(b *strings.Builder, p *editorPage, f *findingView, base string) {
	sev := string(f.Severity)
	b.WriteString("\n  <li class=\"finding ")
	esc(b, sev)
	b.WriteString("\" data-sev=\"")
	esc(b, sev)
	b.WriteString("\" data-cells=\"")
	for i, c := range f.Cells {
		if i > 0 {
			b.WriteString(" ")
		}
		esc(b, c.ID)
	}
	b.WriteString("\">\n    <div><span class=\"sev\">")
	esc(b, sevLabel(f.Severity))
	b.WriteString("</span>")
	if f.Mandatory {
		b.WriteString(" <span class=\"badge mandatory\" title=\"强制审核公式：不能以出错说明代替修改，修改前不能上报\">强制</span>")
	}
	b.WriteString(" <b class=\"rule-title\" title=\"审核公式 ")
	esc(b, f.Rule)
	b.WriteString("\">")
	esc(b, f.Title)
	b.WriteString("</b></div>\n    <p>")
	esc(b, f.Message)
	b.WriteString("</p>\n    ")
	if f.Expected != "" || f.Actual != "" {
		b.WriteString("<p class=\"nums\">应为 ")
		esc(b, f.Expected)
		b.WriteString("，实为 ")
		esc(b, f.Actual)
		b.WriteString("</p>")
	}
	b.WriteString("\n    ")
	if f.Where != "" {
		b.WriteString("<p class=\"where\">")
		esc(b, f.Where)
		b.WriteString("</p>")
	}
	b.WriteString("\n    ")
	if f.Summary != "" {
		b.WriteString("<details class=\"cells\"><summary>")
		esc(b, f.Summary)
		b.WriteString("</summary>")
		cellLinks(b, f.Cells, base)
		b.WriteString("</details>\n    ")
	} else {
		b.WriteString("<p class=\"cells\">")
		cellLinks(b, f.Cells, base)
		b.WriteString("</p>")
	}
	b.WriteString("\n    ")
	switch {
	case f.Mandatory:
		b.WriteString("<p class=\"hint\">强制审核公式：请修改数据，不能以出错说明代替。</p>\n    ")
	case f.Severity != juesuan.SevInfo:
		b.WriteString("\n      ")
		if p.CanEdit {
			b.WriteString("\n      <form class=\"explain\" hx-post=\"")
			esc(b, p.Base)
			b.WriteString("/explain\" hx-target=\"#findings\" hx-swap=\"outerHTML\" method=\"post\" action=\"")
			b.WriteString(base)
			b.WriteString("/explain\">\n        <input type=\"hidden\" name=\"key\" value=\"")
			esc(b, f.Key)
			b.WriteString("\"><input type=\"hidden\" name=\"t\" value=\"")
			esc(b, p.Tab)
			b.WriteString("\">\n        <textarea name=\"text\" rows=\"2\" placeholder=\"出错说明：说明数据无误的原因\">")
			esc(b, f.Explanation)
			b.WriteString("</textarea>\n        <button>")
			if f.Explanation != "" {
				b.WriteString("更新说明")
			} else {
				b.WriteString("保存说明")
			}
			b.WriteString("</button>\n      </form>\n      ")
		} else if f.Explanation != "" {
			b.WriteString("<p class=\"explained\">出错说明（")
			esc(b, f.ExplainedBy)
			b.WriteString("）：")
			esc(b, f.Explanation)
			b.WriteString("</p>")
		}
		b.WriteString("\n    ")
	}
	b.WriteString("\n  </li>\n")
}

func cellLinks(b *strings.Builder, cells []cellLink, base string) {
	for _, c := range cells {
		b.WriteString("<a class=\"cellref\" href=\"")
		b.WriteString(base)
		b.WriteString("?t=")
		b.WriteString(urlEscape(strconv.Itoa(c.Table)))
		b.WriteString("#")
		b.WriteString(urlEscape(c.ID))
		b.WriteString("\" data-target=\"")
		esc(b, c.ID)
		b.WriteString("\">")
		esc(b, c.Label)
		b.WriteString("</a> ")
	}
}

func esc1(s string) string {
	var b strings.Builder
	esc(&b, s)
	return b.String()
}

// urlFilter is html/template's check of a URL's start: a scheme other
// than http, https or mailto is replaced.
func urlFilter(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

// urlNormalize and urlEscape are html/template's URL escapers: the first
// keeps a URL's reserved characters and its valid escapes, the second
// (for a query value or a fragment) escapes all but the unreserved.
func urlNormalize(s string) string { return urlProcess(s, true) }

func urlEscape(s string) string { return urlProcess(s, false) }

func urlProcess(s string, norm bool) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[last:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
