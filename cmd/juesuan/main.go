// Command juesuan checks, imports and renders 部门决算 (department final
// accounts). See README.md and docs/contract.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes of every command (docs/contract.md).
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// env is what a command may use of the outside world; tests pass their own.
type env struct {
	ctx    context.Context
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

var commands []command

// register adds a subcommand; each command file registers itself in init.
func register(c command) { commands = append(commands, c) }

func init() {
	register(command{"check", "审核报表，列出错误、警告和提示", cmdCheck})
	register(command{"cells", "以 CSV 列出报表的全部单元格", cmdCells})
	register(command{"import", "把已公开的报表或单元格 CSV 转为本系统的报表文件", cmdImport})
	register(command{"templates", "列出可用的年度模板", cmdTemplates})
	register(command{"identify", "识别已公开文件的类型、年度、单位、地区和各表（不需要模板）", cmdIdentify})
}

// usageError is a bad argument: exit 2 with the message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &env{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	configure(getenv)
	defer func() {
		// No input may end in a stack trace: report and exit 2 instead.
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "juesuan: 内部错误：%v（请把输入文件和这条信息报告给开发者）\n", v)
			code = exitUsage
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "juesuan: 未知的命令 %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法: juesuan <命令> [参数]")
	fmt.Fprintln(w, "\n命令:")
	sorted := append([]command(nil), commands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n每个命令都有 --help。退出码：0 完成；1 审核发现错误；2 参数或输入无法使用。")
}

// newFlags makes a FlagSet whose errors and help go to stderr/stdout.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "用法: juesuan %s\n\n参数:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (juesuan check FILE --format json).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func fail(e *env, err error) int {
	msg := err.Error()
	if !strings.HasPrefix(msg, "juesuan") {
		msg = "juesuan: " + msg
	}
	fmt.Fprintln(e.stderr, msg)
	return exitUsage
}
