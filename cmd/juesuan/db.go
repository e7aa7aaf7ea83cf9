package main

import (
	"flag"
	"fmt"

	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
)

func init() {
	register(command{"db", "数据库维护：db migrate 创建或升级数据库结构", cmdDB})
}

// dbFlag adds --db to a storage command.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "数据库：SQLite 文件路径或 postgres:// 地址（默认 JUESUAN_DB 或 ./juesuan.db）")
}

func dbPath(e *env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := e.getenv("JUESUAN_DB"); v != "" {
		return v
	}
	return "juesuan.db"
}

// openStore opens the database and brings its schema up to date, so every
// storage command works on a new file without a separate step.
func openStore(e *env, flagValue string) (*store.Store, error) {
	return store.OpenMigrated(e.ctx, dbPath(e, flagValue), storecodec.New(templates(e)))
}

// actor names who makes a change from the command line.
func actor(e *env) string {
	for _, k := range []string{"JUESUAN_USER", "USER"} {
		if v := e.getenv(k); v != "" {
			return v
		}
	}
	return "命令行"
}

// subcommand splits "unit add …" into the verb and its arguments.
func subcommand(e *env, args []string, usage string) (string, []string, int, bool) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stdout, "用法: juesuan "+usage)
		if len(args) == 0 {
			return "", nil, exitUsage, false
		}
		return "", nil, exitOK, false
	}
	return args[0], args[1:], 0, true
}

func cmdDB(e *env, args []string) int {
	verb, rest, code, ok := subcommand(e, args, "db migrate [--db PATH|postgres://…]")
	if !ok {
		return code
	}
	if verb != "migrate" {
		return fail(e, usageError{fmt.Sprintf("未知的 db 子命令 %q（可用：migrate）", verb)})
	}
	fs := newFlags(e, "db migrate", "db migrate [--db PATH|postgres://…]")
	db := dbFlag(fs)
	if _, code, ok := parseFlags(fs, rest); !ok {
		return code
	}
	st, err := store.Open(e.ctx, dbPath(e, *db), storecodec.New(templates(e)))
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	applied, err := st.Migrate(e.ctx)
	if err != nil {
		return fail(e, err)
	}
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "已应用迁移 %04d_%s\n", m.Number, m.Name)
	}
	v, err := st.SchemaVersion(e.ctx)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "数据库结构版本 %d（%s）\n", v, st.Dialect())
	return exitOK
}
