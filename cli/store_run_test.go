package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"brink/scenario"
	"brink/store"
)

// A run appears in history, and show reprints it byte for byte, in the
// table and in JSON.
func TestRunIsRecordedAndShownIdentically(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	for _, format := range []string{"table", "json"} {
		env, out, errb := storeEnv(db)
		args := []string{"run", "--runs", "300", "--seed", "9", "--format", format, "--csv", filepath.Join(dir, "csv")}
		if code := Main(env, args); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb)
		}
		ran := out.String()
		if !strings.Contains(errb.String(), "recorded as run") {
			t.Errorf("brink run did not say where it recorded the run: %q", errb)
		}
		env, out, errb = storeEnv(db)
		if code := Main(env, []string{"show", "last", "--format", format}); code != ExitOK {
			t.Fatalf("show: exit %d: %s", code, errb)
		}
		if out.String() != ran {
			t.Errorf("show --format %s differs from what brink run printed:\n%s\nrun printed:\n%s", format, out, ran)
		}
	}
	env, out, _ := storeEnv(db)
	Main(env, []string{"history"})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[1], "complete") || !strings.Contains(lines[1], " 300 ") || !strings.Contains(lines[1], " 9 ") {
		t.Errorf("history after two runs:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "csv", "timeseries.csv")); err != nil {
		t.Errorf("--csv wrote no timeseries: %v", err)
	}
}

// TestHelperBrink is not a test: it is brink itself, run as a child process
// by the tests below (BRINK_HELPER_ARGS holds the arguments).
func TestHelperBrink(t *testing.T) {
	args := os.Getenv("BRINK_HELPER_ARGS")
	if args == "" {
		t.Skip("runs only as a child process")
	}
	ctx := t.Context()
	if os.Getenv("BRINK_HELPER_SIGNALS") != "" {
		// As cmd/brink does.
		var stop func()
		ctx, stop = SignalContext()
		defer stop()
	}
	os.Exit(Main(OSEnv(ctx), strings.Fields(args)))
}

// startChildRun starts brink (TestHelperBrink) as a child process on the run
// database db, with env added to its environment and its stdout to stdout,
// and returns once the child has recorded its run as begun and had 300 ms
// more, well into the simulations. The child is killed when the test ends.
func startChildRun(t *testing.T, db string, stdout io.Writer, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHelperBrink$")
	cmd.Env = append(append(os.Environ(), "BRINK_DB="+db), env...)
	cmd.Stdout = stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("the child never recorded its run")
		}
		if st, err := store.Open(db); err == nil {
			recs, _ := st.List(0)
			st.Close()
			if len(recs) == 1 {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return cmd
}

// TestSIGTERMStopsARunCleanly: a scheduler's SIGTERM (Slurm's scancel or
// time limit) stops brink run as Ctrl-C does: the runs done so far are
// printed, marked partial, the record is partial, and the exit code is 130.
// Before, SIGTERM killed brink with nothing printed and the record left
// "running".
func TestSIGTERMStopsARunCleanly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	var stdout strings.Builder
	cmd := startChildRun(t, db, &stdout, "BRINK_HELPER_SIGNALS=1",
		"BRINK_HELPER_ARGS=run example --runs 50000000 --seed 1 --quiet")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitInterrupted {
		t.Fatalf("after SIGTERM: %v; want exit code %d", err, ExitInterrupted)
	}
	if !strings.Contains(stdout.String(), "PARTIAL: stopped early") {
		t.Errorf("after SIGTERM, no partial results on stdout:\n%s", stdout.String())
	}
	env, out, _ := storeEnv(db)
	Main(env, []string{"history"})
	if !strings.Contains(out.String(), "partial") {
		t.Errorf("after SIGTERM, history says:\n%s", out)
	}
}

// A brink run killed mid-run leaves its record "running", never complete,
// and show refuses it.
func TestKilledRunIsNotComplete(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	// Far more runs than can finish before the kill.
	cmd := startChildRun(t, db, nil, "BRINK_HELPER_ARGS=run --runs 50000000 --seed 1")
	cmd.Process.Kill()
	cmd.Wait()

	env, out, errb := storeEnv(db)
	if code := Main(env, []string{"history"}); code != ExitOK {
		t.Fatalf("history: %d %s", code, errb)
	}
	if !strings.Contains(out.String(), "running") || strings.Contains(out.String(), "complete") {
		t.Errorf("after a killed run, history says:\n%s", out)
	}
	env, _, errb = storeEnv(db)
	if code := Main(env, []string{"show", "last"}); code != ExitInvalid || !strings.Contains(errb.String(), "has no result") {
		t.Errorf("show of a killed run: exit %d, %q", code, errb)
	}
}

// plot SCENARIO runs the scenario as brink run would, records it, and draws
// the same chart as plotting the recorded run afterwards.
func TestPlotScenario(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	first, again := filepath.Join(dir, "a.svg"), filepath.Join(dir, "b.svg")
	env, _, errb := storeEnv(db)
	if code := Main(env, []string{"plot", scenario.DefaultName, "--runs", "256", "--seed", "4", "--quiet",
		"--chart", "survival", "--out", first}); code != ExitOK {
		t.Fatalf("plot SCENARIO: exit %d: %s", code, errb)
	}
	env, _, errb = storeEnv(db)
	if code := Main(env, []string{"plot", "last", "--chart", "survival", "--out", again}); code != ExitOK {
		t.Fatalf("plot last: exit %d: %s", code, errb)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(again)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("the chart of a scenario differs from the chart of its recorded run")
	}
	env, _, errb = storeEnv(db)
	if code := Main(env, []string{"plot", scenario.DefaultName, "--chart", "pie", "--out", first}); code != ExitInvalid ||
		strings.Contains(errb.String(), "recorded") {
		t.Errorf("an unknown chart: exit %d, %q; want a refusal before running", code, errb)
	}
}
