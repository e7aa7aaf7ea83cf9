package xlsximport

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func TestTwoDecimals(t *testing.T) {
	cases := map[string]string{
		"122.4": "122.40", "100": "100.00", "0": "0.00", "2940.0500000000002": "2940.05",
		"0.005": "0.01", "0.0049999": "0.00", "99.995": "100.00", "-3.456": "-3.46", "-0.001": "0.00",
		".5": "0.50", "007.10": "7.10",
	}
	for in, want := range cases {
		if got := TwoDecimals(in); got != want {
			t.Errorf("TwoDecimals(%q) = %q, want %q", in, got, want)
		}
	}
}

func workbook(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	amt, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	f.SetCellStr("Sheet1", "A1", "2020年度收入决算表（表2）")
	f.SetCellStr("Sheet1", "A2", "行次")
	f.SetCellDefault("Sheet1", "B2", "1")
	f.SetCellDefault("Sheet1", "C2", "122.4")
	f.SetCellDefault("Sheet1", "D2", "7")
	f.SetCellStyle("Sheet1", "D2", "D2", amt)
	f.SetCellStr("Sheet1", "E2", "1,234.56")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Number cells become amounts only when they carry decimals or a
// two-decimal format; 行次 stay integers; text stays as written.
func TestRead(t *testing.T) {
	doc, err := Read("w.xlsx", workbook(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Lines {
		var cs []string
		for _, c := range l.Cells {
			cs = append(cs, c.Text)
		}
		got = append(got, strings.Join(cs, "|"))
	}
	want := "2020年度收入决算表（表2）\n行次|1|122.40|7.00|1,234.56"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "\n"), want)
	}
	if doc.Lines[1].Cells[2].X != 2 || !doc.Lines[1].Tabbed {
		t.Errorf("position %+v", doc.Lines[1])
	}
}

func FuzzXLSX(f *testing.F) {
	f.Add(workbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Read("fuzz.xlsx", b)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.xlsx") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, l := range doc.Lines {
			for _, c := range l.Cells {
				if c.Text == "" || !utf8.ValidString(c.Text) && utf8.Valid(b) {
					t.Fatalf("bad cell %+v", c)
				}
			}
		}
	})
}
