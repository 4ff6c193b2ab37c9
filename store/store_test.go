package store

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"brink/internal/summarytest"
	"brink/results"
)

// The test binary doubles as a second brink process: with BRINK_STORE_CHILD
// set, TestMain runs the named job against BRINK_DB instead of the tests.
func TestMain(m *testing.M) {
	if job := os.Getenv("BRINK_STORE_CHILD"); job != "" {
		os.Exit(child(job, os.Getenv("BRINK_DB")))
	}
	os.Exit(m.Run())
}

func child(job, path string) int {
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sum := summarytest.Summary(50, 30)
	switch job {
	case "write":
		// Write records as fast as possible, as a rival brink would.
		fmt.Println("ready")
		for i := 0; i < 100; i++ {
			if err := writeOne(s, sum, fmt.Sprintf("child-%d", i)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		fmt.Println("ok")
	case "hang":
		// Begin a run, say its id, then wait to be killed mid-run.
		id, err := s.Begin(meta("killed", time.Now()))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(id)
		time.Sleep(time.Minute)
	case "churn":
		// Begin and complete runs until killed, at whatever point that is.
		fmt.Println("started")
		for i := 0; ; i++ {
			if err := writeOne(s, sum, "churn"); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
	}
	return 0
}

func meta(scenario string, t time.Time) Meta {
	return Meta{Time: t, BrinkVersion: "0.1.0-test", Scenario: scenario,
		ScenarioText: []byte("name: " + scenario + "\n"), Seed: 1<<64 - 7, Runs: 50,
		Variants: []string{"baseline", "direct_channel", "exclude_iran"}}
}

func writeOne(s *Store, sum *results.Summary, scenario string) error {
	id, err := s.Begin(meta(scenario, time.Now()))
	if err != nil {
		return err
	}
	return s.Complete(id, sum, time.Now())
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "runs.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	began := time.Date(2024, 4, 14, 1, 2, 3, 456, time.FixedZone("IRST", 3*3600+1800))
	m := meta("middle_east_2024", began)
	id, err := s.Begin(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Running || r.Summary != nil || !r.Finished.IsZero() {
		t.Fatalf("begun run: status %s, summary %v, finished %v; want running, nil, zero", r.Status, r.Summary, r.Finished)
	}
	sum := summarytest.Summary(200, 40)
	if err := s.Complete(id, sum, began.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	r, err = s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Complete {
		t.Errorf("status %s, want complete", r.Status)
	}
	if !r.Time.Equal(began) || r.Time.Location() != time.UTC {
		t.Errorf("time %v, want %v in UTC", r.Time, began)
	}
	if !r.Finished.Equal(began.Add(time.Minute)) {
		t.Errorf("finished %v", r.Finished)
	}
	if r.Seed != m.Seed || r.Runs != 200 || !reflect.DeepEqual(r.Variants, m.Variants) ||
		string(r.ScenarioText) != string(m.ScenarioText) || r.Scenario != m.Scenario || r.BrinkVersion != m.BrinkVersion {
		t.Errorf("record %+v does not match meta %+v", r, m)
	}
	want, _ := json.Marshal(sum)
	got, _ := json.Marshal(r.Summary)
	if string(got) != string(want) {
		t.Error("stored summary does not re-encode to the same JSON")
	}
	if err := s.Complete(id, sum, time.Now()); err == nil {
		t.Error("completing a complete run twice succeeded")
	}
}

func TestSHA256(t *testing.T) {
	s, _ := openTemp(t)
	id, err := s.Begin(Meta{Time: time.Now(), ScenarioText: []byte("abc")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	// FIPS 180-2 example.
	if want := "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; r.ScenarioSHA256 != want {
		t.Errorf("sha256 %s, want %s", r.ScenarioSHA256, want)
	}
}

func TestPartial(t *testing.T) {
	s, _ := openTemp(t)
	id, err := s.Begin(meta("x", time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	sum := summarytest.Summary(10, 5)
	sum.Partial = true
	if err := s.Complete(id, sum, time.Now()); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Partial || r.Runs != 10 {
		t.Errorf("status %s runs %d, want partial 10", r.Status, r.Runs)
	}
}

func TestListLatestRemove(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.Latest(); !errors.Is(err, ErrNotFound) {
		t.Errorf("Latest on empty store: %v, want ErrNotFound", err)
	}
	var ids []int64
	for i := 0; i < 5; i++ {
		id, err := s.Begin(meta(fmt.Sprint("s", i), time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	list, err := s.List(3)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].ID != ids[4] || list[2].ID != ids[2] || list[0].Scenario != "s4" {
		t.Fatalf("List(3) = %+v, want the last three, newest first", list)
	}
	if list[0].ScenarioText != nil || list[0].Summary != nil {
		t.Error("List should not load scenario text or results")
	}
	if all, _ := s.List(0); len(all) != 5 {
		t.Errorf("List(0) gave %d records, want 5", len(all))
	}
	if latest, err := s.Latest(); err != nil || latest != ids[4] {
		t.Errorf("Latest = %d, %v; want %d", latest, err, ids[4])
	}
	if err := s.Remove(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Remove: %v, want ErrNotFound", err)
	}
	if err := s.Remove(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove: %v, want ErrNotFound", err)
	}
	if err := s.Complete(ids[1], summarytest.Summary(10, 5), time.Now()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Complete of removed run: %v, want ErrNotFound", err)
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]int64{"42": 42, "#7": 7} {
		if got, err := ParseID(in); err != nil || got != want {
			t.Errorf("ParseID(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "-3", "abc", "1.5"} {
		if _, err := ParseID(in); err == nil {
			t.Errorf("ParseID(%q) succeeded", in)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"BRINK_DB": "/x/r.db", "XDG_DATA_HOME": "/d", "HOME": "/h"}, "/x/r.db"},
		{map[string]string{"XDG_DATA_HOME": "/d", "HOME": "/h"}, "/d/brink/runs.db"},
		// The XDG spec says a relative XDG_DATA_HOME is invalid and ignored.
		{map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/h"}, "/h/.local/share/brink/runs.db"},
		{map[string]string{"HOME": "/h"}, "/h/.local/share/brink/runs.db"},
	}
	for _, c := range cases {
		if got, err := DefaultPath(env(c.env)); err != nil || got != c.want {
			t.Errorf("DefaultPath(%v) = %q, %v; want %q", c.env, got, err, c.want)
		}
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Error("DefaultPath with no HOME succeeded")
	}
}

// A database made by the first schema version is upgraded in place and its
// runs survive.
func TestUpgradeFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	old, err := open(path, 1)
	if err != nil {
		t.Fatal(err)
	}
	id, err := old.Begin(meta("old", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	// v1 has no finished column: Complete must fail there, proving the
	// database really is at v1.
	if err := old.Complete(id, summarytest.Summary(10, 5), time.Now()); err == nil {
		t.Fatal("v1 database accepted a v2 write")
	}
	old.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d (%v), want %d", v, err, SchemaVersion())
	}
	if err := s.Complete(id, summarytest.Summary(10, 5), time.Now()); err != nil {
		t.Fatalf("completing a v1 run after upgrade: %v", err)
	}
	r, err := s.Get(id)
	if err != nil || r.Scenario != "old" || r.Status != Complete {
		t.Fatalf("v1 run after upgrade: %+v, %v", r, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a schema-99 database: %v, want a 'newer' error", err)
	}
}

func TestNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	if err := os.WriteFile(path, []byte("this is a scenario, not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "is not a brink run database") {
		t.Errorf("opening a text file as the run database: %v; want it called not a run database", err)
	}
	// A directory given where the file should be is named as such.
	dir := t.TempDir()
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("opening a directory as the run database: %v; want it called a directory", err)
	}
}

// Two connections in one process (each its own pool, as two goroutines of two
// programs would have) write at once; every write succeeds.
func TestConcurrentConnections(t *testing.T) {
	_, path := openTemp(t)
	sum := summarytest.Summary(50, 30)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for i := 0; i < 25; i++ {
				if err := writeOne(s, sum, fmt.Sprint("w", w)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkCounts(t, path, 50, 0)
}

// Another process and this one write at once to a database that neither has
// created yet (so both also race to migrate it); all writes succeed.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	cmd, out := startChild(t, "write", path)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if line, _ := out.ReadString('\n'); line != "ready\n" {
		t.Fatalf("child said %q", line)
	}
	sum := summarytest.Summary(50, 30)
	for i := 0; i < 100; i++ {
		if err := writeOne(s, sum, "parent"); err != nil {
			t.Fatal(err)
		}
	}
	rest, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil || string(rest) != "ok\n" {
		t.Fatalf("child: %v, output %q", err, rest)
	}
	checkCounts(t, path, 200, 0)
	// Say how much the two really overlapped: runs of one writer's records
	// broken by the other's.
	list, _ := s.List(0)
	switches := 0
	for i := 1; i < len(list); i++ {
		if (list[i].Scenario == "parent") != (list[i-1].Scenario == "parent") {
			switches++
		}
	}
	t.Logf("writers alternated %d times in 200 records", switches)
	s.Close()
}

// A process killed after Begin leaves its run "running", never complete.
func TestKilledMidRun(t *testing.T) {
	_, path := openTemp(t)
	cmd, stdout := startChild(t, "hang", path)
	line, err := stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("child said nothing: %v", err)
	}
	id, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil {
		t.Fatalf("child said %q", line)
	}
	cmd.Process.Kill()
	cmd.Wait()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != Running || r.Summary != nil {
		t.Errorf("killed run is %s with summary %v, want running with none", r.Status, r.Summary != nil)
	}
}

// A process killed at an arbitrary point of a stream of Begin/Complete pairs
// (often inside the Complete transaction) leaves every record either running
// with no result or complete with its whole result.
func TestKilledWhileCompleting(t *testing.T) {
	_, path := openTemp(t)
	for round := 0; round < 3; round++ {
		cmd, stdout := startChild(t, "churn", path)
		if _, err := stdout.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+70*round) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.List(0)
	if err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, l := range list {
		r, err := s.Get(l.ID)
		if err != nil {
			t.Fatalf("run %d unreadable after kill: %v", l.ID, err)
		}
		switch r.Status {
		case Complete:
			complete++
			if r.Summary == nil || len(r.Summary.Variants) != 3 || r.Finished.IsZero() {
				t.Errorf("run %d claims complete without its whole result", r.ID)
			}
		case Running:
			if r.Summary != nil {
				t.Errorf("running run %d has a result", r.ID)
			}
		default:
			t.Errorf("run %d has status %s", r.ID, r.Status)
		}
	}
	if complete == 0 {
		t.Error("no child completed a run before being killed; the test proved nothing")
	}
	t.Logf("%d records, %d complete", len(list), complete)
}

// startChild starts this test binary as a child process that does job
// (write, hang, churn: see child) on the database at path, and returns
// it with a reader of its stdout, where it says how far it has got.
func startChild(t *testing.T, job, path string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "BRINK_STORE_CHILD="+job, "BRINK_DB="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(stdout)
}

// checkCounts reads the database directly, not through Store, so a bug in
// List cannot hide one in the writers.
func checkCounts(t *testing.T, path string, complete, running int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for status, want := range map[Status]int{Complete: complete, Running: running} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM runs WHERE status = ?`, string(status)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%d %s runs, want %d", n, status, want)
		}
	}
}

// A sweep (or any record not a run) keeps its result as JSON; it shares
// the ids of runs, and the lists and Latest can ask for one kind.
func TestResultOfAnotherKind(t *testing.T) {
	s, _ := openTemp(t)
	runID, err := s.Begin(meta("run", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(runID, summarytest.Summary(10, 5), time.Now()); err != nil {
		t.Fatal(err)
	}
	m := meta("swept", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))
	m.Kind = KindSweep
	id, err := s.Begin(m)
	if err != nil {
		t.Fatal(err)
	}
	if id == runID {
		t.Fatal("a sweep got a run's id")
	}
	if err := s.Complete(id, summarytest.Summary(10, 5), time.Now()); err == nil {
		t.Error("a sweep took a run's summary")
	}
	if err := s.Finish(runID, []byte(`{}`), 1, false, time.Now()); err == nil {
		t.Error("a run took a sweep's result")
	}
	result := []byte(`{"manifest":{"kind":"sweep"},"points":[{"index":0,"u":[0.1]}]}`)
	if err := s.Finish(id, result, 7, true, time.Date(2024, 1, 2, 0, 1, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != KindSweep || r.Status != Partial || r.Runs != 7 || r.Summary != nil || string(r.Result) != string(result) {
		t.Errorf("stored sweep: kind %s, status %s, runs %d, summary %v, result %s", r.Kind, r.Status, r.Runs, r.Summary, r.Result)
	}
	if r, err := s.Get(runID); err != nil || r.Kind != KindRun || r.Result != nil || r.Summary == nil {
		t.Errorf("stored run: %+v, %v", r, err)
	}
	all, err := s.List(0)
	if err != nil || len(all) != 2 || all[0].Kind != KindSweep || all[1].Kind != KindRun {
		t.Errorf("List: %+v, %v", all, err)
	}
	sweeps, err := s.ListKind(0, KindSweep, KindSensitivity)
	if err != nil || len(sweeps) != 1 || sweeps[0].ID != id {
		t.Errorf("ListKind(sweep, sensitivity): %+v, %v", sweeps, err)
	}
	if last, err := s.LatestKind(KindRun); err != nil || last != runID {
		t.Errorf("LatestKind(run) = %d, %v; want %d", last, err, runID)
	}
	if last, err := s.Latest(); err != nil || last != id {
		t.Errorf("Latest() = %d, %v; want %d", last, err, id)
	}
	if _, err := s.LatestKind(KindBacktest); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestKind(backtest) on none: %v", err)
	}
}

// A database of schema version 2 (before kinds) is upgraded in place: its
// runs become runs, and it takes sweeps.
func TestUpgradeFromV2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	old, err := open(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	id, err := old.Begin(meta("old", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Complete(id, summarytest.Summary(10, 5), time.Now()); err != nil {
		t.Fatal(err)
	}
	sm := meta("old", time.Now())
	sm.Kind = KindSweep
	if _, err := old.Begin(sm); err == nil {
		t.Fatal("v2 database took a sweep: it is not at v2")
	}
	old.Close()

	s, err := OpenReadOnly(path) // an old schema is brought up to date
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Get(id)
	if err != nil || r.Kind != KindRun || r.Status != Complete || r.Summary == nil {
		t.Fatalf("v2 run after upgrade: %+v, %v", r, err)
	}
	sid, err := s.Begin(sm)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(sid, []byte(`{}`), 1, false, time.Now()); err != nil {
		t.Fatal(err)
	}
}
