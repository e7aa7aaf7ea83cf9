// Package storetest opens fresh stores for tests: a SQLite file in a
// temporary directory, and a PostgreSQL schema of its own on the local
// server, so that the same suite runs on both databases.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// Dialects are the databases every suite runs on.
var Dialects = []string{"sqlite", "postgres"}

// postgresRequired turns a missing server into a failure (CI).
func postgresRequired() bool {
	return os.Getenv("JUESUAN_REQUIRE_TOOLS") == "1" || os.Getenv("JUESUAN_TEST_POSTGRES_REQUIRED") == "1"
}

// PostgresBase returns a reachable server URL, or "" with the reason.
func PostgresBase() (string, string) {
	cands := []string{os.Getenv("JUESUAN_TEST_POSTGRES")}
	if cands[0] == "" {
		cands = []string{
			"postgres://root@127.0.0.1:5432/test?sslmode=disable",
			"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		}
	}
	var why string
	for _, u := range cands {
		db, err := sql.Open("pgx", u)
		if err != nil {
			why = err.Error()
			continue
		}
		err = db.PingContext(context.Background())
		db.Close()
		if err == nil {
			return u, ""
		}
		why = err.Error()
	}
	return "", why
}

// DSN returns a fresh database for the dialect: a new SQLite file, or a
// new PostgreSQL schema dropped when the test ends. It skips (or, when
// PostgreSQL is required, fails) when the server is unreachable.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return filepath.Join(t.TempDir(), "juesuan.db")
	}
	base, why := PostgresBase()
	if base == "" {
		msg := "PostgreSQL 不可用（127.0.0.1:5432，数据库 test），跳过 PostgreSQL 测试: " + why
		if postgresRequired() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := fmt.Sprintf("jt_%d_%s", os.Getpid(), hex.EncodeToString(b))
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	})
	sep := "&"
	if !strings.Contains(base, "?") {
		sep = "?"
	}
	return base + sep + "search_path=" + schema
}

// Open returns a migrated store on a fresh database of the dialect.
func Open(t testing.TB, dialect string) *store.Store {
	t.Helper()
	st, err := store.OpenMigrated(context.Background(), DSN(t, dialect), storecodec.Default)
	if err != nil {
		t.Fatalf("%s: %v", dialect, err)
	}
	t.Cleanup(func() { st.Close() })
	t.Logf("store on %s", dialect)
	return st
}

// Each runs f as a subtest on every dialect.
func Each(t *testing.T, f func(t *testing.T, st *store.Store)) {
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { f(t, Open(t, d)) })
	}
}
