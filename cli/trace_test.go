package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"brink/eventdata"
	"brink/scenario"
)

func TestTraceDeterministic(t *testing.T) {
	for _, format := range []string{"table", "jsonl", "gdelt"} {
		args := []string{"trace", scenario.DefaultName, "--seed", "7", "--run", "3", "--format", format}
		code1, out1, err1 := brinkWithStdin(t, "", args...)
		code2, out2, _ := brinkWithStdin(t, "", args...)
		if code1 != ExitOK || code2 != ExitOK {
			t.Fatalf("%s: exit %d: %s", format, code1, err1)
		}
		if out1 != out2 {
			t.Errorf("%s: the same seed and run gave different traces", format)
		}
		if out1 == "" {
			t.Errorf("%s: empty trace", format)
		}
	}
}

func TestTraceFlagsAnywhere(t *testing.T) {
	_, a, _ := brinkWithStdin(t, "", "trace", "--seed", "2", scenario.DefaultName, "--format", "jsonl")
	_, b, _ := brinkWithStdin(t, "", "trace", scenario.DefaultName, "--format=jsonl", "-seed=2")
	if a == "" || a != b {
		t.Error("flags before and after SCENARIO give different traces")
	}
}

func TestTraceSeedsDiffer(t *testing.T) {
	// Over a handful of seeds at least two traces differ: the seed reaches the run.
	seen := map[string]bool{}
	for _, seed := range []string{"1", "2", "3", "4", "5"} {
		_, out, _ := brinkWithStdin(t, "", "trace", scenario.DefaultName, "--seed", seed, "--format", "jsonl")
		seen[out] = true
	}
	if len(seen) < 2 {
		t.Error("five seeds gave one and the same trace")
	}
}

func TestTraceEveryBuiltin(t *testing.T) {
	for _, name := range scenario.BuiltinNames() {
		s, err := scenario.Builtin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		variants := append([]string{""}, s.VariantNames()...)
		for _, v := range variants {
			args := []string{"trace", name, "--format", "gdelt"}
			if v != "" {
				args = append(args, "--variant", v)
			}
			code, out, errs := brinkWithStdin(t, "", args...)
			if code != ExitOK {
				t.Errorf("%s variant %q: exit %d: %s", name, v, code, errs)
				continue
			}
			for i, row := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if row != "" && len(strings.Split(row, "\t")) != len(eventdata.GDELTColumns) {
					t.Errorf("%s variant %q: GDELT row %d has %d columns", name, v, i+1, len(strings.Split(row, "\t")))
					break
				}
			}
		}
	}
}

