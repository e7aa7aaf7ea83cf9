package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	reSuggestCmd  = regexp.MustCompile(`juesuan ([a-z]+)((?: [a-z]+)?)((?: [^，。；）)\n]*)?)`)
	reSuggestFlag = regexp.MustCompile(`(?:^|[^a-zA-Z0-9-])--([a-z][a-z-]*)`)
)

// TestSuggestionsExist: every `juesuan CMD` and `--flag` that a message
// of ours suggests exists, so no user is sent to a command or a flag that
// is not there. It reads every string literal of the non-test Go code.
func TestSuggestionsExist(t *testing.T) {
	root := "../.."
	helps := map[string]string{} // command → its --help text
	help := func(cmd string) string {
		if h, ok := helps[cmd]; ok {
			return h
		}
		_, out, errs := runCmd(t, append(strings.Fields(cmd), "--help")...)
		helps[cmd] = out + errs
		return helps[cmd]
	}
	reSubs := regexp.MustCompile(`([a-z]+)((?:\|[a-z]+)+)`)
	all := ""
	allFlags := func() string {
		if all != "" {
			return all
		}
		var b strings.Builder
		b.WriteString("-help ")
		for _, c := range commands {
			h := help(c.name)
			b.WriteString(h)
			// Commands with subcommands (unit add|list|move) list them.
			for _, m := range reSubs.FindAllStringSubmatch(h, -1) {
				for _, sub := range strings.Split(m[1]+m[2], "|") {
					b.WriteString(help(c.name + " " + sub))
				}
			}
		}
		all = b.String()
		return all
	}
	checked := 0
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !hasHan(s) {
				return true
			}
			for _, m := range reSuggestCmd.FindAllStringSubmatch(s, -1) {
				name := m[1]
				if !commandExists(name) {
					t.Errorf("%s: 建议了不存在的命令 juesuan %s：%q", fset.Position(lit.Pos()), name, s)
					continue
				}
				checked++
				for _, fm := range reSuggestFlag.FindAllStringSubmatch(m[3], -1) {
					cmd := name
					if sub := strings.TrimSpace(m[2]); sub != "" && strings.Contains(help(name), sub) {
						cmd = name + " " + sub
					}
					if !strings.Contains(help(cmd), "-"+fm[1]) {
						t.Errorf("%s: juesuan %s 没有 --%s：%q", fset.Position(lit.Pos()), cmd, fm[1], s)
					}
				}
			}
			// Flags of other programs (soffice, pdftotext) are theirs.
			if reSuggestCmd.MatchString(s) || strings.Contains(s, "soffice ") || strings.Contains(s, "pdftotext ") {
				return true
			}
			for _, fm := range reSuggestFlag.FindAllStringSubmatch(s, -1) {
				checked++
				if !strings.Contains(allFlags(), "-"+fm[1]+" ") && !strings.Contains(allFlags(), "-"+fm[1]+"\n") {
					t.Errorf("%s: 没有任何命令有 --%s：%q", fset.Position(lit.Pos()), fm[1], s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("only %d suggestions found: the scan is broken", checked)
	}
}

func commandExists(name string) bool {
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
