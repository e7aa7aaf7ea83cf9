package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
)

const crashEnv = "JUESUAN_STORE_CRASH_CHILD"

// markCell holds the version number in each saved version, so that every
// acknowledged version can be recognised after the crash.
var markCell = juesuan.CellRef{Table: 1, Row: "28", Col: "1"}

func TestMain(m *testing.M) {
	if db := os.Getenv(crashEnv); db != "" {
		crashChild(db)
		return
	}
	if db := os.Getenv(migrateCrashEnv); db != "" {
		migrateChild(db)
		return
	}
	os.Exit(m.Run())
}

// crashChild saves versions until it is killed, printing "ack N" only
// after version N has committed.
func crashChild(db string) {
	ctx := context.Background()
	st, err := store.Open(ctx, db, storecodec.Default)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	r, _, err := readExampleFile()
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
	w := bufio.NewWriter(os.Stdout)
	for n := 1; ; n++ {
		r.Cells[markCell] = juesuan.Amount(n)
		if _, err := st.SaveReport(ctx, k, n-1, r, "crash", "第 "+strconv.Itoa(n)+" 次"); err != nil {
			fmt.Fprintln(w, "error", err)
			w.Flush()
			os.Exit(3)
		}
		fmt.Fprintln(w, "ack", n)
		w.Flush()
	}
}

func readExampleFile() (*juesuan.Report, *juesuan.Template, error) {
	return readExampleErr()
}

// Nothing lost: SIGKILL a process in the middle of a stream of saves, then
// every acknowledged version is intact and the database consistent, on
// SQLite and on PostgreSQL.
func TestCrashKeepsAcknowledgedVersions(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { crashSaves(t, storetest.DSN(t, d)) })
	}
}

func crashSaves(t *testing.T, db string) {
	st, err := store.OpenMigrated(ctx, db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	mustUnit(t, st, "001", "")
	st.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+db)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const acksBeforeKill = 25
	acked := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error") {
			t.Fatalf("child: %s", line)
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(line, "ack ")); err == nil {
			acked = n
		}
		if acked == acksBeforeKill {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if acked < acksBeforeKill {
		t.Fatalf("child stopped after %d acknowledged saves", acked)
	}

	st, err = store.Open(ctx, db, storecodec.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkConsistent(t, st)
	k := juesuan.ReportKey{Unit: "001", Year: 2020, Scope: juesuan.ScopeOwn}
	info, err := st.ReportInfo(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if info.Current < acked {
		t.Fatalf("current version %d, but %d were acknowledged", info.Current, acked)
	}
	vs, err := st.Versions(ctx, k)
	if err != nil || len(vs) != info.Current {
		t.Fatalf("versions: %d listed, current %d, %v", len(vs), info.Current, err)
	}
	for n := 1; n <= info.Current; n++ {
		if vs[n-1].Reason != "第 "+strconv.Itoa(n)+" 次" {
			t.Fatalf("version %d: reason %q", n, vs[n-1].Reason)
		}
		if _, err := st.VersionBody(ctx, k, n); err != nil {
			t.Fatalf("version %d: %v", n, err)
		}
		cells, err := st.VersionCells(ctx, k, n)
		if err != nil || len(cells) != vs[n-1].Cells || cells[markCell] != juesuan.Amount(n) {
			t.Fatalf("version %d: %d stored cells, want %d, mark %d (%v)", n, len(cells), vs[n-1].Cells, cells[markCell], err)
		}
	}
	// Reading a version back parses its file text: do it for the last one.
	r, _, err := st.LoadReport(ctx, k, acked)
	if err != nil || r.Cells[markCell] != juesuan.Amount(acked) {
		t.Fatalf("version %d: %v", acked, err)
	}
	t.Logf("%s: killed after %d acknowledged saves; %d versions on disk, all intact; consistency checks ok", st.Dialect(), acked, info.Current)
	// The store still takes saves after the crash.
	if _, err := st.SaveReport(ctx, k, info.Current, r, "after", "crash"); err != nil {
		t.Fatal(err)
	}
}