func TestTraceFromFileAndStdin(t *testing.T) {
	src, err := scenario.BuiltinSource(scenario.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, fromBuiltin, _ := brinkWithStdin(t, "", "trace", scenario.DefaultName, "--format", "jsonl")
	code, fromFile, errs := brinkWithStdin(t, "", "trace", path, "--format", "jsonl")
	if code != ExitOK || fromFile != fromBuiltin {
		t.Errorf("file: exit %d (%s); same trace as the built-in: %v", code, errs, fromFile == fromBuiltin)
	}
	code, fromStdin, errs := brinkWithStdin(t, string(src), "trace", "-", "--format", "jsonl")
	if code != ExitOK || fromStdin != fromBuiltin {
		t.Errorf("stdin: exit %d (%s); same trace as the built-in: %v", code, errs, fromStdin == fromBuiltin)
	}
}

func TestTraceBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\nactors: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"trace"}, "want one SCENARIO, got 0"},
		{[]string{"trace", "a", "b"}, "want one SCENARIO, got 2"},
		{[]string{"trace", scenario.DefaultName, "--format", "xml"}, `unknown --format "xml"`},
		{[]string{"trace", scenario.DefaultName, "--run", "-1"}, "invalid value"},
		{[]string{"trace", scenario.DefaultName, "--seed", "x"}, "invalid value"},
		{[]string{"trace", scenario.DefaultName, "--bogus"}, "flag provided but not defined"},
		{[]string{"trace", scenario.DefaultName, "--variant", "no-such-variant"}, "no-such-variant"},
		{[]string{"trace", "no-such-scenario"}, `no built-in scenario "no-such-scenario"`},
		{[]string{"trace", "missing/file.yaml"}, "missing/file.yaml: no such file"},
		{[]string{"trace", bad}, "bad.yaml"},
	}
	for _, c := range cases {
		code, out, errs := brinkWithStdin(t, "", c.args...)
		if code != ExitInvalid {
			t.Errorf("%v: exit %d, want %d", c.args, code, ExitInvalid)
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, errs, c.want)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout: %q", c.args, out)
		}
	}
	// Help asked for is output (brink trace -h | less), not a diagnostic.
	if code, out, errs := brinkWithStdin(t, "", "trace", "-h"); code != ExitOK || !strings.Contains(out, "Usage: brink trace") || errs != "" {
		t.Errorf("-h: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// The JSONL trace writes its numbers without the noise of binary sums
// (0.024, not 0.024000000000000004): no number has a run of six 0s or 9s
// after its decimal point.
func TestTraceJSONLHasNoRepresentationNoise(t *testing.T) {
	_, out, _ := brinkWithStdin(t, "", "trace", "example", "--format", "jsonl")
	if !strings.Contains(out, `"damage":`) {
		t.Fatalf("no damage in the trace:\n%.400s", out)
	}
	if m := regexp.MustCompile(`\.[0-9]*(000000|999999)[0-9]`).FindString(out); m != "" {
		t.Errorf("representation noise in the JSONL trace: %q", m)
	}
}

// brink trace --where finds the run brink run --per-run says is the first
// in which the condition holds (two paths through the kernel: the search's
// model compiled with the condition, the Monte Carlo runner's), and traces
// exactly what --run K traces.
func TestTraceWhereFindsTheFirstRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "runs.csv")
	mustBrink(t, "run", duel, "--runs", "300", "--seed", "4", "--quiet", "--no-store", "--per-run", file)
	rows := readCSVFile(t, file)
	conds := map[string]string{
		"strike": `max_rung("EST", "WST") >= rung("strike") || max_rung("WST", "EST") >= rung("strike")`,
	}
	checked := 0
	for name, expr := range conds {
		j := slices.Index(rows[0], name)
		for _, variant := range []string{"baseline", "hotline"} {
			first := -1
			for _, r := range rows[1:] {
				if r[1] == variant && r[j] == "true" {
					first, _ = strconv.Atoi(r[0])
					break
				}
			}
			if first < 0 {
				t.Fatalf("%s never holds in %s's 300 runs: choose another condition", name, variant)
			}
			args := []string{"trace", duel, "--seed", "4", "--variant", variant, "--where", expr}
			code, out, errOut := brinkWithStdin(t, "", args...)
			if code != ExitOK || !strings.Contains(errOut, "run "+strconv.Itoa(first)+" is the first") {
				t.Fatalf("%s in %s: exit %d, %q; brink run --per-run says run %d", name, variant, code, errOut, first)
			}
			_, direct, _ := brinkWithStdin(t, "", "trace", duel, "--seed", "4", "--variant", variant, "--run", strconv.Itoa(first))
			if out != direct {
				t.Errorf("%s in %s: the trace of --where differs from that of --run %d", name, variant, first)
			}
			// Searching from the run after finds a later one, or none.
			code, _, errOut = brinkWithStdin(t, "", append(args, "--run", strconv.Itoa(first+1), "--max-runs", "1")...)
			if code == ExitOK && strings.Contains(errOut, "run "+strconv.Itoa(first)+" ") {
				t.Errorf("a search from run %d found run %d", first+1, first)
			}
			checked++
		}
	}
	if checked != 2 {
		t.Fatal("nothing checked")
	}
}
