package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader. It must never panic or hang;
// a file it accepts must apply every variant, compile every outcome, lint
// without a panic, and survive Marshal and Load unchanged; a file it rejects must say why, at a
// real position.
func FuzzLoad(f *testing.F) {
	for _, name := range BuiltinNames() {
		src, _ := BuiltinSource(name)
		f.Add(src)
	}
	for _, pattern := range []string{"testdata/good/*.yaml", "testdata/bad/*.yaml", "testdata/lint/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil && len(src) < 8<<10 {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("fuzz.yaml", data)
		if err != nil {
			var probs Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("error is not Problems: %T %v", err, err)
			}
			for _, p := range probs {
				if p.Pos.Line < 1 || p.Pos.Col < 1 || p.Msg == "" || p.File != "fuzz.yaml" {
					t.Fatalf("bad problem %+v", p)
				}
			}
			return
		}
		for _, v := range s.VariantNames() {
			if _, err := s.Apply(v); err != nil {
				t.Fatalf("Load accepted the file but variant %s fails: %v", v, err)
			}
		}
		if _, err := s.CompileOutcomes(); err != nil {
			t.Fatalf("Load accepted the file but outcomes fail: %v", err)
		}
		// Its warnings, if any, are at real positions.
		for _, p := range s.Lint() {
			if p.Pos.Line < 1 || p.Pos.Col < 1 || p.Msg == "" || p.File != "fuzz.yaml" {
				t.Fatalf("bad warning %+v", p)
			}
		}
		out, err := Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Load("marshalled.yaml", out)
		if err != nil {
			t.Fatalf("Marshal output does not load: %v\n%s", err, out)
		}
		if d := modelDiff(s, s2); len(d) > 0 {
			t.Fatalf("round trip changed the model:\n%s\n%s", strings.Join(d, "\n"), out)
		}
	})
}
