package web

import (
	"reflect"
	"testing"

	"github.com/juesuan/juesuan/internal/store"
)

// The findings' views kept per audited version are the views made anew,
// and the 出错说明 set on one page's copy do not reach the next page.
func TestFindingViewsCached(t *testing.T) {
	r, tpl := readExample(t)
	a, err := analyse(tpl, r)
	if err != nil {
		t.Fatal(err)
	}
	fresh := makeFindingViews(a)
	first := findingViews(a, nil)
	if !reflect.DeepEqual(first, fresh) {
		t.Fatal("the first views differ from views made anew")
	}
	ex := map[string]store.Explanation{fresh[0].Key: {Text: "已核实", Author: "张三"}}
	withEx := findingViews(a, ex)
	if withEx[0].Explanation != "已核实" || withEx[0].ExplainedBy != "张三" {
		t.Fatalf("explanation not set: %+v", withEx[0])
	}
	again := findingViews(a, nil)
	if !reflect.DeepEqual(again, fresh) {
		t.Fatal("the kept views changed: a page's 出错说明 reached the cache")
	}
	// Another audited version of other content has views of its own.
	r2 := r.Clone()
	for c := range r2.Cells {
		delete(r2.Cells, c)
		break
	}
	b, err := analyse(tpl, r2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(findingViews(b, nil), makeFindingViews(b)) {
		t.Fatal("a second audited version got views not its own")
	}
}
