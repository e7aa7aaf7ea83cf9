package reportfile

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	"github.com/juesuan/juesuan"
)

// decoder fills Go values from the YAML syntax tree by their `yaml` tags.
// It replaces the library's decoder for report files: the library formats
// the whole file again for every custom-decoded value (every amount), which
// made a 60 KB report take a third of a second; here each node is visited
// once, with its position at hand for errors.
type decoder struct {
	file string
	unit juesuan.MoneyUnit
	errs ErrorList
}

var (
	amountType = reflect.TypeOf(juesuan.Amount(0))
	pointsType = reflect.TypeOf(juesuan.Points(0))
)

func (d *decoder) fail(n ast.Node, format string, args ...any) {
	l, c := pos(n)
	if len(d.errs) < 50 {
		d.errs = append(d.errs, juesuan.Diagnostic{File: d.file, Line: l, Col: c, Message: fmt.Sprintf(format, args...)})
	}
}

func isNull(n ast.Node) bool {
	_, ok := n.(*ast.NullNode)
	return n == nil || ok
}

// decode sets v (addressable) from n; path names the place for messages.
func (d *decoder) decode(n ast.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if t, ok := n.(*ast.TagNode); ok {
		n = t.Value
	}
	switch v.Type() {
	case amountType:
		s, ok := scalar(n)
		if !ok {
			d.fail(n, "%s 应为金额（数字）", path)
			return
		}
		a, err := juesuan.ParseAmount(s, d.unit)
		if err != nil {
			d.fail(n, "%s: %v", path, err)
			return
		}
		v.SetInt(int64(a))
		return
	case pointsType:
		s, ok := scalar(n)
		if !ok {
			d.fail(n, "%s 应为分值（数字）", path)
			return
		}
		p, err := juesuan.ParsePoints(s)
		if err != nil {
			d.fail(n, "%s: %v", path, err)
			return
		}
		v.SetInt(int64(p))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
	case reflect.String:
		s, ok := scalar(n)
		if !ok {
			d.fail(n, "%s 应为文字", path)
			return
		}
		if limit := textLimit(path); utf8.RuneCountInString(s) > limit {
			d.fail(n, "%s 过长（%d 个字符，上限 %d）", path, utf8.RuneCountInString(s), limit)
			return
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64, reflect.Int32:
		s, ok := scalar(n)
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if !ok || err != nil || i < -1<<31 || i > 1<<31-1 {
			d.fail(n, "%s 应为整数，而不是 %q", path, s)
			return
		}
		if i < 0 {
			d.fail(n, "%s 不能是负数（%d）", path, i)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		s, _ := scalar(n)
		b, err := strconv.ParseBool(s)
		if err != nil {
			d.fail(n, "%s 应为 true 或 false", path)
			return
		}
		v.SetBool(b)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.fail(n, "%s 应为列表", path)
			return
		}
		out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.decode(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(out)
	case reflect.Map:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			d.fail(n, "%s 应为映射（键: 值）", path)
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		seen := map[string]bool{}
		for _, kv := range m.Values {
			ks, _ := scalar(kv.Key)
			if seen[ks] {
				d.fail(kv.Key, "%s 中的键 %s 重复", path, ks)
				continue
			}
			seen[ks] = true
			key := reflect.New(v.Type().Key()).Elem()
			d.decode(kv.Key, key, path)
			val := reflect.New(v.Type().Elem()).Elem()
			d.decode(kv.Value, val, path+"."+ks)
			v.SetMapIndex(key, val)
		}
	case reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			d.fail(n, "%s 应为映射（键: 值）", path)
			return
		}
		d.decodeStruct(m, v, path)
	default:
		d.fail(n, "%s 的类型无法读取", path)
	}
}

// fieldsOf maps yaml keys to field index paths, following inline fields.
func fieldsOf(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if strings.Contains(opts, "inline") || (f.Anonymous && tag == "") {
			for k, idx := range fieldsOf(f.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = []int{i}
	}
	return out
}

// fieldsCache holds fieldsOf of each struct type: the maps are only read.
var fieldsCache sync.Map // reflect.Type → map[string][]int

// cachedFields is fieldsOf, computed once per type: reading a report
// decodes a dozen structs, and walking their fields by reflection each
// time was a tenth of reading a generated file.
func cachedFields(t reflect.Type) map[string][]int {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(map[string][]int)
	}
	f := fieldsOf(t)
	fieldsCache.Store(t, f)
	return f
}

func (d *decoder) decodeStruct(m *ast.MappingNode, v reflect.Value, path string) {
	fields := cachedFields(v.Type())
	seen := map[string]bool{}
	for _, kv := range m.Values {
		k, _ := scalar(kv.Key)
		if seen[k] {
			d.fail(kv.Key, "键 %s 重复", k)
			continue
		}
		seen[k] = true
		idx, ok := fields[k]
		if !ok {
			where := path
			if where == "" {
				where = "文件顶层"
			}
			d.fail(kv.Key, "未知的键 %q（%s）", k, where)
			continue
		}
		sub := k
		if path != "" {
			sub = path + "." + k
		}
		d.decode(kv.Value, v.FieldByIndex(idx), sub)
	}
}

// readHeader reads format, year, template and money_unit, which decide how
// the rest of the file is read.
func readHeader(file string, body ast.Node) (Header, ErrorList) {
	var h Header
	m, ok := body.(*ast.MappingNode)
	if !ok {
		if isNull(body) {
			return h, nil
		}
		l, c := pos(body)
		return h, ErrorList{{File: file, Line: l, Col: c, Message: "报表文件应为“键: 值”的映射"}}
	}
	d := &decoder{file: file}
	for _, kv := range m.Values {
		k, _ := scalar(kv.Key)
		switch k {
		case "format":
			d.decode(kv.Value, reflect.ValueOf(&h.Format).Elem(), k)
		case "year":
			d.decode(kv.Value, reflect.ValueOf(&h.Year).Elem(), k)
		case "template":
			d.decode(kv.Value, reflect.ValueOf(&h.Template).Elem(), k)
		case "money_unit":
			d.decode(kv.Value, reflect.ValueOf(&h.MoneyUnit).Elem(), k)
		}
	}
	return h, d.errs
}

// textLimit bounds text fields: the same limits the web form, the API and
// the importer apply (juesuan.TextLimit).
func textLimit(path string) int { return juesuan.TextLimit(path) }
