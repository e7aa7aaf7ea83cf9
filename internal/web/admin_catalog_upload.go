package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/catalogimport"
	"github.com/juesuan/juesuan/internal/yearspec"
)

// catalogUpload is what an uploaded official catalog changes against the
// catalog in force.
type catalogUpload struct {
	File                             string
	Entries, Added, Renamed, Dropped int
	Orphans                          []string
	Err                              string
}

// maxCatalogFile bounds an uploaded catalog (the MOF lists are far smaller).
const maxCatalogFile = 8 << 20

// adminCatalogUpload reads an official catalog (CSV or XLSX) uploaded by an
// admin: 比对 shows what it adds, renames and drops; 生成 returns the year
// template directory that uses it, as a ZIP to deploy with JUESUAN_YEARS
// (the same as `juesuan catalog import`). The catalog in force is never
// changed behind anyone's back.
func (s *Server) adminCatalogUpload(w http.ResponseWriter, r *http.Request) {
	id, key := r.PathValue("id"), r.PathValue("key")
	tpl, err := s.cfg.Templates.Load(id)
	if err != nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "年度模板 %s 不存在", id))
		return
	}
	cat, ok := tpl.Catalogs[key]
	if !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "年度模板 %s 没有目录 %s", tpl.ID, key))
		return
	}
	up := &catalogUpload{}
	entries, err := readUpload(r, up)
	if err == nil {
		rep := catalogimport.Compare(entries, cat)
		up.Entries, up.Added, up.Renamed, up.Dropped = rep.Entries, rep.Added, rep.Renamed, rep.Dropped
		up.Orphans = rep.Orphans[:min(len(rep.Orphans), 20)]
		if r.FormValue("op") == "zip" {
			if err = s.catalogZip(w, id, key, up.File, entries); err == nil {
				return
			}
		}
	}
	status := http.StatusOK
	if err != nil {
		up.Err, status = errMessage(err), http.StatusUnprocessableEntity
	}
	r.URL.RawQuery = ""
	s.renderCatalog(w, r, status, tpl, cat, up)
}

func readUpload(r *http.Request, up *catalogUpload) ([]catalogimport.Entry, error) {
	if err := r.ParseMultipartForm(maxCatalogFile); err != nil {
		return nil, juesuan.Errorf(juesuan.EINVALID, "请选择不超过 8 MB 的目录文件（CSV 或 XLSX）")
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return nil, juesuan.Errorf(juesuan.EINVALID, "请选择目录文件（CSV 或 XLSX）")
	}
	defer f.Close()
	up.File = filepath.Base(h.Filename)
	data, err := io.ReadAll(io.LimitReader(f, maxCatalogFile+1))
	if err != nil || len(data) > maxCatalogFile {
		return nil, juesuan.Errorf(juesuan.EINVALID, "%s：文件无法读取或超过 8 MB", up.File)
	}
	entries, err := catalogimport.Read(up.File, data)
	if err != nil {
		return nil, juesuan.Errorf(juesuan.EINVALID, "%v", err)
	}
	return entries, nil
}

// catalogZip writes the template family directory that uses the entries.
func (s *Server) catalogZip(w http.ResponseWriter, id, key, source string, entries []catalogimport.Entry) error {
	c, ok := s.cfg.Templates.(*CachedTemplates)
	var l *yearspec.Loader
	if ok {
		l, ok = c.L.(*yearspec.Loader)
	}
	if !ok {
		return juesuan.Errorf(juesuan.EINVALID, "本服务器的年度模板不是从目录读取的，不能生成模板目录")
	}
	fam, err := l.Family(id)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "juesuan-catalog")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := catalogimport.WriteTemplate(l.FS, fam.ID, key, dir, source, entries); err != nil {
		return err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	root := os.DirFS(dir)
	err = fs.WalkDir(root, fam.ID, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		fw, err := zw.Create(p)
		if err != nil {
			return err
		}
		_, err = fw.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-正式目录-%s.zip", fam.ID, key)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(b.Bytes())
	return nil
}
