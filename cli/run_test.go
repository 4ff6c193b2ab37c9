package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of the scripts under testdata/script")

const duel = "testdata/run/duel.yaml"

type runEnv struct {
	env            *Env
	stdout, stderr *bytes.Buffer
}

// newRunEnv is a fake Env: buffers for the streams, the given environment
// variables, and no run store unless BRINK_DB is given.
func newRunEnv(ctx context.Context, vars map[string]string) runEnv {
	var out, errb bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: ctx,
		Getenv: func(k string) string { return vars[k] },
	}
	return runEnv{env, &out, &errb}
}

// brink runs the CLI with args and returns the exit code, stdout and stderr.
func brink(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	e := newRunEnv(context.Background(), nil)
	code := Main(e.env, args)
	return code, e.stdout.String(), e.stderr.String()
}

func mustBrink(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := brink(t, args...)
	if code != ExitOK {
		t.Fatalf("brink %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func TestRunWorkersGiveIdenticalBytes(t *testing.T) {
	base := []string{"run", duel, "--runs", "1100", "--seed", "5", "--quiet", "--no-store", "--format", "json"}
	one := mustBrink(t, append(base, "--workers", "1")...)
	for _, w := range []string{"2", "3", "7"} {
		if got := mustBrink(t, append(base, "--workers", w)...); got != one {
			t.Errorf("--workers %s differs from --workers 1", w)
		}
	}
	var s results.Summary
	if err := json.Unmarshal([]byte(one), &s); err != nil {
		t.Fatal(err)
	}
	if s.Manifest.Runs != 1100 || s.Manifest.Seed != 5 || len(s.Manifest.ScenarioSHA256) != 64 ||
		strings.Join(s.Manifest.Variants, ",") != "baseline,hotline" || s.Manifest.Scenario != "duel" {
		t.Errorf("manifest %+v", s.Manifest)
	}
	if len(s.Variants[0].Differences) != 0 || len(s.Variants[1].Differences) != 3 {
		t.Error("differences: none for the baseline, one per outcome for the other variant")
	}
}

func TestRunShardsMergeToTheSameBytes(t *testing.T) {
	dir := t.TempDir()
	common := []string{duel, "--runs", "1500", "--seed", "11", "--no-store"}
	var parts []string
	for i, idx := range []string{"0", "1", "2", "3"} {
		part := filepath.Join(dir, "part"+idx+".json")
		code, out, errOut := brink(t, append([]string{"run", "--shard", idx + "/4", "--out", part}, common...)...)
		if code != ExitOK || out != "" {
			t.Fatalf("shard %d: exit %d, stdout %q, stderr %s", i, code, out, errOut)
		}
		if !strings.Contains(errOut, "shard "+idx+"/4: runs ") {
			t.Errorf("shard %s does not say which runs it did: %s", idx, errOut)
		}
		parts = append(parts, part)
	}
	shuffled := []string{parts[2], parts[0], parts[3], parts[1]}
	for _, format := range []string{"table", "json", "csv"} {
		whole := mustBrink(t, append([]string{"run", "--quiet", "--format", format}, common...)...)
		merged := mustBrink(t, append([]string{"merge", "--no-store", "--format", format}, shuffled...)...)
		if merged != whole {
			t.Errorf("%s: four shards merged differ from the whole run", format)
		}
	}
	// The scheduler's index works the same.
	auto := filepath.Join(dir, "auto2.json")
	e := newRunEnv(context.Background(), map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1"})
	if code := Main(e.env, append([]string{"run", "--shard", "auto/4", "--out", auto, "--quiet"}, common...)); code != ExitOK {
		t.Fatalf("auto shard: exit %d: %s", code, e.stderr)
	}
	a, _ := os.ReadFile(auto)
	b, _ := os.ReadFile(parts[2])
	if !bytes.Equal(a, b) {
		t.Error("auto/4 with SLURM_ARRAY_TASK_ID=3, MIN=1 is not shard 2/4")
	}

	code, _, errOut := brink(t, "merge", parts[0], parts[1], parts[3])
	if code != ExitInvalid || !strings.Contains(errOut, "runs 768–1023 are missing") {
		t.Errorf("missing shard: exit %d, %s", code, errOut)
	}
	code, _, errOut = brink(t, "merge", parts[0], parts[1], parts[1], parts[2], parts[3])
	if code != ExitInvalid || !strings.Contains(errOut, "are the same part") {
		t.Errorf("repeated shard: exit %d, %s", code, errOut)
	}
	other := filepath.Join(dir, "other.json")
	mustBrink(t, "run", "--shard", "3/4", "--out", other, duel, "--runs", "1500", "--seed", "12", "--quiet")
	code, _, errOut = brink(t, "merge", parts[0], parts[1], parts[2], other)
	if code != ExitInvalid || !strings.Contains(errOut, "seeds 11 and 12") {
		t.Errorf("other seed: exit %d, %s", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "junk.json"), []byte("{}"), 0o644)
	code, _, errOut = brink(t, "merge", parts[0], filepath.Join(dir, "junk.json"))
	if code != ExitInvalid || !strings.Contains(errOut, "junk.json") {
		t.Errorf("junk part: exit %d, %s", code, errOut)
	}
	code, _, errOut = brink(t, "merge", filepath.Join(dir, "absent.json"))
	if code != ExitInvalid || !strings.Contains(errOut, "absent.json") {
		t.Errorf("absent part: exit %d, %s", code, errOut)
	}
}

func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	good := []struct {
		arg  string
		env  func(string) string
		want montecarlo.Shard
	}{
		{"0/4", env(), montecarlo.Shard{Index: 0, Count: 4}},
		{"3/4", env(), montecarlo.Shard{Index: 3, Count: 4}},
		{"auto/4", env("SLURM_ARRAY_TASK_ID", "2"), montecarlo.Shard{Index: 2, Count: 4}},
		{"auto/4", env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "1"), montecarlo.Shard{Index: 3, Count: 4}},
		{"auto/8", env("JOB_COMPLETION_INDEX", "7"), montecarlo.Shard{Index: 7, Count: 8}},
	}
	for _, g := range good {
		got, err := parseShard(g.arg, g.env)
		if err != nil || got != g.want {
			t.Errorf("%s: got %v, %v; want %v", g.arg, got, err, g.want)
		}
	}
	bad := []struct {
		arg  string
		env  func(string) string
		want string
	}{
		{"4/4", env(), "from 0 to 3"},
		{"-1/4", env(), "from 0 to 3"},
		{"1", env(), "not I/N"},
		{"1/0", env(), "positive"},
		{"auto/4", env(), "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"},
		{"auto/4", env("SLURM_ARRAY_TASK_ID", "4"), "SLURM_ARRAY_TASK_ID gives shard \"4\""},
		{"auto/4", env("JOB_COMPLETION_INDEX", "x"), "JOB_COMPLETION_INDEX"},
	}
	for _, b := range bad {
		if _, err := parseShard(b.arg, b.env); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: got %v, want an error with %q", b.arg, err, b.want)
		}
	}
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", duel, "--format", "xml"}, "unknown --format"},
		{[]string{"run", duel, "--shard", "1/2"}, "--shard needs --out"},
		{[]string{"run", duel, "--shard", "2/2", "--out", filepath.Join(dir, "p")}, "from 0 to 1"},
		{[]string{"run", duel, "--precision", "0.01"}, "--precision X and --outcome NAME go together"},
		{[]string{"run", duel, "--precision", "0.01", "--outcome", "peace"}, "strike, war, damage_est"},
		{[]string{"run", duel, "--runs", "0"}, "--runs must be positive"},
		{[]string{"run", duel, "--variants", "baseline,nope"}, "no variant \"nope\""},
		{[]string{"run", duel, "--variants", "hotline,hotline"}, "named twice"},
		{[]string{"run", "no-such-builtin"}, "no built-in scenario"},
		{[]string{"run", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"run", duel, duel}, "one scenario at a time"},
		{[]string{"run", "--bogus"}, "flag provided but not defined"},
		{[]string{"merge"}, "no part files"},
		{[]string{"merge", "--format", "xml", "p"}, "unknown --format"},
	}
	for _, c := range cases {
		code, out, errOut := brink(t, append(c.args, "--no-store")...)
		if c.args[0] == "merge" {
			code, out, errOut = brink(t, c.args...)
		}
		if code != ExitInvalid || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

func TestRunInvalidScenarioShowsProblems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(path, []byte("name: bad\nstart: 2025-01-01\nhorizon: 10d\nladder: standard\nactors: {}\nbogus: 1\n"), 0o644)
	code, _, errOut := brink(t, "run", path, "--no-store")
	if code != ExitInvalid || !strings.Contains(errOut, "bad.yaml:") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestRunDefaultScenarioAndVariantsFlag(t *testing.T) {
	def, err := scenario.Builtin(scenario.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	names := def.VariantNames()
	if len(names) < 2 {
		t.Fatalf("the default scenario has %d variants; this test needs two", len(names))
	}
	// Name the second variant first: the first named is the baseline.
	first, second := names[1], names[0]
	out := mustBrink(t, "run", "--runs", "256", "--quiet", "--no-store", "--format", "json", "--variants", first+", "+second)
	var s results.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Manifest.Scenario != scenario.DefaultName || strings.Join(s.Manifest.Variants, ",") != first+","+second {
		t.Errorf("manifest %+v", s.Manifest)
	}
	if d := s.Variants[1].Differences; len(d) == 0 || d[0].Baseline != first {
		t.Errorf("the first variant named is the baseline: %+v", d)
	}
}

func TestRunOutFileAndStderr(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	code, out, errOut := brink(t, "run", duel, "--runs", "300", "--no-store", "--format", "json", "--out", path)
	if code != ExitOK || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "brink: 300 runs × 2 variants in ") {
		t.Errorf("no timing line on stderr: %q", errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		t.Fatalf("--out file: %v", err)
	}
	if stdout := mustBrink(t, "run", duel, "--runs", "300", "--no-store", "--quiet", "--format", "json"); stdout != string(b) {
		t.Error("--out wrote other bytes than stdout gets")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left beside the output: %v", entries)
	}
	_, _, errOut = brink(t, "run", duel, "--runs", "300", "--no-store", "--quiet")
	if errOut != "" {
		t.Errorf("--quiet wrote to stderr: %q", errOut)
	}
}

func TestRunPrecision(t *testing.T) {
	out := mustBrink(t, "run", duel, "--precision", "0.02", "--outcome", "strike", "--quiet", "--no-store", "--format", "json")
	var s results.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Manifest.Runs%montecarlo.PrecisionStep != 0 || s.Partial {
		t.Errorf("stopped at %d runs", s.Manifest.Runs)
	}
	for _, v := range s.Variants {
		if half := (v.Outcomes[0].Hi - v.Outcomes[0].Lo) / 2; half > 0.02 {
			t.Errorf("%s: half-width %v", v.Name, half)
		}
	}
	again := mustBrink(t, "run", duel, "--precision", "0.02", "--outcome", "strike", "--quiet", "--no-store", "--format", "json", "--workers", "1")
	if again != out {
		t.Error("--precision is not deterministic")
	}
	_, _, errOut := brink(t, "run", duel, "--precision", "0.0001", "--outcome", "strike", "--max-runs", "500", "--no-store")
	if !strings.Contains(errOut, "warning: strike in baseline has half-width") {
		t.Errorf("no warning when --max-runs stops --precision: %q", errOut)
	}
}

// Ctrl-C: the results so far are printed, marked partial, exit 130.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e := newRunEnv(ctx, nil)
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	code := Main(e.env, []string{"run", duel, "--runs", "100000000", "--format", "json", "--no-store"})
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, ExitInterrupted, e.stderr)
	}
	var s results.Summary
	if err := json.Unmarshal(e.stdout.Bytes(), &s); err != nil {
		t.Fatalf("partial results are not valid JSON: %v", err)
	}
	if !s.Partial || s.Manifest.Runs%montecarlo.BlockRuns != 0 || s.Manifest.Runs >= 100000000 {
		t.Errorf("partial %v after %d runs", s.Partial, s.Manifest.Runs)
	}
	if !strings.Contains(e.stderr.String(), "interrupted; the results above are partial") {
		t.Errorf("stderr: %q", e.stderr)
	}

	// A shard stopped early writes no part.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	e = newRunEnv(ctx, nil)
	part := filepath.Join(t.TempDir(), "p.json")
	if code := Main(e.env, []string{"run", duel, "--shard", "0/2", "--out", part, "--quiet"}); code != ExitInterrupted {
		t.Errorf("stopped shard: exit %d", code)
	}
	if _, err := os.Stat(part); err == nil {
		t.Error("a stopped shard wrote its part file")
	}
}

func TestRunIsRecorded(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	e := newRunEnv(context.Background(), map[string]string{"BRINK_DB": db})
	if code := Main(e.env, []string{"run", duel, "--runs", "300", "--quiet"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, e.stderr)
	}
	e2 := newRunEnv(context.Background(), map[string]string{"BRINK_DB": db})
	if code := Main(e2.env, []string{"history"}); code != ExitOK || !strings.Contains(e2.stdout.String(), "duel") {
		t.Errorf("the run is not in the history: exit %d, %s %s", code, e2.stdout, e2.stderr)
	}
}
