package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/reportfile"
)

func init() {
	register(command{"load", "把报表文件存入数据库（每次存为新版本）", cmdLoad})
	register(command{"export", "从数据库导出报表文件", cmdExport})
	register(command{"aggregate", "汇总单位及其下级（或所选单位）的报表", cmdAggregate})
	register(command{"history", "列出报表的版本和审核记录", cmdHistory})
}

func scopeFlag(s string) (juesuan.Scope, error) {
	sc := juesuan.Scope(s)
	if !juesuan.ValidScope(sc) {
		return "", usageError{fmt.Sprintf("--scope 应为 本级 或 汇总，而不是 %q", s)}
	}
	return sc, nil
}

func cmdLoad(e *env, args []string) int {
	syn := "load FILE… [--unit CODE] [--parent CODE] [--scope 本级|汇总] [--year YYYY] [--reason 说明] [--db …]"
	fs := newFlags(e, "load", syn)
	db := dbFlag(fs)
	unit := fs.String("unit", "", "单位代码（默认取报表文件的 unit.code；只能与一个文件同用）")
	parent := fs.String("parent", "", "新建单位时的上级单位代码")
	scopeS := fs.String("scope", string(juesuan.ScopeOwn), "口径：本级 或 汇总")
	year := fs.Int("year", 0, "决算年度（文件未写明时）")
	tplID := templateFlag(fs)
	reason := fs.String("reason", "导入", "本次保存的说明")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	scope, err := scopeFlag(*scopeS)
	if err != nil {
		return fail(e, err)
	}
	if len(pos) == 0 || (*unit != "" && len(pos) > 1) {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	for _, path := range pos {
		r, _, err := loadReport(e, path, *year, *tplID)
		if err != nil {
			return fail(e, err)
		}
		c := *unit
		if c == "" {
			c = strings.TrimSpace(r.Unit.Code)
		}
		if c == "" {
			return fail(e, fmt.Errorf("%s: 报表没有单位代码（unit.code），请用 --unit 指定", path))
		}
		u, err := st.Unit(e.ctx, c)
		if err == nil {
			if w := importer.UnitMismatch(path, c, u.Name, r.Unit.Name); w != "" {
				fmt.Fprintln(e.stderr, w)
			}
		}
		if juesuan.ErrorCode(err) == juesuan.ENOTFOUND {
			kind := juesuan.UnitKind(r.Unit.Kind)
			if !juesuan.ValidUnitKind(kind) {
				kind = juesuan.KindInstitution
			}
			name := r.Unit.Name
			if name == "" {
				name = c
			}
			if err := st.CreateUnit(e.ctx, &juesuan.Unit{Code: c, Name: name, Kind: kind, Parent: *parent}, actor(e)); err != nil {
				return fail(e, fmt.Errorf("%s: %v", path, err))
			}
			fmt.Fprintf(e.stderr, "已新建单位 %s %s\n", c, name)
		} else if err != nil {
			return fail(e, err)
		}
		k := juesuan.ReportKey{Unit: c, Year: r.Year, Scope: scope}
		base := 0
		if info, err := st.ReportInfo(e.ctx, k); err == nil {
			base = info.Current
		} else if juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			return fail(e, err)
		}
		v, err := st.SaveReport(e.ctx, k, base, r, actor(e), *reason)
		if err != nil {
			return fail(e, fmt.Errorf("%s: %v", path, err))
		}
		fmt.Fprintf(e.stdout, "%s → 单位 %s %d 年度 %s 第 %d 版（%d 个单元格）\n", path, c, r.Year, scope, v.Number, v.Cells)
	}
	return exitOK
}

func cmdExport(e *env, args []string) int {
	syn := "export --unit CODE --year YYYY [--scope 本级|汇总] [--version N] [-o OUT] [--db …]"
	fs := newFlags(e, "export", syn)
	db := dbFlag(fs)
	unit := fs.String("unit", "", "单位代码")
	year := fs.Int("year", 0, "决算年度")
	scopeS := fs.String("scope", string(juesuan.ScopeOwn), "口径：本级 或 汇总")
	version := fs.Int("version", 0, "版本号（默认当前版本）")
	out := fs.String("o", "", "输出文件（默认标准输出）")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	scope, err := scopeFlag(*scopeS)
	if err != nil {
		return fail(e, err)
	}
	if *unit == "" || *year == 0 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	body, err := st.VersionBody(e.ctx, juesuan.ReportKey{Unit: *unit, Year: *year, Scope: scope}, *version)
	if err != nil {
		return fail(e, err)
	}
	return writeOut(e, *out, []byte(body))
}

func writeOut(e *env, out string, b []byte) int {
	if out == "" || out == "-" {
		e.stdout.Write(b)
		return exitOK
	}
	if err := writeFileAtomic(out, b); err != nil {
		return fail(e, fmt.Errorf("%s: 无法写入: %v", out, err))
	}
	fmt.Fprintf(e.stderr, "已写入 %s\n", out)
	return exitOK
}

