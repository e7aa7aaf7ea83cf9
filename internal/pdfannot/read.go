package pdfannot

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
)

// ref is an indirect reference.
type ref struct{ num, gen int }

// entry is where an object lives: at an offset (kind 1), or the idx-th
// object of object stream stream (kind 2).
type entry struct {
	kind        int
	offset, gen int
	stream, idx int
}

// file is the part of a PDF's structure an incremental update needs.
type file struct {
	data      []byte
	startxref int
	xref      map[int]entry
	trailer   map[string]string // raw values of the newest trailer
	size      int
	objstm    map[int][]byte // decoded object streams
	depth     int            // nesting of object lookups (a /Length may point into a stream)
}

const maxObjects = 10_000_000

func open(data []byte) (*file, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, fmt.Errorf("不是 PDF 文件（缺少 %%PDF 文件头）")
	}
	tail := data[max(0, len(data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("PDF 文件末尾没有 startxref，文件可能不完整")
	}
	lx := &lexer{b: tail, p: i + len("startxref")}
	off, ok := lx.int()
	if !ok || off <= 0 || off >= len(data) {
		return nil, fmt.Errorf("PDF 的 startxref 偏移量无效")
	}
	f := &file{data: data, startxref: off, xref: map[int]entry{}, objstm: map[int][]byte{}}
	seen := map[int]bool{}
	for at := off; at > 0; {
		if seen[at] || len(seen) > 1000 {
			return nil, fmt.Errorf("PDF 的交叉引用表链有循环")
		}
		seen[at] = true
		tr, err := f.readXref(at)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = tr
		}
		if s, ok := tr["XRefStm"]; ok { // hybrid file: the stream completes this section
			if n, err := strconv.Atoi(s); err == nil && !seen[n] {
				seen[n] = true
				if _, err := f.readXref(n); err != nil {
					return nil, err
				}
			}
		}
		prev, ok := tr["Prev"]
		if !ok {
			break
		}
		at, err = strconv.Atoi(prev)
		if err != nil || at <= 0 || at >= len(data) {
			return nil, fmt.Errorf("PDF 的 /Prev 偏移量无效")
		}
	}
	if f.trailer["Encrypt"] != "" {
		return nil, fmt.Errorf("PDF 已加密，不能写入批注")
	}
	if f.trailer["Root"] == "" {
		return nil, fmt.Errorf("PDF 的 trailer 中没有 /Root")
	}
	n, _ := strconv.Atoi(f.trailer["Size"])
	for k := range f.xref {
		n = max(n, k+1)
	}
	f.size = n
	return f, nil
}

// readXref reads the cross-reference section at off (a table or a
// stream), adds the entries not already known (newer sections are read
// first) and returns its trailer.
func (f *file) readXref(off int) (map[string]string, error) {
	lx := &lexer{b: f.data, p: off}
	lx.space()
	if bytes.HasPrefix(f.data[lx.p:], []byte("xref")) {
		lx.p += 4
		for {
			lx.space()
			if bytes.HasPrefix(f.data[lx.p:], []byte("trailer")) {
				lx.p += len("trailer")
				lx.space()
				return lx.dict()
			}
			first, ok1 := lx.int()
			count, ok2 := lx.int()
			if !ok1 || !ok2 || count < 0 || count > maxObjects || first < 0 {
				return nil, fmt.Errorf("PDF 的交叉引用表在偏移 %d 处格式错误", lx.p)
			}
			for i := 0; i < count; i++ {
				o, ok1 := lx.int()
				g, ok2 := lx.int()
				lx.space()
				if !ok1 || !ok2 || lx.p >= len(f.data) {
					return nil, fmt.Errorf("PDF 的交叉引用表在偏移 %d 处格式错误", lx.p)
				}
				t := f.data[lx.p]
				lx.p++
				if _, known := f.xref[first+i]; !known && t == 'n' {
					f.xref[first+i] = entry{kind: 1, offset: o, gen: g}
				} else if !known && t == 'f' {
					f.xref[first+i] = entry{kind: 0}
				}
			}
		}
	}
	// A cross-reference stream: "n g obj << … /Type /XRef … >> stream".
	dict, body, err := f.streamAt(off)
	if err != nil {
		return nil, fmt.Errorf("PDF 的交叉引用在偏移 %d 处无法读取：%v", off, err)
	}
	w := ints(dict["W"])
	if len(w) != 3 {
		return nil, fmt.Errorf("PDF 的交叉引用流缺少 /W")
	}
	idx := ints(dict["Index"])
	if len(idx) == 0 {
		n, _ := strconv.Atoi(dict["Size"])
		idx = []int{0, n}
	}
	rec := w[0] + w[1] + w[2]
	if rec <= 0 || w[0] < 0 || w[1] < 0 || w[2] < 0 || w[0] > 8 || w[1] > 8 || w[2] > 8 {
		return nil, fmt.Errorf("PDF 的交叉引用流 /W 无效")
	}
	p := 0
	field := func(n, def int) int {
		if n == 0 {
			return def
		}
		v := 0
		for k := 0; k < n; k++ {
			v = v<<8 | int(body[p+k])
		}
		p += n
		return v
	}
	for k := 0; k+1 < len(idx); k += 2 {
		first, count := idx[k], idx[k+1]
		if count < 0 || count > maxObjects {
			return nil, fmt.Errorf("PDF 的交叉引用流 /Index 无效")
		}
		for i := 0; i < count; i++ {
			if p+rec > len(body) {
				return nil, fmt.Errorf("PDF 的交叉引用流比 /Index 所说的短")
			}
			t := field(w[0], 1)
			a := field(w[1], 0)
			b := field(w[2], 0)
			if _, known := f.xref[first+i]; known {
				continue
			}
			switch t {
			case 0:
				f.xref[first+i] = entry{kind: 0}
			case 1:
				f.xref[first+i] = entry{kind: 1, offset: a, gen: b}
			case 2:
				f.xref[first+i] = entry{kind: 2, stream: a, idx: b}
			}
		}
	}
	return dict, nil
}

