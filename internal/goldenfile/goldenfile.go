// Package goldenfile keeps the expected output of a test in a file (a
// "golden file") that the test compares its output with, or, when the test
// runs with -update, rewrites for a person to review in the diff.
package goldenfile

import (
	"bytes"
	"os"
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
