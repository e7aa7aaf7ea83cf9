package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runPerf(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"perf"}, args...), func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestPerfCommand(t *testing.T) {
	out, errs, code := runPerf(t, "../../examples/wuhan-zhigong-2020.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"执行率 91.73%；计算 18.35，自评 18",
		"水电供给率（3分）目标 100.00%，实际 99.50%：计算 2.99，自评 2  ≠",
		"设备维修及时率（3分）目标 24小时之内，实际 72小时之内：计算 1.00，自评 2  ≠",
		"总分：计算 96.22 分（优）；自评 95 分（优）",
		"总分：计算 94.42 分（优）；自评 94.42 分（优）",
		"共 1 个项目，资金 25.25 万元；1 个单位整体，资金 122.40 万元。",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPerfCommandJSON(t *testing.T) {
	out, errs, code := runPerf(t, "../../examples/wuhan-zhigong-2020.yaml", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v struct {
		Projects int `json:"projects"`
		Sheets   []struct {
			Computed string `json:"computed"`
			Declared string `json:"declared"`
			Grade    string `json:"grade"`
		} `json:"sheets"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Projects != 1 || len(v.Sheets) != 2 || v.Sheets[0].Computed != "96.22" || v.Sheets[0].Declared != "95" || v.Sheets[0].Grade != "优" {
		t.Errorf("json = %+v", v)
	}
}

func TestPerfCommandUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"a.yaml", "b.yaml"}, {"x.yaml", "--format", "xml"}, {"missing.yaml"}} {
		if _, errs, code := runPerf(t, args...); code != exitUsage || !strings.HasPrefix(errs, "juesuan") {
			t.Errorf("perf %v: exit %d, stderr %q", args, code, errs)
		}
	}
}