// streamAt reads the stream object at off: its dictionary and decoded data.
func (f *file) streamAt(off int) (map[string]string, []byte, error) {
	lx := &lexer{b: f.data, p: off}
	if _, ok := lx.int(); !ok {
		return nil, nil, fmt.Errorf("不是对象")
	}
	if _, ok := lx.int(); !ok {
		return nil, nil, fmt.Errorf("不是对象")
	}
	lx.space()
	if !bytes.HasPrefix(f.data[lx.p:], []byte("obj")) {
		return nil, nil, fmt.Errorf("不是对象")
	}
	lx.p += 3
	lx.space()
	dict, err := lx.dict()
	if err != nil {
		return nil, nil, err
	}
	lx.space()
	if !bytes.HasPrefix(f.data[lx.p:], []byte("stream")) {
		return nil, nil, fmt.Errorf("不是流对象")
	}
	lx.p += len("stream")
	if lx.p < len(f.data) && f.data[lx.p] == '\r' {
		lx.p++
	}
	if lx.p < len(f.data) && f.data[lx.p] == '\n' {
		lx.p++
	}
	n, err := f.length(dict["Length"])
	if err != nil {
		return nil, nil, err
	}
	if n < 0 || lx.p+n > len(f.data) {
		return nil, nil, fmt.Errorf("流长度 %d 超出文件", n)
	}
	raw := f.data[lx.p : lx.p+n]
	body, err := decode(raw, dict)
	return dict, body, err
}

// length resolves a /Length that may be an indirect reference.
func (f *file) length(v string) (int, error) {
	if r, ok := parseRef(v); ok {
		raw, err := f.object(r.num)
		if err != nil {
			return 0, err
		}
		v = string(bytes.TrimSpace(raw))
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("流长度 %q 无效", v)
	}
	return n, nil
}

func decode(raw []byte, dict map[string]string) ([]byte, error) {
	filter := dict["Filter"]
	switch filter {
	case "":
		return raw, nil
	case "/FlateDecode", "[/FlateDecode]", "[ /FlateDecode ]":
	default:
		return nil, fmt.Errorf("不支持的流压缩方式 %s", filter)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("流解压失败：%v", err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, 256<<20))
	if err != nil && len(body) == 0 {
		return nil, fmt.Errorf("流解压失败：%v", err)
	}
	parms := (&lexer{b: []byte(dict["DecodeParms"])}).dictOrEmpty()
	if pred, _ := strconv.Atoi(parms["Predictor"]); pred >= 10 {
		cols, _ := strconv.Atoi(parms["Columns"])
		if cols <= 0 {
			cols = 1
		}
		return unpredict(body, cols)
	}
	return body, nil
}

