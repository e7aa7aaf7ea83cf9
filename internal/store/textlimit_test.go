package store_test

import (
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

// Issue 17, item 2: a text over its limit saved and then could never be
// read back. The store now refuses it (EINVALID, naming the field), and a
// text at the limit reads back whole.
func TestSaveRefusesTextOverLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustUnit(t, st, "001", "")
		k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
		r, _ := readExample(t)
		r.Reasons.TotalChange = strings.Repeat("因", juesuan.MaxTextRunes+1)
		_, err := st.SaveReport(ctx, k, 0, r, "a", "v1")
		if code(err) != juesuan.EINVALID || !strings.Contains(err.Error(), "reasons.total_change") {
			t.Fatalf("over the limit: %v", err)
		}
		r.Reasons.TotalChange = strings.Repeat("因", juesuan.MaxTextRunes)
		if _, err := st.SaveReport(ctx, k, 0, r, "a", "v1"); err != nil {
			t.Fatal(err)
		}
		back, _, err := st.LoadReport(ctx, k, 0)
		if err != nil || back.Reasons.TotalChange != r.Reasons.TotalChange {
			t.Fatalf("read back: %v", err)
		}
	})
}
