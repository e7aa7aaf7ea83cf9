package catalogimport

import (
	"strings"
	"testing"
)

func TestReadHeaders(t *testing.T) {
	cases := []struct {
		name, src string
		want      []Entry
		err       string
	}{
		{"code,name", "code,name\n201,一般公共服务支出\n20101,人大事务\n", []Entry{{"201", "一般公共服务支出"}, {"20101", "人大事务"}}, ""},
		{"chinese with title", "2020年科目\n科目编码,科目名称\n2010101,行政运行\n", []Entry{{"2010101", "行政运行"}}, ""},
		{"split", "类,款,项,科目名称\n201,01,01,行政运行\n201,,,一般公共服务支出\n", []Entry{{"201", "一般公共服务支出"}, {"2010101", "行政运行"}}, ""},
		{"spaces in code", "科目编码,科目名称\n201 01 01,行政运行\n", []Entry{{"2010101", "行政运行"}}, ""},
		{"no header", "a,b\n1,2\n", nil, "找不到表头"},
		{"bad code", "科目编码,科目名称\n2010,x\n", nil, "c.csv:2"},
		{"duplicate", "科目编码,科目名称\n201,x\n201,y\n", nil, "重复"},
		{"no name", "科目编码,科目名称\n201,\n", nil, "没有名称"},
		{"empty", "科目编码,科目名称\n", nil, "没有读到"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Read("c.csv", []byte(tc.src))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(got) != len(tc.want) {
				t.Fatalf("got %v, %v", got, err)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("entry %d = %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// FuzzRead: no panic; entries are valid codes with names.
func FuzzRead(f *testing.F) {
	f.Add([]byte("科目编码,科目名称\n201,一般公共服务支出\n2010101,行政运行\n"))
	f.Add([]byte("类,款,项,科目名称\n201,01,01,行政运行\n"))
	f.Add([]byte("\ufeffcode,name\n\"201\",\"x,y\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := Read("f.csv", b)
		if err != nil {
			return
		}
		for _, e := range es {
			if len(e.Code) != 3 && len(e.Code) != 5 && len(e.Code) != 7 || e.Name == "" {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
