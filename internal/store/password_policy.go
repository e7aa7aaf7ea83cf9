package store

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/juesuan/juesuan"
)

// Password policy: long enough to resist guessing at argon2's cost, short
// enough that hashing it is no denial of service, and never the user name.
const (
	MinPasswordChars = 8
	MaxPasswordBytes = 1024
)

// CheckPassword says why a password may not be set for a user, or nil.
func CheckPassword(user, pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordChars:
		return juesuan.Errorf(juesuan.EINVALID, "密码太短：至少 %d 个字符", MinPasswordChars)
	case len(pw) > MaxPasswordBytes:
		return juesuan.Errorf(juesuan.EINVALID, "密码太长：最多 %d 字节", MaxPasswordBytes)
	case strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(user)):
		return juesuan.Errorf(juesuan.EINVALID, "密码不能与用户名相同")
	case strings.TrimSpace(pw) == "":
		return juesuan.Errorf(juesuan.EINVALID, "密码不能全是空白字符")
	}
	return nil
}

var (
	dummyOnce sync.Once
	dummy     string
)

// dummyHash is a hash of no one's password at the current cost.
func dummyHash() string {
	dummyOnce.Do(func() { dummy, _ = HashPassword("no-such-user-password") })
	return dummy
}
