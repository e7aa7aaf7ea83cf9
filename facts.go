package juesuan

// Facts are everything a report states besides the table cells: the unit's
// profile, prior-year figures, budgets and reasons, the narrative inputs,
// and the text as published (kept so that the audit can compare it with
// the tables). Amounts are in the file's money unit.
type Facts struct {
	Unit        Profile      `yaml:"unit"`
	Document    Document     `yaml:"document"`
	Prior       PriorYear    `yaml:"prior_year"`
	Budgets     []BudgetLine `yaml:"budgets"`
	Reasons     Reasons      `yaml:"reasons"`
	SanGong     SanGong      `yaml:"sangong"`
	Operating   *Amount      `yaml:"jiguan_yunxing"` // 机关运行经费; nil when not stated
	Procurement Procurement  `yaml:"procurement"`
	Assets      Assets       `yaml:"assets"`
	Performance Performance  `yaml:"performance"`
	KeyWork     KeyWork      `yaml:"key_work"`
	Glossary    Glossary     `yaml:"glossary"`
	PerfSheets  []PerfSheet  `yaml:"perf_sheets"`
	Published   Published    `yaml:"published"`
}

// Profile is the unit's 概况.
type Profile struct {
	Name        string `yaml:"name"`
	Code        string `yaml:"code"`
	Kind        string `yaml:"kind"`       // 单位性质: 行政单位, 参公事业单位, 事业单位 …
	Department  string `yaml:"department"` // 所属部门
	Functions   string `yaml:"functions"`  // 部门主要职能
	Composition string `yaml:"composition"`
	Staff       Staff  `yaml:"staff"`
}

// Staff is the 人员构成.
type Staff struct {
	InService      int `yaml:"in_service"`     // 在职实有人数
	Administrative int `yaml:"administrative"` // 行政
	Institution    int `yaml:"institution"`    // 事业
	CivilManaged   int `yaml:"civil_managed"`  // 参照公务员法管理
	Retired        int `yaml:"retired"`        // 离退休人员
	Lixiu          int `yaml:"lixiu"`          // 离休
	Tuixiu         int `yaml:"tuixiu"`         // 退休
}

// Document holds the cover and publication data.
type Document struct {
	// Kind is 部门决算 (a department with its units) or 单位决算 (one
	// unit's own accounts): the same tables, 单位 wording.
	Kind  string `yaml:"kind,omitempty"`
	Title string `yaml:"title"`
	Date  string `yaml:"date"` // 2021年10月25日
}

// PriorYear holds last year's figures for the year-over-year sentences.
type PriorYear struct {
	Year          int     `yaml:"year"`
	Total         *Amount `yaml:"total"`          // 收、支总计
	FiscalTotal   *Amount `yaml:"fiscal_total"`   // 财政拨款收、支总计
	FiscalExpense *Amount `yaml:"fiscal_expense"` // 一般公共预算财政拨款支出
	// Closing balances (表4 60–63) for 年初 = 上年年末.
	Closing map[string]Amount `yaml:"closing,omitempty"`
}

// BudgetLine is the 年初预算 of one 功能分类 code (类 or finer).
type BudgetLine struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	Amount Amount `yaml:"amount"`
	Reason string `yaml:"reason"` // why 决算 differs from 年初预算
}

// Reasons are the explanations the 说明 gives.
type Reasons struct {
	TotalChange   string `yaml:"total_change"`   // 收支总计变动原因
	FiscalChange  string `yaml:"fiscal_change"`  // 财政拨款收支总计变动原因
	ExpenseChange string `yaml:"expense_change"` // 财政拨款支出变动原因
	ProjectUse    string `yaml:"project_use"`    // 项目支出主要用于…主要成效
	SanGong       string `yaml:"sangong"`
}

// SanGong holds the 三公 facts beyond 表7.
type SanGong struct {
	Groups        int    `yaml:"abroad_groups"`  // 因公出国（境）团组数
	Persons       int    `yaml:"abroad_persons"` // 因公出国（境）人次
	CarsBought    int    `yaml:"cars_bought"`    // 公务用车购置数
	CarsHeld      int    `yaml:"cars_held"`      // 公务用车保有量
	Receptions    int    `yaml:"receptions"`     // 国内公务接待批次
	ReceptionPers int    `yaml:"reception_persons"`
	Statement     string `yaml:"statement"` // 无…三公经费 sentence as published
}

// Procurement is the 政府采购 of the year.
type Procurement struct {
	Total    Amount `yaml:"total"`
	Goods    Amount `yaml:"goods"`
	Works    Amount `yaml:"works"`
	Services Amount `yaml:"services"`
	SME      Amount `yaml:"sme"` // 授予中小企业合同金额
}

// Assets is the 国有资产占用 at year end.
type Assets struct {
	Vehicles       int    `yaml:"vehicles"`
	GeneralEquip50 int    `yaml:"general_equipment_50"`  // 单价50万元以上通用设备
	SpecialEq100   int    `yaml:"special_equipment_100"` // 单价100万元以上专用设备
	Text           string `yaml:"text"`
}

