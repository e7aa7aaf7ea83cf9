package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/store"
)

func runDB(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "JUESUAN_DB" {
			return db
		}
		return ""
	}
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestStorageCommands(t *testing.T) {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	steps := []struct {
		args  []string
		stdin string
		code  int
		want  string
	}{
		{[]string{"db", "migrate"}, "", 0, "数据库结构版本 5"},
		{[]string{"unit", "add", "001", "部门", "--kind", "行政单位"}, "", 0, "已添加单位 001"},
		{[]string{"unit", "add", "001", "部门"}, "", 2, ""},
		{[]string{"unit", "add", "002", "x", "--kind", "公司"}, "", 2, ""},
		{[]string{"load", example, "--unit", "001001", "--parent", "001"}, "", 0, "第 1 版"},
		{[]string{"load", example, "--unit", "001002", "--parent", "001"}, "", 0, "第 1 版"},
		{[]string{"load", example, "--unit", "001001", "--reason", "更正"}, "", 0, "第 2 版"},
		{[]string{"unit", "list"}, "", 0, "  001002"},
		{[]string{"history", "--unit", "001001", "--year", "2020"}, "", 0, "更正"},
		{[]string{"history", "--unit", "009", "--year", "2020"}, "", 2, ""},
		{[]string{"aggregate", "--unit", "001", "--year", "2020", "-o", filepath.Join(dir, "agg.yaml")}, "", 0, ""},
		{[]string{"check", filepath.Join(dir, "agg.yaml")}, "", 0, "共 0 个错误"},
		{[]string{"export", "--unit", "001001", "--year", "2020", "--version", "1", "-o", filepath.Join(dir, "v1.yaml")}, "", 0, ""},
		{[]string{"unit", "move", "001002", "--parent", "001001"}, "", 0, ""},
		{[]string{"unit", "move", "001", "--parent", "001002"}, "", 2, ""},
		{[]string{"user", "add", "li"}, "secret-password\n", 0, ""},
		{[]string{"user", "passwd", "li"}, "another-password\n", 0, ""},
		{[]string{"user", "grant", "li", "--role", "填报人", "--unit", "001"}, "", 0, ""},
		{[]string{"user", "grant", "li", "--role", "老板", "--unit", "001"}, "", 2, ""},
		{[]string{"user", "token", "li"}, "", 0, "jst_"},
	}
	for _, s := range steps {
		code, out, errs := runDB(t, db, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out, s.want) {
			t.Fatalf("%v: exit %d (want %d)\n%s%s", s.args, code, s.code, out, errs)
		}
		if code == 2 && !strings.HasPrefix(errs, "juesuan: ") {
			t.Errorf("%v: error %q", s.args, errs)
		}
	}
	// The exported version gives the same cells as the file loaded.
	_, want, _ := runCmd(t, "cells", example)
	_, got, _ := runCmd(t, "cells", filepath.Join(dir, "v1.yaml"))
	if got != want {
		t.Error("exported version's cells differ from the loaded file")
	}
	agg, err := os.ReadFile(filepath.Join(dir, "agg.yaml"))
	if err != nil || !strings.Contains(string(agg), `{row: "30", cells: {1: 244.80}}`) { // 2 × 122.40 in 表1 总计
		t.Errorf("aggregate file lacks the doubled 表1 总计: %v", err)
	}
}

// Loading a file into a unit whose name differs from the file's warns,
// naming both; the same name written with other parentheses and spacing
// does not.
func TestLoadWarnsOfAnotherUnit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	for _, args := range [][]string{
		{"db", "migrate"},
		{"unit", "add", "001", "某市财政局", "--kind", "行政单位"},
		{"unit", "add", "002", "武汉经济技术开发区(汉南区) 职工服务中心", "--kind", "事业单位"},
	} {
		if code, out, errs := runDB(t, db, "", args...); code != 0 {
			t.Fatalf("%v: %s%s", args, out, errs)
		}
	}
	code, _, errs := runDB(t, db, "", "load", example, "--unit", "001")
	if code != 0 || !strings.Contains(errs, "不一致") || !strings.Contains(errs, "某市财政局") || !strings.Contains(errs, "武汉经济技术开发区（汉南区）职工服务中心") {
		t.Errorf("load into another unit: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runDB(t, db, "", "load", example, "--unit", "002")
	if code != 0 || strings.Contains(errs, "不一致") {
		t.Errorf("load into the same unit: exit %d, stderr %q", code, errs)
	}
}
