package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/juesuan/juesuan/internal/identify"
)

func cmdIdentify(e *env, args []string) int {
	syn := "identify FILE|DIR… [--format text|json]"
	fs := newFlags(e, "identify", syn)
	format := fs.String("format", "text", "输出格式：text 或 json（多个文件时每行一个 JSON 对象）")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		return fail(e, usageError{fmt.Sprintf("未知的输出格式 %q（可用：text、json）", *format)})
	}
	if len(pos) == 0 {
		return fail(e, usageError{"用法: juesuan " + syn})
	}
	files, err := identifyInputs(pos)
	if err != nil {
		return fail(e, err)
	}
	cands, err := identify.Candidates(templates(e))
	if err != nil {
		return fail(e, err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	if len(files) == 1 {
		enc.SetIndent("", " ")
	}
	code = exitOK
	for _, f := range files {
		in, err := identify.File(f)
		if err != nil {
			fmt.Fprintln(e.stderr, "juesuan: "+err.Error())
			code = exitUsage
			continue
		}
		in.Template, in.Reason = identify.Match(in, cands)
		if *format == "json" {
			if err := enc.Encode(in); err != nil {
				return fail(e, err)
			}
			continue
		}
		printIdentity(e.stdout, in)
	}
	return code
}

// identifyInputs expands directories into the documents they hold.
func identifyInputs(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			// identify.File says why a file cannot be read, in its turn.
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			for _, x := range identify.Extensions {
				if !d.IsDir() && ext == x {
					found = append(found, p)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: 无法读取目录：%v", a, err)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: 目录中没有可识别的文件（%s）", a, strings.Join(identify.Extensions, "、"))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

func printIdentity(w io.Writer, in *identify.Info) {
	or := func(s string) string {
		if s == "" {
			return "（未写明）"
		}
		return s
	}
	year := "（未写明）"
	if in.Year != 0 {
		year = fmt.Sprintf("%d 年度", in.Year)
	}
	place := or(in.Region)
	if in.Locality != "" {
		place += " " + in.Locality
	}
	fmt.Fprintf(w, "%s\n", in.File)
	fmt.Fprintf(w, "  类型：%s\n  年度：%s\n  单位：%s\n  地区：%s\n  金额单位：%s\n", or(in.Kind), year, or(in.Unit), place, or(in.MoneyUnit))
	if in.Template != "" {
		fmt.Fprintf(w, "  模板：%s（%s）\n", in.Template, in.Reason)
	} else {
		fmt.Fprintf(w, "  模板：无（%s）\n", in.Reason)
	}
	states := map[string]string{identify.Filled: "有数据", identify.Empty: "空表", identify.Missing: "目录中列出但正文未见"}
	fmt.Fprintf(w, "  表（%d 张）：\n", len(in.Tables))
	for i, t := range in.Tables {
		where := fmt.Sprintf("第 %d 行", t.Line)
		if t.Page > 0 {
			where = fmt.Sprintf("第 %d 页", t.Page)
		}
		if t.State == identify.Missing {
			where = "目录" + where
		}
		fmt.Fprintf(w, "    %2d. %s  %s  %s\n", i+1, t.Title, states[t.State], where)
	}
}
