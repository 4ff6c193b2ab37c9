// Package goldenfile keeps the expected output of a test in a file (a
// "golden file") that the test compares its output with, or, when the test
// runs with -update, rewrites for a person to review in the diff.
package goldenfile

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Check compares got with the golden file at path and reports a difference
// as a test error, showing both; with update it writes got to path instead.
// rerun is the command that rewrites the file, for the messages.
func Check(t testing.TB, path string, got []byte, update bool, rerun string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with `%s`)", err, rerun)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, check the new output and rewrite the file with `%s`.\n--- got\n%s\n--- want\n%s",
			path, rerun, got, want)
	}
}

// FirstDifference shows the first line where two versions of a text differ,
// a page as written and as generated now: its number and both lines.
func FirstDifference(page, now string) string {
	p, n := strings.Split(page, "\n"), strings.Split(now, "\n")
	for i := 0; i < len(p) || i < len(n); i++ {
		var a, b string
		if i < len(p) {
			a = p[i]
		}
		if i < len(n) {
			b = n[i]
		}
		if a != b {
			return fmt.Sprintf("line %d\n  page:  %s\n  model: %s", i+1, a, b)
		}
	}
	return "(no line differs)"
}