// unpredict undoes the PNG predictors (one byte of bytes per pixel).
func unpredict(b []byte, cols int) ([]byte, error) {
	rowLen := cols + 1
	if len(b)%rowLen != 0 {
		return nil, fmt.Errorf("预测编码的数据长度不对")
	}
	out := make([]byte, 0, len(b)/rowLen*cols)
	prev := make([]byte, cols)
	for r := 0; r < len(b); r += rowLen {
		typ, row := b[r], append([]byte(nil), b[r+1:r+rowLen]...)
		for i := range row {
			var left, up, ul byte
			if i > 0 {
				left, ul = row[i-1], prev[i-1]
			}
			up = prev[i]
			switch typ {
			case 1:
				row[i] += left
			case 2:
				row[i] += up
			case 3:
				row[i] += byte((int(left) + int(up)) / 2)
			case 4:
				row[i] += paeth(left, up, ul)
			}
		}
		out = append(out, row...)
		prev = row
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// object returns the raw text of object num's value (without "n g obj").
func (f *file) object(num int) ([]byte, error) {
	f.depth++
	defer func() { f.depth-- }()
	if f.depth > 8 {
		return nil, fmt.Errorf("对象 %d 的引用链过长或有循环", num)
	}
	e, ok := f.xref[num]
	if !ok || e.kind == 0 {
		return nil, fmt.Errorf("对象 %d 不存在", num)
	}
	if e.kind == 1 {
		lx := &lexer{b: f.data, p: e.offset}
		if n, ok := lx.int(); !ok || n != num {
			return nil, fmt.Errorf("对象 %d 不在交叉引用表所说的位置", num)
		}
		lx.int()
		lx.space()
		if !bytes.HasPrefix(f.data[lx.p:], []byte("obj")) {
			return nil, fmt.Errorf("对象 %d 不在交叉引用表所说的位置", num)
		}
		lx.p += 3
		lx.space()
		start := lx.p
		if err := lx.skip(0); err != nil {
			return nil, fmt.Errorf("对象 %d：%v", num, err)
		}
		return f.data[start:lx.p], nil
	}
	body, ok := f.objstm[e.stream]
	if !ok {
		se, ok := f.xref[e.stream]
		if !ok || se.kind != 1 {
			return nil, fmt.Errorf("对象流 %d 不存在", e.stream)
		}
		_, b, err := f.streamAt(se.offset)
		if err != nil {
			return nil, fmt.Errorf("对象流 %d：%v", e.stream, err)
		}
		f.objstm[e.stream] = b
		body = b
	}
	dict, _, _ := f.streamAt(f.xref[e.stream].offset)
	n, _ := strconv.Atoi(dict["N"])
	first, _ := strconv.Atoi(dict["First"])
	lx := &lexer{b: body}
	for i := 0; i < n; i++ {
		on, ok1 := lx.int()
		off, ok2 := lx.int()
		if !ok1 || !ok2 {
			break
		}
		if on == num {
			if first+off > len(body) {
				break
			}
			v := &lexer{b: body, p: first + off}
			v.space()
			start := v.p
			if err := v.skip(0); err != nil {
				return nil, fmt.Errorf("对象 %d：%v", num, err)
			}
			return body[start:v.p], nil
		}
	}
	return nil, fmt.Errorf("对象 %d 不在对象流 %d 中", num, e.stream)
}

// dictOf parses an object's raw dictionary.
func (f *file) dictOf(num int) (map[string]string, error) {
	raw, err := f.object(num)
	if err != nil {
		return nil, err
	}
	return (&lexer{b: raw}).dict()
}

// pages lists the page objects in order.
func (f *file) pages() ([]ref, error) {
	root, ok := parseRef(f.trailer["Root"])
	if !ok {
		return nil, fmt.Errorf("PDF 的 /Root 无效")
	}
	cat, err := f.dictOf(root.num)
	if err != nil {
		return nil, fmt.Errorf("PDF 的目录对象无法读取：%v", err)
	}
	top, ok := parseRef(cat["Pages"])
	if !ok {
		return nil, fmt.Errorf("PDF 的目录对象没有 /Pages")
	}
	var out []ref
	seen := map[int]bool{}
	var walk func(r ref, depth int) error
	walk = func(r ref, depth int) error {
		if seen[r.num] || depth > 64 {
			return fmt.Errorf("PDF 的页面树有循环")
		}
		seen[r.num] = true
		d, err := f.dictOf(r.num)
		if err != nil {
			return err
		}
		if d["Type"] == "/Page" {
			out = append(out, r)
			return nil
		}
		kids := d["Kids"]
		if k, ok := parseRef(kids); ok { // Kids given indirectly
			raw, err := f.object(k.num)
			if err != nil {
				return err
			}
			kids = string(raw)
		}
		for _, k := range refs(kids) {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(top, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// withAnnots returns the page dictionary raw with refs added to /Annots.
func (f *file) withAnnots(raw []byte, add []string) (string, error) {
	lx := &lexer{b: raw}
	lx.space()
	spans, err := lx.dictSpans()
	if err != nil {
		return "", err
	}
	var existing []string
	s, ok := spans["Annots"]
	if ok {
		v := string(raw[s[0]:s[1]])
		if r, isRef := parseRef(v); isRef {
			arr, err := f.object(r.num)
			if err != nil {
				return "", err
			}
			v = string(arr)
		}
		for _, r := range refs(v) {
			existing = append(existing, fmt.Sprintf("%d %d R", r.num, r.gen))
		}
	}
	arr := "[" + joinSp(append(existing, add...)) + "]"
	if ok {
		// Replace the key and its value.
		return string(raw[:s[2]]) + "/Annots " + arr + string(raw[s[1]:]), nil
	}
	end := bytes.LastIndex(raw, []byte(">>"))
	if end < 0 {
		return "", fmt.Errorf("页面对象不是字典")
	}
	return string(raw[:end]) + " /Annots " + arr + " " + string(raw[end:]), nil
}

func joinSp(xs []string) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

func parseRef(v string) (ref, bool) {
	lx := &lexer{b: []byte(v)}
	n, ok1 := lx.int()
	g, ok2 := lx.int()
	lx.space()
	if !ok1 || !ok2 || lx.p >= len(lx.b) || lx.b[lx.p] != 'R' {
		return ref{}, false
	}
	lx.p++
	lx.space()
	return ref{n, g}, lx.p == len(lx.b)
}

// refs lists the references of an array's raw text.
func refs(v string) []ref {
	var out []ref
	lx := &lexer{b: []byte(v)}
	lx.space()
	if lx.p < len(lx.b) && lx.b[lx.p] == '[' {
		lx.p++
	}
	var nums []int
	for lx.p < len(lx.b) {
		lx.space()
		if lx.p >= len(lx.b) || lx.b[lx.p] == ']' {
			break
		}
		if lx.b[lx.p] == 'R' {
			lx.p++
			if len(nums) >= 2 {
				out = append(out, ref{nums[len(nums)-2], nums[len(nums)-1]})
			}
			nums = nil
			continue
		}
		if n, ok := lx.int(); ok {
			nums = append(nums, n)
			continue
		}
		if lx.skip(0) != nil {
			break
		}
		nums = nil
	}
	return out
}

func ints(v string) []int {
	var out []int
	lx := &lexer{b: []byte(v)}
	lx.space()
	if lx.p < len(lx.b) && lx.b[lx.p] == '[' {
		lx.p++
	}
	for {
		n, ok := lx.int()
		if !ok {
			return out
		}
		out = append(out, n)
	}
}

// PageSizes returns each page's size in points, [width, height], from its
// /CropBox or /MediaBox (inherited from the page tree when the page does
// not give one), turned by /Rotate.
func PageSizes(data []byte) ([][2]float64, error) {
	f, err := open(data)
	if err != nil {
		return nil, err
	}
	root, ok := parseRef(f.trailer["Root"])
	if !ok {
		return nil, fmt.Errorf("PDF 的 /Root 无效")
	}
	cat, err := f.dictOf(root.num)
	if err != nil {
		return nil, err
	}
	top, ok := parseRef(cat["Pages"])
	if !ok {
		return nil, fmt.Errorf("PDF 的目录对象没有 /Pages")
	}
	var out [][2]float64
	seen := map[int]bool{}
	var walk func(r ref, media, crop, rotate string, depth int) error
	walk = func(r ref, media, crop, rotate string, depth int) error {
		if seen[r.num] || depth > 64 {
			return fmt.Errorf("PDF 的页面树有循环")
		}
		seen[r.num] = true
		d, err := f.dictOf(r.num)
		if err != nil {
			return err
		}
		if v := f.resolve(d["MediaBox"]); v != "" {
			media = v
		}
		if v := f.resolve(d["CropBox"]); v != "" {
			crop = v
		}
		if v := f.resolve(d["Rotate"]); v != "" {
			rotate = v
		}
		if d["Type"] == "/Page" {
			box := crop
			if box == "" {
				box = media
			}
			nums := floats(box)
			var wh [2]float64
			if len(nums) == 4 {
				wh = [2]float64{abs64(nums[2] - nums[0]), abs64(nums[3] - nums[1])}
			}
			if rot, _ := strconv.Atoi(rotate); rot%180 != 0 {
				wh[0], wh[1] = wh[1], wh[0]
			}
			out = append(out, wh)
			return nil
		}
		kids := f.resolve(d["Kids"])
		for _, k := range refs(kids) {
			if err := walk(k, media, crop, rotate, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(top, "", "", "0", 0); err != nil {
		return nil, err
	}
	return out, nil
}

// resolve returns an indirect value's text, or v itself.
func (f *file) resolve(v string) string {
	if r, ok := parseRef(v); ok {
		raw, err := f.object(r.num)
		if err != nil {
			return ""
		}
		return string(raw)
	}
	return v
}

func floats(v string) []float64 {
	var out []float64
	for _, t := range bytes.FieldsFunc([]byte(v), func(r rune) bool { return r == '[' || r == ']' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		x, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil
		}
		out = append(out, x)
	}
	return out
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
