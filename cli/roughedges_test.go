package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"brink/store"
)

// --quiet prints nothing but the results: no progress, no timing, and not
// where the run was recorded or the exports went.
func TestQuietPrintsOnlyResults(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"BRINK_DB": filepath.Join(dir, "runs.db")}
	e := newRunEnv(context.Background(), vars)
	code := Main(e.env, []string{"run", "example", "--runs", "40", "--quiet", "--csv", filepath.Join(dir, "csv")})
	if code != ExitOK || e.stderr.Len() != 0 || !strings.Contains(e.stdout.String(), "not a prediction") {
		t.Errorf("--quiet: exit %d, stderr %q, stdout %q", code, e.stderr, e.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "csv", "outcomes.csv")); err != nil {
		t.Errorf("--quiet --csv wrote no tables: %v", err)
	}
}

// --out into a directory that does not exist is a usage error, found
// before the runs, and the message names the user's file, not a temporary one.
func TestOutIntoMissingDirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "no", "such", "dir", "results.txt")
	for _, args := range [][]string{
		{"run", "example", "--runs", "40", "--no-store", "--out", out},
		{"merge", "part.json", "--no-store", "--out", out},
	} {
		code, stdout, errOut := brink(t, args...)
		if code != ExitInvalid || stdout != "" || !strings.Contains(errOut, "--out "+out+": there is no directory "+filepath.Dir(out)) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming the directory", args[0], code, errOut)
		}
		if strings.Contains(errOut, "runs/s") || strings.Contains(errOut, "/.results") {
			t.Errorf("%s: ran, or named a temporary file: %q", args[0], errOut)
		}
	}
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := brink(t, "run", "example", "--runs", "40", "--no-store", "--out", filepath.Join(file, "x.txt")); code != ExitInvalid || !strings.Contains(errOut, "is not a directory") {
		t.Errorf("--out under a plain file: exit %d, %q", code, errOut)
	}
}

// A --db that is not a run database (a directory, a file of another kind)
// is the user's mistake: exit 2, as docs/store.md says, for the commands
// that write the store and those that read it.
func TestBadDBIsExit2(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("not a database, just some text that is long enough\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{dir, notDB} {
		for _, args := range [][]string{
			{"run", "example", "--runs", "20", "--quiet", "--db", db},
			{"history", "--db", db},
			{"show", "last", "--db", db},
		} {
			code, _, errOut := brink(t, args...)
			if code != ExitInvalid || !strings.Contains(errOut, db) {
				t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %s", args, code, errOut, db)
			}
		}
	}
}

// `brink run -` reads the scenario from standard input, as validate and
// trace do; `brink validate NAME` takes a built-in name.
func TestRunStdinAndValidateName(t *testing.T) {
	src, err := os.ReadFile(duel)
	if err != nil {
		t.Fatal(err)
	}
	e := newRunEnv(context.Background(), nil)
	e.env.Stdin = strings.NewReader(string(src))
	args := []string{"--runs", "200", "--seed", "3", "--quiet", "--no-store"}
	if code := Main(e.env, append([]string{"run", "-"}, args...)); code != ExitOK {
		t.Fatalf("run -: exit %d: %s", code, e.stderr)
	}
	if want := mustBrink(t, append([]string{"run", duel}, args...)...); e.stdout.String() != want {
		t.Errorf("run - differs from run FILE:\n%s\nwant:\n%s", e.stdout, want)
	}
	if code, out, errOut := brink(t, "validate", "gaza-2023"); code != ExitOK || !strings.Contains(out, "gaza-2023.yaml: ok") {
		t.Errorf("validate gaza-2023: exit %d, %q %q", code, out, errOut)
	}
}

// show, plot and report take "last" to be the latest run with a result,
// naming the later ones that have none (running, or killed); with no run
// that has a result, they say so and exit 2.
func TestLastSkipsUnfinishedRuns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	meta := store.Meta{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Scenario: "killed", ScenarioText: []byte("name: killed\n"), Runs: 10}
	if _, err := st.Begin(meta); err != nil {
		t.Fatal(err)
	}
	st.Close()
	env, _, errb := storeEnv(db)
	if code := Main(env, []string{"show", "last"}); code != ExitInvalid ||
		!strings.Contains(errb.String(), "no run has a result yet: run 1 has no result yet") {
		t.Errorf("show last with only a killed run: exit %d, %q", code, errb)
	}
	env, _, errb = storeEnv(db)
	if code := Main(env, []string{"run", "example", "--runs", "30", "--quiet"}); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, errb)
	}
	st, err = store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		meta.Time = meta.Time.Add(time.Hour)
		if _, err := st.Begin(meta); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	const named = "brink: last is run 2, the latest with a result; runs 3, 4 have no result yet (still running, or stopped before the end)\n"
	for _, args := range [][]string{
		{"show", "last", "--format", "json"},
		{"plot", "last", "--chart", "outcomes", "--out", filepath.Join(dir, "o.svg"), "--quiet"},
		{"report", "last", "--out", filepath.Join(dir, "r.html"), "--quiet"},
	} {
		env, out, errb := storeEnv(db)
		if code := Main(env, args); code != ExitOK || errb.String() != named {
			t.Errorf("%v: exit %d, stderr %q; want run 2, naming 4 and 3", args, code, errb)
		}
		if args[0] == "show" && !strings.Contains(out.String(), `"scenario": "example"`) {
			t.Errorf("show last printed %q", out)
		}
	}
}

// Merging the same parts twice stores one run: the second merge prints the
// same results and says where the first is; --quiet keeps merge, plot and
// report silent on stderr.
func TestMergeTwiceStoresOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	var parts []string
	for i := range 2 {
		p := filepath.Join(dir, "part"+strconv.Itoa(i)+".json")
		mustBrink(t, "run", duel, "--runs", "600", "--seed", "2", "--shard", strconv.Itoa(i)+"/2", "--out", p, "--quiet")
		parts = append(parts, p)
	}
	var first string
	for i, want := range []string{"brink: recorded as run 1 (brink show 1)\n",
		"brink: this result is already recorded as run 1 (brink show 1); not recorded again\n", ""} {
		args := append([]string{"merge"}, parts...)
		if i == 2 {
			args = append(args, "--quiet")
		}
		env, out, errb := storeEnv(db)
		if code := Main(env, args); code != ExitOK || errb.String() != want {
			t.Fatalf("merge %d: exit %d, stderr %q, want %q", i+1, code, errb, want)
		}
		if i == 0 {
			first = out.String()
		} else if out.String() != first {
			t.Errorf("merge %d printed other results", i+1)
		}
	}
	env, out, _ := storeEnv(db)
	if code := Main(env, []string{"history"}); code != ExitOK || strings.Count(out.String(), "duel") != 1 {
		t.Errorf("history after three merges of the same parts:\n%s", out)
	}
	// Another seed is another run: recorded.
	for i := range 2 {
		mustBrink(t, "run", duel, "--runs", "600", "--seed", "3", "--shard", strconv.Itoa(i)+"/2", "--out", parts[i], "--quiet")
	}
	env, _, errb := storeEnv(db)
	if code := Main(env, append([]string{"merge"}, parts...)); code != ExitOK || !strings.Contains(errb.String(), "recorded as run 2") {
		t.Errorf("merge of other parts: exit %d, %q", code, errb)
	}
}
