package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/juesuan/juesuan"
	"github.com/juesuan/juesuan/internal/store"
	"github.com/juesuan/juesuan/internal/store/storetest"
	"github.com/juesuan/juesuan/internal/storecodec"
)

// cliChildEnv makes the test binary a juesuan process that runs one
// command over and over, printing "ack N" after each success, until it
// is killed (the crash tests).
const cliChildEnv = "JUESUAN_CLI_CRASH_CHILD"

func TestMain(m *testing.M) {
	if args := os.Getenv(cliChildEnv); args != "" {
		cliChild(strings.Split(args, "\t"))
		return
	}
	os.Exit(m.Run())
}

func cliChild(args []string) {
	w := bufio.NewWriter(os.Stdout)
	for n := 1; ; n++ {
		var errb bytes.Buffer
		if code := run(context.Background(), args, os.Getenv, strings.NewReader(""), &bytes.Buffer{}, &errb); code != exitOK {
			fmt.Fprintf(w, "error exit %d: %s\n", code, errb.String())
			w.Flush()
			os.Exit(3)
		}
		fmt.Fprintln(w, "ack", n)
		w.Flush()
	}
}

// SIGKILL in the middle of `juesuan aggregate --save` runs, three times
// over: every acknowledged 汇总 version is in the database, the database
// is consistent, and the -o file is a whole report (never half written).
func TestCrashDuringAggregate(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			db := storetest.DSN(t, d)
			if code, _, errs := runCmd(t, "gen", "--units", "12", "--year", "2020", "--seed", "7", "--db", db); code != exitOK {
				t.Fatalf("gen: %s", errs)
			}
			out := filepath.Join(t.TempDir(), "agg.yaml")
			args := []string{"aggregate", "--unit", "001001", "--year", "2020", "-o", out, "--save", "--db", db}
			acked := 0
			for round, after := range []int{3, 5, 8} {
				n := killAfter(t, args, after, time.Duration(round*7)*time.Millisecond)
				acked += n
			}
			st, err := store.Open(context.Background(), db, storecodec.Default)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			checkDB(t, st)
			k := juesuan.ReportKey{Unit: "001001", Year: 2020, Scope: juesuan.ScopeAggregate}
			info, err := st.ReportInfo(context.Background(), k)
			if err != nil {
				t.Fatal(err)
			}
			if info.Current < acked {
				t.Fatalf("汇总 has %d versions, but %d runs were acknowledged", info.Current, acked)
			}
			for n := 1; n <= info.Current; n++ {
				if _, _, err := st.LoadReport(context.Background(), k, n); err != nil {
					t.Fatalf("version %d: %v", n, err)
				}
			}
			// The output file is whole: it reads and audits without error.
			if code, _, errs := runCmd(t, "check", out); code != exitOK {
				t.Fatalf("the -o file after the kills: exit %d %s", code, errs)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".juesuan-*"))
			t.Logf("%s: 3 kills, %d acknowledged aggregations, %d versions stored, all readable; %d temp files left by the kills (never the output name)", d, acked, info.Current, len(leftovers))
			// It works again afterwards.
			if code, _, errs := runCmd(t, args...); code != exitOK {
				t.Fatalf("aggregate after the kills: %s", errs)
			}
		})
	}
}

// killAfter starts the child on args and SIGKILLs it delay after its
// after-th acknowledgement, returning the acknowledgements seen.
func killAfter(t *testing.T, args []string, after int, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), cliChildEnv+"="+strings.Join(args, "\t"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %s", line)
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(line, "ack ")); err == nil {
			acked = n
		}
		if acked == after {
			time.Sleep(delay)
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	// Acknowledgements printed before the kill landed count too.
	for sc.Scan() {
		if n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "ack ")); err == nil {
			acked = n
		}
	}
	cmd.Wait()
	if acked < after {
		t.Fatalf("child stopped after %d acknowledged runs", acked)
	}
	return acked
}

func checkDB(t *testing.T, st *store.Store) {
	t.Helper()
	db := st.DB()
	if st.Dialect() == "sqlite" {
		var check string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("integrity_check: %q %v", check, err)
		}
		var fk int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
			t.Fatalf("foreign_key_check: %d violations, %v", fk, err)
		}
	}
	var bad int
	q := `SELECT COUNT(*) FROM reports r WHERE r.current_number <> (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id)
  OR (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id AND v.cell_count <> (SELECT COUNT(*) FROM cells c WHERE c.report_id = v.report_id AND c.from_number <= v.number AND (c.to_number IS NULL OR c.to_number > v.number))) > 0`
	if err := db.QueryRow(q).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%d reports with missing versions or cells (%v)", bad, err)
	}
	var versions, logged int
	db.QueryRow(`SELECT COUNT(*) FROM report_versions`).Scan(&versions)
	db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'report.save'`).Scan(&logged)
	if versions != logged {
		t.Fatalf("%d versions but %d report.save audit records", versions, logged)
	}
}
