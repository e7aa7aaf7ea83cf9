package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Number int
	Name   string
	SQL    string
}

// Migrations returns the numbered migrations of a dialect ("sqlite" or
// "postgres"), in order.
func Migrations(dialectName string) ([]Migration, error) {
	dir := path.Join("migrations", dialectName)
	ents, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range ents {
		num, rest, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(rest, ".sql") {
			return nil, fmt.Errorf("迁移文件名 %s 应为 NNNN_名称.sql", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Number: n, Name: strings.TrimSuffix(rest, ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Number < ms[j].Number })
	for i, m := range ms {
		if m.Number != i+1 {
			return nil, fmt.Errorf("迁移编号应从 1 连续编号，第 %d 个是 %04d", i+1, m.Number)
		}
	}
	return ms, nil
}

// convertMarker is the line of a migration where its Go conversion runs.
const convertMarker = "-- @convert"

// converters are the Go conversions of migrations, by number.
var converters = map[int]func(context.Context, *txn) error{
	5: convertVersionBodies,
}

// migrateHook, when set (only by the crash tests), runs inside a
// migration's transaction after its statements and before its commit.
var migrateHook func(Migration)

// Migrate applies every migration not yet recorded, each in its own
// transaction together with its record, and returns those it applied.
func (s *Store) Migrate(ctx context.Context) ([]Migration, error) { return s.migrate(ctx, 0) }

// migrate applies the pending migrations numbered up to upto (0: all).
func (s *Store) migrate(ctx context.Context, upto int) ([]Migration, error) {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
  number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("无法创建迁移记录表: %w", err)
	}
	ms, err := Migrations(s.d.name)
	if err != nil {
		return nil, err
	}
	done := map[int]bool{}
	rows, err := s.query(ctx, s.db, `SELECT number FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		done[n] = true
	}
	rows.Close()
	var applied []Migration
	for _, m := range ms {
		if done[m.Number] || upto > 0 && m.Number > upto {
			continue
		}
		err := s.inTx(ctx, func(tx *txn) error {
			// A migration whose data cannot be converted in SQL has a
			// "-- @convert" line: its Go conversion runs there, between
			// the statements before and after, in the same transaction.
			before, after, hasConvert := strings.Cut(m.SQL, "\n"+convertMarker+"\n")
			if _, err := tx.tx.ExecContext(ctx, before); err != nil {
				return fmt.Errorf("迁移 %04d_%s 失败: %w", m.Number, m.Name, err)
			}
			if hasConvert {
				conv := converters[m.Number]
				if conv == nil {
					return fmt.Errorf("迁移 %04d_%s 需要的数据转换程序不存在", m.Number, m.Name)
				}
				if err := conv(ctx, tx); err != nil {
					return fmt.Errorf("迁移 %04d_%s 转换数据失败: %w", m.Number, m.Name, err)
				}
				if _, err := tx.tx.ExecContext(ctx, after); err != nil {
					return fmt.Errorf("迁移 %04d_%s 失败: %w", m.Number, m.Name, err)
				}
			}
			if migrateHook != nil {
				migrateHook(m)
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations(number, name, applied_at) VALUES (?, ?, ?)`, m.Number, m.Name, s.stamp())
			return err
		})
		if err != nil {
			return applied, err
		}
		applied = append(applied, m)
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration (0 for none).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COALESCE(MAX(number), 0) FROM schema_migrations`).Scan(&n)
	return n, err
}
