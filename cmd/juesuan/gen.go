package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/gen"
	"github.com/juesuan/juesuan/internal/reportfile"
)

func init() {
	register(command{"gen", "生成一批一致的模拟决算报表（可注入已知错误），用于测试和性能评估", cmdGen})
}

func cmdGen(e *env, args []string) int {
	fs := newFlags(e, "gen", "gen --units N --year YYYY --seed S -o DIR [--faults K] [--fault-kinds missing-reason]")
	units := fs.Int("units", 10, "单位个数")
	year := fs.Int("year", 2020, "决算年度")
	seed := fs.Uint64("seed", 1, "随机种子（相同种子生成相同数据）")
	out := fs.String("o", "", "输出目录")
	faults := fs.Int("faults", 0, "每份报表注入的表内/表间错误个数")
	kinds := fs.String("fault-kinds", "", "另外注入的问题类型，逗号分隔："+strings.Join(gen.SoftKinds, ","))
	if _, code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" {
		return fail(e, usageError{"gen 需要 -o 输出目录"})
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
	tpl, err := templates(e).Load(strconv.Itoa(*year))
	if err != nil {
		return fail(e, err)
	}
	p, err := audit.Program(tpl)
	if err != nil {
		return fail(e, err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(e, fmt.Errorf("%s: 无法创建目录: %v", *out, err))
	}
	gs := gen.Generate(p, *year, gen.Options{Units: *units, Seed: *seed, Faults: *faults, FaultKinds: extra})
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
