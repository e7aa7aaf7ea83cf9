package main

import (
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
)

func init() {
	register(command{"unit", "单位管理：unit add|list|move", cmdUnit})
}

func cmdUnit(e *env, args []string) int {
	verb, rest, code, ok := subcommand(e, args, "unit add|list|move …（各子命令有 --help）")
	if !ok {
		return code
	}
	switch verb {
	case "add":
		return cmdUnitAdd(e, rest)
	case "list":
		return cmdUnitList(e, rest)
	case "move":
		return cmdUnitMove(e, rest)
	}
	return fail(e, usageError{fmt.Sprintf("未知的 unit 子命令 %q（可用：add、list、move）", verb)})
}

func cmdUnitAdd(e *env, args []string) int {
	syn := "unit add CODE NAME [--kind 单位性质] [--parent CODE] [--from YYYY] [--to YYYY] [--db …]"
	fs := newFlags(e, "unit add", syn)
	db := dbFlag(fs)
	kind := fs.String("kind", string(juesuan.KindInstitution), "单位性质："+kinds())
	parent := fs.String("parent", "", "上级单位代码（不填为部门）")
	from := fs.Int("from", 0, "起始年度（0 不限）")
	to := fs.Int("to", 0, "终止年度（0 不限）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	u := &juesuan.Unit{Code: pos[0], Name: pos[1], Kind: juesuan.UnitKind(*kind), Parent: *parent, FromYear: *from, ToYear: *to}
	if err := st.CreateUnit(e.ctx, u, actor(e)); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "已添加单位 %s %s\n", u.Code, u.Name)
	return exitOK
}

func kinds() string {
	var ks []string
	for _, k := range juesuan.UnitKinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, "、")
}

func cmdUnitList(e *env, args []string) int {
	fs := newFlags(e, "unit list", "unit list [--under CODE] [--db …]")
	db := dbFlag(fs)
	under := fs.String("under", "", "只列出此单位及其下级")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	var us []*juesuan.Unit
	if *under != "" {
		us, err = st.Subtree(e.ctx, *under)
	} else {
		us, err = st.Units(e.ctx)
	}
	if err != nil {
		return fail(e, err)
	}
	printTree(e, us)
	return exitOK
}

// printTree prints units indented under their parents.
func printTree(e *env, us []*juesuan.Unit) {
	kids := map[string][]*juesuan.Unit{}
	in := map[string]bool{}
	for _, u := range us {
		in[u.Code] = true
	}
	var roots []*juesuan.Unit
	for _, u := range us {
		if u.Parent == "" || !in[u.Parent] {
			roots = append(roots, u)
		} else {
			kids[u.Parent] = append(kids[u.Parent], u)
		}
	}
	var walk func(u *juesuan.Unit, depth int)
	walk = func(u *juesuan.Unit, depth int) {
		years := ""
		if u.FromYear != 0 || u.ToYear != 0 {
			years = fmt.Sprintf("  %s–%s", yearOrOpen(u.FromYear), yearOrOpen(u.ToYear))
		}
		fmt.Fprintf(e.stdout, "%s%s\t%s\t%s%s\n", strings.Repeat("  ", depth), u.Code, u.Name, u.Kind, years)
		for _, k := range kids[u.Code] {
			walk(k, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
}

func yearOrOpen(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprint(y)
}

func cmdUnitMove(e *env, args []string) int {
	syn := "unit move CODE --parent NEWPARENT [--db …]（--parent \"\" 设为部门）"
	fs := newFlags(e, "unit move", syn)
	db := dbFlag(fs)
	parent := fs.String("parent", "", "新的上级单位代码")
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
	if err := st.MoveUnit(e.ctx, pos[0], *parent, actor(e)); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "已把单位 %s 移到 %s 之下\n", pos[0], orDept(*parent))
	return exitOK
}

func orDept(p string) string {
	if p == "" {
		return "顶层（部门）"
	}
	return p
}
