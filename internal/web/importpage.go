package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/importer"
)

// pendingImport is an uploaded file read by the importer and waiting for
// the user to save it as a new version.
type pendingImport struct {
	Key     juesuan.ReportKey
	User    string
	File    string
	Res     *importer.Result
	Created time.Time
}

type importPage struct {
	RC      *reportCtx
	Base    string
	Token   string
	File    string
	Res     *importer.Result
	Version int
	Cells   int
	Error   string
	Counts  juesuan.Counts
	// UnitWarning says the document names another unit than this one.
	UnitWarning string
	Preview     []previewTable
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	rc, err := s.importCtx(w, r)
	if err != nil {
		return
	}
	s.render(w, r, http.StatusOK, "import", "", page{Title: rc.Unit.Name + " 导入", Nav: "dashboard", P: importPage{RC: rc, Base: reportURL(rc.Key)}})
}

func (s *Server) importCtx(w http.ResponseWriter, r *http.Request) (*reportCtx, error) {
	rc, err := s.reportFrom(r)
	if err == nil && !rc.CanEdit() {
		err = juesuan.Errorf(juesuan.EFORBIDDEN, "只有本单位的填报人或管理员在草稿或退回状态下可以导入")
	}
	if err != nil {
		s.fail(w, r, err)
	}
	return rc, err
}

// importUpload reads an uploaded published report and shows what the
// importer placed and what it could not.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	rc, err := s.importCtx(w, r)
	if err != nil {
		return
	}
	p := importPage{RC: rc, Base: reportURL(rc.Key)}
	// The slot is taken before the upload is read: it bounds the memory
	// of uploads as well as the CPU of the importer.
	if !s.imports.tryAcquire() {
		s.busy(w, r, p)
		return
	}
	defer s.imports.release()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		p.Error = "请选择要导入的文件（PDF、Excel、Word、网页或文本）"
		if errStatus(err) == http.StatusRequestEntityTooLarge {
			p.Error = fmt.Sprintf("文件过大（超过 %d MB）", s.cfg.MaxUpload>>20)
		}
		s.render(w, r, http.StatusBadRequest, "import", "", page{Title: "导入", P: p})
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := importer.Bytes(hdr.Filename, data, s.cfg.Templates, importer.Options{Year: rc.Key.Year})
	p.File = hdr.Filename
	if err != nil {
		p.Error = err.Error()
		s.render(w, r, http.StatusUnprocessableEntity, "import", "", page{Title: "导入", P: p})
		return
	}
	if res.Report.Year != rc.Key.Year {
		p.Error = fmt.Sprintf("%s 是 %d 年度的报表，不能导入到 %d 年度", hdr.Filename, res.Report.Year, rc.Key.Year)
		s.render(w, r, http.StatusUnprocessableEntity, "import", "", page{Title: "导入", P: p})
		return
	}
	tok, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.pendingMu.Lock()
	for k, v := range s.pending {
		if s.cfg.Now().Sub(v.Created) > time.Hour {
			delete(s.pending, k)
		}
	}
	s.pending[tok] = &pendingImport{Key: rc.Key, User: rc.User.Name, File: hdr.Filename, Res: res, Created: s.cfg.Now()}
	s.pendingMu.Unlock()
	p.Token, p.Res, p.Cells = tok, res, len(res.Report.Cells)
	p.UnitWarning = importer.UnitMismatch(hdr.Filename, rc.Unit.Code, rc.Unit.Name, res.Report.Unit.Name)
	p.Preview = importPreview(res)
	if rc.Info != nil {
		p.Version = rc.Info.Current
	}
	if a, err := analyse(res.Template, res.Report.Clone()); err == nil {
		p.Counts = a.Counts
	}
	s.render(w, r, http.StatusOK, "import", "", page{Title: "导入预览", Nav: "dashboard", P: p})
}

// importSave stores the previewed import as the next version.
func (s *Server) importSave(w http.ResponseWriter, r *http.Request) {
	rc, err := s.importCtx(w, r)
	if err != nil {
		return
	}
	tok := r.PostFormValue("token")
	s.pendingMu.Lock()
	pi := s.pending[tok]
	if pi != nil && pi.Key == rc.Key && pi.User == rc.User.Name {
		delete(s.pending, tok)
	} else {
		pi = nil
	}
	s.pendingMu.Unlock()
	if pi == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "导入预览已失效，请重新上传文件"))
		return
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	rep := pi.Res.Report
	rep.Unit.Code = rc.Unit.Code
	if _, err := s.st.SaveReport(r.Context(), rc.Key, base, rep, rc.User.Name, "导入文件 "+pi.File); err != nil {
		if juesuan.ErrorCode(err) == juesuan.ECONFLICT {
			s.fail(w, r, juesuan.Errorf(juesuan.ECONFLICT, "保存冲突：%s。请回到报表查看最新版本后重新导入。", errMessage(err)))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(rc.Key)+"?msg=imported", http.StatusSeeOther)
}
