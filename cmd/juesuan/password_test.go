package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// user add and user passwd refuse weak passwords with a Chinese reason,
// and set nothing.
func TestPasswordPolicy(t *testing.T) {
	store.PasswordParams = store.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	db := filepath.Join(t.TempDir(), "j.db")
	steps := []struct {
		args  []string
		stdin string
		code  int
		want  string
	}{
		{[]string{"user", "add", "zhang"}, "short\n", 2, "密码太短：至少 8 个字符"},
		{[]string{"user", "add", "zhang"}, "一二三四五六七\n", 2, "密码太短"}, // 7 characters, 21 bytes
		{[]string{"user", "add", "zhangsan1"}, "ZhangSan1\n", 2, "密码不能与用户名相同"},
		{[]string{"user", "add", "zhang"}, "        \n", 2, "空白"},
		{[]string{"user", "add", "zhang"}, strings.Repeat("x", 1025) + "\n", 2, "密码太长"},
		{[]string{"user", "add", "zhang"}, "\n", 2, "密码太短"},
		{[]string{"user", "add", "zhang"}, "一二三四五六七八\n", 0, "已设置"},
		{[]string{"user", "passwd", "zhang"}, "zhang\n", 2, "密码太短"},
		{[]string{"user", "passwd", "zhang"}, "ZHANG   \n", 2, "密码不能与用户名相同"},
		{[]string{"user", "passwd", "zhang"}, "long-enough-pass\n", 0, "已设置"},
	}
	for _, s := range steps {
		code, out, errs := runDB(t, db, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Errorf("%v %q: exit %d (want %d) %s%s", s.args, s.stdin, code, s.code, out, errs)
		}
	}
	st, err := store.Open(t.Context(), db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Authenticate(t.Context(), "zhangsan1", "ZhangSan1"); err == nil {
		t.Error("a refused user was created")
	}
	if _, err := st.Authenticate(t.Context(), "zhang", "long-enough-pass"); err != nil {
		t.Errorf("the accepted password does not work: %v", err)
	}
}
