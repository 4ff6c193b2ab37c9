package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"brink/bench"
	"brink/scenario"
)

func benchJSON(t *testing.T, args ...string) benchReport {
	t.Helper()
	out := mustBrink(t, append([]string{"bench", "--format", "json", "--quiet"}, args...)...)
	var r benchReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("brink bench --format json: %v\n%s", err, out)
	}
	return r
}

func TestBenchJSON(t *testing.T) {
	r := benchJSON(t, "duel-20d", "--runs", "512", "--repeat", "2", "--workers", "2", "--seed", "9")
	if r.Brink != Version || r.Go == "" || r.CPUs < 1 || r.GOMAXPROCS < 1 || r.Seed != 9 {
		t.Errorf("header %+v", r)
	}
	if len(r.Workloads) != 1 {
		t.Fatalf("%d workloads, want 1", len(r.Workloads))
	}
	f := r.Workloads[0]
	if f.Workload != "duel-20d" || f.Variant != "baseline" || f.Actors != 2 || f.Days != 20 ||
		f.EngagedPairs != 2 || f.Runs != 512 || f.Repeat != 2 || f.Workers != 2 {
		t.Errorf("figures %+v", f)
	}
	if f.RunsPerSecond.Best <= 0 || f.RunsPerSecondOneCore.Best <= 0 ||
		f.Speedup != f.RunsPerSecond.Best/f.RunsPerSecondOneCore.Best {
		t.Errorf("rates %+v %+v, speedup %v", f.RunsPerSecond, f.RunsPerSecondOneCore, f.Speedup)
	}
	if f.NsPerPairDay <= 0 || f.PeakBytes == 0 || f.AllocsPerRun < 0 {
		t.Errorf("ns/pair-day %v, peak %d, allocs/run %v", f.NsPerPairDay, f.PeakBytes, f.AllocsPerRun)
	}
}

func TestBenchTable(t *testing.T) {
	code, out, errOut := brink(t, "bench", "ipd-200d", "--runs", "256", "--repeat", "1", "--workers", "2")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"runs/s 2 workers", "runs/s 1 worker", "ns/pair-day", "allocs/run", "peak memory"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	row := regexp.MustCompile(`(?m)^ipd-200d +baseline +2 +200 +2 +256 +[0-9,]+ \([0-9,]+\) +[0-9,]+ \([0-9,]+\) +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ [KMG]i?B`)
	if !row.MatchString(out) {
		t.Errorf("no well-formed ipd-200d row:\n%s", out)
	}
	// Progress goes to stderr, never into the table.
	if !strings.Contains(errOut, "ipd-200d: 256 runs on 2 workers (1/1)") || strings.Contains(out, "calibrating") {
		t.Errorf("progress: stderr %q", errOut)
	}
}

// Without a scenario the standard set runs, region first.
func TestBenchStandardSet(t *testing.T) {
	r := benchJSON(t, "--runs", "256", "--repeat", "1", "--workers", "1")
	var names []string
	for _, f := range r.Workloads {
		names = append(names, f.Workload)
		if f.Speedup != 1 || f.Workers != 1 {
			t.Errorf("%s on one worker: speedup %v, workers %d", f.Workload, f.Speedup, f.Workers)
		}
	}
	region := bench.Region
	if _, err := scenario.Builtin(region); err != nil {
		region = scenario.DefaultName
	}
	if got, want := strings.Join(names, " "), region+" duel-20d ipd-200d"; got != want {
		t.Errorf("workloads %q, want %q", got, want)
	}
}

func TestBenchFileVariantAndGenerated(t *testing.T) {
	r := benchJSON(t, duel, "--variant", "hotline", "--runs", "256", "--repeat", "1")
	if f := r.Workloads[0]; f.Workload != duel || f.Variant != "hotline" || f.Scenario != "duel" {
		t.Errorf("file workload %+v", f)
	}
	r = benchJSON(t, "scale-6x30", "--runs", "256", "--repeat", "1")
	if f := r.Workloads[0]; f.Actors != 6 || f.Days != 30 || f.EngagedPairs == 0 {
		t.Errorf("generated workload %+v", f)
	}
}

func TestBenchUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"duel-20d", "ipd-200d"}, "one scenario at a time"},
		{[]string{"--format", "csv", "duel-20d"}, "unknown --format"},
		{[]string{"--runs", "-5", "duel-20d"}, "--runs must be positive"},
		{[]string{"--workers", "-1", "duel-20d"}, "--workers must be positive"},
		{[]string{"--repeat", "0", "duel-20d"}, "--repeat must be at least 1"},
		{[]string{"--variant", "hotline"}, "--variant needs a SCENARIO"},
		{[]string{"no-such-scenario"}, "no built-in scenario"},
		{[]string{"duel-20d", "--variant", "nope"}, `no variant "nope"`},
		{[]string{"scale-1x30"}, "2 to 1000 actors"},
		{[]string{"--no-such-flag"}, "flag provided but not defined"},
	} {
		code, out, errOut := brink(t, append([]string{"bench", "--quiet"}, c.args...)...)
		if code != ExitInvalid || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("brink bench %s: exit %d, stdout %q, stderr %q; want exit 2 and %q",
				strings.Join(c.args, " "), code, out, errOut, c.want)
		}
	}
}

// TestBenchHelp: bench's help is like every other command's: on stdout,
// exit 0, nothing on stderr, flags in the --name VALUE form, with examples.
func TestBenchHelp(t *testing.T) {
	for _, h := range []string{"-h", "--help"} {
		code, out, errOut := brink(t, "bench", h)
		if code != ExitOK || errOut != "" || !strings.HasPrefix(out, "Usage: brink bench") {
			t.Fatalf("brink bench %s: exit %d, stderr %q, stdout starts %q", h, code, errOut, firstLine(out))
		}
		for _, want := range []string{"\nFlags:\n", "  --runs N\n", "  --workers W\n", "  --cpuprofile FILE\n", "\nExamples:\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("brink bench %s: no %q in\n%s", h, want, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") {
				t.Errorf("brink bench %s: flag listed with one dash: %q", h, line)
			}
		}
	}
}

func TestBenchInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := newRunEnv(ctx, nil)
	if code := Main(e.env, []string{"bench", "--quiet", "ipd-200d", "--runs", "100000"}); code != ExitInterrupted {
		t.Errorf("exit %d, want %d; stderr %q", code, ExitInterrupted, e.stderr.String())
	}
	if e.stdout.Len() != 0 {
		t.Errorf("an interrupted bench printed figures: %q", e.stdout.String())
	}
}

func TestBenchRate(t *testing.T) {
	for x, want := range map[float64]string{
		0: "0", 812.4: "812", 5134: "5,130", 99_960: "100,000", 1_023_456: "1,020,000", 31_415_926: "31,400,000",
	} {
		if got := benchRate(x); got != want {
			t.Errorf("benchRate(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestBenchCPUProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.pprof")
	mustBrink(t, "bench", "--quiet", "duel-20d", "--runs", "256", "--repeat", "1", "--cpuprofile", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A pprof profile is a gzipped protocol buffer.
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		t.Errorf("--cpuprofile wrote %d bytes that are not a gzipped profile", len(data))
	}
	code, _, errOut := brink(t, "bench", "--quiet", "duel-20d", "--runs", "256", "--repeat", "1",
		"--cpuprofile", filepath.Join(t.TempDir(), "no-such-dir", "p"))
	if code != ExitInternal || !strings.Contains(errOut, "no-such-dir") {
		t.Errorf("unwritable profile: exit %d, stderr %q", code, errOut)
	}
}
