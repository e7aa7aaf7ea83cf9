// Package store keeps units, versioned reports, review state, users and
// the audit log in SQLite (the embedded default) or PostgreSQL, through
// database/sql with hand-written SQL shared by both.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/juesuan/juesuan"
)

// Templates gives a template by id (internal/yearspec implements it).
type Templates interface {
	Load(id string) (*juesuan.Template, error)
}

// Codec is how the store writes a report as text, reads it back and
// derives its computed cells. The report file format and the rules live
// above the store (internal/storecodec), so the store knows neither.
type Codec interface {
	Templates
	Encode(w io.Writer, tpl *juesuan.Template, r *juesuan.Report) error
	Decode(name string, body []byte) (*juesuan.Report, error)
	Derive(tpl *juesuan.Template, r *juesuan.Report) error
}

// Store is an open database.
type Store struct {
	db   *sql.DB
	d    dialect
	tpls Codec
	// Now is the clock; tests may replace it.
	Now func() time.Time

	parsed parsed
	texts  texts
	opens  openSets
	// years are the fiscal years known recorded, with their template
	// (a year's row is only ever inserted): a save of a year seen need not
	// record it again.
	years sync.Map
	// wsem serialises this process's SQLite transactions in Go: a writer
	// waiting on SQLite's busy handler sleeps in growing steps (up to
	// 100 ms) and can be overtaken again and again; here writers queue,
	// and a request that is given up stops waiting. Other processes
	// still wait on busy_timeout.
	wsem chan struct{}
	// group holds the saves waiting for wsem (groupcommit.go).
	group groupQueue
	// stmts are the prepared statements (stmtcache.go).
	stmts stmtCache
	// wconn is the connection SQLite's write transactions run on, held
	// while wsem is: a writer holding the write slot used to wait for a
	// connection of the pool behind the readers (under 20 users saving,
	// 4,600 waits in 20 s), with every other writer queued behind it.
	wconn *sql.Conn
}

// Open opens a SQLite file path or a postgres:// URL. It does not migrate.
func Open(ctx context.Context, dsn string, tpls Codec) (*Store, error) {
	if dsn == "" {
		return nil, juesuan.Errorf(juesuan.EINVALID, "未指定数据库（--db 路径或 postgres:// 地址）")
	}
	if tpls == nil {
		return nil, juesuan.Errorf(juesuan.EINTERNAL, "store: 未指定报表编码（storecodec）")
	}
	d, conn := sqliteDialect, sqliteDSN(dsn)
	if isPostgresURL(dsn) {
		d, conn = postgresDialect, dsn
	}
	db, err := sql.Open(d.driver, conn)
	if err != nil {
		return nil, fmt.Errorf("无法打开数据库 %s: %w", redact(dsn), err)
	}
	if d.name == "sqlite" {
		// One writer at a time is SQLite's model; a small pool keeps
		// readers concurrent under WAL without piling up busy writers.
		// One connection of it is the writer's (wconn), four read.
		db.SetMaxOpenConns(5)
		// Kept open: a connection closed when idle takes its prepared
		// statements with it (stmtcache.go).
		db.SetMaxIdleConns(5)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("无法连接数据库 %s: %w", redact(dsn), err)
	}
	return &Store{db: db, d: d, tpls: tpls, Now: time.Now, wsem: make(chan struct{}, 1)}, nil
}

// OpenMigrated opens the database and applies pending migrations.
func OpenMigrated(ctx context.Context, dsn string, tpls Codec) (*Store, error) {
	s, err := Open(ctx, dsn, tpls)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// redact hides a password in a URL for messages.
func redact(dsn string) string {
	if !isPostgresURL(dsn) {
		return dsn
	}
	if u, err := parseURL(dsn); err == nil {
		return u
	}
	return "postgres://…"
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeStmts()
	if s.wconn != nil {
		s.wconn.Close()
	}
	return s.db.Close()
}

// DB returns the underlying database, for reports and benchmarks.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Rebind converts `?` placeholders for this database.
func (s *Store) Rebind(q string) string { return s.d.rebind(q) }

// Templates returns the template loader the store reads reports with.
func (s *Store) Templates() Templates { return s.tpls }

func (s *Store) stamp() string { return s.Now().UTC().Format(time.RFC3339Nano) }

func parseStamp(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (s *Store) query(ctx context.Context, q querier, sqlText string, args ...any) (*sql.Rows, error) {
	text := s.d.rebind(sqlText)
	if st := s.prepared(ctx, q, text); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, text, args...)
}

func (s *Store) queryRow(ctx context.Context, q querier, sqlText string, args ...any) *sql.Row {
	text := s.d.rebind(sqlText)
	if st := s.prepared(ctx, q, text); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.QueryRowContext(ctx, text, args...)
}

func (s *Store) exec(ctx context.Context, q querier, sqlText string, args ...any) (sql.Result, error) {
	text := s.d.rebind(sqlText)
	if st := s.prepared(ctx, q, text); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.ExecContext(ctx, text, args...)
}

// txn is a transaction with the store's rebinding helpers.
type txn struct {
	s  *Store
	tx *sql.Tx
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.s.exec(ctx, t.tx, q, args...)
}

//lint:ignore U1000 the read half of the transaction helpers, kept beside exec and queryRow
func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.s.query(ctx, t.tx, q, args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.s.queryRow(ctx, t.tx, q, args...)
}

// log appends to the audit log inside the transaction, so a change and
// its record commit together.
func (t *txn) log(ctx context.Context, actor, action, target, detail string) error {
	_, err := t.exec(ctx, `INSERT INTO audit_log(at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		t.s.stamp(), actor, action, target, detail)
	return err
}

// inTx runs f in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, f func(*txn) error) error {
	if s.d.name == "sqlite" {
		select {
		case s.wsem <- struct{}{}:
			defer func() { <-s.wsem }()
		case <-ctx.Done():
			return fmt.Errorf("无法开始事务: %w", ctx.Err())
		}
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("无法开始事务: %w", err)
	}
	return commitWith(tx, func() error { return f(&txn{s: s, tx: tx}) })
}

// commitWith runs f and commits tx, or rolls it back when f fails; a
// unique key violated at the commit is a concurrent change.
func commitWith(tx *sql.Tx, f func() error) error {
	if err := f(); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return juesuan.Errorf(juesuan.ECONFLICT, "数据已被同时修改，请重试")
		}
		return fmt.Errorf("提交事务失败: %w", err)
	}
	return nil
}

// beginWrite begins a write transaction: on SQLite on the writer's own
// connection (the caller holds wsem), on PostgreSQL on the pool's.
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	if s.d.name != "sqlite" {
		return s.db.BeginTx(ctx, nil)
	}
	for try := 0; ; try++ {
		if s.wconn == nil {
			c, err := s.db.Conn(ctx)
			if err != nil {
				return nil, err
			}
			s.wconn = c
		}
		tx, err := s.wconn.BeginTx(ctx, nil)
		if err == nil || try > 0 || !(errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn)) {
			return tx, err
		}
		// A connection found bad, or closed: once more on a new one.
		s.wconn.Close()
		s.wconn = nil
	}
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return juesuan.Errorf(juesuan.ENOTFOUND, format, args...)
	}
	return err
}
