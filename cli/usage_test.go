package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// The commands whose help is checked in full.
var helpedCommands = []string{"run", "merge", "trace", "history", "show", "rm", "plot", "report", "validate", "scenarios", "schema", "bench", "serve"}

// TestHelpOnStdout: -h and --help print the command's help on stdout, exit
// 0, and say nothing on stderr, so that `brink run -h | less` pages it.
// Every flag is listed in the --name form the documentation uses, and the
// commands that take arguments show examples.
func TestHelpOnStdout(t *testing.T) {
	for _, name := range helpedCommands {
		for _, h := range []string{"-h", "--help"} {
			code, out, errOut := brink(t, name, h)
			if code != ExitOK || errOut != "" || !strings.HasPrefix(out, "Usage: brink "+name) {
				t.Errorf("brink %s %s: exit %d, stderr %q, stdout starts %q", name, h, code, errOut, firstLine(out))
				continue
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") {
					t.Errorf("brink %s %s: flag listed with one dash: %q", name, h, line)
				}
			}
			if name != "scenarios" && name != "schema" && !strings.Contains(out, "\nExamples:\n") {
				t.Errorf("brink %s %s: no examples", name, h)
			}
		}
	}
	// The seed of trace once printed as "-seed brink run", package flag
	// taking the back-quoted words of its description for the value's name.
	_, out, _ := brink(t, "trace", "-h")
	if !strings.Contains(out, "  --seed S\n") {
		t.Errorf("trace -h: --seed is not listed as `--seed S`:\n%s", out)
	}
}

// TestFlagErrorsOneLine: an unknown flag or a bad value is one line on
// stderr naming the command and where its help is, exit 2, nothing on
// stdout; never the whole help.
func TestFlagErrorsOneLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--bogus"}, "brink run: flag provided but not defined: -bogus (see `brink run -h`)"},
		{[]string{"run", "--runs", "abc"}, `brink run: invalid value "abc" for flag --runs: want a whole number (see ` + "`brink run -h`)"},
		{[]string{"run", "--seed", "99999999999999999999999"}, "want a whole number from 0 to 18446744073709551615"},
		{[]string{"run", "--seed", "-1"}, "want a whole number from 0 to"},
		{[]string{"run", "--precision", "tight"}, "for flag --precision: want a number"},
		{[]string{"run", "--quiet=maybe"}, "for flag --quiet: want true or false"},
		{[]string{"run", "--out"}, "flag needs an argument: -out"},
		{[]string{"run", "--workers", "-3", "--no-store"}, "--workers must be 0 (one per CPU) or more, not -3"},
		{[]string{"run", "--max-runs", "0", "--no-store"}, "--max-runs must be positive"},
		{[]string{"trace", "example", "--run", "-1"}, "brink trace: invalid value"},
		{[]string{"show", "-1"}, "brink show: flag provided but not defined: -1"},
		{[]string{"history", "-n", "x"}, "brink history: invalid value"},
		{[]string{"plot", "--chart"}, "brink plot: flag needs an argument"},
		{[]string{"report", "--bogus"}, "brink report: flag provided but not defined"},
		{[]string{"rm", "--bogus"}, "brink rm: flag provided but not defined"},
		{[]string{"merge", "--bogus"}, "brink merge: flag provided but not defined"},
		{[]string{"validate", "--bogus", "x.yaml"}, "brink validate: flag provided but not defined"},
		{[]string{"validate"}, "brink validate: give the scenario files to check"},
		{[]string{"scenarios", "--bogus"}, "brink scenarios: flag provided but not defined"},
		{[]string{"schema", "extra"}, "brink schema: takes no arguments"},
		{[]string{"bench", "--bogus"}, "brink bench: flag provided but not defined"},
		{[]string{"serve", "--bogus"}, "brink serve: flag provided but not defined"},
		{[]string{"serve", "--addr", "0.0.0.0:8080"}, "is not the loopback interface"},
		{[]string{"serve", "--addr", "8080"}, "brink serve: --addr \"8080\""},
		{[]string{"serve", "--queue", "0"}, "--max-running and --queue must be 1 or more"},
		{[]string{"serve", "extra"}, "brink serve: unexpected argument"},
	}
	for _, c := range cases {
		// The store's flag goes first, so that it cannot be taken for the
		// value of a flag the case leaves without one.
		args := append([]string{c.args[0], "--db", filepath.Join(dir, "runs.db")}, c.args[1:]...)
		if c.args[0] == "validate" || c.args[0] == "scenarios" || c.args[0] == "schema" || c.args[0] == "trace" || c.args[0] == "merge" || c.args[0] == "bench" {
			args = c.args
		}
		code, out, errOut := brink(t, args...)
		if code != ExitInvalid || out != "" {
			t.Errorf("brink %s: exit %d, stdout %q; want exit 2 and no output", strings.Join(c.args, " "), code, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("brink %s: stderr %q; want one line with %q", strings.Join(c.args, " "), errOut, c.want)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestUnknownVariantNamesTheVariants: the variants a scenario has are listed
// as words, not as a Go slice ("[baseline direct-channel short-leash]").
func TestUnknownVariantNamesTheVariants(t *testing.T) {
	want := `scenario "example" has no variant "short-lease"; did you mean "short-leash"? (it has baseline, direct-channel, short-leash)`
	for _, args := range [][]string{
		{"run", "example", "--variants", "baseline,short-lease", "--no-store"},
		{"trace", "example", "--variant", "short-lease"},
	} {
		code, _, errOut := brink(t, args...)
		if code != ExitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("brink %s: exit %d, stderr %q; want %q", strings.Join(args, " "), code, errOut, want)
		}
	}
}
