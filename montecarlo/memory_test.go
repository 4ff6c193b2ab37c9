package montecarlo

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"brink/scenario"
)

// bigScenario has n actors in a chain of rivalries (n−1 tracked pairs), a
// horizon of days, and two variants.
func bigScenario(t testing.TB, n, days int) *scenario.Scenario {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "name: big\ntitle: Big\nstart: 2025-01-01\nhorizon: %d\nladder: standard\nactors:\n", days)
	for i := range n {
		fmt.Fprintf(&b, "  A%03d: {name: Actor %d, kind: state}\n", i, i)
	}
	b.WriteString("relations:\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {between: [A%03d, A%03d], stance: rival}\n", i-1, i)
	}
	b.WriteString("variants:\n  baseline: {}\n  calm: {model: {misperception: 0.01}}\n")
	b.WriteString("outcomes:\n  war: max_rung(\"A000\", \"A001\") >= rung(\"war\")\n")
	s, err := scenario.Load("big.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// allocated is the bytes f allocates.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// The estimate is within a factor of two of what a run allocates, for
// scenarios whose memory goes to the actors (the pair tables) or to the
// days (the tracked pairs' daily counts) (issue 19, item 3).
func TestMemoryEstimate(t *testing.T) {
	for _, c := range []struct{ actors, days, workers int }{
		{200, 30, 1}, {150, 30, 2}, {30, 1500, 1}, {30, 1500, 2},
	} {
		p, err := Prepare(bigScenario(t, c.actors, c.days), nil, "v")
		if err != nil {
			t.Fatal(err)
		}
		// As many blocks as workers: the memory of a long run, in less time.
		o := Options{Seed: 1, Runs: c.workers * BlockRuns, Workers: c.workers}
		est := p.MemoryEstimate(o)
		got := allocated(func() { mustRun(t, p, o) })
		ratio := float64(est) / float64(got)
		t.Logf("%d actors, %d days, %d workers: estimate %s, allocated %s (%.2f)", c.actors, c.days, c.workers, FormatBytes(est), FormatBytes(got), ratio)
		if ratio < 0.5 || ratio > 2 {
			t.Errorf("%d actors, %d days, %d workers: estimate %s, a run allocates %s", c.actors, c.days, c.workers, FormatBytes(est), FormatBytes(got))
		}
	}
}

// A run above MaxMemory is refused before it allocates, with the estimate
// and the limit in its message.
func TestMemoryLimit(t *testing.T) {
	p, err := Prepare(bigScenario(t, 1000, 36500), nil, "v")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Seed: 1, Runs: 1, Workers: 1, MaxMemory: 4 << 30}
	var runErr error
	got := allocated(func() { _, runErr = p.Run(context.Background(), o) })
	me, ok := runErr.(*MemoryError)
	if !ok || me.Estimate <= me.Limit || !strings.Contains(runErr.Error(), "above the limit of 4 GiB") {
		t.Fatalf("a 1,000-actor, 100-year run: %v", runErr)
	}
	if got > 1<<20 {
		t.Errorf("refusing the run allocated %s", FormatBytes(got))
	}
	t.Log(runErr)
}
