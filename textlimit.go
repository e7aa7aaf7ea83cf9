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
	return checkText(reflect.ValueOf(f).Elem(), "")
}

func checkText(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.String:
		limit := TextLimit(path)
		if n := utf8.RuneCountInString(v.String()); n > limit {
			return Errorf(EINVALID, "文字“%s”过长：%d 个字符，上限 %d 个字符；请删减后再保存（您输入的内容未丢失）", path, n, limit)
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
				if sub != "" {
					sub += "."
				}
				sub += name
			}
			if err := checkText(v.Field(i), sub); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkText(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if err := checkText(iter.Value(), fmt.Sprintf("%s.%v", path, iter.Key())); err != nil {
				return err
			}
		}
	}
	return nil
}