// Performance is the 预算绩效 section.
type Performance struct {
	Projects     int                  `yaml:"projects"`
	ProjectFunds Amount               `yaml:"project_funds"`
	Units        int                  `yaml:"units"`
	UnitFunds    Amount               `yaml:"unit_funds"`
	ProjectUse   string               `yaml:"project_use"`
	UnitBudget   *Amount              `yaml:"unit_budget"`
	UnitExecuted *Amount              `yaml:"unit_executed"`
	UnitResults  string               `yaml:"unit_results"`
	ProjectScope string               `yaml:"project_scope"`
	Projects_    []PerfProjectSummary `yaml:"project_summaries"`
	ResultUse    string               `yaml:"result_use"`
}

// PerfProjectSummary is one project's 绩效自评综述.
type PerfProjectSummary struct {
	Name         string `yaml:"name"`
	Budget       Amount `yaml:"budget"`
	Executed     Amount `yaml:"executed"`
	Outputs      string `yaml:"outputs"`
	Problems     string `yaml:"problems"`
	Improvements string `yaml:"improvements"`
}

// KeyWork is 第四部分 重点工作完成情况.
type KeyWork struct {
	Sections []Section  `yaml:"sections"`
	Table    [][]string `yaml:"table"` // header row first
}

// Section is a titled list of paragraphs, possibly nested.
type Section struct {
	Title      string    `yaml:"title"`
	Paragraphs []string  `yaml:"paragraphs"`
	Sections   []Section `yaml:"sections"`
}

// Glossary is 第五部分 名词解释.
type Glossary struct {
	Terms []Term `yaml:"terms"`
}

// Term is one explained term.
type Term struct {
	Title string `yaml:"title"`
	Text  string `yaml:"text"`
}

// Published is the text as the unit published it, kept so that the audit
// can compare what was printed with what the data says. A report prepared
// in Juesuan leaves it empty: the document is generated.
type Published struct {
	// NameVariants are the spellings of the unit name found in the document,
	// with where each occurs.
	NameVariants []NameVariant `yaml:"name_variants"`
	// Notes are the 注 formula lines printed under each table, by table number.
	Notes map[int]string `yaml:"notes"`
	// EmptyTables is the 空表说明 as printed.
	EmptyTables string `yaml:"empty_tables"`
	// PersonnelItems and PublicItems are the 人员经费/公用经费 items that
	// 说明 六 lists.
	PersonnelItems []string `yaml:"personnel_items"`
	PublicItems    []string `yaml:"public_items"`
	// FunctionItems are the 功能分类 项 that 名词解释 lists, as printed.
	FunctionItems []GlossaryItem `yaml:"function_items"`
	// Sections holds the 情况说明 text as printed, by section number
	// ("一" … "十三"), for narrative-vs-table checks.
	Sections map[string]string `yaml:"sections"`
	// ImportUnsure names the tables the importer could not read with
	// certainty (amounts it could not place, or placed by a guess), with
	// why: an identity they break may be the reading's fault, so the
	// audit reports it as the import's doubt, not as the unit's error. It
	// is kept with the report, so that checking the imported file later
	// says the same; a table changed by hand afterwards is no longer in
	// doubt.
	ImportUnsure map[int]string `yaml:"import_unsure,omitempty"`
	// MissingTables are the numbers of the template's tables the document
	// does not print at all (a deleted table, not an empty one).
	MissingTables []int `yaml:"missing_tables,omitempty"`
	// Lines are the document's non-blank lines as read, with their place,
	// for the checks on titles, headers and dates outside the 说明.
	Lines []PrintedLine `yaml:"lines,omitempty"`
}

// PrintedLine is one line of a published document.
type PrintedLine struct {
	Page int    `yaml:"page,omitempty"` // 1-based page of a PDF; 0 for a text file
	No   int    `yaml:"no,omitempty"`   // line on the page, or in the file
	Text string `yaml:"text"`
}

// NameVariant is one spelling of the unit name and where it was printed.
type NameVariant struct {
	Name  string   `yaml:"name"`
	Where []string `yaml:"where"`
}

// GlossaryItem is one 功能分类 项 as listed in 名词解释.
type GlossaryItem struct {
	Code string `yaml:"code"` // 7-digit code when it can be told
	Text string `yaml:"text"` // 一般公共服务(类)群众团体事务(款)事业运行(项)
}

// DocKind is the document's kind, 部门决算 unless it says 单位决算.
func (d Document) DocKind() string {
	if d.Kind == "单位决算" {
		return d.Kind
	}
	return "部门决算"
}

// Org is the word the document uses for who reports: 部门 or 单位.
func (d Document) Org() string {
	if d.Kind == "单位决算" {
		return "单位"
	}
	return "部门"
}
