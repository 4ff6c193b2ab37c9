package backtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"brink/scenario"
)

// FuzzLoadRecord: any bytes give an episode or positioned problems inside
// the file, never a panic.
func FuzzLoadRecord(f *testing.F) {
	for _, g := range []string{"testdata/good/record.yaml", "testdata/bad/record.yaml", "testdata/bad/syntax.yaml", "episodes/april-2024/record.yaml"} {
		data, err := os.ReadFile(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	good, err := os.ReadFile("testdata/good/scenario.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ep, err := Load("fuzz.yaml", data, func(ref string) (*scenario.Scenario, error) {
			if filepath.Base(ref) == "scenario.yaml" {
				return scenario.Load("scenario.yaml", good)
			}
			return scenario.Builtin(ref[len(BuiltinPrefix)%max(1, len(ref)):])
		})
		if err == nil {
			if ep == nil || ep.Scenario == nil {
				t.Fatal("no error and no episode")
			}
			return
		}
		var probs scenario.Problems
		if !errors.As(err, &probs) {
			return // the resolver's own error
		}
		// YAML breaks lines at LF, CR and CRLF.
		lines := 1
		for i, b := range data {
			if b == '\n' || (b == '\r' && (i+1 == len(data) || data[i+1] != '\n')) {
				lines++
			}
		}
		for _, p := range probs {
			if p.File == "fuzz.yaml" && (p.Pos.Line < 1 || p.Pos.Line > lines || p.Pos.Col < 1) {
				t.Fatalf("problem outside the file (%d lines): %v", lines, p)
			}
		}
	})
}
