package reportfile

import (
	"fmt"
	"strconv"

	"github.com/goccy/go-yaml/ast"

	"github.com/juesuan/juesuan"
)

type rowDTO struct {
	Row       key
	Name      string
	Cells     []cellDTO // in the order written, no column twice
	line, col int
}

// cellDTO is one "栏次: 金额" of a row, the amount as its source text.
type cellDTO struct {
	col  key
	text string
}

// has says whether the row already has column k.
func (r *rowDTO) has(k key) bool {
	for _, c := range r.Cells {
		if c.col == k {
			return true
		}
	}
	return false
}

// splitTables returns the document without its `tables` key, and that key's
// value.
func splitTables(body ast.Node) (ast.Node, ast.Node) {
	m, ok := body.(*ast.MappingNode)
	if !ok {
		return body, nil
	}
	var tables ast.Node
	rest := *m
	rest.Values = nil
	for _, v := range m.Values {
		if k, ok := v.Key.(ast.ScalarNode); ok && fmt.Sprint(k.GetValue()) == "tables" {
			tables = v.Value
			continue
		}
		rest.Values = append(rest.Values, v)
	}
	return &rest, tables
}

func pos(n ast.Node) (int, int) {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return 0, 0
	}
	return n.GetToken().Position.Line, n.GetToken().Position.Column
}

// scalar returns a scalar node's text as written (122.40 stays "122.40").
func scalar(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.NullNode:
		return "", true
	case *ast.StringNode:
		return n.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	case *ast.LiteralNode:
		return n.Value.Value, true
	}
	return "", false
}

// readTables walks `tables:` — a mapping of table number to a list of
// {row, name, cells} — collecting every problem with its position.
func readTables(name string, n ast.Node) (map[key][]rowDTO, ErrorList) {
	out := map[key][]rowDTO{}
	var errs ErrorList
	add := func(at ast.Node, format string, args ...any) {
		l, c := pos(at)
		errs = append(errs, juesuan.Diagnostic{File: name, Line: l, Col: c, Message: fmt.Sprintf(format, args...)})
	}
	if n == nil {
		return out, nil
	}
	if _, null := n.(*ast.NullNode); null {
		return out, nil
	}
	tm, ok := n.(*ast.MappingNode)
	if !ok {
		add(n, "tables 应为“表号: 行列表”的映射")
		return out, errs
	}
	for _, tv := range tm.Values {
		tk, ok := scalar(tv.Key)
		if !ok {
			add(tv.Key, "表号应为数字")
			continue
		}
		if _, dup := out[key(tk)]; dup {
			add(tv.Key, "表 %s 重复", tk)
			continue
		}
		var rows []rowDTO
		switch list := tv.Value.(type) {
		case *ast.NullNode:
		case *ast.SequenceNode:
			for _, item := range list.Values {
				row, ok := readRow(item, add)
				if ok {
					rows = append(rows, row)
				}
			}
		default:
			add(tv.Value, "表 %s 应为行的列表（- {row: …, cells: {…}}）", tk)
			continue
		}
		out[key(tk)] = rows
	}
	return out, errs
}

func readRow(item ast.Node, add func(ast.Node, string, ...any)) (rowDTO, bool) {
	m, ok := item.(*ast.MappingNode)
	if !ok {
		add(item, "每一行应写作 {row: 行次或科目编码, cells: {栏次: 金额}}")
		return rowDTO{}, false
	}
	row := rowDTO{}
	row.line, row.col = pos(item)
	seen := map[string]bool{}
	for _, kv := range m.Values {
		k, _ := scalar(kv.Key)
		if seen[k] {
			add(kv.Key, "键 %s 重复", k)
			return rowDTO{}, false
		}
		seen[k] = true
		switch k {
		case "row":
			v, ok := scalar(kv.Value)
			if !ok {
				add(kv.Value, "row 应为行次或科目编码")
				return rowDTO{}, false
			}
			row.Row = key(v)
			row.line, row.col = pos(kv.Value)
		case "name":
			v, ok := scalar(kv.Value)
			if !ok {
				add(kv.Value, "name 应为科目名称文字")
				return rowDTO{}, false
			}
			row.Name = v
		case "cells":
			if _, null := kv.Value.(*ast.NullNode); null {
				continue
			}
			cm, ok := kv.Value.(*ast.MappingNode)
			if !ok {
				add(kv.Value, "cells 应为“栏次: 金额”的映射")
				return rowDTO{}, false
			}
			for _, cv := range cm.Values {
				ck, _ := scalar(cv.Key)
				if row.has(key(ck)) {
					add(cv.Key, "第 %s 栏重复", ck)
					return rowDTO{}, false
				}
				text, ok := scalar(cv.Value)
				if !ok {
					add(cv.Value, "第 %s 栏的金额应为数字", ck)
					return rowDTO{}, false
				}
				row.Cells = append(row.Cells, cellDTO{key(ck), text})
			}
		default:
			add(kv.Key, "未知的键 %s（行只能有 row、name、cells）", strconv.Quote(k))
			return rowDTO{}, false
		}
	}
	return row, true
}
