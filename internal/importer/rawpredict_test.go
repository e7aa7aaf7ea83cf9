package importer

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// Raw text (pdftotext without -layout) of generated reports: 表1 and 表4
// print their halves as streams (an income amount glued to an expense
// label, the expense amounts after the last 行次). Both tables are read
// exactly from what the other tables say each cell must be, and no error
// is reported that the report does not have. Tables known by title only
// (Sichuan's 表5, 7, 9, 11) print column by column: the k-th amount of a
// column is the k-th label's.
func TestRawTwoHalvesPredicted(t *testing.T) {
	for _, c := range []struct {
		name, tpl string
		tables    []string
		// doubtful tables have two readings the arithmetic cannot tell
		// apart: they must be exact (the printed order decides) and be
		// named as the import's doubt.
		doubtful []string
	}{
		// 表6 streams: each block's amounts glued to the codes of the
		// block beside it (`320.47 302`, `48.03 30203 咨询费`).
		{"national-gen", "national", []string{"1", "4", "6"}, nil},
		{"national-8-nocapital-gen", "national-8-nocapital", []string{"1", "4"}, nil},
		{"sichuan-gen", "sichuan", []string{"1", "4", "5", "7", "8", "9", "11"}, nil},
		// Every table known by title only, the labels of the first printed
		// before its title, on its page.
		{"xinjiang-21-gen", "xinjiang-21", []string{"1", "2", "3", "10", "20", "21"}, nil},
		// 表2: columns 1–3 printed row by row, column 4 as a stream of its
		// own after them: a row's parts add up to its total only with it.
		{"national-blocks-gen", "national", []string{"2", "3", "5", "6"}, nil},
		// Code tables over three pages, a 类 of 11 款 continuing on the
		// next page; a short 基本支出 stream placed several ways beside a
		// block of 项目支出 and 上缴上级支出 (blank); 表6 over three
		// blocks whose two groups have the same shape.
		{"national-multipage-gen", "national", []string{"1", "2", "3", "4", "5"}, []string{"6"}},
		// 表4 whose dependent 表5 is known by title only: its class rows
		// are told apart by the classes the code tables print, and the
		// amounts of a column go down the rows in the printed order.
		{"liaoning-gen", "liaoning", []string{"1", "2", "3", "4"}, nil},
		// 表4's 年末 line of each fund printed without a label; the
		// unit's figures off by 0.01 (25.98 where 26.94 + 1722.78 −
		// 1723.73 = 25.99), as published reports are: 表1 and 表4 placed
		// together, an identity within rounding holding as the audit
		// judges it, the 国有资本 rows and 结余分配 losing their ties, which
		// the import names as its doubt.
		{"national-drift-gen", "national", []string{"2", "3", "5", "6"}, []string{"1", "4"}},
		// Shanghai: 类|款|项 in three code columns; 表2's heading names
		// three columns on one line over two streams (上级补助收入 blank);
		// 表4's expense amounts printed row by row under a header wrapped
		// into pieces of several names, its row labels just above the
		// income stream.
		{"shanghai-gen", "shanghai", []string{"1", "2", "3", "4", "5", "6"}, nil},
		// Shanghai over several pages: a 类 continuing over three pages of
		// 表3 and 表5, 表5's 合计 column heading printed on every page
		// and its 合计 row on the last.
		{"shanghai-multipage-gen", "shanghai", []string{"1", "2", "3", "4", "5", "6"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := File("testdata/raw/"+c.name+".raw.txt", yearspec.Default, Options{Template: c.tpl})
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open("testdata/raw/" + c.name + ".want.csv")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range rows[1:] {
				if !slices.Contains(c.tables, r[0]) && !slices.Contains(c.doubtful, r[0]) {
					continue
				}
				ref, err := juesuan.ParseCellRef(strings.Join(r[:3], ":"))
				if err != nil {
					t.Fatal(err)
				}
				n++
				if got := res.Report.Cells[ref]; got.Wan() != r[3] {
					t.Errorf("%s: got %s, want %s", ref, got.Wan(), r[3])
				}
			}
			if n < 10*len(c.tables) {
				t.Fatalf("only %d cells of %v expected", n, c.tables)
			}
			for tn, why := range res.Report.Published.ImportUnsure {
				if slices.Contains(c.tables, strconv.Itoa(tn)) {
					t.Errorf("表%d read with doubts: %s", tn, why)
				}
			}
			for _, tn := range c.doubtful {
				if n, _ := strconv.Atoi(tn); res.Report.Published.ImportUnsure[n] == "" {
					t.Errorf("表%s: two readings fit, but the import names no doubt", tn)
				}
			}
			fs, err := audit.Check(res.Template, res.Report)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Severity == juesuan.SevError {
					t.Errorf("false error: %s %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// A total predicted 0 leaves its parts 0; an identity with one unknown
// cell gives it, whichever side it is on.
func TestPredict(t *testing.T) {
	c := func(tb int, row, col string) juesuan.CellRef { return juesuan.CellRef{Table: tb, Row: row, Col: col} }
	ids := []juesuan.Identity{
		{LHS: c(1, "27", "1"), Terms: []juesuan.Operand{{Ref: c(2, "total", "1")}}},
		{LHS: c(3, "total", "1"), Terms: []juesuan.Operand{{Ref: c(1, "27", "1")}, {Ref: c(1, "29", "1")}}},
		{LHS: c(2, "total", "2"), Terms: []juesuan.Operand{{Ref: c(1, "1", "1")}, {Ref: c(1, "2", "1")}}},
		{LHS: c(2, "total", "3"), Terms: []juesuan.Operand{{Ref: c(1, "5", "1")}, {Ref: c(1, "6", "1"), Neg: true}}},
	}
	cells := map[juesuan.CellRef]juesuan.Amount{c(2, "total", "1"): 500, c(3, "total", "1"): 800, c(1, "9", "1"): 7}
	pred := predict(ids, cells, map[int]bool{1: true})
	want := map[juesuan.CellRef]juesuan.Amount{c(1, "27", "1"): 500, c(1, "29", "1"): 300, c(1, "1", "1"): 0, c(1, "2", "1"): 0}
	for ref, v := range want {
		if got, ok := pred[ref]; !ok || got != v {
			t.Errorf("%s: got %v (%v), want %v", ref, got, ok, v)
		}
	}
	for _, ref := range []juesuan.CellRef{c(1, "5", "1"), c(1, "6", "1")} {
		if _, ok := pred[ref]; ok {
			t.Errorf("%s predicted, though a part is subtracted", ref)
		}
	}
	if len(pred) != len(want) {
		t.Errorf("predicted %v", pred)
	}
}

// Raw text may give a code table's note, its printed formulas and the code
// column's heading (科目名称) between the names and the amounts: they name
// no row, and taken for names they shifted every row's name by one
// (2089901 read as 卫生健康支出, the last row as 科目名称).
func TestRawNamesSkipHeadingsAndNotes(t *testing.T) {
	res, err := File("testdata/raw/national-drift-gen.raw.txt", yearspec.Default, Options{Template: "national"})
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for ref, name := range res.Report.RowNames {
		if ref.Table == 3 {
			named++
		}
		if notName(name) {
			t.Errorf("表%d %s named %q", ref.Table, ref.Row, name)
		}
	}
	if named < 20 {
		t.Fatalf("only %d rows of 表3 named", named)
	}
	fs, err := audit.Check(res.Template, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Rule == "D2.catalog-names" {
			t.Errorf("%s", f.Message)
		}
	}
}

// Where the arithmetic leaves an amount to one of two rows (表1's 26.93 to
// 使用非财政拨款结余 or 年初结转和结余: 总计 = 本年收入合计 + both), the row
// the template marks as usually blank loses, and the import says it chose.
func TestRawTieAvoidsRareRow(t *testing.T) {
	res, err := File("testdata/raw/national-drift-gen.raw.txt", yearspec.Default, Options{Template: "national"})
	if err != nil {
		t.Fatal(err)
	}
	c := func(row string) juesuan.CellRef { return juesuan.CellRef{Table: 1, Row: row, Col: "1"} }
	if got := res.Report.Cells[c("29")].Wan(); got != "26.93" {
		t.Errorf("年初结转和结余 = %s, want 26.93", got)
	}
	if v, ok := res.Report.Cells[c("28")]; ok && v != 0 {
		t.Errorf("使用非财政拨款结余 = %s, want blank", v.Wan())
	}
	named := false
	for _, d := range res.Report.ImportDoubts {
		named = named || slices.Contains(d.Cells, c("29").String())
	}
	if !named {
		t.Error("the choice between the two rows is not named as the import's doubt")
	}
}
