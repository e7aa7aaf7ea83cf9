package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
)

// FontPaths are where a CJK TrueType font is looked for (Debian
// fonts-wqy-microhei, fonts-arphic-gbsn00lp); JUESUAN_CJK_FONT overrides.
var FontPaths = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
}

// ErrNoFont is returned when no CJK font is installed.
var ErrNoFont = errors.New("找不到中文字体，无法生成图表图片：请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei），或用环境变量 JUESUAN_CJK_FONT 指定 TTF/TTC 字体文件")

// fontPath is the configured font (Configure); "" tries FontPaths.
var fontPath atomic.Value

// Configure takes the chart font from the program's configuration
// (JUESUAN_CJK_FONT); it counts before the first chart is drawn.
func Configure(c juesuan.Config) { fontPath.Store(c.CJKFont) }

var (
	fontOnce sync.Once
	cjk      *truetype.Font
	fontErr  error
)

func loadFont() (*truetype.Font, error) {
	fontOnce.Do(func() {
		paths := FontPaths
		if p, _ := fontPath.Load().(string); p != "" {
			paths = []string{p}
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			f, err := truetype.Parse(b)
			if err != nil {
				fontErr = fmt.Errorf("字体文件 %s 无法读取：%v", p, err)
				return
			}
			cjk = f
			return
		}
		fontErr = ErrNoFont
	})
	return cjk, fontErr
}

// scale renders PNGs at twice the SVG size, for print.
const scale = 2

func hexColor(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// PNG renders the chart as a PNG image (for DOCX).
func PNG(c *disclosure.Chart) ([]byte, error) {
	f, err := loadFont()
	if err != nil {
		return nil, err
	}
	s := layout(c)
	img := image.NewRGBA(image.Rect(0, 0, Width*scale, Height*scale))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	black := color.RGBA{0x33, 0x33, 0x33, 255}
	for _, l := range s.lines {
		x0, y0, x1, y1 := int(l[0]*scale), int(l[1]*scale), int(l[2]*scale), int(l[3]*scale)
		draw.Draw(img, image.Rect(min(x0, x1), min(y0, y1), max(x0, x1)+scale/2+1, max(y0, y1)+scale/2+1), image.NewUniform(black), image.Point{}, draw.Src)
	}
	for _, r := range s.rects {
		rc := image.Rect(int(r.x*scale), int(r.y*scale), int((r.x+r.w)*scale), int((r.y+r.h)*scale))
		draw.Draw(img, rc, image.NewUniform(hexColor(r.color)), image.Point{}, draw.Src)
	}
	for _, sl := range s.slices {
		fillSlice(img, sl)
	}
	for _, t := range s.texts {
		face := truetype.NewFace(f, &truetype.Options{Size: t.size * scale * 0.75 * 96 / 72, DPI: 72, Hinting: font.HintingFull})
		d := &font.Drawer{Dst: img, Src: image.NewUniform(black), Face: face}
		w := d.MeasureString(t.s)
		x := fixed.Int26_6(t.x * scale * 64)
		switch t.anchor {
		case "middle":
			x -= w / 2
		case "end":
			x -= w
		}
		d.Dot = fixed.Point26_6{X: x, Y: fixed.Int26_6(t.y * scale * 64)}
		d.DrawString(t.s)
	}
	return encodeOpaque(img)
}

// fillSlice paints a pie slice with 4×4 supersampling at the edge.
func fillSlice(img *image.RGBA, sl slice) {
	col := hexColor(sl.color)
	cx, cy, r := sl.cx*scale, sl.cy*scale, sl.r*scale
	full := sl.a1-sl.a0 >= 2*math.Pi-1e-9
	inside := func(x, y float64) bool {
		dx, dy := x-cx, y-cy
		if dx*dx+dy*dy > r*r {
			return false
		}
		if full {
			return true
		}
		a := math.Atan2(dy, dx)
		for a < sl.a0 {
			a += 2 * math.Pi
		}
		return a <= sl.a1
	}
	// Only pixels near an edge (the rim or a side of the wedge) are
	// supersampled; the others are wholly in or out.
	angleIn := func(a float64) bool {
		for a < sl.a0 {
			a += 2 * math.Pi
		}
		return a <= sl.a1
	}
	for py := int(cy - r - 1); py <= int(cy+r+1); py++ {
		for px := int(cx - r - 1); px <= int(cx+r+1); px++ {
			x, y := float64(px)+0.5-cx, float64(py)+0.5-cy
			d := math.Hypot(x, y)
			if d > r+1 {
				continue
			}
			n := -1
			if d < r-1 {
				if full {
					n = 16
				} else if d > 2 {
					a := math.Atan2(y, x)
					margin := 1.5 / d
					if angleIn(a-margin) && angleIn(a+margin) && angleIn(a) {
						n = 16
					} else if !angleIn(a-margin) && !angleIn(a+margin) && !angleIn(a) {
						n = 0
					}
				}
			}
			if n < 0 {
				n = 0
				for sy := 0; sy < 4; sy++ {
					for sx := 0; sx < 4; sx++ {
						if inside(float64(px)+(float64(sx)+0.5)/4, float64(py)+(float64(sy)+0.5)/4) {
							n++
						}
					}
				}
			}
			if n == 0 {
				continue
			}
			bg := img.RGBAAt(px, py)
			mix := func(a, b uint8) uint8 { return uint8((int(a)*n + int(b)*(16-n)) / 16) }
			img.SetRGBA(px, py, color.RGBA{mix(col.R, bg.R), mix(col.G, bg.G), mix(col.B, bg.B), 255})
		}
	}
}