func cmdAggregate(e *env, args []string) int {
	syn := "aggregate --unit CODE --year YYYY -o OUT [--units A,B,…] [--save] [--db …]\n       juesuan aggregate FILE|DIR… -o OUT [--unit CODE] [--name 名称]（汇总报表文件，在内存中完成）"
	fs := newFlags(e, "aggregate", syn)
	name := fs.String("name", "汇总", "汇总报表文件时：汇总单位的名称")
	db := dbFlag(fs)
	unit := fs.String("unit", "", "汇总到的单位（完全汇总：此单位及全部下级的本级报表）")
	year := fs.Int("year", 0, "决算年度")
	units := fs.String("units", "", "选择汇总：只汇总这些单位（逗号分隔）")
	out := fs.String("o", "", "输出的报表文件（.yaml，- 为标准输出）")
	save := fs.Bool("save", false, "同时把汇总结果存为该单位的“汇总”口径新版本")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		if *out == "" || *save || *units != "" {
			return fail(e, usageError{"汇总报表文件需要 -o，且不能与 --save、--units 同用。用法: juesuan " + syn})
		}
		return aggregateFiles(e, pos, *out, *unit, *name, *year, "")
	}
	if *unit == "" || *year == 0 || *out == "" {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	u, err := st.Unit(e.ctx, *unit)
	if err != nil {
		return fail(e, err)
	}
	tpl, err := templates(e).Load(fmt.Sprint(*year))
	if err != nil {
		return fail(e, err)
	}
	var chosen []string
	if *units != "" {
		for _, c := range strings.Split(*units, ",") {
			if c = strings.TrimSpace(c); c != "" {
				chosen = append(chosen, c)
			}
		}
	}
	profile := juesuan.Profile{Code: u.Code, Name: u.Name, Kind: string(u.Kind)}
	r, used, err := aggregate.FromStore(e.ctx, st, tpl, u.Code, chosen, juesuan.ScopeOwn, profile)
	if err != nil {
		return fail(e, err)
	}
	var b bytes.Buffer
	if err := reportfile.Write(&b, tpl, r); err != nil {
		return fail(e, err)
	}
	if code := writeOut(e, *out, b.Bytes()); code != exitOK {
		return code
	}
	fs2, err := audit.Check(tpl, r)
	if err != nil {
		return fail(e, err)
	}
	c := juesuan.Count(fs2)
	fmt.Fprintf(e.stderr, "汇总了 %d 个单位（%s）：%d 个单元格；审核 %d 个错误，%d 个警告\n", len(used), unitList(used), len(r.Cells), c.Error, c.Warning)
	if *save {
		k := juesuan.ReportKey{Unit: u.Code, Year: *year, Scope: juesuan.ScopeAggregate}
		base := 0
		if info, err := st.ReportInfo(e.ctx, k); err == nil {
			base = info.Current
		}
		v, err := st.SaveReport(e.ctx, k, base, r, actor(e), "汇总 "+unitList(used))
		if err != nil {
			return fail(e, err)
		}
		fmt.Fprintf(e.stderr, "已存为单位 %s %d 年度 汇总 第 %d 版\n", u.Code, *year, v.Number)
	}
	return exitOK
}

// unitList names the first units of a list and counts the rest, so that a
// 汇总 of thousands of units prints one short line.
func unitList(units []string) string {
	const shown = 10
	if len(units) <= shown {
		return strings.Join(units, "、")
	}
	return fmt.Sprintf("%s 等 %d 个", strings.Join(units[:shown], "、"), len(units))
}

func cmdHistory(e *env, args []string) int {
	syn := "history --unit CODE --year YYYY [--scope 本级|汇总] [--db …]"
	fs := newFlags(e, "history", syn)
	db := dbFlag(fs)
	unit := fs.String("unit", "", "单位代码")
	year := fs.Int("year", 0, "决算年度")
	scopeS := fs.String("scope", string(juesuan.ScopeOwn), "口径：本级 或 汇总")
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	scope, err := scopeFlag(*scopeS)
	if err != nil {
		return fail(e, err)
	}
	if *unit == "" || *year == 0 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	st, err := openStore(e, *db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	k := juesuan.ReportKey{Unit: *unit, Year: *year, Scope: scope}
	info, err := st.ReportInfo(e.ctx, k)
	if err != nil {
		return fail(e, err)
	}
	vs, err := st.Versions(e.ctx, k)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "单位 %s %d 年度 %s：当前第 %d 版，状态 %s\n\n版本\t时间\t保存人\t单元格\t说明\n", *unit, *year, scope, info.Current, info.State)
	for _, v := range vs {
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%d\t%s\n", v.Number, v.Created.Local().Format("2006-01-02 15:04:05"), v.Author, v.Cells, v.Reason)
	}
	h, err := st.ReviewHistory(e.ctx, k)
	if err != nil {
		return fail(e, err)
	}
	if len(h) > 0 {
		fmt.Fprintln(e.stdout, "\n审核记录\t时间\t操作人\t版本\t意见")
		for _, ev := range h {
			fmt.Fprintf(e.stdout, "%s → %s\t%s\t%s\t%d\t%s\n", ev.From, ev.To, ev.At.Local().Format("2006-01-02 15:04:05"), ev.Actor, ev.Version, ev.Comment)
		}
	}
	return exitOK
}
