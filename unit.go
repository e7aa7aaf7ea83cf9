package juesuan

import "context"

// UnitKind is a unit's 单位性质.
type UnitKind string

// Kinds of unit (单位基本性质).
const (
	KindAdministrative UnitKind = "行政单位"
	KindCivilManaged   UnitKind = "参公事业单位"
	KindInstitution    UnitKind = "事业单位"
	KindEnterprise     UnitKind = "企业"
	KindOther          UnitKind = "其他"
)

// UnitKinds lists the kinds a unit may have, for validation and menus.
var UnitKinds = []UnitKind{KindAdministrative, KindCivilManaged, KindInstitution, KindEnterprise, KindOther}

// ValidUnitKind reports whether k is one of UnitKinds.
func ValidUnitKind(k UnitKind) bool {
	for _, x := range UnitKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Unit is one node of the unit tree. A unit without a parent is a 部门 root.
type Unit struct {
	Code   string   `json:"code"` // 单位代码
	Name   string   `json:"name"`
	Kind   UnitKind `json:"kind"`
	Parent string   `json:"parent,omitempty"`
	// FromYear and ToYear bound the fiscal years the unit files for; 0 is
	// open-ended (a unit merged away in 2022 has ToYear 2021).
	FromYear int `json:"from_year,omitempty"`
	ToYear   int `json:"to_year,omitempty"`
}

// ValidIn reports whether the unit files a report for year.
func (u *Unit) ValidIn(year int) bool {
	return (u.FromYear == 0 || year >= u.FromYear) && (u.ToYear == 0 || year <= u.ToYear)
}

// UnitService manages the unit tree.
type UnitService interface {
	CreateUnit(ctx context.Context, u *Unit, actor string) error
	Unit(ctx context.Context, code string) (*Unit, error)
	Units(ctx context.Context) ([]*Unit, error)
	// Subtree returns the unit and all units under it, parents first.
	Subtree(ctx context.Context, code string) ([]*Unit, error)
	// Ancestors returns the codes from the unit up to its root, itself first.
	Ancestors(ctx context.Context, code string) ([]string, error)
	MoveUnit(ctx context.Context, code, newParent, actor string) error
}
