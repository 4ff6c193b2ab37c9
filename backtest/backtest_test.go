package backtest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"

	"strings"
	"testing"

	"brink/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestBadRecords checks every problem of the bad records against golden
// files: FILE:LINE:COL and the message, one per line, all at once.
func TestBadRecords(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) == 0 {
		t.Fatal("no bad records in testdata/bad")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := LoadFile(f)
			var probs scenario.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("LoadFile(%s) = %v, want positioned problems", f, err)
			}
			got := probs.Error() + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./backtest -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("problems of %s changed (go test ./backtest -update rewrites):\ngot:\n%swant:\n%s", f, got, want)
			}
		})
	}
}

func TestGoodRecord(t *testing.T) {
	ep, err := LoadFile("testdata/good/record.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ep.Name != "duel" || ep.Record.Half != Fit || len(ep.Classes) != 4 {
		t.Fatalf("loaded %q half %q with %d classes", ep.Name, ep.Record.Half, len(ep.Classes))
	}
	raids := ep.Classes[2]
	if !raids.Numeric || !raids.Observed || raids.Expr != `abs((kinetic_by("MIL", "RED")) - 3) <= 2` {
		t.Errorf("numeric class compiled to %+v", raids)
	}
	// before: 1 is 2 from the observed 3, within the tolerance 2: persistence forecasts a hit.
	if raids.Persist != 1 {
		t.Errorf("persistence of raids = %g, want 1", raids.Persist)
	}
	if ep.Classes[0].Persist != 0 || !ep.Classes[0].Observed || ep.Classes[1].Observed {
		t.Errorf("conditions read as %+v, %+v", ep.Classes[0], ep.Classes[1])
	}
}

// TestScoreClass checks the terms against hand computations.
func TestScoreClass(t *testing.T) {
	c := ClassScore{Held: 30, Runs: 100, Happened: true, Persist: 0}
	scoreClass(&c)
	if c.P != 0.3 || !near(c.Brier, 0.49) || !near(c.Log, -math.Log(30.5/101)) || c.PersistBrier != 1 || c.Surprise {
		t.Errorf("happened at 30/100: %+v", c)
	}
	c = ClassScore{Held: 95, Runs: 100, Happened: false, Persist: 0}
	scoreClass(&c)
	if !near(c.Brier, 0.9025) || !near(c.Log, -math.Log(1-95.5/101)) || c.PersistBrier != 0 || !c.Surprise {
		t.Errorf("did not happen at 95/100: %+v", c)
	}
	c = ClassScore{Held: 0, Runs: 100, Happened: true}
	scoreClass(&c)
	if !c.Surprise || !near(c.Log, math.Log(202)) || c.Lo != 0 {
		t.Errorf("never produced, happened: %+v", c)
	}
	c = ClassScore{Held: 10, Runs: 100, Happened: true}
	scoreClass(&c)
	if c.Surprise {
		t.Errorf("P = 0.1 exactly is not below 0.1: %+v", c)
	}
}

func TestCombineWeighsEpisodesAlike(t *testing.T) {
	a := &EpisodeScore{Half: Fit, Score: Score{Classes: 1, Brier: 0.1, Log: 0.2, PersistBrier: 0.5, Surprises: 1}}
	b := &EpisodeScore{Half: Check, Score: Score{Classes: 9, Brier: 0.3, Log: 0.4, PersistBrier: 0}}
	s := combine([]*EpisodeScore{a, b})
	if s.Episodes != 2 || s.Classes != 10 || !near(s.Brier, 0.2) || !near(s.Log, 0.3) || s.Surprises != 1 {
		t.Errorf("combined %+v", s)
	}
	if !near(s.SkillBase, 1-0.2/0.25) || !near(s.SkillPersist, 1-0.2/0.25) || !near(s.LogSkill, 1-0.3/math.Ln2) {
		t.Errorf("skills of %+v", s)
	}
	if s.BrierLo < 0.1-1e-12 || s.BrierHi > 0.3+1e-12 || s.BrierLo > s.Brier || s.BrierHi < s.Brier {
		t.Errorf("bootstrap interval [%g, %g] around %g", s.BrierLo, s.BrierHi, s.Brier)
	}
	r := Summarize("test", 1, 10, []*EpisodeScore{a, b})
	if r.Fit.Episodes != 1 || r.Check.Episodes != 1 || r.All.Episodes != 2 {
		t.Errorf("halves: fit %d check %d all %d", r.Fit.Episodes, r.Check.Episodes, r.All.Episodes)
	}
	if e := episodeScore(nil); e.Classes != 0 || e.Brier != 0 {
		t.Errorf("empty episode scored %+v", e)
	}
	if !math.IsNaN(episodeScore([]ClassScore{{Brier: 0.1, PersistBrier: 0}}).SkillPersist) {
		t.Error("skill against a perfect persistence forecast should be undefined")
	}
}

