package juesuan

import "unicode/utf8"

// Role is what a user may do on a unit subtree.
type Role string

// Roles. 公众 is everyone, signed in or not: it reads published reports.
const (
	RoleFiller   Role = "填报人"
	RoleReviewer Role = "审核人"
	RoleAdmin    Role = "管理员"
	RolePublic   Role = "公众"
)

// ValidRole reports whether r can be granted.
func ValidRole(r Role) bool {
	return r == RoleFiller || r == RoleReviewer || r == RoleAdmin
}

// Grant gives a role on a unit and every unit under it.
type Grant struct {
	Role Role   `json:"role"`
	Unit string `json:"unit"`
}

// User is a person who signs in. A nil *User is the anonymous public.
type User struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Grants []Grant `json:"grants"`
}

// HasRole reports whether u holds role on the unit whose ancestor chain
// (the unit itself first, its root last) is given.
func (u *User) HasRole(role Role, ancestors []string) bool {
	if u == nil {
		return false
	}
	for _, g := range u.Grants {
		if g.Role != role {
			continue
		}
		for _, a := range ancestors {
			if g.Unit == a {
				return true
			}
		}
	}
	return false
}

// hasAny reports whether u holds any of roles on the unit.
func (u *User) hasAny(ancestors []string, roles ...Role) bool {
	for _, r := range roles {
		if u.HasRole(r, ancestors) {
			return true
		}
	}
	return false
}

// CanReadUnit: any role on the unit's subtree lets one see the unit.
func CanReadUnit(u *User, ancestors []string) bool {
	return u.hasAny(ancestors, RoleFiller, RoleReviewer, RoleAdmin)
}

// CanReadReport: a published report is public; any other only to users
// with a role on the unit's subtree.
func CanReadReport(u *User, ancestors []string, st ReviewState) bool {
	return st == StatePublished || CanReadUnit(u, ancestors)
}

// CanEditReport: a 填报人 or 管理员 may save a new version while the
// report is a draft or was sent back.
func CanEditReport(u *User, ancestors []string, st ReviewState) bool {
	return st.Editable() && u.hasAny(ancestors, RoleFiller, RoleAdmin)
}

// CanTransition reports whether u may move a report of the unit from one
// review state to another.
func CanTransition(u *User, ancestors []string, from, to ReviewState) bool {
	need, ok := transitions[[2]ReviewState{from, to}]
	if !ok {
		return false
	}
	return u.hasAny(ancestors, append(need, RoleAdmin)...)
}

// CanManageUnits: only a 管理员 adds or moves units under a unit.
func CanManageUnits(u *User, ancestors []string) bool {
	return u.HasRole(RoleAdmin, ancestors)
}

// CanAggregate reports whether u may see the 汇总 of the unit with the
// given ancestors: a 审核人 or 管理员 of it. The workbench and the API both
// ask this, so neither allows what the other refuses.
func CanAggregate(u *User, ancestors []string) bool {
	return u.HasRole(RoleReviewer, ancestors) || u.HasRole(RoleAdmin, ancestors)
}

// TruncateName cuts a login name to MaxUserNameBytes at a character
// boundary. Failed logins record the name as typed, so it is bounded
// before it is stored or logged.
func TruncateName(name string) string {
	if len(name) <= MaxUserNameBytes {
		return name
	}
	cut := MaxUserNameBytes
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + "…"
}
