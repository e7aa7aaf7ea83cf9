package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/store/storetest"
)

// Statements kept prepared run as before: on the pool and in a
// transaction, the second run of a text from the cache; a statement that
// cannot be prepared reports its error each time; the texts kept stay
// bounded.
func TestPreparedStatements(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ins := `INSERT INTO audit_log(at, actor, action, target, detail) VALUES ('2026-01-01T00:00:00Z', ?, 'test', 'x', '')`
	for i := 0; i < 3; i++ {
		if err := st.Exec(ctx, false, ins, "pool"); err != nil {
			t.Fatal(err)
		}
		// A text first met in a transaction runs unprepared and is
		// prepared beside it for the next run.
		if err := st.Exec(ctx, true, ins+" -- in a transaction", "tx"); err != nil {
			t.Fatal(err)
		}
		for i == 0 && st.PreparedCount() < 2 {
			time.Sleep(time.Millisecond)
		}
	}
	if n := logged(t, st, "pool"); n != 3 {
		t.Errorf("pool: %d rows, want 3", n)
	}
	if n := logged(t, st, "tx"); n != 3 {
		t.Errorf("transaction: %d rows, want 3", n)
	}
	for _, inTx := range []bool{false, true, false, true} {
		if err := st.Exec(ctx, inTx, `INSERT INTO no_such_table VALUES (1)`); err == nil {
			t.Fatalf("in transaction %v: no error for a missing table", inTx)
		}
	}
	for i := 0; i < 300; i++ {
		if err := st.Exec(ctx, false, fmt.Sprintf(`SELECT %d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := st.PreparedCount(); n > 256 {
		t.Errorf("%d texts kept prepared, at most 256", n)
	}
}
