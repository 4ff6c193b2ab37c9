package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
