package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

// Issue 17, item 5: a password reset ends the user's sessions and API
// tokens; tokens expire and can be revoked.
func TestPasswordResetEndsAccessAndTokensExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		if _, err := st.CreateUser(ctx, "li", "h", "admin"); err != nil {
			t.Fatal(err)
		}
		tok, err := st.CreateToken(ctx, "li", "cli", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateSession(ctx, "sess", "li", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UserByToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, "li", "h2", "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UserByToken(ctx, tok); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("token after a password reset: %v", err)
		}
		if _, err := st.SessionUser(ctx, "sess", now); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("session after a password reset: %v", err)
		}
		// Expiry.
		tok, _ = st.CreateToken(ctx, "li", "cli", "admin")
		now = now.Add(juesuan.APITokenTTL - time.Minute)
		if _, err := st.UserByToken(ctx, tok); err != nil {
			t.Errorf("token before its expiry: %v", err)
		}
		now = now.Add(2 * time.Minute)
		if _, err := st.UserByToken(ctx, tok); code(err) != juesuan.EUNAUTHORIZED || !strings.Contains(err.Error(), "过期") {
			t.Errorf("token after its expiry: %v", err)
		}
		// Revocation.
		tok, _ = st.CreateToken(ctx, "li", "cli", "admin")
		if n, err := st.RevokeTokens(ctx, "li", "admin"); err != nil || n != 2 {
			t.Errorf("revoke: %d, %v", n, err)
		}
		if _, err := st.UserByToken(ctx, tok); code(err) != juesuan.EUNAUTHORIZED {
			t.Errorf("token after revocation: %v", err)
		}
	})
}

// Issue 17, item 3: failed logins leave bounded rows: names truncated,
// at most PerAddr rows per address within the window; one address does
// not lock a name for another.
func TestLoginFailuresBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
		lim := store.LoginLimits{Max: 5, PerAddr: 20, Window: 15 * time.Minute}
		huge := strings.Repeat("名", 1<<18)
		for i := range 100 {
			if _, locked, _ := st.LoginLockedUntil(ctx, strconv.Itoa(i)+huge, "10.0.0.1", now); locked {
				continue
			}
			if _, err := st.RecordLoginFailure(ctx, strconv.Itoa(i)+huge, "10.0.0.1", now, lim); err != nil {
				t.Fatal(err)
			}
		}
		var rows, longest int
		st.DB().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(LENGTH(user_name)), 0) FROM web_login_failures`).Scan(&rows, &longest)
		if rows > lim.PerAddr+1 || longest > 70 {
			t.Errorf("%d rows, longest name %d", rows, longest)
		}
		if _, locked, _ := st.LoginLockedUntil(ctx, "admin", "10.0.0.1", now); !locked {
			t.Error("the address is not locked after 100 failures")
		}
		// admin locked from 10.0.0.1 by name too, yet free elsewhere.
		for range 5 {
			st.RecordLoginFailure(ctx, "admin", "10.0.0.2", now, lim)
		}
		if _, locked, _ := st.LoginLockedUntil(ctx, "admin", "10.0.0.2", now); !locked {
			t.Error("five failures did not lock the name from that address")
		}
		if _, locked, _ := st.LoginLockedUntil(ctx, "admin", "10.0.0.3", now); locked {
			t.Error("another address is locked out of admin")
		}
		// After the window the rows go.
		later := now.Add(time.Hour)
		st.RecordLoginFailure(ctx, "x", "10.0.0.9", later, lim)
		st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM web_login_failures`).Scan(&rows)
		if rows > 2 {
			t.Errorf("%d rows left after the window", rows)
		}
	})
}
