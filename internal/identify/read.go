package identify

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/juesuan/juesuan/internal/importer"
	"github.com/juesuan/juesuan/internal/importer/textimport"
)

// Extensions identify reads when given a directory.
var Extensions = []string{".pdf", ".txt", ".xlsx", ".html", ".htm", ".docx"}

// File reads and identifies one file.
func File(path string) (*Info, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: 文件不存在", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取文件：%v", path, err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s: 这是目录，不是文件", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取文件：%v", path, err)
	}
	doc, err := ReadDoc(path, data)
	if err != nil {
		return nil, err
	}
	return Identify(doc), nil
}

// ReadDoc turns a file's content into lines: web pages and Word files
// here, everything else with the importer's readers.
func ReadDoc(name string, data []byte) (*textimport.Doc, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		s, err := textimport.Decode(name, data)
		if err != nil {
			return nil, err
		}
		return textimport.Parse(name, htmlText(s)), nil
	case ".docx":
		s, err := docxText(name, data)
		if err != nil {
			return nil, err
		}
		return textimport.Parse(name, s), nil
	}
	return importer.ReadDoc(name, data)
}

var (
	reScript = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(?:script|style|head)>`)
	reBlock  = regexp.MustCompile(`(?i)<(?:br|/p|/div|/tr|/h\d|/li|/table|/title)\b[^>]*>`)
	reCell   = regexp.MustCompile(`(?i)</t[dh]>`)
	reTag    = regexp.MustCompile(`<[^>]*>`)
)

// htmlText is a web page's text with a line per block and a tab per cell.
func htmlText(s string) string {
	s = reScript.ReplaceAllString(s, "\n")
	s = reBlock.ReplaceAllString(s, "\n")
	s = reCell.ReplaceAllString(s, "\t")
	s = reTag.ReplaceAllString(s, "")
	return html.UnescapeString(s)
}

// docxText is a Word document's text: a line per paragraph or table
// row, a tab per cell, a form feed per page break.
func docxText(name string, data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%s: 不是有效的 DOCX 文件（%v）", name, err)
	}
	var body *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			body = f
		}
	}
	if body == nil {
		return "", fmt.Errorf("%s: 不是有效的 DOCX 文件（缺少 word/document.xml）", name)
	}
	rc, err := body.Open()
	if err != nil {
		return "", fmt.Errorf("%s: 无法读取 DOCX 内容：%v", name, err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, textimport.MaxTextSize))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: DOCX 内容损坏：%v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br":
				for _, a := range t.Attr {
					if a.Name.Local == "type" && a.Value == "page" {
						b.WriteByte('\f')
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p", "tr":
				b.WriteByte('\n')
			case "tc":
				b.WriteByte('\t')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	return b.String(), nil
}
