package check

import (
	"strings"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// expr compiles an expression; it returns nil after reporting an error.
// The int result is the table a KKeys value ranges over (rows of table n),
// or 0.
func (c *compiler) expr(x syntax.Expr, sc *scope) (evalFn, Kind, int) {
	switch x := x.(type) {
	case *syntax.NumberLit:
		a, err := juesuan.ParseAmount(x.Text, juesuan.UnitWanyuan)
		if err != nil {
			c.errorf(x.Pos, "数字 %s 无效", x.Text)
			return nil, 0, 0
		}
		v := num(a)
		return func(*Env) Value { return v }, KNum, 0
	case *syntax.StringLit:
		v := Value{Kind: KStr, Str: x.Value}
		return func(*Env) Value { return v }, KStr, 0
	case *syntax.BoolLit:
		v := boolean(x.Value)
		return func(*Env) Value { return v }, KBool, 0
	case *syntax.Ident:
		if slot, k, tbl, ok := sc.lookup(x.Name); ok {
			return func(env *Env) Value { return env.vars[slot] }, k, tbl
		}
		if n := tableNumber(x.Name); n > 0 {
			ts, ok := c.t.Table(n)
			if !ok {
				c.errorf(x.Pos, "年度模板 %s 没有表%d", c.t.ID, n)
				return nil, 0, 0
			}
			if ts.IsGeneric() {
				c.errorf(x.Pos, "%s", genericRef(ts))
				return nil, 0, 0
			}
			v := Value{Kind: KTable, Table: n}
			return func(*Env) Value { return v }, KTable, 0
		}
		c.errorf(x.Pos, "未知的名称 %s", x.Name)
	case *syntax.UnaryExpr:
		f, k, _ := c.expr(x.X, sc)
		if f == nil {
			return nil, 0, 0
		}
		switch {
		case x.Op == "-" && (k == KNum || k == KVec):
			return func(env *Env) Value {
				v := flatten(f(env))
				v.Num = -v.Num
				return v
			}, KNum, 0
		case x.Op == "!" && k == KBool:
			return func(env *Env) Value {
				v := f(env)
				if v.Out == Pass {
					v.Out = Fail
				} else {
					v.Out = Pass
				}
				v.Cmp = nil
				return v
			}, KBool, 0
		}
		c.errorf(x.Pos, "运算符 %s 不能用于%s", x.Op, k)
	case *syntax.BinaryExpr:
		return c.binary(x, sc)
	case *syntax.CallExpr:
		return c.call(x, sc)
	case *syntax.IndexExpr:
		return c.index(x, sc)
	case *syntax.ListExpr:
		var keys []string
		for _, e := range x.Elems {
			k, ok := literalKey(e)
			if !ok {
				c.errorf(e.Position(), "列表中只能是行次、科目编码或栏次")
				return nil, 0, 0
			}
			keys = append(keys, k)
		}
		v := Value{Kind: KKeys, Keys: keys}
		return func(*Env) Value { return v }, KKeys, 0
	case *syntax.RangeExpr:
		c.errorf(x.Pos, "范围 a..b 只能用在表的行或栏位置，如 T1[1..8, 1]")
	default:
		c.errorf(x.Position(), "无法识别的表达式")
	}
	return nil, 0, 0
}

// tableNumber maps T1 / 表1 to 1.
func tableNumber(name string) int {
	s := strings.TrimPrefix(strings.TrimPrefix(name, "T"), "表")
	if s == name || s == "" || len(s) > 2 {
		return 0
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func literalKey(e syntax.Expr) (string, bool) {
	switch e := e.(type) {
	case *syntax.NumberLit:
		return e.Text, true
	case *syntax.StringLit:
		return e.Value, true
	}
	return "", false
}

func (c *compiler) binary(x *syntax.BinaryExpr, sc *scope) (evalFn, Kind, int) {
	l, lk, _ := c.expr(x.X, sc)
	r, rk, _ := c.expr(x.Y, sc)
	if l == nil || r == nil {
		return nil, 0, 0
	}
	numeric := func(k Kind) bool { return k == KNum || k == KVec }
	switch x.Op {
	case "+", "-", "*", "/":
		if !numeric(lk) || !numeric(rk) {
			c.errorf(x.Pos, "运算符 %s 两边应为金额", x.Op)
			return nil, 0, 0
		}
		op := x.Op
		return func(env *Env) Value {
			a, b := flatten(l(env)), flatten(r(env))
			out := Value{Kind: KNum, Cells: mergeCells(a.Cells, b.Cells), Refs: mergeCells(a.Refs, b.Refs), Terms: a.Terms + b.Terms}
			switch op {
			case "+":
				out.Num = a.Num + b.Num
			case "-":
				out.Num = a.Num - b.Num
			case "*":
				out.Num = mulDiv(a.Num, b.Num, juesuan.Wanyuan)
			case "/":
				if b.Num == 0 {
					out.Num = 0
				} else {
					out.Num = mulDiv(a.Num, juesuan.Wanyuan, b.Num)
				}
			}
			return out
		}, KNum, 0
	case "==", "!=", "<", "<=", ">", ">=":
		if numeric(lk) && numeric(rk) {
			return c.compare(x, l, r), KBool, 0
		}
		if lk == KStr && rk == KStr && (x.Op == "==" || x.Op == "!=") {
			eq := x.Op == "=="
			return func(env *Env) Value {
				a, b := l(env), r(env)
				v := boolean((a.Str == b.Str) == eq)
				if v.Out != Pass {
					v.Cmp = &Comparison{Op: x.Op, Left: a, Right: b}
				}
				return v
			}, KBool, 0
		}
		c.errorf(x.Pos, "无法比较%s和%s", lk, rk)
	case "in":
		if rk != KKeys || (lk != KStr && lk != KNum) {
			c.errorf(x.Pos, "in 的右边应为集合，如 [1, 2]")
			return nil, 0, 0
		}
		return func(env *Env) Value {
			a := l(env)
			key := a.Str
			if a.Kind == KNum {
				key = a.Num.String()
			}
			for _, k := range r(env).Keys {
				if k == key {
					return boolean(true)
				}
			}
			return boolean(false)
		}, KBool, 0
	case "&&", "||", "->":
		if lk != KBool || rk != KBool {
			c.errorf(x.Pos, "运算符 %s 两边应为条件", x.Op)
			return nil, 0, 0
		}
		switch x.Op {
		case "&&":
			return func(env *Env) Value {
				a := l(env)
				if a.Out == Fail {
					return a
				}
				b := r(env)
				if b.Out >= a.Out {
					return b
				}
				return a
			}, KBool, 0
		case "||":
			return func(env *Env) Value {
				a := l(env)
				if a.Out == Pass {
					return a
				}
				b := r(env)
				if b.Out <= a.Out {
					return b
				}
				return a
			}, KBool, 0
		default:
			return func(env *Env) Value {
				if l(env).Out != Pass {
					return boolean(true)
				}
				return r(env)
			}, KBool, 0
		}
	default:
		c.errorf(x.Pos, "未知的运算符 %s", x.Op)
	}
	return nil, 0, 0
}

// compare evaluates a numeric comparison with the rounding tolerance: a
// difference of at most 0.01 万元 per rounded figure involved is Drift.
func (c *compiler) compare(x *syntax.BinaryExpr, l, r evalFn) evalFn {
	op := x.Op
	return func(env *Env) Value {
		a, b := flatten(l(env)), flatten(r(env))
		out := Value{Kind: KBool, Cells: mergeCells(a.Cells, b.Cells), Refs: mergeCells(a.Refs, b.Refs), Terms: a.Terms + b.Terms}
		if out.Out = Judge(op, a.Num-b.Num, int(a.Terms), int(b.Terms)); out.Out == Pass {
			return out
		}
		out.Cmp = &Comparison{Op: op, Left: a, Right: b}
		return out
	}
}

func abs(a juesuan.Amount) juesuan.Amount {
	if a < 0 {
		return -a
	}
	return a
}

// mulDiv computes a*b/d rounded half away from zero without overflow for
// realistic amounts.
func mulDiv(a, b, d juesuan.Amount) juesuan.Amount {
	if d == 0 {
		return 0
	}
	p := a * b
	if a != 0 && p/a != b { // overflow: fall back to a lossy but bounded order
		return a / d * b
	}
	q, rem := p/d, p%d
	if 2*abs(rem) >= abs(d) {
		if (p < 0) != (d < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}
