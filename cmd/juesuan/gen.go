package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/reportfile"
)

func init() {
	register(command{"gen", "生成一批一致的模拟决算报表（可注入已知错误），用于测试和性能评估", cmdGen})
}

func cmdGen(e *env, args []string) int {
	fs := newFlags(e, "gen", "gen --units N [--year YYYY] [--template ID] --seed S -o DIR [--faults K] [--fault-kinds missing-reason]")
	units := fs.Int("units", 10, "单位个数")
	year := fs.Int("year", 0, "决算年度（默认 2020；给出 --template 时默认为该模板的最后一个年度）")
	tplID := fs.String("template", "", "模板（默认为该年度的全国通用模板；juesuan templates 列出全部模板）")
	seed := fs.Uint64("seed", 1, "随机种子（相同种子生成相同数据）")
	out := fs.String("o", "", "输出目录")
	db := fs.String("db", "", "把生成的单位和报表存入数据库（SQLite 文件或 postgres://…），代替 -o")
	faults := fs.Int("faults", 0, "每份报表注入的表内/表间错误个数")
	kinds := fs.String("fault-kinds", "", "另外注入的问题类型，逗号分隔："+strings.Join(gen.SoftKinds, ","))
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" && *db == "" {
		return fail(e, usageError{"gen 需要 -o 输出目录或 --db 数据库"})
	}
	if *units < 1 || *units > 1_000_000 {
		return fail(e, usageError{"--units 应在 1 至 1000000 之间"})
	}
	if *faults < 0 || *faults > 20 {
		return fail(e, usageError{"--faults 应在 0 至 20 之间"})
	}
	var extra []string
	for _, k := range strings.Split(*kinds, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if !contains(gen.SoftKinds, k) {
			return fail(e, usageError{fmt.Sprintf("未知的问题类型 %q（可用：%s）", k, strings.Join(gen.SoftKinds, "、"))})
		}
		extra = append(extra, k)
	}
	if *year == 0 && *tplID == "" {
		*year = 2020
	}
	tpl, err := templates(e).For(*tplID, *year)
	if err != nil {
		return fail(e, err)
	}
	*year = tpl.Year
	// A family the generator cannot fill whole (tables known by title
	// only) gets a report generated in the default family of the year and
	// laid over its layout.
	base, _ := templates(e).For("", *year)
	opts := gen.Options{Units: *units, Seed: *seed, Faults: *faults, FaultKinds: extra}
	if *db != "" {
		// Each report is stored as it is made: memory holds one report,
		// not all of them.
		return genToStore(e, *db, func(fn func(gen.Generated) error) error {
			return gen.Each(tpl, base, audit.Program, opts, fn)
		})
	}
	gs, err := gen.In(tpl, base, audit.Program, opts)
	if err != nil {
		return fail(e, err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(e, fmt.Errorf("%s: 无法创建目录: %v", *out, err))
	}
	var manifest []gen.Fault
	for _, g := range gs {
		name := fmt.Sprintf("unit-%s.yaml", g.Unit.Code)
		var b bytes.Buffer
		if err := reportfile.Write(&b, tpl, g.Report); err != nil {
			return fail(e, err)
		}
		if err := writeFileAtomic(filepath.Join(*out, name), b.Bytes()); err != nil {
			return fail(e, fmt.Errorf("%s: 无法写入: %v", name, err))
		}
		for _, f := range g.Faults {
			f.File = name
			manifest = append(manifest, f)
		}
	}
	tree, _ := json.MarshalIndent(gen.Tree(*units, *seed), "", "  ")
	if err := writeFileAtomic(filepath.Join(*out, "units.json"), tree); err != nil {
		return fail(e, err)
	}
	if *faults > 0 || len(extra) > 0 {
		if manifest == nil {
			manifest = []gen.Fault{}
		}
		b, _ := json.MarshalIndent(manifest, "", "  ")
		if err := writeFileAtomic(filepath.Join(*out, "faults-manifest.json"), b); err != nil {
			return fail(e, err)
		}
	}
	fmt.Fprintf(e.stderr, "已生成 %d 份报表到 %s（注入 %d 个问题）\n", len(gs), *out, len(manifest))
	return exitOK
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// genToStore saves the generated unit tree and reports as first versions.
// genRoot is the code of the root unit gen --db creates.
const genRoot = "000000"

func genToStore(e *env, db string, each func(func(gen.Generated) error) error) int {
	st, err := openStore(e, db)
	if err != nil {
		return fail(e, err)
	}
	defer st.Close()
	// One tree with one root: the departments hang under a generated 本级
	// (its own report is not generated), so the whole tree aggregates at
	// genRoot.
	if _, err := st.Unit(e.ctx, genRoot); juesuan.ErrorCode(err) == juesuan.ENOTFOUND {
		root := &juesuan.Unit{Code: genRoot, Name: "某市（生成的单位树）", Kind: juesuan.KindAdministrative}
		if err := st.CreateUnit(e.ctx, root, actor(e)); err != nil {
			return fail(e, err)
		}
	} else if err != nil {
		return fail(e, err)
	}
	n := 0
	err = each(func(g gen.Generated) error {
		u := &juesuan.Unit{Code: g.Unit.Code, Name: g.Unit.Name, Kind: juesuan.UnitKind(g.Unit.Kind), Parent: g.Unit.Parent}
		if u.Parent == "" {
			u.Parent = genRoot
		}
		if !juesuan.ValidUnitKind(u.Kind) {
			u.Kind = juesuan.KindInstitution
		}
		if _, err := st.Unit(e.ctx, u.Code); juesuan.ErrorCode(err) == juesuan.ENOTFOUND {
			if err := st.CreateUnit(e.ctx, u, actor(e)); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		k := juesuan.ReportKey{Unit: u.Code, Year: g.Report.Year, Scope: juesuan.ScopeOwn}
		base := 0
		if info, err := st.ReportInfo(e.ctx, k); err == nil {
			base = info.Current
		}
		if _, err := st.SaveReport(e.ctx, k, base, g.Report, actor(e), "juesuan gen 生成"); err != nil {
			return fmt.Errorf("单位 %s: %v", u.Code, err)
		}
		n++
		return nil
	})
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stderr, "已生成 %d 个单位的报表并存入数据库（单位树的根为 %s，可 juesuan aggregate --unit %s 汇总全部）\n", n, genRoot, genRoot)
	return exitOK
}
