package main

import (
	"fmt"
	"os"

	"github.com/juesuan/juesuan/internal/catalogimport"
)

func init() {
	register(command{"catalog", "导入财政部正式的科目目录（CSV 或 XLSX），生成使用它的年度模板目录", cmdCatalog})
}

func cmdCatalog(e *env, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(e.stdout, "用法: juesuan catalog import FILE --template 2020 --catalog function|economic|economic_gov -o DIR")
		fmt.Fprintln(e.stdout, "\n生成的 DIR/<模板> 是完整的年度模板；设置 JUESUAN_YEARS=DIR 后所有命令都使用该目录。")
		if len(args) == 0 {
			return exitUsage
		}
		if args[0] == "--help" || args[0] == "-h" {
			return exitOK
		}
		return exitUsage
	}
	fs := newFlags(e, "catalog import", "catalog import FILE --template national --catalog function -o DIR")
	tplID := fs.String("template", "national", "模板（juesuan templates 列出全部模板）")
	key := fs.String("catalog", "function", "科目目录：function（支出功能分类）、economic（部门预算支出经济分类）或 economic_gov（政府预算支出经济分类）")
	out := fs.String("o", "", "输出目录（年度模板目录的上一级）")
	pos, code, ok := parseFlags(fs, args[1:])
	if !ok {
		return code
	}
	if len(pos) != 1 || *out == "" {
		return fail(e, usageError{"用法: juesuan catalog import FILE --template national --catalog function -o DIR"})
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fail(e, fmt.Errorf("%s: 无法读取文件: %v", pos[0], err))
	}
	entries, err := catalogimport.Read(pos[0], data)
	if err != nil {
		return fail(e, err)
	}
	l := templates(e)
	fam, err := l.Family(*tplID)
	if err != nil {
		return fail(e, err)
	}
	// The catalog in force in the year the reference names ("2020",
	// "national@2020"); a bare family id means its last year.
	ref := *tplID
	*tplID = fam.ID
	tpl, err := l.Load(ref)
	if err != nil {
		return fail(e, err)
	}
	rep := catalogimport.Compare(entries, tpl.Catalogs[*key])
	if err := catalogimport.WriteTemplate(l.FS, *tplID, *key, *out, pos[0], entries); err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "已导入 %d 个科目（新增 %d 个，名称不同 %d 个，原目录中有而正式目录中没有 %d 个）到 %s/%s\n",
		rep.Entries, rep.Added, rep.Renamed, rep.Dropped, *out, *tplID)
	if len(rep.Orphans) > 0 {
		fmt.Fprintf(e.stderr, "注意：%d 个科目的上级科目不在文件中，例如 %s\n", len(rep.Orphans), rep.Orphans[0])
	}
	fmt.Fprintf(e.stdout, "使用方法：JUESUAN_YEARS=%s juesuan check 报表\n", *out)
	return exitOK
}
