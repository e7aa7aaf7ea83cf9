package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/disclosure"
	"github.com/juesuan/juesuan/internal/render/docx"
	"github.com/juesuan/juesuan/internal/render/html"
	"github.com/juesuan/juesuan/internal/render/pdf"
	"github.com/juesuan/juesuan/internal/render/xlsx"
)

var docTypes = map[string]struct{ mime, ext string }{
	"html": {"text/html; charset=utf-8", ".html"},
	"pdf":  {"application/pdf", ".pdf"},
	"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
}

// document renders the disclosure document of a version in one format;
// html is shown inline (the preview), the others are downloads.
func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	rc, err := s.reportFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := r.PathValue("format")
	dt, ok := docTypes[format]
	if !ok {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "不支持的文档格式 %q（可用：html、pdf、docx、xlsx）", format))
		return
	}
	if rc.Info == nil {
		s.fail(w, r, juesuan.Errorf(juesuan.ENOTFOUND, "报表尚未开始填报"))
		return
	}
	v, _ := strconv.Atoi(r.URL.Query().Get("v"))
	if !juesuan.CanReadUnit(rc.User, rc.Anc) && (rc.Pub == nil || !rc.Pub.Public(v)) {
		v = rc.shownVersion() // the public sees published versions only
	}
	a, err := s.load(r.Context(), rc.Key, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// ?copy=review is the review copy (computed 绩效 scores beside the
	// declared ones, the rounding a 万元 table carries): for the unit's
	// 审核人 and 管理员 only, never the public.
	review := r.URL.Query().Get("copy") == "review" && juesuan.CanAggregate(rc.User, rc.Anc)
	kind := format
	if review {
		kind += "-review"
	}
	// Downloads take turns (half the CPUs at a time), so that many of them
	// cannot starve page views; a PDF's printing waits in s.pdf as well.
	if !s.pdf.acquire(r.Context()) {
		return
	}
	defer s.pdf.release()
	file, body, err := s.cfg.Documents.Open(a.Sum, kind, func() ([]byte, error) {
		return renderDocumentWith(r.Context(), format, a, s.pdf.print, disclosure.Options{Review: review})
	})
	if err != nil {
		s.cfg.Log.Printf("web: render %s %s: %v", format, r.URL.Path, err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "暂时无法生成 %s 文档：%v\n（PDF 需要服务器上安装 Chromium；其他格式请稍后重试或联系管理员）\n", format, err)
		return
	}
	copyName := ""
	if review {
		copyName = "审核稿"
	}
	name := fmt.Sprintf("%s%d年度部门决算（第%d版）%s%s", rc.Unit.Name, rc.Key.Year, a.Version.Number, copyName, dt.ext)
	h := w.Header()
	h.Set("Content-Type", dt.mime)
	h.Set("Cache-Control", "private, no-store")
	if format == "html" {
		h.Set("Content-Security-Policy", documentCSP)
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
	} else {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	}
	if file == nil {
		w.Write(body)
		return
	}
	// A cached document is sent from its file (sendfile, no copy through
	// memory); its ETag lets a client revalidate with 304.
	defer file.Close()
	h.Set("ETag", s.cfg.Documents.ETag(a.Sum, kind))
	http.ServeContent(w, r, "", a.Version.Created, file)
}

// renderDocument renders a in format; print prints HTML to PDF (the
// server's browser; nil starts one of its own).
func renderDocument(ctx context.Context, format string, a *audited, print func(context.Context, []byte) ([]byte, error)) ([]byte, error) {
	return renderDocumentWith(ctx, format, a, print, disclosure.Options{})
}

// renderDocumentWith renders the public copy or, with opt.Review, the
// review copy.
func renderDocumentWith(ctx context.Context, format string, a *audited, print func(context.Context, []byte) ([]byte, error), opt disclosure.Options) ([]byte, error) {
	doc, err := disclosure.BuildWith(a.Tpl, a.Report.Clone(), opt)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	switch format {
	case "html":
		err = html.Render(&b, doc)
	case "xlsx":
		err = xlsx.Render(&b, doc)
	case "docx":
		err = docx.Render(&b, doc)
	case "pdf":
		ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		var out []byte
		if print == nil {
			out, err = pdf.Render(ctx, doc)
		} else {
			var page bytes.Buffer
			if err = html.Render(&page, doc); err == nil {
				out, err = print(ctx, page.Bytes())
			}
		}
		b.Write(out)
	}
	return b.Bytes(), err
}

// RenderAPIDocument renders a report for the JSON API's document endpoint
// (internal/api Options.Render): ?format=html|pdf|docx|xlsx, default html.
func RenderAPIDocument(w http.ResponseWriter, r *http.Request, tpl *juesuan.Template, rep *juesuan.Report) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "html"
	}
	dt, ok := docTypes[format]
	if !ok {
		return juesuan.Errorf(juesuan.EINVALID, "不支持的文档格式 %q（可用：html、pdf、docx、xlsx）", format)
	}
	body, err := renderDocument(r.Context(), format, &audited{Tpl: tpl, Report: rep}, nil)
	if err != nil {
		return fmt.Errorf("生成 %s 文档失败：%w", format, err)
	}
	w.Header().Set("Content-Type", dt.mime)
	if format == "html" {
		w.Header().Set("Content-Security-Policy", documentCSP)
	}
	_, err = w.Write(body)
	return err
}
