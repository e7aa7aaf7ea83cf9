package docximport

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// numberingPart holds the automatic numbering of paragraphs. Word does
// not store the printed label (第一部分, 一、, 1.) in the paragraph's text:
// it is computed from the list definitions, as done here, so that the
// lines read like the printed page.
const numberingPart = "word/numbering.xml"

// maxNumberingXML bounds the list definitions (a few KB in a report).
const maxNumberingXML = 4 << 20

type level struct {
	format, text, suffix string
	start                int
}

type numbering struct {
	abstract map[string]map[int]*level // abstractNumId → ilvl
	num      map[string]string         // numId → abstractNumId
	count    map[string]*[9]int        // abstractNumId → counters per level
}

// readNumbering reads the list definitions; a missing or unreadable part
// only means paragraphs get no labels.
func readNumbering(f *zip.File) *numbering {
	n := &numbering{abstract: map[string]map[int]*level{}, num: map[string]string{}, count: map[string]*[9]int{}}
	if f == nil || f.UncompressedSize64 > maxNumberingXML {
		return n
	}
	rc, err := f.Open()
	if err != nil {
		return n
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxNumberingXML))
	var abs, numID string
	var lvl *level
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !isW(se.Name) {
			continue
		}
		val, _ := attrVal(se, "val")
		switch se.Name.Local {
		case "abstractNum":
			abs, _ = attrVal(se, "abstractNumId")
			numID = ""
			n.abstract[abs] = map[int]*level{}
		case "lvl":
			i, err := strconv.Atoi(attrOr(se, "ilvl", "0"))
			lvl = nil
			if err == nil && i >= 0 && i < 9 && n.abstract[abs] != nil {
				lvl = &level{format: "decimal", start: 1, suffix: "tab"}
				n.abstract[abs][i] = lvl
			}
		case "start":
			if v, err := strconv.Atoi(val); err == nil && lvl != nil && v >= 0 && v < 10000 {
				lvl.start = v
			}
		case "numFmt":
			if lvl != nil {
				lvl.format = val
			}
		case "lvlText":
			if lvl != nil {
				lvl.text = val
			}
		case "suff":
			if lvl != nil {
				lvl.suffix = val
			}
		case "num":
			numID, _ = attrVal(se, "numId")
			abs, lvl = "", nil
		case "abstractNumId":
			if numID != "" {
				n.num[numID] = val
			}
		}
	}
}

func attrOr(se xml.StartElement, local, def string) string {
	if v, ok := attrVal(se, local); ok {
		return v
	}
	return def
}

// label counts one more paragraph of list numID at level ilvl and returns
// its printed label with the separator Word puts after it.
func (n *numbering) label(numID string, ilvl int) string {
	abs, ok := n.num[numID]
	if !ok || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	levels := n.abstract[abs]
	lv := levels[ilvl]
	if lv == nil {
		return ""
	}
	c := n.count[abs]
	if c == nil {
		c = &[9]int{}
		n.count[abs] = c
	}
	for i := ilvl + 1; i < 9; i++ {
		c[i] = 0
	}
	if c[ilvl] == 0 {
		c[ilvl] = lv.start
	} else {
		c[ilvl]++
	}
	text := lv.text
	for i := 0; i <= ilvl; i++ {
		l := levels[i]
		if l == nil {
			continue
		}
		v := c[i]
		if v == 0 {
			v = l.start
		}
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i+1), formatNumber(v, l.format))
	}
	if lv.format == "bullet" || lv.format == "none" || strings.TrimSpace(text) == "" {
		return ""
	}
	switch lv.suffix {
	case "nothing":
		return text
	case "space":
		return text + " "
	}
	return text + "  "
}

var (
	cnDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	heavenly = []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
)

func formatNumber(v int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "japaneseCounting", "taiwaneseCounting":
		return chinese(v)
	case "ideographTraditional":
		if v >= 1 && v <= len(heavenly) {
			return heavenly[v-1]
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 && v <= 26 {
			s := string(rune('a' + v - 1))
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	}
	return strconv.Itoa(v)
}

// chinese writes 1–99 as printed in headings (十一, 二十); larger numbers
// as digits, which no report's outline reaches.
func chinese(v int) string {
	switch {
	case v >= 0 && v < 10:
		return cnDigits[v]
	case v >= 10 && v < 100:
		s := ""
		if v/10 > 1 {
			s = cnDigits[v/10]
		}
		s += "十"
		if v%10 != 0 {
			s += cnDigits[v%10]
		}
		return s
	}
	return strconv.Itoa(v)
}
