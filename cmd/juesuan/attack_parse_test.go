package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 17, items 1 and 10: deeply nested or structurally huge YAML/JSON,
// and report files in another encoding or with a second document.
func TestAttackReportFileParsing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "format: juesuan-report/1\nyear: 2020\n"
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	cases := []struct {
		name, file, want string
		maxMB            int64
	}{
		// 40,000 deep took 2.5 GB; 100,000 deep 13 GB and over 30 s.
		{"flow 40,000 deep (80 KB)", write("deep40k.yaml", head+"unit: "+deep(40_000)+"\n"), "嵌套层数超过 64 层", 200},
		{"flow 100,000 deep (200 KB)", write("deep100k.yaml", head+"unit: "+deep(100_000)+"\n"), "嵌套层数超过 64 层", 200},
		{"JSON 100,000 deep", write("deep.json", `{"format": "juesuan-report/1", "year": 2020, "unit": `+deep(100_000)+"}"), "嵌套层数超过 64 层", 200},
		{"block dashes 40,000 deep", write("dash.yaml", head+"unit:\n  "+strings.Repeat("- ", 40_000)+"x\n"), "嵌套层数超过 64 层", 200},
		{"indented mappings 2,000 deep", write("indent.yaml", head+indented(2000)), "嵌套层数超过 64 层", 200},
		// Width instead of depth: 30 MB of brackets 60 deep took 89 s and 13 GB.
		{"30 MB of shallow brackets", writeRepeated(t, filepath.Join(dir, "wide.yaml"), head+"x: [", deep(60)+",", 30_000_000/121, "]\n"), "结构过于复杂", 300},
		{"GBK text", write("gbk.yaml", head+"unit:\n  name: \xbc\xd7\xb5\xa5\xce\xbb\n"), "第 4 行第 9 列: 文件不是 UTF-8 编码（可能是 GBK）", 200},
		{"UTF-16 without a byte-order mark", write("u16.yaml", "f\x00o\x00"), "UTF-16", 200},
		{"a second document", write("two.yaml", head+"unit:\n  name: 甲单位\n---\nunit:\n  name: 乙单位\n"), "第 2 个 YAML 文档", 200},
	}
	for _, c := range cases {
		res := runAttack(t, "check", c.file)
		bounded(t, c.name, res, c.want, c.maxMB)
	}
}

func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// A byte-order mark, UTF-8 or UTF-16, is read as the text it marks.
func TestReportFileEncodings(t *testing.T) {
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	u16 := func(bigEndian bool) []byte {
		out := []byte{0xFF, 0xFE}
		if bigEndian {
			out = []byte{0xFE, 0xFF}
		}
		for _, r := range string(b) {
			if r > 0xFFFF {
				t.Fatal("example outside the BMP")
			}
			if bigEndian {
				out = append(out, byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8))
			}
		}
		return out
	}
	for name, data := range map[string][]byte{
		"bom.yaml":     append([]byte{0xEF, 0xBB, 0xBF}, b...),
		"utf16le.yaml": u16(false),
		"utf16be.yaml": u16(true),
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o600)
		code, res := checkJSON(t, p)
		if code != exitOK || !strings.Contains(res.Unit, "职工服务中心") || len(res.Findings) == 0 {
			t.Errorf("%s: exit %d, unit %q, %d findings", name, code, res.Unit, len(res.Findings))
		}
	}
}
