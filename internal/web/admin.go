package web

import (
	"net/http"
	"strings"

	"github.com/juesuan/juesuan"
)

// requireAdmin lets only a 管理员 (of some subtree) reach the admin pages:
// the public is sent to log in, anyone else gets 403. Each action checks
// again that the admin manages the units it touches.
func (s *Server) requireAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.requireUser(func(w http.ResponseWriter, r *http.Request) {
		if !juesuan.CanAdminister(userFrom(r.Context())) {
			s.fail(w, r, juesuan.Errorf(juesuan.EFORBIDDEN, "只有管理员可以进入系统管理"))
			return
		}
		h(w, r)
	})
}

// adminNotices are the messages after a successful change, by the key a
// redirect carries: the message text never comes from the query string.
var adminNotices = map[string]string{
	"unit-added":       "已添加单位",
	"unit-moved":       "已移动单位",
	"unit-renamed":     "已更名",
	"unit-deactivated": "已停用单位（最后填报年度见单位列表；报表和历史保留）",
	"unit-restored":    "已恢复单位",
	"user-disabled":    "已停用用户（不能再登录；授权和历史保留）",
	"user-enabled":     "已恢复用户",
	"user-added":       "已添加用户",
	"user-passwd":      "已重置密码",
	"user-granted":     "已授权",
	"user-revoked":     "已撤销授权",
}

// AdminHead is what every admin page shows above its content.
type AdminHead struct {
	Tab    string // units, users, years
	Notice string // after a successful change
	Subj   string // what the notice is about (escaped by the template)
	Err    string // why the posted form was refused
	ErrFor string // which form it was
}

func noticeFrom(r *http.Request, tab string) AdminHead {
	q := r.URL.Query()
	h := AdminHead{Tab: tab}
	if n, ok := adminNotices[q.Get("ok")]; ok {
		h.Notice, h.Subj = n, q.Get("s")
	}
	return h
}

// done answers a successful change with a redirect (post/redirect/get),
// so that reloading the page does not post the form again.
func done(w http.ResponseWriter, r *http.Request, path, key, subj string) {
	http.Redirect(w, r, path+"?ok="+key+"&s="+urlQueryEscape(subj), http.StatusSeeOther)
}

func formValue(r *http.Request, key string) string { return strings.TrimSpace(r.PostFormValue(key)) }
