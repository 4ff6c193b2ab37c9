package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/scenario"
)

// brinkWithStdin runs brink with args and stdin on a fake Env (no
// environment variables, no context) and returns what it printed.
func brinkWithStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code = Main(env, args)
	return code, out.String(), errb.String()
}

// Every bad fixture of package scenario gives, through the command,
// exactly its expected problems on stderr and exit status 2.
func TestValidateBadFixtures(t *testing.T) {
	files, err := filepath.Glob("../scenario/testdata/bad/*.yaml")
	if err != nil || len(files) < 30 {
		t.Fatalf("bad fixtures: %d, %v", len(files), err)
	}
	t.Chdir("../scenario/testdata/bad")
	for _, f := range files {
		name := filepath.Base(f)
		want, err := os.ReadFile(strings.TrimSuffix(name, ".yaml") + ".err")
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := brinkWithStdin(t, "", "validate", name)
		if code != ExitInvalid || stdout != "" || stderr != string(want) {
			t.Errorf("%s: exit %d, stdout %q\n--- stderr\n%s--- want\n%s", name, code, stdout, stderr, want)
		}
	}
}

// `brink scenarios show NAME | brink validate /dev/stdin` works for every built-in.
func TestShowPipesIntoValidate(t *testing.T) {
	for _, name := range scenario.BuiltinNames() {
		code, yaml, stderr := brinkWithStdin(t, "", "scenarios", "show", name)
		if code != ExitOK || stderr != "" {
			t.Fatalf("show %s: exit %d: %s", name, code, stderr)
		}
		code, stdout, stderr := brinkWithStdin(t, yaml, "validate", "/dev/stdin")
		if code != ExitOK || stdout != "/dev/stdin: ok\n" || stderr != "" {
			t.Errorf("validate of show %s: exit %d, %q, %q", name, code, stdout, stderr)
		}
	}
}

func TestScenariosList(t *testing.T) {
	code, stdout, stderr := brinkWithStdin(t, "", "scenarios")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	names := scenario.BuiltinNames()
	if len(lines) != len(names) {
		t.Fatalf("%d lines for %d built-ins:\n%s", len(lines), len(names), stdout)
	}
	for i, line := range lines {
		name, title, ok := strings.Cut(line, "\t")
		s, err := scenario.Builtin(names[i])
		if err != nil {
			t.Fatal(err)
		}
		if !ok || name != names[i] || title != s.Title || strings.Contains(title, "\t") {
			t.Errorf("line %q, want %s<TAB>%s", line, names[i], s.Title)
		}
	}
}

func TestScenariosShow(t *testing.T) {
	code, stdout, _ := brinkWithStdin(t, "", "scenarios", "show", "example")
	src, _ := scenario.BuiltinSource("example")
	if code != ExitOK || stdout != string(src) {
		t.Fatalf("show example: exit %d, output differs from the embedded file", code)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"scenarios", "show", "exampel"}, `did you mean "example"?`},
		{[]string{"scenarios", "show"}, "Usage: brink scenarios"},
		{[]string{"scenarios", "list", "x"}, "Usage: brink scenarios"},
		{[]string{"scenarios", "--bogus"}, "flag provided but not defined"},
	} {
		code, stdout, stderr := brinkWithStdin(t, "", tc.args...)
		if code != ExitInvalid || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, stdout, stderr)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	code, stdout, stderr := brinkWithStdin(t, "", "schema")
	if code != ExitOK || stderr != "" || stdout != string(scenario.JSONSchema()) {
		t.Fatalf("schema: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, `"$schema": "https://json-schema.org/draft/2020-12/schema"`) {
		t.Error("not a draft 2020-12 schema")
	}
	if code, _, _ := brinkWithStdin(t, "", "schema", "extra"); code != ExitInvalid {
		t.Errorf("schema with an argument: exit %d", code)
	}
}
