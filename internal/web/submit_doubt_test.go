package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
)

// TestSubmitBlockedByImportDoubt: a 强制 identity broken in a table the
// import read in doubt is shown as the import's doubt, and still blocks
// 上报 until the table is corrected.
func TestSubmitBlockedByImportDoubt(t *testing.T) {
	e := newEnv(t, web.Config{})
	ctx := context.Background()
	k := juesuan.ReportKey{Unit: "001002", Year: 2020, Scope: juesuan.ScopeOwn} // a broken 表5 identity
	r, v, err := e.st.LoadReport(ctx, k, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.Published.ImportUnsure = map[int]string{5: "表5 的 40 个金额中有 3 个未能确定位置"}
	if _, err := e.st.SaveReport(ctx, k, v.Number, r, "admin", "导入"); err != nil {
		t.Fatal(err)
	}
	const u = "/reports/001002/2020"
	filler := e.as("filler2")
	if _, page := filler.get(u); !strings.Contains(page, "导入存疑") {
		t.Fatal("the broken identity of a table read in doubt is not shown as the import's doubt")
	}
	if res, body := filler.post(u+"/move", url.Values{"to": {"已上报"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "强制审核错误") {
		t.Fatalf("submitted with a 强制 identity broken in a table read in doubt: %d", res.StatusCode)
	}
}
