//go:build unix

package pdfimport

import (
	"errors"
	"os"
	"syscall"
)

// ownPrivate says why d may not hold compiled code: it must belong to this
// process's user and be writable by no one else.
func ownPrivate(d string) error {
	fi, err := os.Lstat(d)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return errors.New("不是目录")
	case !ok || int(st.Uid) != os.Getuid():
		return errors.New("不属于当前用户")
	case fi.Mode().Perm()&0o022 != 0:
		return errors.New("其他用户可写")
	}
	return nil
}
