package findings

import (
	"math"
	"strings"
	"testing"

	"brink/results"
)

func TestParseBlocksFindsKindsArgumentsAndText(t *testing.T) {
	page := "prose\n<!-- brink:outcomes gaza-2023 --seed 7 --runs 500 -->\nold\n<!-- brink:end -->\nmore\n" +
		"<!-- brink:calibration april-2024 -->\n<!-- brink:end -->\n"
	bs, err := ParseBlocks(page)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 {
		t.Fatalf("found %d blocks, want 2", len(bs))
	}
	if len(bs[0].Only) != 0 {
		t.Errorf("first block shows only %v, want all outcomes", bs[0].Only)
	}
	if bs[0].Kind != KindOutcomes || bs[0].Line != 2 || bs[0].Command() != "brink run gaza-2023 --seed 7 --runs 500" {
		t.Errorf("first block = %+v", bs[0])
	}
	if got := page[bs[0].Start:bs[0].End]; got != "\nold\n" {
		t.Errorf("first block text = %q", got)
	}
	name, seed, runs, _, err := bs[0].RunArgs()
	if err != nil || name != "gaza-2023" || seed != 7 || runs != 500 {
		t.Errorf("RunArgs = %q %d %d %v", name, seed, runs, err)
	}
	if _, seed, runs, _, _ := bs[1].RunArgs(); seed != 1 || runs != 2000 {
		t.Errorf("defaults: seed %d runs %d, want brink run's 1 and 2000", seed, runs)
	}
}

func TestParseBlocksReadsTheOutcomesToShow(t *testing.T) {
	bs, err := ParseBlocks("<!-- brink:claims gaza-2023 --runs 10 | a b -->\n<!-- brink:end -->")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(bs[0].Only, ","); got != "a,b" || bs[0].Command() != "brink run gaza-2023 --runs 10" {
		t.Errorf("only %q, command %q", got, bs[0].Command())
	}
}

func TestParseBlocksRejectsBrokenMarkers(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<!-- brink:outcomes gaza-2023 -->\nno end\n", "not closed"},
		{"x\n<!-- brink:end -->\n", "line 2"},
		{"<!-- brink:tables gaza-2023 -->\n<!-- brink:end -->", "unknown table kind"},
		{"<!-- brink:outcomes -->\n<!-- brink:end -->", "needs a kind and the arguments"},
		{"<!-- brink:outcomes a -->\n<!-- brink:outcomes b -->\n<!-- brink:end -->", "inside"},
	} {
		_, err := ParseBlocks(tc.page)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseBlocks(%q) error = %v, want one containing %q", tc.page, err, tc.want)
		}
	}
}

func TestRunArgsRefusesFlagsTheTestCannotReproduce(t *testing.T) {
	b := Block{Args: []string{"gaza-2023", "--precision", "0.01"}}
	if _, _, _, _, err := b.RunArgs(); err == nil {
		t.Error("--precision accepted")
	}
}

func TestRegenerateReplacesOnlyTheBlocks(t *testing.T) {
	page := "a\n<!-- brink:outcomes s -->\nold\n<!-- brink:end -->\nb\n"
	got, err := Regenerate(page, func(Block) (string, error) { return "new", nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := "a\n<!-- brink:outcomes s -->\nnew\n<!-- brink:end -->\nb\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	again, _ := Regenerate(got, func(Block) (string, error) { return "new", nil })
	if again != got {
		t.Error("regenerating twice changed the page")
	}
}

func TestBrierScores(t *testing.T) {
	// A perfect forecast scores 0; the 50% forecast 0.25; a confident wrong one 1.
	if b := Brier([]float64{1, 0}, []bool{true, false}); b != 0 {
		t.Errorf("perfect forecast: %v", b)
	}
	if b := Brier([]float64{0.5, 0.5, 0.5}, []bool{true, false, true}); b != NaiveBrier {
		t.Errorf("50%% forecast: %v", b)
	}
	if b := Brier([]float64{0.8, 0.3}, []bool{true, true}); math.Abs(b-(0.04+0.49)/2) > 1e-12 {
		t.Errorf("mixed forecast: %v", b)
	}
}

func TestCalibrateScoresTheBaselineAndCountsSurprises(t *testing.T) {
	s := &results.Summary{Variants: []results.VariantSummary{{Name: "base", Outcomes: []results.OutcomeStat{
		{Name: "a", Kind: results.KindProbability, P: 0.9},
		{Name: "b", Kind: results.KindProbability, P: 0.95},
	}}}}
	c, err := Calibrate(s, []Observation{{"a", true, ""}, {"b", false, ""}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (0.01 + 0.9025) / 2; math.Abs(c.Brier-want) > 1e-12 {
		t.Errorf("Brier %v, want %v", c.Brier, want)
	}
	if c.Surprises != 1 {
		t.Errorf("surprises %d, want 1 (b did not happen at 95%%)", c.Surprises)
	}
	if _, err := Calibrate(s, []Observation{{"missing", true, ""}}); err == nil {
		t.Error("an unknown outcome was accepted")
	}
}
