package juesuan

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// CheckTextLimits reports the first text field of f longer than its limit
// (TextLimit), as an EINVALID error naming the field by its report-file
// path and giving both lengths. The web form, the JSON API, import and the
// store call it, so that no door accepts a text another cannot read back.
func (f *Facts) CheckTextLimits() error {
	return checkText(reflect.ValueOf(f).Elem(), nil)
}

// textPath is where a text is in the facts, built into its report-file
// path ("budgets[2].reason") only for a text that may be too long: every
// save walks every text, almost all of them short.
type textPath struct {
	up    *textPath
	field string // a field's name (yaml), or a map key with key set
	key   bool
	index int // a slice element's index, when field is "" and not key
}

func (p *textPath) String() string {
	if p == nil {
		return ""
	}
	s := p.up.String()
	switch {
	case p.key:
		return s + "." + p.field
	case p.field != "":
		if s != "" {
			s += "."
		}
		return s + p.field
	}
	return fmt.Sprintf("%s[%d]", s, p.index)
}

func checkText(v reflect.Value, path *textPath) error {
	switch v.Kind() {
	case reflect.String:
		if len(v.String()) <= MaxNameRunes {
			return nil // no more runes than bytes: within every limit
		}
		where := path.String()
		limit := TextLimit(where)
		if n := utf8.RuneCountInString(v.String()); n > limit {
			return Errorf(EINVALID, "文字“%s”过长：%d 个字符，上限 %d 个字符；请删减后再保存（您输入的内容未丢失）", where, n, limit)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return checkText(v.Elem(), path)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			sub := path
			if name != "" {
				sub = &textPath{up: path, field: name}
			}
			if err := checkText(v.Field(i), sub); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkText(v.Index(i), &textPath{up: path, index: i}); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if err := checkText(iter.Value(), &textPath{up: path, field: fmt.Sprint(iter.Key()), key: true}); err != nil {
				return err
			}
		}
	}
	return nil
}
