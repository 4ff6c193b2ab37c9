package results_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLeaf checks that results stays at the bottom of brink: every package it
// depends on, directly or not, is in the standard library.
func TestLeaf(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "brink/results" {
			t.Errorf("results depends on %s; it may import only the standard library", p)
		}
	}
}
