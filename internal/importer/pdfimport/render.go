package pdfimport

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
)

// RenderPNG renders one page (1-based) of a PDF as a PNG at dpi, for the
// workbench's page view of 公开检查 (findings boxed on the page). The
// image is dpi/72 pixels per point.
func RenderPNG(ctx context.Context, name string, data []byte, page, dpi int) ([]byte, error) {
	if dpi < 18 || dpi > 300 {
		return nil, fmt.Errorf("%s: 分辨率 %d 无效（应在 18 至 300 之间）", name, dpi)
	}
	if len(data) == 0 || len(data) > DefaultLimits.MaxBytes {
		return nil, fmt.Errorf("%s: 文件为空或过大", name)
	}
	pool, err := engine()
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("%s: PDF 解析组件无法启动: %v", name, err)
	}
	r, err := newReader(name, inst, DefaultLimits, false, poolWatch)
	if err != nil {
		return nil, err
	}
	defer r.release()
	n, err := r.open(ctx, data)
	if err != nil {
		return nil, err
	}
	if page < 1 || page > n {
		return nil, fmt.Errorf("%s: 没有第 %d 页（共 %d 页）", name, page, n)
	}
	var out bytes.Buffer
	err = r.bounded(ctx, page, func() error {
		res, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{DPI: dpi,
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: *r.doc, Index: page - 1}}})
		if err != nil {
			return err
		}
		defer res.Cleanup()
		img := res.Result.RenderedImage
		// Copy out of the sandbox's memory before Cleanup, onto white.
		rgba := image.NewRGBA(img.Bounds())
		for i := range rgba.Pix {
			rgba.Pix[i] = 0xff
		}
		drawOver(rgba, img)
		return png.Encode(&out, rgba)
	})
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// drawOver composes src (RGBA, possibly transparent) over dst.
func drawOver(dst *image.RGBA, src image.Image) {
	b := src.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := src.At(x, y).RGBA()
			i := dst.PixOffset(x, y)
			inv := 0xffff - a
			dst.Pix[i] = uint8((r + inv) >> 8) // premultiplied: src + white·(1−α)
			dst.Pix[i+1] = uint8((g + inv) >> 8)
			dst.Pix[i+2] = uint8((bl + inv) >> 8)
			dst.Pix[i+3] = 0xff
		}
	}
}
