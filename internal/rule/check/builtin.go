package check

import (
	"sort"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/rule/syntax"
)

// builtin describes a function: its argument kinds and result kind. The
// implementation receives the compiled arguments.
type builtin struct {
	args    []Kind // KInvalid = any numeric (KNum or KVec)
	varargs bool
	result  Kind
	impl    func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn
}

var builtins map[string]*builtin

func init() {
	keysOf := func(f func(env *Env, n int) []string) func(*compiler, *syntax.CallExpr, []evalFn) evalFn {
		return func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
			return func(env *Env) Value {
				return Value{Kind: KKeys, Keys: f(env, args[0](env).Table)}
			}
		}
	}
	builtins = map[string]*builtin{
		"sum": {args: []Kind{KInvalid}, varargs: true, result: KNum, impl: func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
			return func(env *Env) Value {
				vs := make([]Value, len(args))
				for i, a := range args {
					vs[i] = a(env)
				}
				return flatten(Value{Kind: KVec, Vec: vs})
			}
		}},
		"abs": {args: []Kind{KInvalid}, result: KNum, impl: func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
			return func(env *Env) Value {
				v := flatten(args[0](env))
				v.Num = abs(v.Num)
				return v
			}
		}},
		"rows": {args: []Kind{KTable}, result: KKeys, impl: keysOf(func(env *Env, n int) []string {
			ts, _ := env.T.Table(n)
			if ts.RowKind == juesuan.RowsFixed {
				keys := make([]string, len(ts.Rows))
				for i, r := range ts.Rows {
					keys[i] = r.Key
				}
				return keys
			}
			return env.index(n).rows
		})},
		"codes": {args: []Kind{KTable}, result: KKeys, impl: keysOf(func(env *Env, n int) []string {
			return env.index(n).nodes
		})},
		"parents": {args: []Kind{KTable}, result: KKeys, impl: keysOf(func(env *Env, n int) []string {
			return env.index(n).parents
		})},
		"cols": {args: []Kind{KTable}, result: KKeys, impl: keysOf(func(env *Env, n int) []string {
			ts, _ := env.T.Table(n)
			keys := make([]string, len(ts.Columns))
			for i, col := range ts.Columns {
				keys[i] = col.Key
			}
			return keys
		})},
		"children": {args: []Kind{KTable, KStr}, result: KKeys, impl: func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
			return func(env *Env) Value {
				return Value{Kind: KKeys, Keys: env.index(args[0](env).Table).children[args[1](env).Str]}
			}
		}},
		"empty": {args: []Kind{KTable}, result: KBool, impl: func(c *compiler, x *syntax.CallExpr, args []evalFn) evalFn {
			return func(env *Env) Value { return boolean(env.R.TableEmpty(args[0](env).Table)) }
		}},
		"fact":   {args: []Kind{KStr}, result: KNum, impl: nil},
		"stated": {args: []Kind{KStr}, result: KBool, impl: nil},
	}
	for name, f := range textChecks {
		builtins[name] = &builtin{args: f.args, result: KProblems, impl: f.impl}
	}
}

func (c *compiler) call(x *syntax.CallExpr, sc *scope) (evalFn, Kind, int) {
	name := x.Fun.Name
	if name == "fact" || name == "stated" {
		return c.factCall(x)
	}
	b, ok := builtins[name]
	if !ok {
		c.errorf(x.Pos, "未知的函数 %s（可用：%s）", name, builtinNames())
		return nil, 0, 0
	}
	if (!b.varargs && len(x.Args) != len(b.args)) || (b.varargs && len(x.Args) < 1) {
		c.errorf(x.Pos, "函数 %s 需要 %d 个参数，这里有 %d 个", name, len(b.args), len(x.Args))
		return nil, 0, 0
	}
	var args []evalFn
	tbl := 0
	for i, a := range x.Args {
		want := b.args[0]
		if i < len(b.args) {
			want = b.args[i]
		}
		f, k, _ := c.expr(a, sc)
		if f == nil {
			return nil, 0, 0
		}
		okKind := k == want || (want == KInvalid && (k == KNum || k == KVec))
		if !okKind {
			wantName := want.String()
			if want == KInvalid {
				wantName = "金额"
			}
			c.errorf(a.Position(), "函数 %s 的第 %d 个参数应为%s，这里是%s", name, i+1, wantName, k)
			return nil, 0, 0
		}
		if k == KTable && tbl == 0 {
			if id, ok := a.(*syntax.Ident); ok {
				tbl = tableNumber(id.Name)
			}
		}
		args = append(args, f)
	}
	return b.impl(c, x, args), b.result, tbl
}

func builtinNames() string {
	var names []string
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	s := ""
	for i, n := range names {
		if i > 0 {
			s += "、"
		}
		s += n
	}
	return s
}
