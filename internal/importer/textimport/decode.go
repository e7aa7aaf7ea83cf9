package textimport

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxTextSize bounds the text accepted (a published report is well under
// 1 MB of text; 64 MB stops a wrong file before it fills memory).
const MaxTextSize = 64 << 20

// Decode returns the text of b as UTF-8. It removes a UTF-8 BOM, converts
// UTF-16 (with a BOM, or without one when every other byte is zero) and
// GBK/GB18030, and otherwise rejects bytes that are not UTF-8 with an
// error naming the line.
func Decode(name string, b []byte) (string, error) {
	if len(b) > MaxTextSize {
		return "", fmt.Errorf("%s: 文本文件过大（%d MB，上限 %d MB）", name, len(b)>>20, MaxTextSize>>20)
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return fromUTF16(name, b[2:], false)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return fromUTF16(name, b[2:], true)
	case looksUTF16(b):
		return fromUTF16(name, b, b[0] == 0)
	}
	if utf8.Valid(b) {
		if bytes.IndexByte(b, 0) >= 0 {
			return "", fmt.Errorf("%s: 不是文本文件（含有 NUL 字节）", name)
		}
		return string(b), nil
	}
	// GB18030 is a superset of GBK and GB2312, the encodings Chinese
	// Windows tools write; a file that decodes to mostly CJK is taken as such.
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err == nil && utf8.Valid(out) && plausibleChinese(out) {
		return string(out), nil
	}
	line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
	return "", fmt.Errorf("%s:%d: 文本编码无法识别（不是 UTF-8、UTF-16 或 GBK），请另存为 UTF-8 后再导入", name, line)
}

func looksUTF16(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	n := len(b)
	if n > 4096 {
		n = 4096
	}
	zeroEven, zeroOdd := 0, 0
	for i := 0; i < n; i++ {
		if b[i] == 0 {
			if i%2 == 0 {
				zeroEven++
			} else {
				zeroOdd++
			}
		}
	}
	return zeroEven > n/8 || zeroOdd > n/8
}

func fromUTF16(name string, b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", fmt.Errorf("%s: UTF-16 文本长度为奇数，文件可能已损坏", name)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u)), nil
}

func plausibleChinese(b []byte) bool {
	cjk, other := 0, 0
	for _, r := range string(b) {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF:
			cjk++
		case r < 0x80:
		default:
			other++
		}
	}
	return cjk > 0 && other*10 < cjk
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// DecodeDeclared decodes b whose charset a container declared (an HTML
// <meta charset>): a GBK-family label is trusted, because GBK bytes can
// look like anything; any other label falls back to Decode, which also
// catches the pages that declare UTF-8 but are saved in GBK.
func DecodeDeclared(name string, b []byte, charset string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "gbk", "gb2312", "gb18030", "gb_2312-80", "x-gbk", "cp936", "windows-936", "euc-cn":
		if len(b) > MaxTextSize {
			return "", fmt.Errorf("%s: 文本文件过大（%d MB，上限 %d MB）", name, len(b)>>20, MaxTextSize>>20)
		}
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return "", fmt.Errorf("%s: 按声明的编码 %s 无法解码: %v", name, charset, err)
		}
		return string(out), nil
	}
	return Decode(name, b)
}
