package disclosure

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/juesuan/juesuan"
)

// narrativeDir holds the year's 情况说明 templates (text/template), one
// file per section, executed in name order.
const narrativeDir = "narrative/"

// Funcs are the template functions the narrative templates may use.
func Funcs() template.FuncMap {
	return template.FuncMap{
		// wan prints an amount in 万元 with two decimals: 122.40.
		"wan": func(a juesuan.Amount) string { return a.Wan() },
		// pct prints num/den as a percentage, two decimals half-up: 1.11%.
		"pct": func(num, den juesuan.Amount) string {
			s, ok := juesuan.Percent(num, den)
			if !ok {
				return "—"
			}
			return s + "%"
		},
		"abs": func(a juesuan.Amount) juesuan.Amount {
			if a < 0 {
				return -a
			}
			return a
		},
		"sub":  func(a, b juesuan.Amount) juesuan.Amount { return a - b },
		"zero": func(a juesuan.Amount) bool { return a == 0 },
		// inc and grow name a change: 增加/减少, 增长/下降.
		"inc": func(a juesuan.Amount) string {
			if a < 0 {
				return "减少"
			}
			return "增加"
		},
		"grow": func(a juesuan.Amount) string {
			if a < 0 {
				return "下降"
			}
			return "增长"
		},
		// cmp compares 决算 with 预算: 大于, 小于, 等于.
		"cmp": func(a, b juesuan.Amount) string {
			switch {
			case a > b:
				return "大于"
			case a < b:
				return "小于"
			}
			return "等于"
		},
		"cn":   ChineseNumber,
		"add1": func(i int) int { return i + 1 },
		"join": strings.Join,
	}
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumber writes 1…99 as 一 … 九十九, the numbering of headings.
func ChineseNumber(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return cnDigits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + cnDigits[n-10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	}
	return cnDigits[n/10] + "十" + cnDigits[n%10]
}

// narrativeFiles returns the template's narrative files in name order.
func narrativeFiles(tpl *juesuan.Template) []string {
	var names []string
	for name := range tpl.Files {
		if strings.HasPrefix(name, narrativeDir) && path.Ext(name) == ".tmpl" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// runNarrative executes one template file and turns its lines into
// blocks: "# " a section heading, "## " a subsection, "@chart ID caption"
// a figure, anything else a paragraph.
func runNarrative(tpl *juesuan.Template, name string, data any, charts map[string]*Chart) ([]Block, error) {
	t, err := template.New(path.Base(name)).Funcs(Funcs()).Option("missingkey=error").Parse(string(tpl.Files[name]))
	if err != nil {
		return nil, fmt.Errorf("年度模板 %s 的 %s 有误：%v", tpl.ID, name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("年度模板 %s 的 %s 无法生成文字：%v", tpl.ID, name, err)
	}
	var out []Block
	for _, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "## "):
			out = append(out, Block{Kind: Heading, Level: 3, Text: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "# "):
			out = append(out, Block{Kind: Heading, Level: 2, Text: strings.TrimSpace(line[2:])})
		case strings.HasPrefix(line, "@chart "):
			id, caption, _ := strings.Cut(strings.TrimSpace(line[7:]), " ")
			c, ok := charts[id]
			if !ok {
				return nil, fmt.Errorf("年度模板 %s 的 %s 引用了未知的图 %q（可用 fig1…fig4）", tpl.ID, name, id)
			}
			c.Title = strings.TrimSpace(caption)
			out = append(out, Block{Kind: ChartBlock, Chart: c})
		default:
			out = append(out, Block{Kind: Para, Text: line})
		}
	}
	return out, nil
}
