package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/web"
	"github.com/juesuan/juesuan/internal/web/demo"
)

// BenchmarkSaveViewCycle is one user's cycle of TestLoad, alone: view the
// report's first table, then save one cell of it, over loopback HTTP into
// a real SQLite store. Alone, its time per op is the CPU a cycle costs the
// server (and the client); TestLoad shows what that becomes at 20 users.
func BenchmarkSaveViewCycle(b *testing.B) {
	e := newEnv(b, web.Config{})
	ctx := context.Background()
	ref, _, err := e.st.LoadReport(ctx, juesuan.ReportKey{Unit: demo.RefCode, Year: 2020}, 0)
	if err != nil {
		b.Fatal(err)
	}
	const code = "B001"
	if err := e.st.CreateUnit(ctx, &juesuan.Unit{Code: code, Name: "基准测试单位", Kind: juesuan.KindInstitution, Parent: demo.RootCode}, "bench"); err != nil {
		b.Fatal(err)
	}
	if _, err := e.st.SaveReport(ctx, juesuan.ReportKey{Unit: code, Year: 2020}, 0, ref, "bench", "基准测试"); err != nil {
		b.Fatal(err)
	}
	cl := e.as("admin")
	cl.hdr.Set("HX-Request", "true")
	u := "/reports/" + code + "/2020"
	b.ReportAllocs()
	for n := 1; b.Loop(); n++ {
		res, body := cl.get(u + "?t=1")
		m := baseRE.FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil {
			b.Fatalf("view: %d", res.StatusCode)
		}
		res, body = cl.post(u+"/cells", url.Values{"base": {m[1]}, "table": {"1"}, "v:1:4:1": {fmt.Sprintf("%d.%02d", n%100, n%97)}})
		if res.StatusCode != http.StatusOK {
			b.Fatalf("save: %d %.200s", res.StatusCode, body)
		}
	}
}
