package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestAggregateSavedXLSX: the 汇总 counts only the chosen states (默认
// 已审核/已公开), lists the units left out and why, is saved as a 汇总
// version and downloads as XLSX with the summed amounts.
func TestAggregateSavedXLSX(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	reviewer := e.as("reviewer")
	const agg = "/units/900000/aggregate"
	res, page := reviewer.get(agg + "?year=2020")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("aggregate page: %d", res.StatusCode)
	}
	// Which units count, from the store.
	reps, err := e.st.Reports(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	var want juesuan.Amount
	var in, out []string
	total := juesuan.CellRef{Table: 1, Row: "27", Col: "1"}
	for _, r := range reps {
		if r.Key.Scope != juesuan.ScopeOwn {
			continue
		}
		if r.State != juesuan.StateApproved && r.State != juesuan.StatePublished {
			out = append(out, r.Key.Unit)
			continue
		}
		in = append(in, r.Key.Unit)
		cells, err := e.st.VersionCells(ctx, r.Key, 0)
		if err != nil {
			t.Fatal(err)
		}
		want += cells[total]
	}
	if len(in) == 0 || len(out) == 0 {
		t.Fatalf("demo data: %d units in, %d out", len(in), len(out))
	}
	left := page[strings.Index(page, `id="agg-left"`):]
	for _, u := range out {
		if !strings.Contains(left, "<td>"+u+"</td>") {
			t.Errorf("unit %s left out is not listed", u)
		}
	}
	if !strings.Contains(left, "尚未开始填报") || !strings.Contains(left, "不在所选状态中") {
		t.Error("the reasons units are left out are not shown")
	}
	if got := grab(page, `id="c-1-27-1">`, "<"); got != want.Wan() {
		t.Errorf("汇总 表1 本年收入合计 %s, want %s (units %v)", got, want.Wan(), in)
	}
	// Save, then download.
	res, body := reviewer.post(agg+"/save", url.Values{"year": {"2020"}, "states": {"已审核", "已公开"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", res.StatusCode, body)
	}
	info, err := e.st.ReportInfo(ctx, juesuan.ReportKey{Unit: "900000", Year: 2020, Scope: juesuan.ScopeAggregate})
	if err != nil || info.Current != 1 {
		t.Fatalf("saved 汇总: %v %+v", err, info)
	}
	_, page = reviewer.get(res.Header.Get("Location"))
	if !strings.Contains(page, "已保存为汇总报表第 1 版") || !strings.Contains(page, "未计入：") {
		t.Error("the saved version and its note are not shown")
	}
	res, body = reviewer.get("/units/900000/aggregate/2020/document/xlsx")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Fatalf("xlsx: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, row := range rows {
			for _, c := range row {
				found = found || strings.ReplaceAll(c, ",", "") == want.Wan()
			}
		}
	}
	if !found {
		t.Errorf("the XLSX lacks the summed 本年收入合计 %s", want.Wan())
	}
	// A 填报人 may not aggregate.
	if res, _ := e.as("filler").post(agg+"/save", url.Values{"year": {"2020"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("filler saves a 汇总: %d", res.StatusCode)
	}
}

// grab returns the text between after and the next until.
func grab(s, after, until string) string {
	i := strings.Index(s, after)
	if i < 0 {
		return ""
	}
	s = s[i+len(after):]
	if j := strings.Index(s, until); j >= 0 {
		return s[:j]
	}
	return s
}
