package web

import (
	"context"
	"database/sql"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/store"
)

// Store is the database as the workbench uses it, by concern; *store.Store
// is the one the program passes (SQLite or PostgreSQL). Tests and other
// programs may pass their own.
type Store interface {
	sessionStore
	accountStore
	unitStore
	reportStore
	inspectStore
	schemaStore
	aggregate.Source
}

// sessionStore signs users in and keeps their sessions and API tokens.
type sessionStore interface {
	CreateSession(ctx context.Context, token, user string, expires time.Time) error
	DeleteSession(ctx context.Context, token string) error
	SessionUser(ctx context.Context, token string, now time.Time) (*juesuan.User, error)
	Authenticate(ctx context.Context, name, password string) (*juesuan.User, error)
	LoginLockedUntil(ctx context.Context, user, addr string, now time.Time) (time.Time, bool, error)
	RecordLoginFailure(ctx context.Context, user, addr string, now time.Time, lim store.LoginLimits) (locked bool, err error)
	ResetLoginFailures(ctx context.Context, user, addr string) error
	CreateToken(ctx context.Context, name, label, actor string) (string, error)
}

// accountStore holds users, their grants and the audit log.
type accountStore interface {
	CreateUser(ctx context.Context, name, passwordHash, actor string) (*juesuan.User, error)
	User(ctx context.Context, name string) (*juesuan.User, error)
	Users(ctx context.Context) ([]*juesuan.User, error)
	DisabledUsers(ctx context.Context) (map[string]bool, error)
	SetPassword(ctx context.Context, name, passwordHash, actor string) error
	SetUserActive(ctx context.Context, name string, active bool, actor string) error
	Grant(ctx context.Context, name string, role juesuan.Role, unit, actor string) error
	Revoke(ctx context.Context, name string, role juesuan.Role, unit, actor string) error
	AuditLog(ctx context.Context, limit int) ([]*juesuan.AuditEntry, error)
	Record(ctx context.Context, actor, action, target, detail string) error
}

// unitStore holds the unit tree.
type unitStore interface {
	Unit(ctx context.Context, code string) (*juesuan.Unit, error)
	Units(ctx context.Context) ([]*juesuan.Unit, error)
	Subtree(ctx context.Context, code string) ([]*juesuan.Unit, error)
	Ancestors(ctx context.Context, code string) ([]string, error)
	CreateUnit(ctx context.Context, u *juesuan.Unit, actor string) error
	MoveUnit(ctx context.Context, code, newParent, actor string) error
	RenameUnit(ctx context.Context, code, name, actor string) error
	SetUnitYears(ctx context.Context, code string, from, to int, actor string) error
}

// reportStore holds reports, their versions, review states and 出错说明.
type reportStore interface {
	LoadReport(ctx context.Context, k juesuan.ReportKey, version int) (*juesuan.Report, *juesuan.ReportVersion, error)
	SaveReport(ctx context.Context, k juesuan.ReportKey, base int, r *juesuan.Report, author, reason string) (*juesuan.ReportVersion, error)
	ReportInfo(ctx context.Context, k juesuan.ReportKey) (*juesuan.ReportInfo, error)
	Reports(ctx context.Context, year int) ([]*juesuan.ReportInfo, error)
	Versions(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReportVersion, error)
	VersionCells(ctx context.Context, k juesuan.ReportKey, version int) (map[juesuan.CellRef]juesuan.Amount, error)
	Move(ctx context.Context, k juesuan.ReportKey, to juesuan.ReviewState, actor, comment string) error
	ReviewHistory(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReviewEvent, error)
	Explanations(ctx context.Context, k juesuan.ReportKey) (map[string]store.Explanation, error)
	SetExplanation(ctx context.Context, k juesuan.ReportKey, key, text, author string) error
}

// inspectStore holds the batches of 公开检查 and the reviewers' marks.
type inspectStore interface {
	EnsureInspectSchema(ctx context.Context) error
	CreateInspectBatch(ctx context.Context, b *store.InspectBatch) error
	InspectBatch(ctx context.Context, id string) (*store.InspectBatch, error)
	InspectBatches(ctx context.Context) ([]*store.InspectBatch, error)
	InspectDocData(ctx context.Context, batch string, seq int) ([]byte, error)
	InspectDocs(ctx context.Context, batch string) ([]*store.InspectDoc, error)
	InspectDocsOfUnit(ctx context.Context, unit string, year int) ([]*store.InspectDoc, error)
	InspectMarks(ctx context.Context, unit string, year int) (map[string]*store.InspectMark, error)
	InterruptInspectBatches(ctx context.Context) error
	MarkInspectFinding(ctx context.Context, m *store.InspectMark) error
	SaveInspectDoc(ctx context.Context, d *store.InspectDoc) error
	SetInspectDocUnit(ctx context.Context, batch string, seq int, unit, match string, result []byte) error
	SetInspectProgress(ctx context.Context, id string, done, year int, state string) error
}

// schemaStore opens and closes the database.
type schemaStore interface {
	EnsureWebSchema(ctx context.Context) error
	DB() *sql.DB
	Close() error
}

var _ Store = (*store.Store)(nil)
