package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
)

func init() {
	register(command{"user", "用户管理：user add|passwd|grant|token", cmdUser})
}

func cmdUser(e *env, args []string) int {
	verb, rest, code, ok := subcommand(e, args, "user add|passwd|grant|token …（各子命令有 --help）")
	if !ok {
		return code
	}
	switch verb {
	case "add", "passwd":
		return cmdUserPassword(e, verb, rest)
	case "grant":
		return cmdUserGrant(e, rest)
	case "token":
		return cmdUserToken(e, rest)
	}
	return fail(e, usageError{fmt.Sprintf("未知的 user 子命令 %q（可用：add、passwd、grant、token）", verb)})
}

// readPassword takes the first line of standard input, so that passwords
// never appear in the process list or shell history.
func readPassword(e *env) (string, error) {
	sc := bufio.NewScanner(e.stdin)
	if !sc.Scan() {
		return "", usageError{"请从标准输入提供密码（一行），例如: echo \"$PW\" | juesuan user add NAME"}
	}
	return strings.TrimRight(sc.Text(), "\r"), nil
}

func cmdUserPassword(e *env, verb string, args []string) int {
	syn := "user " + verb + " NAME [--db …]（密码从标准输入读取）"
	fs := newFlags(e, "user "+verb, syn)
	db := dbFlag(fs)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	pw, err := readPassword(e)
	if err != nil {
		return fail(e, err)
	}
	if err := store.CheckPassword(pos[0], pw); err != nil {
		return fail(e, fmt.Errorf("用户 %s：%w", pos[0], err))
	}
	hash, err := store.HashPassword(pw)
	if err != nil {
		return fail(e, err)
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	if verb == "add" {
		_, err = st.CreateUser(e.ctx, pos[0], hash, actor(e))
	} else {
		err = st.SetPassword(e.ctx, pos[0], hash, actor(e))
	}
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "已设置用户 %s 的密码\n", pos[0])
	return exitOK
}

func cmdUserGrant(e *env, args []string) int {
	syn := "user grant NAME --role 填报人|审核人|管理员 --unit CODE [--db …]"
	fs := newFlags(e, "user grant", syn)
	db := dbFlag(fs)
	role := fs.String("role", "", "角色：填报人、审核人 或 管理员")
	unit := fs.String("unit", "", "单位代码（角色作用于此单位及其全部下级）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || *role == "" || *unit == "" {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	if err := st.Grant(e.ctx, pos[0], juesuan.Role(*role), *unit, actor(e)); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "已授予用户 %s 在单位 %s 及其下级的“%s”角色\n", pos[0], *unit, *role)
	return exitOK
}

func cmdUserToken(e *env, args []string) int {
	syn := "user token NAME [--label 说明] [--revoke] [--db …]"
	fs := newFlags(e, "user token", syn)
	db := dbFlag(fs)
	label := fs.String("label", "api", "令牌用途")
	revoke := fs.Bool("revoke", false, "撤销该用户的全部令牌（不签发新令牌）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	if *revoke {
		n, err := st.RevokeTokens(e.ctx, pos[0], actor(e))
		if err != nil {
			return fail(e, err)
		}
		fmt.Fprintf(e.stdout, "已撤销用户 %s 的 %d 个令牌\n", pos[0], n)
		return exitOK
	}
	tok, err := st.CreateToken(e.ctx, pos[0], *label, actor(e))
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintln(e.stdout, tok)
	fmt.Fprintf(e.stderr, "令牌只显示这一次，%d 天后过期（可用 --revoke 提前撤销）；API 请求头：Authorization: Bearer <令牌>\n", int(juesuan.APITokenTTL.Hours()/24))
	return exitOK
}
