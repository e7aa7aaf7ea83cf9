package store_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
)

func TestInspectStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.EnsureInspectSchema(ctx); err != nil {
			t.Fatal(err)
		}
		if err := st.EnsureInspectSchema(ctx); err != nil { // twice is fine
			t.Fatal(err)
		}
		b := &store.InspectBatch{ID: "b1", Author: "reviewer", Total: 2, State: "检查中"}
		if err := st.CreateInspectBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
		pdf := []byte("%PDF-1.7\x00\xff binary")
		for i, unit := range []string{"001", ""} {
			if err := st.SaveInspectDoc(ctx, &store.InspectDoc{Batch: "b1", Seq: i + 1, File: "a.pdf", Unit: unit, Match: "已匹配", Year: 2024, Result: []byte(`{"file":"a.pdf"}`), Data: pdf}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.InterruptInspectBatches(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.InspectBatch(ctx, "b1"); got.State != "已中断" {
			t.Errorf("after a restart: %s", got.State)
		}
		if err := st.SetInspectProgress(ctx, "b1", 2, 2024, "已完成"); err != nil {
			t.Fatal(err)
		}
		got, err := st.InspectBatch(ctx, "b1")
		if err != nil || got.Done != 2 || got.Year != 2024 || got.State != "已完成" || got.CreatedAt.IsZero() {
			t.Fatalf("batch %+v %v", got, err)
		}
		if _, err := st.InspectBatch(ctx, "nope"); juesuan.ErrorCode(err) != juesuan.ENOTFOUND {
			t.Errorf("missing batch: %v", err)
		}
		docs, err := st.InspectDocs(ctx, "b1")
		if err != nil || len(docs) != 2 || docs[0].Unit != "001" || string(docs[0].Result) != `{"file":"a.pdf"}` {
			t.Fatalf("docs %+v %v", docs, err)
		}
		data, err := st.InspectDocData(ctx, "b1", 1)
		if err != nil || !bytes.Equal(data, pdf) {
			t.Fatalf("data %q %v", data, err)
		}
		if err := st.SetInspectDocUnit(ctx, "b1", 2, "002", "已匹配", []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		of, err := st.InspectDocsOfUnit(ctx, "002", 2024)
		if err != nil || len(of) != 1 || of[0].Seq != 2 {
			t.Fatalf("docs of unit %+v %v", of, err)
		}
		for _, status := range []string{"已确认", "误报"} {
			if err := st.MarkInspectFinding(ctx, &store.InspectMark{Unit: "001", Year: 2024, Finding: "T1.x@1:1:1", Status: status, Author: "reviewer"}); err != nil {
				t.Fatal(err)
			}
		}
		marks, err := st.InspectMarks(ctx, "001", 2024)
		if err != nil || len(marks) != 1 || marks["T1.x@1:1:1"].Status != "误报" || marks["T1.x@1:1:1"].Author != "reviewer" || marks["T1.x@1:1:1"].At.IsZero() {
			t.Fatalf("marks %+v %v", marks, err)
		}
	})
}
