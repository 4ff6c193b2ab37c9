package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/goldenfile"
)

var update = flag.Bool("update", false, "rewrite the expected outputs under testdata")

// TestBadFixtures loads each file under testdata/bad and compares every
// problem reported with the lines of its .err file, exactly: message,
// line and column. Each fixture holds one kind of mistake.
func TestBadFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad fixtures; want one per kind of problem (30+)", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Load(name, data)
			if err == nil {
				t.Fatalf("%s loaded without problems", name)
			}
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			got := probs.Error() + "\n"
			goldenfile.Check(t, strings.TrimSuffix(path, ".yaml")+".err", []byte(got), *update, "go test ./scenario -run TestBadFixtures -update")
			// Every problem names this file and a real position.
			for _, p := range probs {
				if p.File != name || p.Pos.Line < 1 || p.Pos.Col < 1 {
					t.Errorf("problem with a bad place: %+v", p)
				}
			}
		})
	}
}
