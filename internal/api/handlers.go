package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/aggregate"
	"github.com/juesuan/juesuan/internal/audit"
	"github.com/juesuan/juesuan/internal/reportfile"
)

// maxBody bounds an uploaded report file.
const maxBody = reportfile.MaxSize

func (s *server) me(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, userOf(r))
	return nil
}

// listUnits lists the units the user holds a role on, with their subtrees.
func (s *server) listUnits(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	seen := map[string]bool{}
	out := []*juesuan.Unit{}
	for _, g := range u.Grants {
		sub, err := s.st.Subtree(r.Context(), g.Unit)
		if err != nil {
			return err
		}
		for _, x := range sub {
			if !seen[x.Code] {
				seen[x.Code] = true
				out = append(out, x)
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) getUnit(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	anc, err := s.st.Ancestors(r.Context(), code)
	if err != nil {
		return err
	}
	if !juesuan.CanReadUnit(userOf(r), anc) {
		return forbidden()
	}
	u, err := s.st.Unit(r.Context(), code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

// createUnit adds a unit under a parent the user administers.
func (s *server) createUnit(w http.ResponseWriter, r *http.Request) error {
	var u juesuan.Unit
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&u); err != nil {
		return juesuan.Errorf(juesuan.EINVALID, "请求体应为单位的 JSON：%v", err)
	}
	if u.Parent == "" {
		return juesuan.Errorf(juesuan.EINVALID, "通过 API 新建单位需要上级单位（parent）")
	}
	anc, err := s.st.Ancestors(r.Context(), u.Parent)
	if err != nil {
		return err
	}
	if !juesuan.CanManageUnits(userOf(r), anc) {
		return forbidden()
	}
	if err := s.st.CreateUnit(r.Context(), &u, userOf(r).Name); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

// access loads what a report endpoint needs to decide.
func (s *server) access(r *http.Request) (juesuan.ReportKey, []string, *juesuan.ReportInfo, error) {
	k, err := reportKey(r)
	if err != nil {
		return k, nil, nil, err
	}
	anc, err := s.st.Ancestors(r.Context(), k.Unit)
	if err != nil {
		if userOf(r) == nil {
			return k, nil, nil, denied(nil)
		}
		return k, nil, nil, err
	}
	info, err := s.st.ReportInfo(r.Context(), k)
	if err != nil && juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
		return k, nil, nil, err
	}
	return k, anc, info, err
}

// readable returns the report's info if the user may read it.
func (s *server) readable(r *http.Request) (juesuan.ReportKey, *juesuan.ReportInfo, error) {
	k, anc, info, err := s.access(r)
	u := userOf(r)
	if anc != nil && !juesuan.CanReadUnit(u, anc) && (info == nil || info.State != juesuan.StatePublished) {
		return k, nil, denied(u)
	}
	return k, info, err
}

// reportJSON is a report as the API shows it: amounts in 分 (integers),
// blank totals filled.
type reportJSON struct {
	Unit      string              `json:"unit"`
	Year      int                 `json:"year"`
	Scope     juesuan.Scope       `json:"scope"`
	Version   int                 `json:"version"`
	State     juesuan.ReviewState `json:"state,omitempty"`
	Author    string              `json:"author,omitempty"`
	Reason    string              `json:"reason,omitempty"`
	Created   *time.Time          `json:"created,omitempty"`
	MoneyUnit juesuan.MoneyUnit   `json:"money_unit"`
	Cells     map[string]int64    `json:"cells"`
	RowNames  map[string]string   `json:"row_names"`
	Facts     juesuan.Facts       `json:"facts"`
	Units     []string            `json:"units,omitempty"`
	Findings  []juesuan.Finding   `json:"findings,omitempty"`
	Counts    *juesuan.Counts     `json:"counts,omitempty"`
}

func toJSON(tpl *juesuan.Template, rep *juesuan.Report) (*reportJSON, error) {
	if err := audit.Derive(tpl, rep); err != nil {
		return nil, err
	}
	out := &reportJSON{Year: rep.Year, MoneyUnit: rep.MoneyUnit, Cells: map[string]int64{}, RowNames: map[string]string{}, Facts: rep.Facts}
	for c, v := range rep.Cells {
		out.Cells[c.String()] = int64(v)
	}
	for k, n := range rep.RowNames {
		out.RowNames[strconv.Itoa(k.Table)+":"+k.Row] = n
	}
	return out, nil
}

func (s *server) loadVersion(r *http.Request, k juesuan.ReportKey, n int) (*juesuan.Report, *juesuan.Template, *juesuan.ReportVersion, error) {
	rep, v, err := s.st.LoadReport(r.Context(), k, n)
	if err != nil {
		return nil, nil, nil, err
	}
	tpl, err := s.st.Templates().Load(juesuan.TemplateRef(rep.Template, rep.Year))
	return rep, tpl, v, err
}

func (s *server) writeReport(w http.ResponseWriter, r *http.Request, k juesuan.ReportKey, info *juesuan.ReportInfo, n int) error {
	rep, tpl, v, err := s.loadVersion(r, k, n)
	if err != nil {
		return err
	}
	out, err := toJSON(tpl, rep)
	if err != nil {
		return err
	}
	out.Unit, out.Scope, out.Version, out.State = k.Unit, k.Scope, v.Number, info.State
	out.Author, out.Reason, out.Created = v.Author, v.Reason, &v.Created
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) getReport(w http.ResponseWriter, r *http.Request) error {
	k, info, err := s.readable(r)
	if err != nil {
		return err
	}
	return s.writeReport(w, r, k, info, 0)
}

// putReport saves a report file (YAML body) as a new version. If-Match
// carries the version the client started from (0 for a new report).
func (s *server) putReport(w http.ResponseWriter, r *http.Request) error {
	k, anc, info, err := s.access(r)
	if err != nil && juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
		return err
	}
	if anc == nil {
		return err
	}
	state := juesuan.StateDraft
	if info != nil {
		state = info.State
	}
	u := userOf(r)
	if !u.HasRole(juesuan.RoleFiller, anc) && !u.HasRole(juesuan.RoleAdmin, anc) {
		return forbidden()
	}
	if !juesuan.CanEditReport(u, anc, state) {
		return juesuan.Errorf(juesuan.ECONFLICT, "报表处于“%s”状态，不能修改（退回后才能再保存）", state)
	}
	base, err := strconv.Atoi(strings.Trim(r.Header.Get("If-Match"), `" `))
	if err != nil || base < 0 {
		return juesuan.Errorf(juesuan.EINVALID, "需要 If-Match 请求头给出修改所基于的版本号（新报表为 0）")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return err
	}
	rep, _, err := reportfile.Read("请求体", body, s.st.Templates(), k.Year)
	if err != nil {
		return badInput{err}
	}
	reason := r.URL.Query().Get("reason")
	if reason == "" {
		reason = "通过 API 保存"
	}
	v, err := s.st.SaveReport(r.Context(), k, base, rep, u.Name, reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *server) findings(w http.ResponseWriter, r *http.Request) error {
	k, _, err := s.readable(r)
	if err != nil {
		return err
	}
	rep, tpl, v, err := s.loadVersion(r, k, 0)
	if err != nil {
		return err
	}
	fs, err := audit.Check(tpl, rep)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []juesuan.Finding{}
	}
	c := juesuan.Count(fs)
	writeJSON(w, http.StatusOK, map[string]any{"unit": k.Unit, "year": k.Year, "scope": k.Scope, "version": v.Number, "findings": fs, "counts": c})
	return nil
}

func (s *server) document(w http.ResponseWriter, r *http.Request) error {
	k, _, err := s.readable(r)
	if err != nil {
		return err
	}
	if s.opts.Render == nil {
		return juesuan.Errorf(codeNotImplemented, "本服务尚未配置文档生成")
	}
	rep, tpl, _, err := s.loadVersion(r, k, 0)
	if err != nil {
		return err
	}
	return s.opts.Render(w, r, tpl, rep)
}

// unitMember checks that the user holds a role on the report's unit.
func (s *server) unitMember(r *http.Request) (juesuan.ReportKey, []string, *juesuan.ReportInfo, error) {
	k, anc, info, err := s.access(r)
	if anc != nil && !juesuan.CanReadUnit(userOf(r), anc) {
		return k, nil, nil, forbidden()
	}
	return k, anc, info, err
}

func (s *server) versions(w http.ResponseWriter, r *http.Request) error {
	k, _, _, err := s.unitMember(r)
	if err != nil {
		return err
	}
	vs, err := s.st.Versions(r.Context(), k)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, vs)
	return nil
}

func (s *server) version(w http.ResponseWriter, r *http.Request) error {
	k, _, info, err := s.unitMember(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return juesuan.Errorf(juesuan.EINVALID, "版本号 %q 无效", r.PathValue("n"))
	}
	return s.writeReport(w, r, k, info, n)
}

func (s *server) reviewHistory(w http.ResponseWriter, r *http.Request) error {
	k, _, _, err := s.unitMember(r)
	if err != nil {
		return err
	}
	h, err := s.st.ReviewHistory(r.Context(), k)
	if err != nil {
		return err
	}
	if h == nil {
		h = []*juesuan.ReviewEvent{}
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *server) move(w http.ResponseWriter, r *http.Request) error {
	k, anc, info, err := s.unitMember(r)
	if err != nil {
		return err
	}
	if info == nil {
		return juesuan.Errorf(juesuan.ENOTFOUND, "报表不存在")
	}
	var req struct {
		To      juesuan.ReviewState `json:"to"`
		Comment string              `json:"comment"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		return juesuan.Errorf(juesuan.EINVALID, `请求体应为 {"to": "已上报", "comment": "…"}：%v`, err)
	}
	if !juesuan.CanTransition(userOf(r), anc, info.State, req.To) {
		if !juesuan.CanMove(info.State, req.To) {
			return juesuan.Errorf(juesuan.EINVALID, "报表处于“%s”状态，不能改为“%s”", info.State, req.To)
		}
		return juesuan.Errorf(juesuan.EFORBIDDEN, "你的角色不能把报表从“%s”改为“%s”", info.State, req.To)
	}
	if err := s.st.Move(r.Context(), k, req.To, userOf(r).Name, req.Comment); err != nil {
		return err
	}
	info, err = s.st.ReportInfo(r.Context(), k)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

// aggregate sums the subtree of {unit} (完全汇总) or ?units=a,b (选择汇总);
// the user must be able to read every unit summed.
func (s *server) aggregate(w http.ResponseWriter, r *http.Request) error {
	k, err := reportKey(r)
	if err != nil {
		return err
	}
	u := userOf(r)
	root, err := s.st.Unit(r.Context(), k.Unit)
	if err != nil {
		return err
	}
	var chosen []string
	if q := r.URL.Query().Get("units"); q != "" {
		chosen = strings.Split(q, ",")
	}
	check := append([]string{k.Unit}, chosen...)
	for _, c := range check {
		anc, err := s.st.Ancestors(r.Context(), strings.TrimSpace(c))
		if err != nil {
			return err
		}
		if !juesuan.CanAggregate(u, anc) {
			return juesuan.Errorf(juesuan.EFORBIDDEN, "只有审核人或管理员可以汇总单位 %s", strings.TrimSpace(c))
		}
	}
	tpl, err := s.st.Templates().Load(strconv.Itoa(k.Year))
	if err != nil {
		return juesuan.Errorf(juesuan.EINVALID, "%v", err)
	}
	rep, used, err := aggregate.FromStore(r.Context(), s.agg, tpl, root.Code, chosen, juesuan.ScopeOwn,
		juesuan.Profile{Code: root.Code, Name: root.Name, Kind: string(root.Kind)})
	if err != nil {
		return err
	}
	fs, err := audit.Check(tpl, rep)
	if err != nil {
		return err
	}
	out, err := toJSON(tpl, rep)
	if err != nil {
		return err
	}
	c := juesuan.Count(fs)
	out.Unit, out.Scope, out.Units, out.Findings, out.Counts = root.Code, juesuan.ScopeAggregate, used, fs, &c
	writeJSON(w, http.StatusOK, out)
	return nil
}
