package chart

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
)

func wan(s string) juesuan.Amount {
	a, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
	if err != nil {
		panic(err)
	}
	return a
}

var charts = []*disclosure.Chart{
	{ID: "fig1", Kind: "bar", Title: "图1：收、支决算总计变动情况", Items: []disclosure.ChartItem{{Label: "2019年度", Value: wan("123.77")}, {Label: "2020年度", Value: wan("122.40")}}},
	{ID: "fig3", Kind: "pie", Title: "图3：支出决算结构", Items: []disclosure.ChartItem{{Label: "基本支出", Value: wan("97.15")}, {Label: "项目支出", Value: wan("25.25")}}},
	{ID: "fig2", Kind: "pie", Title: "图2：收入决算结构", Items: []disclosure.ChartItem{{Label: "财政拨款收入", Value: wan("122.40")}}},
	{ID: "empty", Kind: "pie", Title: "<空>"},
}

func TestSVGLabelsAndValues(t *testing.T) {
	for _, tc := range []struct {
		chart int
		want  []string
	}{
		{0, []string{"2019年度", "123.77", "122.40", "单位：万元", "<rect"}},
		{1, []string{"基本支出 97.15万元（79.37%）", "项目支出 25.25万元（20.63%）", "<path"}},
		{2, []string{"财政拨款收入 122.40万元（100.00%）", "<circle"}},
		{3, []string{"无数据", "&lt;空&gt;"}},
	} {
		s := SVG(charts[tc.chart])
		for _, w := range tc.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: SVG lacks %q", charts[tc.chart].ID, w)
			}
		}
		if SVG(charts[tc.chart]) != s {
			t.Errorf("%s: SVG is not deterministic", charts[tc.chart].ID)
		}
	}
}

func TestPNG(t *testing.T) {
	if _, err := loadFont(); err != nil {
		t.Skip(err)
	}
	for _, c := range charts {
		b, err := PNG(c)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != Width*scale {
			t.Errorf("%s: width %d", c.ID, img.Bounds().Dx())
		}
	}
}
