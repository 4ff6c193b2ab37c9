package sim

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestIntendedInlining guards what the kernel's speed relies on, the way the
// Go compiler's own TestIntendedInlining does: functions on the daily path
// that must stay small enough for the compiler to inline. A change that
// pushes one over the inlining budget changes no result, so no other test
// notices; this one names the function. docs/performance.md says why each
// matters (the random-number primitives are called for every draw; crossWar
// became a call once and ipd-200d paid for it). decidePair is no longer
// required to inline with the profile: the profile regenerated after the
// kernel issues leaves it a call and runs gaza-2023 3.5% faster than the
// old one, which inlined it (docs/performance.md); modify stays marked
// go:noinline, so decidePair stays small.
//
// It builds the package with -gcflags=-m, without and with the profile, and
// reads the compiler's "can inline" lines.
func TestIntendedInlining(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package twice")
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	// Inlinable in every build.
	always := []string{
		// rand.go: every draw.
		"mix", "at", "dayKey", "pairKey", "slotKey", "threshold", "runKey.purpose",
		"stream.u64", "stream.float", "stream.bern", "stream.below", "(*State).key",
		// numeric.go: replacements of math.Max and min/max on the daily path.
		"atLeast", "clampPos",
		// Small helpers of decide, execute, update and record.
		"(*State).touch", "(*State).touchState", "(*State).grievance", "(*State).gate",
		"(*Model).gateCaps", "(*State).push", "(*State).receipts", "remember",
		"(*State).wakePair", "(*State).crossWar", "(*State).recordDaily",
		"(*State).dailyChanged", "(*State).salvoCDF", "offerWill",
	}
	// Inlinable with the profile cmd/brink is built with.
	withProfile := []string{"(*salvoTable).draw", "(*State).perceive"}
	// Never inlined (go:noinline): the call for the minority of decisions
	// that are hostile, kept out of decidePair.
	never := []string{"(*State).modify"}

	canInline := func(pgo string) map[string]bool {
		args := []string{"build", "-gcflags=brink/sim=-m", "-o", "/dev/null"}
		if pgo != "" {
			args = append(args, "-pgo="+pgo)
		}
		cmd := exec.Command(gobin, append(args, ".")...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		re := regexp.MustCompile(`(?m)^[^ ]+: can inline (\S+)`)
		got := map[string]bool{}
		for _, m := range re.FindAllStringSubmatch(string(out), -1) {
			got[m[1]] = true
		}
		return got
	}
	check := func(build string, got map[string]bool, want []string) {
		for _, f := range want {
			if !got[f] {
				t.Errorf("%s: %s is no longer inlinable (see docs/performance.md)", build, f)
			}
		}
		for _, f := range never {
			if got[f] {
				t.Errorf("%s: %s is inlinable; it is meant not to be", build, f)
			}
		}
	}
	check("without profile", canInline(""), always)
	check("with cmd/brink/default.pgo", canInline(filepath.Join("..", "cmd", "brink", "default.pgo")), append(always, withProfile...))
}
