// Package chart draws the figures of the disclosure document (图1–图4):
// bar and pie charts with Chinese labels and values, as SVG for HTML/PDF
// and as PNG for DOCX. The drawing is our own so that the output is
// deterministic and needs no font for SVG (the viewer draws the text).
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
)

// Size of a chart in CSS pixels.
const (
	Width  = 560
	Height = 300
)

// Palette of the bars and slices.
var Palette = []string{"#2f6fb3", "#e07b39", "#4f9a5a", "#c44e52", "#8172b2", "#937860"}

// shape is a chart laid out in Width×Height coordinates; both the SVG and
// the PNG writer draw it.
type shape struct {
	rects  []rect
	slices []slice
	texts  []text
	lines  [][4]float64
}

type rect struct {
	x, y, w, h float64
	color      string
}

type slice struct {
	cx, cy, r, a0, a1 float64
	color             string
}

type text struct {
	x, y   float64
	s      string
	size   float64
	anchor string // start, middle, end
}

func layout(c *disclosure.Chart) shape {
	if c.Kind == "pie" {
		return pieLayout(c)
	}
	return barLayout(c)
}

// niceMax rounds the largest value up to a readable axis maximum (万元).
func niceMax(v juesuan.Amount) float64 {
	f := float64(v) / float64(juesuan.Wanyuan)
	if f <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(f)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= f*1.1 {
			return m * p
		}
	}
	return 10 * p
}

func barLayout(c *disclosure.Chart) shape {
	var s shape
	var top juesuan.Amount
	for _, it := range c.Items {
		top = max(top, it.Value)
	}
	axisMax := niceMax(top)
	left, right, y0, y1 := 70.0, float64(Width)-20, 30.0, float64(Height)-40
	s.lines = append(s.lines, [4]float64{left, y1, right, y1}, [4]float64{left, y0, left, y1})
	for i := 0; i <= 4; i++ {
		v := axisMax * float64(i) / 4
		y := y1 - (y1-y0)*float64(i)/4
		if i > 0 {
			s.lines = append(s.lines, [4]float64{left - 4, y, left, y})
		}
		s.texts = append(s.texts, text{left - 8, y + 4, trimZeros(v), 12, "end"})
	}
	s.texts = append(s.texts, text{left - 8, y0 - 12, "单位：万元", 12, "start"})
	n := len(c.Items)
	if n == 0 {
		return s
	}
	slot := (right - left) / float64(n)
	bw := math.Min(slot*0.45, 90)
	for i, it := range c.Items {
		h := (y1 - y0) * float64(it.Value) / float64(juesuan.Wanyuan) / axisMax
		x := left + slot*float64(i) + (slot-bw)/2
		s.rects = append(s.rects, rect{x, y1 - h, bw, h, Palette[i%len(Palette)]})
		s.texts = append(s.texts, text{x + bw/2, y1 - h - 6, it.Value.Wan(), 13, "middle"})
		s.texts = append(s.texts, text{x + bw/2, y1 + 20, it.Label, 13, "middle"})
	}
	return s
}

func pieLayout(c *disclosure.Chart) shape {
	var s shape
	var total juesuan.Amount
	for _, it := range c.Items {
		total += it.Value
	}
	cx, cy, r := 150.0, float64(Height)/2, 110.0
	a := -math.Pi / 2
	for i, it := range c.Items {
		if total <= 0 {
			break
		}
		da := 2 * math.Pi * float64(it.Value) / float64(total)
		s.slices = append(s.slices, slice{cx, cy, r, a, a + da, Palette[i%len(Palette)]})
		a += da
	}
	// Legend with amount and share.
	for i, it := range c.Items {
		y := 60 + float64(i)*30
		s.rects = append(s.rects, rect{300, y - 12, 14, 14, Palette[i%len(Palette)]})
		share, ok := juesuan.Percent(it.Value, total)
		if !ok {
			share = "0.00"
		}
		s.texts = append(s.texts, text{322, y, fmt.Sprintf("%s %s万元（%s%%）", it.Label, it.Value.Wan(), share), 13, "start"})
	}
	if len(c.Items) == 0 {
		s.texts = append(s.texts, text{cx, cy, "无数据", 14, "middle"})
	}
	return s
}

func trimZeros(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// SVG returns the chart as an inline SVG element.
func SVG(c *disclosure.Chart) string {
	s := layout(c)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, Width, Height, Width, Height, html.EscapeString(c.Title))
	for _, l := range s.lines {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333" stroke-width="1"/>`, l[0], l[1], l[2], l[3])
	}
	for _, r := range s.rects {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, r.x, r.y, r.w, r.h, r.color)
	}
	for _, sl := range s.slices {
		if sl.a1-sl.a0 >= 2*math.Pi-1e-9 {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/>`, sl.cx, sl.cy, sl.r, sl.color)
			continue
		}
		large := 0
		if sl.a1-sl.a0 > math.Pi {
			large = 1
		}
		x0, y0 := sl.cx+sl.r*math.Cos(sl.a0), sl.cy+sl.r*math.Sin(sl.a0)
		x1, y1 := sl.cx+sl.r*math.Cos(sl.a1), sl.cy+sl.r*math.Sin(sl.a1)
		fmt.Fprintf(&b, `<path d="M%.1f,%.1f L%.1f,%.1f A%.1f,%.1f 0 %d 1 %.1f,%.1f Z" fill="%s" stroke="#fff" stroke-width="1"/>`, sl.cx, sl.cy, x0, y0, sl.r, sl.r, large, x1, y1, sl.color)
	}
	for _, t := range s.texts {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="%s">%s</text>`, t.x, t.y, t.size, t.anchor, html.EscapeString(t.s))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
