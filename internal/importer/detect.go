package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// detection is what the importer tells from the document before reading
// its tables.
type detection struct {
	year int
	kind string // 决算 or 预算
	// docKind is 单位决算 for a unit's own accounts ("" for 部门决算).
	docKind string
	name    string // unit name
	unit    juesuan.MoneyUnit
	tpl     *juesuan.Template
	lay     *layout
}

var (
	reYearKind = regexp.MustCompile(`(20\d{2})年度?.{0,60}?(部门|单位)(决算|预算)`)
	reUnitPart = regexp.MustCompile(`第一部分(.{2,60}?)(?:概况|部门概况)`)
	reUnitDept = regexp.MustCompile(`^(?:部门|单位名称|编制单位)[：:](.{2,60})$`)
	reMoney    = regexp.MustCompile(`单位[：:](万元|元)`)
	// A workbook of the tables alone has no cover: its table titles carry
	// the year (2020年度收入支出决算总表).
	reYearTitle = regexp.MustCompile(`(20\d{2})年度?[^，。]{0,30}决算(?:总)?表`)
)

func detect(doc *textimport.Doc, tpls Templates, opt Options) (*detection, error) {
	d := &detection{unit: juesuan.UnitWanyuan}
	var head []string
	for i, l := range doc.Lines {
		if i >= 120 {
			break
		}
		head = append(head, norm(l.Text()))
	}
	joined := strings.Join(head, "")
	if m := reYearKind.FindStringSubmatch(joined); m != nil {
		d.year, _ = strconv.Atoi(m[1])
		d.kind = m[3]
		if m[2] == "单位" && m[3] == "决算" && !strings.Contains(joined, "部门决算") {
			d.docKind = "单位决算"
		}
	}
	if d.year == 0 {
		if m := reYearTitle.FindStringSubmatch(joined); m != nil {
			d.year, _ = strconv.Atoi(m[1])
			d.kind = "决算"
		}
	}
	if d.kind == "" {
		if (strings.Contains(joined, "部门预算") || strings.Contains(joined, "单位预算")) && !strings.Contains(joined, "决算") {
			d.kind = "预算"
		} else {
			d.kind = "决算"
		}
	}
	if d.kind == "预算" {
		return nil, fmt.Errorf("%s: 这是部门预算（或单位预算）公开文件，不是决算；juesuan 只导入部门决算和单位决算", doc.Name)
	}
	for _, l := range doc.Lines {
		t := norm(l.Text())
		if m := reUnitPart.FindStringSubmatch(t); m != nil && d.name == "" {
			d.name = m[1]
		}
		if m := reMoney.FindStringSubmatch(t); m != nil {
			if m[1] == "元" {
				d.unit = juesuan.UnitYuan
			}
			break
		}
	}
	if d.name == "" {
		for _, l := range doc.Lines {
			if m := reUnitDept.FindStringSubmatch(norm(l.Text())); m != nil {
				d.name = m[1]
				break
			}
		}
	}
	if opt.Year != 0 {
		d.year = opt.Year
	}
	if opt.Template != "" {
		t, err := tpls.Load(juesuan.TemplateRef(opt.Template, d.year))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", doc.Name, err)
		}
		lay, err := loadLayout(t)
		if err != nil {
			return nil, err
		}
		d.tpl, d.lay = t, lay
		if d.year == 0 {
			d.year = t.Year
		}
		return d, nil
	}
	if d.year == 0 {
		return nil, fmt.Errorf("%s: 无法从文件中识别决算年度（未找到“YYYY年度…部门决算”），请用 --year 指定", doc.Name)
	}
	return chooseTemplate(doc, d, tpls, joined)
}

// chooseTemplate picks among the families covering the year: first the
// one whose tables the document prints (all of them), then the one whose
// own titles it prints (an alternate title is shared by several families),
// then the one whose region the opening names, then the most tables. A family with
// extra tables never wins over one the document fits exactly, so a
// report in the national layout from a province with its own family is
// read as national and no table is left unread.
func chooseTemplate(doc *textimport.Doc, d *detection, tpls Templates, head string) (*detection, error) {
	printed := map[string]bool{}
	attached := false
	for _, l := range doc.Lines {
		t := l.Text()
		if k := titleKey(t); k != "" {
			printed[k] = true
		}
		attached = attached || juesuan.SaysTablesAttached(norm(t))
	}
	type cand struct {
		tpl             *juesuan.Template
		lay             *layout
		present, missed int
		exact           int // tables printed under the family's own title
		region          int
		attachedFits    bool // the family's tables-as-attachment matches the document
	}
	var best *cand
	var ids []string
	better := func(a, b *cand) bool {
		if (a.missed == 0) != (b.missed == 0) {
			return a.missed == 0
		}
		if a.exact != b.exact {
			return a.exact > b.exact
		}
		if a.attachedFits != b.attachedFits {
			return a.attachedFits
		}
		if a.region != b.region {
			return a.region > b.region
		}
		if a.present != b.present {
			return a.present > b.present
		}
		return a.missed < b.missed
	}
	for _, id := range tpls.IDs() {
		t, err := tpls.Load(juesuan.TemplateRef(id, d.year))
		if err != nil {
			continue
		}
		lay, err := loadLayout(t)
		if err != nil {
			continue
		}
		ids = append(ids, id)
		c := &cand{tpl: t, lay: lay, region: 1, attachedFits: t.Attached == attached}
		regions := append(append([]string{}, t.Regions...), lay.Regions...)
		if len(regions) > 0 {
			c.region = 0
			for _, k := range regions {
				if strings.Contains(head, k) {
					c.region = 2
				}
			}
		}
		for _, ts := range t.Tables {
			hit := false
			for _, title := range lay.Tables[strconv.Itoa(ts.Number)].Titles {
				hit = hit || printed[titleKey(title)]
			}
			if printed[titleKey(ts.Title)] {
				c.exact++
			}
			if hit {
				c.present++
			} else {
				c.missed++
			}
		}
		if c.present == 0 {
			continue
		}
		if best == nil || better(c, best) {
			best = c
		}
	}
	if best == nil {
		if len(ids) > 0 {
			return nil, fmt.Errorf("%s: %d 年度的模板（%s）都不适用于这个文件的版式或地区，请用 --template 指定（juesuan templates 列出全部模板）", doc.Name, d.year, strings.Join(ids, "、"))
		}
		return nil, fmt.Errorf("%s: 没有 %d 年度的导入模板（可用：%s），请用 --template 指定或在 JUESUAN_YEARS 下添加模板", doc.Name, d.year, strings.Join(tpls.IDs(), "、"))
	}
	d.tpl, d.lay = best.tpl, best.lay
	return d, nil
}
