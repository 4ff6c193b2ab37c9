package backtest

import (
	"context"
	"testing"

	"brink/montecarlo"
	"brink/scenario"
)

// runScenario runs the first variant of s as `brink run` does and returns
// the count of runs in which each probability outcome held.
func runScenario(t *testing.T, s *scenario.Scenario, seed uint64, runs int) map[string]int64 {
	t.Helper()
	plan, err := montecarlo.Prepare(s, []string{s.VariantNames()[0]}, "test")
	if err != nil {
		t.Fatal(err)
	}
	tally, err := plan.Run(context.Background(), montecarlo.Options{Seed: seed, Runs: runs})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := tally.Summary()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, o := range sum.Variants[0].Outcomes {
		out[o.Name] = o.Count
	}
	return out
}
