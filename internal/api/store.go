package api

import (
	"context"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

// Store is what the API needs of the storage: 12 of *store.Store's
// methods. Handlers see only these, so a test or another storage can stand
// in for them; the 汇总 is the one exception (aggregate.FromStore sums in
// SQL) and gets the store through the aggregator below.
type Store interface {
	Ancestors(ctx context.Context, code string) ([]string, error)
	Unit(ctx context.Context, code string) (*juesuan.Unit, error)
	Subtree(ctx context.Context, code string) ([]*juesuan.Unit, error)
	CreateUnit(ctx context.Context, u *juesuan.Unit, actor string) error
	ReportInfo(ctx context.Context, k juesuan.ReportKey) (*juesuan.ReportInfo, error)
	LoadReport(ctx context.Context, k juesuan.ReportKey, version int) (*juesuan.Report, *juesuan.ReportVersion, error)
	SaveReport(ctx context.Context, k juesuan.ReportKey, base int, r *juesuan.Report, author, reason string) (*juesuan.ReportVersion, error)
	Versions(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReportVersion, error)
	Move(ctx context.Context, k juesuan.ReportKey, to juesuan.ReviewState, actor, comment string) error
	ReviewHistory(ctx context.Context, k juesuan.ReportKey) ([]*juesuan.ReviewEvent, error)
	UserByToken(ctx context.Context, tok string) (*juesuan.User, error)
	Templates() store.Templates
}

var _ Store = (*store.Store)(nil)
