package identify

import (
	"os"
	"testing"

	"github.com/juesuan/juesuan/internal/importer/textimport"
)

func FuzzIdentify(f *testing.F) {
	f.Add([]byte("2024年度部门决算\n目录\n一、收入支出决算总表 …… 5\n\f收入支出决算总表\n单位：万元\n合计 1.00\n"))
	f.Add([]byte("二〇二〇年度\n目\n录\n第一部分 某局概况\n第一部分\n某局概况\n表1 收入决算表（续）\n预算单位：\n"))
	f.Add([]byte("决(jué)算 PAGEREF _Toc1 \\h 3 首页 > 目录 ２０２３年度 公开03表 （表一） 本表无数据"))
	if b, err := os.ReadFile("testdata/009_sh_czj_2025_unitbudget.txt"); err == nil {
		f.Add(b[:min(len(b), 4000)])
	}
	cands := []Candidate{{ID: "a", Years: [2]int{2020, 2024}, Kinds: []string{DeptFinal}, Titles: nine}, {ID: "b", Years: [2]int{2024, 2024}, Kinds: []string{DeptFinal}, Regions: []string{"上海"}, Titles: shanghai}}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := textimport.Decode("fuzz.txt", data)
		if err != nil {
			return
		}
		in := Identify(textimport.Parse("fuzz.txt", s))
		for _, tb := range in.Tables {
			if tb.Title == "" || tb.State == "" {
				t.Fatalf("table without title or state: %+v", tb)
			}
		}
		Match(in, cands)
		if _, err := in.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
}
