package juesuan

// CanAdminister reports whether u is a 管理员 of some unit subtree, which
// opens the admin pages; what they may change there is decided per unit
// by CanManageUnits and per user by CanManageUser.
func CanAdminister(u *User) bool {
	if u == nil {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == RoleAdmin {
			return true
		}
	}
	return false
}

// CanManageUser reports whether admin may reset the password of a user
// whose grants are on the units with the given ancestor chains: only when
// admin manages every one of them. Otherwise a 管理员 of one small unit
// could take over the account of an administrator above it.
func CanManageUser(admin *User, grantAncestors [][]string) bool {
	if !CanAdminister(admin) {
		return false
	}
	for _, anc := range grantAncestors {
		if !CanManageUnits(admin, anc) {
			return false
		}
	}
	return true
}