func TestBootstrapMean(t *testing.T) {
	xs := []float64{0.1, 0.2, 0.3, 0.4, 0.05, 0.5, 0.15, 0.25}
	lo, hi := bootstrapMean(xs)
	lo2, hi2 := bootstrapMean(xs)
	if lo != lo2 || hi != hi2 {
		t.Fatal("bootstrap is not deterministic")
	}
	mean := 0.24375
	if !(lo < mean && mean < hi) || lo < 0.05 || hi > 0.5 {
		t.Errorf("bootstrap interval [%g, %g] of mean %g", lo, hi, mean)
	}
	// The standard error of the mean is about 0.055: the interval is about ±0.11.
	if w := hi - lo; w < 0.12 || w > 0.3 {
		t.Errorf("bootstrap interval width %g, want about 0.21", w)
	}
}

func TestReliabilityBins(t *testing.T) {
	e := &EpisodeScore{Classes: []ClassScore{
		{P: 0.05, Happened: false}, {P: 0.08, Happened: true}, {P: 0.95, Happened: true}, {P: 1, Happened: true},
	}}
	bins := reliability([]*EpisodeScore{e})
	if len(bins) != 2 || bins[0].Classes != 2 || bins[0].Observed != 0.5 || !near(bins[0].Forecast, 0.065) ||
		bins[1].Classes != 2 || bins[1].From != 0.9 || bins[1].Observed != 1 {
		t.Errorf("bins %+v", bins)
	}
}

// TestRunDeterministic: the same episode, seed and runs give the same
// report, byte for byte, whatever the number of workers.
func TestRunDeterministic(t *testing.T) {
	ep, err := LoadFile("testdata/good/record.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for _, w := range []int{1, 2, 3} {
		sc, err := ep.Run(context.Background(), Options{Seed: 7, Runs: 600, Workers: w, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, Summarize("test", 7, 600, []*EpisodeScore{sc})); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.Bytes())
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[0], outs[2]) {
		t.Error("the report depends on the number of workers")
	}
}

// TestRunMatchesScenarioOutcomes: a class scored by the backtest has the
// probability `brink run` gives the same expression as a scenario outcome
// (the scenario's own outcomes are replaced, nothing else changes).
func TestRunMatchesScenarioOutcomes(t *testing.T) {
	ep, err := Builtin("april-2024")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ep.Run(context.Background(), Options{Seed: 2024, Runs: 1000, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	s := ep.Scenario
	want := map[string]string{}
	for _, k := range s.Outcomes.Keys {
		want[k] = *s.Outcomes.Values[k]
	}
	p := runScenario(t, s, 2024, 1000)
	matched := 0
	for _, c := range sc.Classes {
		if want[c.Name] != c.Outcome {
			continue
		}
		matched++
		if got := p[c.Name]; got != c.Held {
			t.Errorf("%s: backtest held in %d runs, brink run in %d", c.Name, c.Held, got)
		}
	}
	if matched < 5 {
		t.Fatalf("only %d classes share an expression with the scenario's outcomes", matched)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
