package importer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan"
)

var (
	reSection  = regexp.MustCompile(`^([一二三四五六七八九十]+)、`)
	reTotal    = regexp.MustCompile(`总计\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reChange   = regexp.MustCompile(`(增加|减少)\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reBudget   = regexp.MustCompile(`年初预算(?:数)?为\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reReason   = regexp.MustCompile(`主要原因(?:是)?[：:]\s*(.+)$`)
	reItem     = regexp.MustCompile(`(?:^|\n)\s*(\d+)[.、．]\s*(?:[^\d\s])`)
	reOperate  = regexp.MustCompile(`机关运行经费(?:支出)?\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reProcure  = regexp.MustCompile(`政府采购(?:支出|金额)[^。；]*?为\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reGoods    = regexp.MustCompile(`货物采购(?:金额|支出)?\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reWorks    = regexp.MustCompile(`工程采购(?:金额|支出)?\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reServices = regexp.MustCompile(`服务采购(?:金额|支出)?\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reVehicles = regexp.MustCompile(`共有车辆\s*(\d+)\s*辆`)
	reProjects = regexp.MustCompile(`(?:共涉及项目|绩效自评的\d{4}年度项目)\s*(\d+)\s*个[，,]\s*(?:资金|涉及预算金额)\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reUnitEval = regexp.MustCompile(`对\s*(\d+)\s*个(?:部门|单位)开展整体支出绩效自评[，,]\s*资金\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reUnitExec = regexp.MustCompile(`全年预算数为\s*([\d,]+(?:\.\d+)?)\s*万元[，,]\s*执行数为\s*([\d,]+(?:\.\d+)?)\s*万元`)
	reStaff    = regexp.MustCompile(`在职实有人数\s*(\d+)\s*人`)
	reRetired  = regexp.MustCompile(`离退休人员\s*(\d+)\s*人[^。]*?离休\s*(\d+)\s*人[^。]*?退休\s*(\d+)\s*人`)
)

// narrative reads the 情况说明 (第三部分) into facts and keeps its text by
// section, so the audit can compare what it states with the tables.
func (b *builder) narrative(d *detection) {
	r := b.res.Report
	r.Unit.Name = d.name
	r.Document.Kind = d.docKind
	if d.name != "" {
		r.Document.Title = strconv.Itoa(d.year) + "年度" + d.name + r.Document.DocKind()
		r.Published.NameVariants = []juesuan.NameVariant{{Name: d.name, Where: []string{"第一部分 概况标题"}}}
	}
	r.Prior.Year = d.year - 1
	lines := b.doc.Lines
	start := b.notesEnd
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if strings.HasPrefix(norm(lines[i].Text()), "第四部分") {
			end = i
			break
		}
	}
	sections := map[string]string{}
	cur := ""
	var sb strings.Builder
	flush := func() {
		if cur != "" {
			sections[cur] = strings.TrimSpace(sb.String())
		}
		sb.Reset()
	}
	for i := start; i < end && i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].Text())
		if m := reSection.FindStringSubmatch(t); m != nil {
			flush()
			cur = m[1]
			sb.WriteString(t)
			sb.WriteString("\n")
			continue
		}
		if cur == "" {
			continue
		}
		// Lines of a paragraph are joined: the PDF wrapped them.
		if lines[i].No > 0 && i > 0 && lines[i-1].No == lines[i].No-1 && !reItem.MatchString("\n"+t) && !strings.HasPrefix(t, "（") && !strings.HasPrefix(t, "(") {
			sb.WriteString(t)
		} else {
			sb.WriteString("\n")
			sb.WriteString(t)
		}
	}
	flush()
	if len(sections) > 0 {
		r.Published.Sections = sections
	}
	b.profile()
	// A total the layout does not print reads as zero: prior then takes
	// this year's figure from the 说明 itself.
	cell := func(key string) juesuan.Amount {
		if c, ok := b.tpl.Key(key); ok {
			return r.Cells[c]
		}
		return 0
	}
	r.Prior.Total = prior(sections["一"], cell("income_total"))
	r.Prior.FiscalTotal = prior(sections["四"], cell("fiscal_total"))
	five := sections["五"]
	first, _, _ := strings.Cut(five, "（二）")
	first, _, _ = strings.Cut(first, "(二)")
	r.Prior.FiscalExpense = prior(first, cell("general_total"))
	b.budgets(five)
	all := strings.Join(mapValues(sections), "\n")
	if m := reOperate.FindStringSubmatch(all); m != nil {
		if v, ok := wan(m[1]); ok {
			r.Operating = &v
		}
	}
	if m := reProcure.FindStringSubmatch(all); m != nil {
		r.Procurement.Total, _ = wan(m[1])
	}
	for re, dst := range map[*regexp.Regexp]*juesuan.Amount{reGoods: &r.Procurement.Goods, reWorks: &r.Procurement.Works, reServices: &r.Procurement.Services} {
		if m := re.FindStringSubmatch(all); m != nil {
			*dst, _ = wan(m[1])
		}
	}
	if m := reVehicles.FindStringSubmatch(all); m != nil {
		r.Assets.Vehicles, _ = strconv.Atoi(m[1])
	}
	for k, s := range sections {
		if strings.Contains(s, "国有资产占") {
			_, body, _ := strings.Cut(s, "\n")
			r.Assets.Text = strings.TrimSpace(body)
		}
		if strings.Contains(firstLine(s), "三公") && k == "七" {
			_, body, _ := strings.Cut(s, "\n")
			if body = strings.TrimSpace(body); len([]rune(body)) < 200 && strings.Contains(body, "无") {
				r.SanGong.Statement = body
			}
		}
	}
	if m := reProjects.FindStringSubmatch(all); m != nil {
		r.Performance.Projects, _ = strconv.Atoi(m[1])
		r.Performance.ProjectFunds, _ = wan(m[2])
	}
	if m := reUnitEval.FindStringSubmatch(all); m != nil {
		r.Performance.Units, _ = strconv.Atoi(m[1])
		r.Performance.UnitFunds, _ = wan(m[2])
	}
	if m := reUnitExec.FindStringSubmatch(all); m != nil {
		if v, ok := wan(m[1]); ok {
			r.Performance.UnitBudget = &v
		}
		if v, ok := wan(m[2]); ok {
			r.Performance.UnitExecuted = &v
		}
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func mapValues(m map[string]string) []string {
	var out []string
	for _, k := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"} {
		if v, ok := m[k]; ok {
			out = append(out, v)
		}
	}
	return out
}

func wan(s string) (juesuan.Amount, bool) {
	v, err := juesuan.ParseAmount(s, juesuan.UnitWanyuan)
	return v, err == nil
}

// prior computes last year's figure from "比 2019 年减少 1.37 万元" and the
// figure the same text (or, failing that, the table) gives for this year.
func prior(text string, table juesuan.Amount) *juesuan.Amount {
	if text == "" {
		return nil
	}
	cur := table
	if m := reTotal.FindStringSubmatch(text); m != nil {
		if v, ok := wan(m[1]); ok && table == 0 {
			cur = v
		}
	}
	if m := reChange.FindStringSubmatch(text); m != nil {
		d, ok := wan(m[2])
		if !ok {
			return nil
		}
		if m[1] == "增加" {
			d = -d
		}
		p := cur + d
		return &p
	}
	if strings.Contains(text, "持平") && cur != 0 {
		return &cur
	}
	return nil
}

// budgets reads 五(三): the 年初预算 of each 类/款/项 and the reason given
// where the 决算 differs.
func (b *builder) budgets(five string) {
	r := b.res.Report
	_, third, ok := strings.Cut(five, "（三）")
	if !ok {
		_, third, ok = strings.Cut(five, "(三)")
	}
	if !ok {
		return
	}
	idx := reItem.FindAllStringSubmatchIndex(third, -1)
	for i, m := range idx {
		end := len(third)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		item := strings.TrimSpace(third[m[1]-len(string([]rune(third[:m[1]])[len([]rune(third[:m[1]]))-1])) : end])
		bm := reBudget.FindStringSubmatch(item)
		if bm == nil {
			continue
		}
		v, ok := wan(bm[1])
		if !ok {
			continue
		}
		head, _, _ := strings.Cut(item, "。")
		code, name := b.codeForName(head)
		line := juesuan.BudgetLine{Code: code, Name: name, Amount: v}
		if rm := reReason.FindStringSubmatch(strings.ReplaceAll(item, "\n", "")); rm != nil {
			line.Reason = strings.TrimSpace(rm[1])
		}
		r.Budgets = append(r.Budgets, line)
	}
}

var reLevel = regexp.MustCompile(`[（(](类|款|项)[）)]`)

// codeForName finds the 功能分类 code a heading like
// "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）" names,
// among the rows of the 一般公共预算财政拨款支出决算表.
func (b *builder) codeForName(head string) (string, string) {
	r := b.res.Report
	parts := reLevel.Split(strings.TrimSpace(head), -1)
	var names []string
	for _, p := range parts {
		if p = norm(p); p != "" {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		return "", norm(head)
	}
	general := 0 // no table of that number: no code is found
	if ts, ok := b.tpl.KeyTable("general_col_total"); ok {
		general = ts.Number
	}
	find := func(parent string, level int, want string) (string, string) {
		for ref, n := range r.RowNames {
			if ref.Table != general || juesuan.CodeLevel(ref.Row) != level || (parent != "" && juesuan.ParentCode(ref.Row) != parent) {
				continue
			}
			if n == want || strings.TrimSuffix(n, "支出") == strings.TrimSuffix(want, "支出") {
				return ref.Row, n
			}
		}
		return "", ""
	}
	code, name := "", ""
	for lvl, n := range names {
		if lvl > 2 {
			break
		}
		c, nm := find(code, lvl+1, n)
		if c == "" {
			break
		}
		code, name = c, nm
	}
	if name == "" {
		name = names[len(names)-1]
	}
	return code, name
}

// profile reads 第一部分: the functions and the staff counts.
func (b *builder) profile() {
	r := b.res.Report
	var text []string
	end := len(b.doc.Lines)
	if len(b.sections) > 0 {
		end = b.sections[0].start
	}
	for _, l := range b.doc.Lines[:end] {
		text = append(text, strings.TrimSpace(l.Text()))
	}
	all := strings.Join(text, "")
	if m := reStaff.FindStringSubmatch(all); m != nil {
		r.Unit.Staff.InService, _ = strconv.Atoi(m[1])
	}
	if m := reRetired.FindStringSubmatch(all); m != nil {
		r.Unit.Staff.Retired, _ = strconv.Atoi(m[1])
		r.Unit.Staff.Lixiu, _ = strconv.Atoi(m[2])
		r.Unit.Staff.Tuixiu, _ = strconv.Atoi(m[3])
	}
	// The last 主要职能 is the section itself, the first one the 目录.
	if i := strings.LastIndex(all, "主要职能"); i >= 0 {
		if before, _, ok := strings.Cut(all[i+len("主要职能"):], "二、"); ok {
			r.Unit.Functions = strings.TrimSpace(before)
		}
	}
}

// keepText keeps the document's lines and the tables it does not print,
// for the audit's completeness, name and year checks.
func (b *builder) keepText() {
	p := &b.res.Report.Published
	for _, l := range b.doc.Lines {
		if t := strings.TrimSpace(l.Text()); t != "" {
			p.Lines = append(p.Lines, juesuan.PrintedLine{Page: l.Page, No: l.No, Text: t})
		}
	}
	for _, s := range b.res.Tables {
		if !s.Found && !s.Extra {
			p.MissingTables = append(p.MissingTables, s.Table)
		}
	}
}
