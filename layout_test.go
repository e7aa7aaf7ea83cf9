package juesuan

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// layoutLiterals lists the places of a Go file that address a year's
// layout by number: a table number written as an integer literal next to
// a row or in a cell/row reference. Layouts differ between families (an
// 8-table family renumbers every table after 三公), so code reaches a
// table through Template.Key, Template.TableByRole or the table's rows.
func layoutLiterals(fset *token.FileSet, f *ast.File) []string {
	var out []string
	report := func(n ast.Node, what string) {
		out = append(out, fmt.Sprintf("%s: %s", fset.Position(n.Pos()), what))
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			if name := typeName(x.Type); name == "CellRef" || name == "RowRef" {
				if table := refTable(x); table != nil && isInt(table) {
					report(x, name+" with a literal table number")
				}
			}
		case *ast.CallExpr:
			// c(1, "30", "1"), set(7, "1", "8", v): a table number then a row.
			if len(x.Args) >= 2 && isInt(x.Args[0]) && isString(x.Args[1]) {
				report(x, "table number and row as literals")
			}
			// tpl.Table(3), r.TableEmpty(7).
			if name := funcName(x.Fun); strings.HasPrefix(name, "Table") && name != "TableByRole" {
				for _, a := range x.Args {
					if isInt(a) {
						report(x, name+" with a literal table number")
					}
				}
			}
		case *ast.IndexExpr:
			// tpl.Tables[4] is 表5 of one layout.
			if sel, ok := x.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Tables" && isInt(x.Index) {
				report(x, "Tables indexed by a literal")
			}
		case *ast.RangeStmt:
			// for _, n := range []int{5, 3, 2} { … Table(n) … }
			if v, ok := x.Value.(*ast.Ident); ok && intList(x.X) && usesAsTable(x.Body, v.Name) {
				report(x, "tables listed by number")
			}
		case *ast.BinaryExpr:
			// rr.Table == 5.
			if x.Op == token.EQL || x.Op == token.NEQ {
				if isTableField(x.X) && isInt(x.Y) || isTableField(x.Y) && isInt(x.X) {
					report(x, "table number compared with a literal")
				}
			}
		}
		return true
	})
	return out
}

// intList reports whether e is a literal list of integers: []int{2, 3}.
func intList(e ast.Expr) bool {
	cl, ok := e.(*ast.CompositeLit)
	if !ok || len(cl.Elts) == 0 {
		return false
	}
	for _, el := range cl.Elts {
		if !isInt(el) {
			return false
		}
	}
	return true
}

// usesAsTable reports whether body passes name as a table number: to a
// Table… call or as the Table of a CellRef or RowRef.
func usesAsTable(body ast.Node, name string) bool {
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == name
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if strings.HasPrefix(funcName(x.Fun), "Table") {
				for _, a := range x.Args {
					found = found || is(a)
				}
			}
		case *ast.CompositeLit:
			if name := typeName(x.Type); name == "CellRef" || name == "RowRef" {
				if t := refTable(x); t != nil && is(t) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

func funcName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// refTable is the Table field of a CellRef or RowRef literal, keyed or
// positional (the first element).
func refTable(x *ast.CompositeLit) ast.Expr {
	for i, el := range x.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Table" {
				return kv.Value
			}
			continue
		}
		if i == 0 {
			return el
		}
	}
	return nil
}

func isInt(e ast.Expr) bool {
	b, ok := e.(*ast.BasicLit)
	return ok && b.Kind == token.INT
}

func isString(e ast.Expr) bool {
	b, ok := e.(*ast.BasicLit)
	return ok && b.Kind == token.STRING
}

func isTableField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Table"
}

// TestNoLayoutLiteralsInGo: outside the layout data (years/) and tests,
// no Go code names a table by its number.
func TestNoLayoutLiteralsInGo(t *testing.T) {
	fset := token.NewFileSet()
	var found []string
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "years" || p == "testdata" || strings.HasPrefix(d.Name(), ".") && p != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		found = append(found, layoutLiterals(fset, f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read %d Go files: not run from the repository root?", files)
	}
	sort.Strings(found)
	for _, s := range found {
		t.Error(s)
	}
}

// TestLayoutLiteralsCatchesOldCode: the patterns the layout code used
// before keys are found, and their keyed forms are not.
func TestLayoutLiteralsCatchesOldCode(t *testing.T) {
	cases := []struct {
		name, src string
		want      int
	}{
		{"cell helper", `d.Total = c(1, "30", "1")`, 1},
		{"setter", `set(7, "1", "8", abroad)`, 1},
		{"ref", `x := []juesuan.CellRef{ref(1, "1", "1"), ref(1, "2", "1")}`, 2},
		{"keyed CellRef", `v := r.Cells[juesuan.CellRef{Table: 7, Row: "1", Col: "7"}]`, 1},
		{"keyed CellRef variable row", `ref := juesuan.CellRef{Table: 4, Row: p[0], Col: "1"}`, 1},
		{"positional CellRef", `v := CellRef{1, "27", "1"}`, 1},
		{"RowRef", `n := r.RowNames[juesuan.RowRef{Table: 6, Row: k}]`, 1},
		{"Table", `t3, ok := tpl.Table(3)`, 1},
		{"TableEmpty", `sg.Zero = r.TableEmpty(7)`, 1},
		{"Tables index", `for _, row := range tpl.Tables[0].Rows {}`, 1},
		{"comparison", `if rr.Table == 5 {}`, 1},
		{"numbered list", `for _, n := range []int{5, 3, 2} { ts, _ := tpl.Table(n); _ = ts }`, 1},
		{"numbered list in a ref", `for _, n := range []int{5, 3} { s := r.RowNames[juesuan.RowRef{Table: n, Row: code}] }`, 1},
		{"widths", `for _, w := range []int{5, 3} { total += w }`, 0},
		{"keys", `c, ok := tpl.Key("income_total"); ts, _ := tpl.TableByRole("sangong"); x := CellRef{Table: ts.Number, Row: k, Col: "1"}; _ = r.TableEmpty(ts.Number)`, 0},
		{"unrelated", `s := strings.Repeat("-", 3); fmt.Sprintf("%d", 1); x := f(2, y, "z")`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\nfunc f() {\n" + tc.src + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := layoutLiterals(fset, f); len(got) != tc.want {
				t.Errorf("found %d, want %d: %v", len(got), tc.want, got)
			}
		})
	}
}
