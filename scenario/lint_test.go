package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/goldenfile"
)

// The fixture has one of each thing Lint warns of, and things that look
// like them but are meant (a doctrine that names the nuclear rung, an idle
// actor that carries messages, one a variant wakes, a cooperative one):
// warnings.txt is every warning, at its place.
func TestLintGolden(t *testing.T) {
	path := filepath.Join("testdata", "lint", "warnings.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, src)
	if err != nil {
		t.Fatalf("the fixture must be valid: %v", err)
	}
	var b strings.Builder
	for _, p := range s.Lint() {
		b.WriteString(p.String() + "\n")
	}
	got := b.String()
	goldenfile.Check(t, filepath.Join("testdata", "lint", "warnings.txt"), []byte(got), *update, "go test ./scenario -run TestLintGolden -update")
	for _, want := range []string{`"RED" can use nuclear`, `"BLU" can use nuclear`, `"GRN" never acts`,
		`asks about GRN and PUR`, `"war_above_strike" is true`, `"horizon_weeks" is 17.14`} {
		if !strings.Contains(got, want) {
			t.Errorf("no warning with %q", want)
		}
	}
	for _, not := range []string{`"YEL"`, `"ORA"`, `"PUR" never`, `against "RED"`, `"nuclear" is`, `red_blue_war`} {
		if strings.Contains(got, not) {
			t.Errorf("a warning with %q, which is meant", not)
		}
	}
}

// The built-in scenarios and the backtest library's raise no warning.
func TestLintBuiltinsAreClean(t *testing.T) {
	files := map[string][]byte{}
	for _, name := range BuiltinNames() {
		src, err := BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = src
	}
	episodes, _ := filepath.Glob(filepath.Join("..", "backtest", "episodes", "*", "scenario.yaml"))
	if len(episodes) == 0 {
		t.Fatal("no backtest episodes found")
	}
	for _, p := range episodes {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = src
	}
	for name, src := range files {
		s, err := Load(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range s.Lint() {
			t.Errorf("warning: %s", p)
		}
	}
}

// Lint never fails on a scenario that loads, whatever is in it: the
// fixtures of the other tests, every one.
func TestLintGoodFixtures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "good", "*.yaml"))
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		s, err := Load(p, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range s.Lint() {
			if w.File != p || w.Pos.Line < 1 || w.Pos.Col < 1 || w.Msg == "" {
				t.Errorf("malformed warning %+v", w)
			}
		}
	}
}
