package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTableFitsTheTerminal: the answer `brink run` prints fits an 80-column
// screen whatever it is written to; with --metrics, the metrics table is
// folded to a terminal narrower than it, and is the wide one into a file or
// a pipe, or with --width 0, whatever the window. brink show prints what
// brink run printed on the same screen.
func TestTableFitsTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	vars := map[string]string{"BRINK_DB": db}
	run := func(width int, args ...string) (int, string, string) {
		e := newRunEnv(context.Background(), vars)
		e.env.StdoutWidth = width
		code := Main(e.env, args)
		return code, e.stdout.String(), e.stderr.String()
	}
	args := []string{"run", "example", "--runs", "64", "--quiet", "--metrics"}
	code, onTerminal, errOut := run(80, args...)
	if code != ExitOK {
		t.Fatalf("brink run on an 80-column terminal: exit %d: %s", code, errOut)
	}
	for _, line := range strings.Split(onTerminal, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d columns on an 80-column terminal: %q", n, line)
		}
	}
	_, piped, _ := run(0, append(args, "--no-store")...)
	answer, metrics, ok := strings.Cut(piped, "\nMetrics:")
	if !ok || maxWidth(answer) > 80 || maxWidth(metrics) <= 80 {
		t.Errorf("into a pipe the answer is not within 80 columns (%d) or the metrics not the wide table (%d):\n%s",
			maxWidth(answer), maxWidth(metrics), piped)
	}
	if _, noFold, _ := run(80, append(args, "--no-store", "--width", "0")...); noFold != piped {
		t.Errorf("--width 0 on a terminal is not the wide table")
	}
	if _, forced, _ := run(0, append(args, "--no-store", "--width", "80")...); forced != onTerminal {
		t.Errorf("--width 80 into a pipe differs from the table on an 80-column terminal")
	}
	out := filepath.Join(t.TempDir(), "results.txt")
	if code, _, errOut := run(80, append(args, "--no-store", "--out", out)...); code != ExitOK {
		t.Fatalf("--out: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != piped {
		t.Errorf("--out on a terminal wrote the folded table, not the wide one")
	}
	// show prints what run printed, on the same screen.
	if _, shown, _ := run(80, "show", "last", "--metrics"); shown != onTerminal {
		t.Errorf("brink show on the same terminal differs from brink run:\n%s", shown)
	}
	if _, shown, _ := run(0, "show", "last", "--metrics"); shown != piped {
		t.Errorf("brink show into a pipe differs from brink run into a pipe")
	}
	if code, _, errOut := run(0, "show", "last", "--width", "-3"); code != ExitInvalid || !strings.Contains(errOut, "want a whole number of columns") {
		t.Errorf("--width -3: exit %d, %q", code, errOut)
	}
}

func maxWidth(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n = max(n, len([]rune(line)))
	}
	return n
}
