package web

import (
	"archive/zip"
	"bytes"
	"testing"
)

func TestUnzip(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"a/财政局.pdf", "b/readme.md", "c/"} {
		w, _ := zw.Create(n)
		w.Write([]byte("x"))
	}
	zw.Close()
	got, skipped := unzip("u.zip", b.Bytes())
	if len(got) != 1 || got[0].name != "u.zip/a/财政局.pdf" || len(skipped) != 1 {
		t.Errorf("got %v skipped %v", got, skipped)
	}
	if _, skipped := unzip("bad.zip", []byte("PK nope")); len(skipped) != 1 {
		t.Errorf("a broken zip: %v", skipped)
	}
}

func FuzzUnzip(f *testing.F) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("a.pdf")
	w.Write([]byte("%PDF-1.4"))
	zw.Close()
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _ := unzip("f.zip", data)
		if len(got) > maxBatchFiles {
			t.Fatalf("%d files", len(got))
		}
	})
}
