package disclosure

import (
	"fmt"

	"github.com/juesuan/juesuan"
)

// buildCharts returns the data of 图1–图4; the narrative templates place
// them and give their captions.
func buildCharts(tpl *juesuan.Template, r *juesuan.Report, d *Data) []*Chart {
	prior := fmt.Sprintf("%d年度", d.PriorYear)
	this := fmt.Sprintf("%d年度", d.Year)
	fig1 := &Chart{ID: "fig1", Kind: "bar", Title: "收、支决算总计变动情况"}
	if d.HasPriorTotal {
		fig1.Items = append(fig1.Items, ChartItem{Label: prior, Value: d.PriorTotal})
	}
	fig1.Items = append(fig1.Items, ChartItem{Label: this, Value: d.Total})
	fig2 := &Chart{ID: "fig2", Kind: "pie", Title: "收入决算结构"}
	for _, s := range d.IncomeSources {
		fig2.Items = append(fig2.Items, ChartItem{Label: s.Name, Value: s.Amount})
	}
	fig3 := &Chart{ID: "fig3", Kind: "pie", Title: "支出决算结构"}
	for _, s := range d.ExpenseParts {
		fig3.Items = append(fig3.Items, ChartItem{Label: s.Name, Value: s.Amount})
	}
	fig4 := &Chart{ID: "fig4", Kind: "bar", Title: "财政拨款收、支决算总计变动情况"}
	if d.HasPriorFiscal {
		fig4.Items = append(fig4.Items, ChartItem{Label: prior, Value: d.PriorFiscal})
	}
	fig4.Items = append(fig4.Items, ChartItem{Label: this, Value: d.FiscalTotal})
	return []*Chart{fig1, fig2, fig3, fig4}
}
