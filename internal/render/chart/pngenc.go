package chart

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
)

// encodeOpaque writes an opaque RGBA image as an 8-bit RGB PNG with the
// "None" filter on every row. image/png tries all five filters on every
// row, which made chart encoding most of a DOCX's render time; charts are
// flat colours with long runs, which deflate compresses well unfiltered.
func encodeOpaque(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var raw bytes.Buffer
	zw, err := zlib.NewWriterLevel(&raw, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+3*w) // filter byte + RGB
	for y := 0; y < h; y++ {
		row[0] = 0 // filter: None
		src := img.Pix[(y)*img.Stride : (y)*img.Stride+4*w]
		for x := 0; x < w; x++ {
			row[1+3*x], row[2+3*x], row[3+3*x] = src[4*x], src[4*x+1], src[4*x+2]
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit, colour type RGB
	chunk(&out, "IHDR", ihdr)
	chunk(&out, "IDAT", raw.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

func chunk(out *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	out.WriteString(kind)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}
