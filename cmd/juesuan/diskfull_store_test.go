package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// Issue 17, item 9: a save on a full disk is told apart from a bug: the
// store's error is classified as the disk being full (the workbench
// answers 503 with this message, the typed text kept).
func TestSaveOnFullDiskSaysSo(t *testing.T) {
	dir := tinyDisk(t)
	ctx := context.Background()
	st, err := store.OpenMigrated(ctx, filepath.Join(dir, "j.db"), storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateUnit(ctx, &juesuan.Unit{Code: "001", Name: "单位", Kind: juesuan.KindInstitution}, "t"); err != nil {
		t.Fatal(err)
	}
	r, _ := mustRead(t, example)
	fill(t, dir, 0)
	_, err = st.SaveReport(ctx, juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}, 0, r, "t", "v1")
	msg, ok := store.Unavailable(err)
	t.Logf("save on a full disk: %v → %q", err, msg)
	if err == nil || !ok || !strings.Contains(msg, "磁盘已满") {
		t.Errorf("save on a full disk: %v (classified %v %q)", err, ok, msg)
	}
}
