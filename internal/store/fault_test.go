package store_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
)

const migrateCrashEnv = "JUESUAN_STORE_MIGRATE_CHILD"

// migrateChild migrates a fresh database and stops inside the first
// migration's transaction, after its statements ran and before the commit,
// until it is killed.
func migrateChild(db string) {
	st, err := store.Open(ctx, db, storecodec.Default)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	store.SetMigrateHook(func(m store.Migration) {
		fmt.Printf("inside %d\n", m.Number)
		os.Stdout.Sync()
		time.Sleep(time.Hour)
	})
	if _, err := st.Migrate(ctx); err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	fmt.Println("done")
}

// A migration killed between its statements and its commit leaves no
// trace: no table of it and no record of it, and running the migrations
// again completes the schema.
func TestCrashDuringMigration(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			db := storetest.DSN(t, d)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), migrateCrashEnv+"="+db)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			killed := false
			for sc.Scan() {
				if line := sc.Text(); strings.HasPrefix(line, "inside") {
					cmd.Process.Signal(syscall.SIGKILL)
					killed = true
					break
				} else {
					t.Fatalf("child: %s", line)
				}
			}
			cmd.Wait()
			if !killed {
				t.Fatal("the child ended before it reached the migration")
			}

			st, err := store.Open(ctx, db, storecodec.Default)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if v, err := st.SchemaVersion(ctx); err != nil || v != 0 {
				t.Fatalf("after the kill: schema version %d (%v), want 0: a migration was recorded that did not commit", v, err)
			}
			if n := countTables(t, st, "units"); n != 0 {
				t.Fatalf("after the kill: table units exists, but its migration did not commit")
			}
			checkConsistent(t, st)
			applied, err := st.Migrate(ctx)
			if err != nil {
				t.Fatalf("migrating again: %v", err)
			}
			all, _ := store.Migrations(st.Dialect())
			if len(applied) != len(all) {
				t.Fatalf("migrating again applied %d of %d migrations", len(applied), len(all))
			}
			mustUnit(t, st, "001", "")
			checkConsistent(t, st)
			t.Logf("%s: killed inside migration 1 before its commit; nothing of it remained; migrating again applied %d", d, len(applied))
		})
	}
}

func countTables(t *testing.T, st *store.Store, name string) int {
	t.Helper()
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if st.Dialect() == "postgres" {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	if err := st.DB().QueryRow(st.Rebind(q), name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkConsistent runs the database's own checks (SQLite: integrity and
// foreign keys; PostgreSQL enforces its foreign keys itself) and the
// store's invariants: each report's current version is its last, every
// version has all its cells and a report.save record in the audit log.
func checkConsistent(t *testing.T, st *store.Store) {
	t.Helper()
	db := st.DB()
	if st.Dialect() == "sqlite" {
		var check string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("integrity_check: %q %v", check, err)
		}
		var fk int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
			t.Fatalf("foreign_key_check: %d violations, %v", fk, err)
		}
	}
	if countTables(t, st, "reports") == 0 {
		return
	}
	var bad int
	for _, q := range []struct{ what, sql string }{
		{"reports whose current version is not their last", `SELECT COUNT(*) FROM reports r WHERE r.current_number <> (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id)
  OR r.current_number <> COALESCE((SELECT MAX(number) FROM report_versions v WHERE v.report_id = r.id), 0)
  OR (r.current_number > 0 AND r.current_version <> (SELECT id FROM report_versions v WHERE v.report_id = r.id AND v.number = r.current_number))`},
		{"versions with missing cells", `SELECT COUNT(*) FROM report_versions v WHERE v.cell_count <> (SELECT COUNT(*) FROM cells c WHERE c.report_id = v.report_id AND c.from_number <= v.number AND (c.to_number IS NULL OR c.to_number > v.number))`},
		{"cells of versions that do not exist", `SELECT COUNT(*) FROM cells c JOIN reports r ON r.id = c.report_id WHERE c.from_number > r.current_number OR c.to_number > r.current_number`},
		{"versions without their audit record", `SELECT (SELECT COUNT(*) FROM report_versions) - (SELECT COUNT(*) FROM audit_log WHERE action = 'report.save')`},
	} {
		if err := db.QueryRow(q.sql).Scan(&bad); err != nil {
			t.Fatalf("%s: %v", q.what, err)
		}
		if bad != 0 {
			t.Fatalf("%d %s", bad, q.what)
		}
	}
}
