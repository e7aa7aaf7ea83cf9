package store

import (
	"database/sql/driver"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Unavailable says, in Chinese, why the database could not do what was
// asked when the cause is the database's state rather than the request: a
// lock held by another writer, a full disk, a read-only or broken file, a
// server that cannot be reached. The request may succeed later unchanged;
// the workbench answers 503 with this message, never a bare 500.
func Unavailable(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return "数据库正忙（另一项写入尚未完成），本次操作没有保存，请稍后再试", true
		case 13: // SQLITE_FULL
			return "服务器磁盘已满，本次操作没有保存；请联系系统管理员释放空间后再试", true
		case 8: // SQLITE_READONLY
			return "数据库当前只读，本次操作没有保存；请联系系统管理员", true
		case 10, 14: // SQLITE_IOERR, SQLITE_CANTOPEN
			return "数据库文件读写出错，本次操作没有保存；请联系系统管理员", true
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100":
			return "数据库服务器磁盘已满，本次操作没有保存；请联系系统管理员释放空间后再试", true
		case strings.HasPrefix(pe.Code, "53"), pe.Code == "55P03", pe.Code == "40P01", pe.Code == "40001":
			return "数据库正忙，本次操作没有保存，请稍后再试", true
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"):
			return "数据库暂时无法访问，请稍后再试", true
		}
	}
	var ne net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.As(err, &ne) {
		return "数据库暂时无法访问，请稍后再试", true
	}
	// SQLite reports a full disk on a write as text in some paths.
	if msg := err.Error(); strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left on device") {
		return "服务器磁盘已满，本次操作没有保存；请联系系统管理员释放空间后再试", true
	}
	if strings.Contains(err.Error(), "database is locked") {
		return "数据库正忙（另一项写入尚未完成），本次操作没有保存，请稍后再试", true
	}
	return "", false
}
