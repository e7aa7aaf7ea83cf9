package juesuan

import (
	"context"
	"time"
)

// Scope is a report's 口径: the unit's own accounts or its aggregate.
type Scope string

// Scopes of a report.
const (
	ScopeOwn       Scope = "本级"
	ScopeAggregate Scope = "汇总"
)

// ValidScope reports whether s is a scope.
func ValidScope(s Scope) bool { return s == ScopeOwn || s == ScopeAggregate }

// ReportKey identifies a report: unit × year × 口径.
type ReportKey struct {
	Unit  string `json:"unit"`
	Year  int    `json:"year"`
	Scope Scope  `json:"scope"`
}

// ReviewState is where a report is in the review workflow.
type ReviewState string

// Review states.
const (
	StateDraft     ReviewState = "草稿"
	StateSubmitted ReviewState = "已上报"
	StateReturned  ReviewState = "已退回"
	StateApproved  ReviewState = "已审核"
	StatePublished ReviewState = "已公开"
)

// Editable reports whether a new version may be saved in this state.
func (s ReviewState) Editable() bool { return s == StateDraft || s == StateReturned }

// transitions lists the allowed moves and who (besides 管理员) makes them.
var transitions = map[[2]ReviewState][]Role{
	{StateDraft, StateSubmitted}:    {RoleFiller},
	{StateReturned, StateSubmitted}: {RoleFiller},
	{StateSubmitted, StateReturned}: {RoleReviewer},
	{StateSubmitted, StateApproved}: {RoleReviewer},
	{StateApproved, StateReturned}:  {RoleReviewer},
	{StateApproved, StatePublished}: {RoleReviewer},
	// 撤回: the unit takes a submitted report back before it is reviewed.
	{StateSubmitted, StateDraft}: {RoleFiller},
	// 更正: a published report is reopened for a correction (with its
	// reason); the published version stays public until the next 公开.
	{StatePublished, StateReturned}: {RoleFiller, RoleReviewer},
}

// CanMove reports whether the workflow allows from → to at all.
func CanMove(from, to ReviewState) bool {
	_, ok := transitions[[2]ReviewState{from, to}]
	return ok
}

// ReportVersion describes one immutable saved version of a report.
type ReportVersion struct {
	Key     ReportKey `json:"key"`
	Number  int       `json:"version"` // 1, 2, … per report
	Author  string    `json:"author"`
	Reason  string    `json:"reason"`
	Created time.Time `json:"created"`
	Cells   int       `json:"cells"`
	// Checksum is the SHA-256 of the stored version (hex), set by
	// LoadReport; an immutable version's documents are cached under it.
	Checksum string `json:"checksum,omitempty"`
}

// ReportInfo is a report's current state.
type ReportInfo struct {
	Key     ReportKey   `json:"key"`
	Current int         `json:"current_version"`
	State   ReviewState `json:"state"`
	Updated time.Time   `json:"updated"`
}

// ReviewEvent is one step of a report's review history.
type ReviewEvent struct {
	From    ReviewState `json:"from"`
	To      ReviewState `json:"to"`
	Actor   string      `json:"actor"`
	Comment string      `json:"comment"`
	At      time.Time   `json:"at"`
	Version int         `json:"version"`
}

// AuditEntry is one line of the append-only log of changes.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // unit.create, report.save, review.move …
	Target string    `json:"target"`
	Detail string    `json:"detail"`
}

// ReportService stores reports as immutable versions.
type ReportService interface {
	// SaveReport stores r as the version after base (0 for a new report);
	// a stale base gives an ECONFLICT error.
	SaveReport(ctx context.Context, k ReportKey, base int, r *Report, author, reason string) (*ReportVersion, error)
	// LoadReport returns a version (0 = current).
	LoadReport(ctx context.Context, k ReportKey, version int) (*Report, *ReportVersion, error)
	Versions(ctx context.Context, k ReportKey) ([]*ReportVersion, error)
	ReportInfo(ctx context.Context, k ReportKey) (*ReportInfo, error)
	Move(ctx context.Context, k ReportKey, to ReviewState, actor, comment string) error
	ReviewHistory(ctx context.Context, k ReportKey) ([]*ReviewEvent, error)
}
