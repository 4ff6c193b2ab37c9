package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/scenario"
)

// loadTestdata loads a scenario of sim/testdata and compiles one variant
// ("" for the base).
func loadTestdata(t testing.TB, file, variant string) *Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return compileSource(t, file, data, variant)
}

// compileBuiltin loads a built-in scenario, applies a variant and compiles it.
func compileBuiltin(t testing.TB, name, variant string) *Model {
	t.Helper()
	src, err := scenario.BuiltinSource(name)
	if err != nil {
		t.Fatal(err)
	}
	return compileSource(t, name+".yaml", src, variant)
}

// compileSource loads a scenario from its text, applies the variant when one
// is named, and compiles it; any error fails the test.
func compileSource(t testing.TB, name string, src []byte, variant string) *Model {
	t.Helper()
	return compileScenario(t, loadSource(t, name, src, variant))
}

// loadSource is compileSource's first half: the scenario, its variant
// applied, before it is compiled.
func loadSource(t testing.TB, name string, src []byte, variant string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if variant != "" {
		if s, err = s.Apply(variant); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// compileScenario compiles s; an error fails the test.
func compileScenario(t testing.TB, s *scenario.Scenario) *Model {
	t.Helper()
	m, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// moves rebuilds each player's daily move (C or D) from a run's trace.
type moves struct {
	m    *Model
	a, b []byte
}

func (mv *moves) Trace(e *TraceEvent) {
	if e.Kind != EventAct || mv.m.Ladder.Rungs[e.Rung].ID != "defect" {
		return
	}
	if e.Actor == 0 {
		mv.a[e.Day] = 'D'
	} else {
		mv.b[e.Day] = 'D'
	}
}

// TestIteratedGames: the classic doctrines against each other on a two-rung
// cooperate/defect ladder without noise play the known sequences of
// iterated-game theory (Axelrod), day by day for 20 days.
func TestIteratedGames(t *testing.T) {
	rep := func(s string, n int) string { return strings.Repeat(s, 20)[:n] }
	cases := []struct{ variant, a, b string }{
		{"tft-tft", rep("C", 20), rep("C", 20)},
		{"tft-alld", "C" + rep("D", 19), rep("D", 20)},
		{"tft-allc", rep("C", 20), rep("C", 20)},
		// Suspicious tit-for-tat against tit-for-tat: the defection echoes forever.
		{"stft-tft", rep("DC", 20), rep("CD", 20)},
		{"stft-stft", rep("D", 20), rep("D", 20)},
		// Grim is triggered by the opening defection and never forgives.
		{"grim-stft", "C" + rep("D", 19), "DC" + rep("D", 18)},
		{"grim-allc", rep("C", 20), rep("C", 20)},
		{"grim-tft", rep("C", 20), rep("C", 20)},
		// Win-stay, lose-shift: exploited, it alternates.
		{"pavlov-alld", rep("CD", 20), rep("D", 20)},
		{"pavlov-allc", rep("C", 20), rep("C", 20)},
		// Against suspicious tit-for-tat it falls into a cycle of three.
		{"pavlov-stft", rep("CDD", 20), rep("DCD", 20)},
		{"pavlov-pavlov", rep("C", 20), rep("C", 20)},
		{"alld-allc", rep("D", 20), rep("C", 20)},
		{"alld-alld", rep("D", 20), rep("D", 20)},
	}
	for _, c := range cases {
		t.Run(c.variant, func(t *testing.T) {
			m := loadTestdata(t, "ipd.yaml", c.variant)
			st, res := m.NewState(), m.NewResult()
			for _, seed := range []uint64{1, 2} { // no randomness may matter
				mv := &moves{m: m, a: []byte(rep("C", 20)), b: []byte(rep("C", 20))}
				st.Run(seed, 0, res, mv)
				if string(mv.a) != c.a || string(mv.b) != c.b {
					t.Fatalf("seed %d:\n A got %s\n   want %s\n B got %s\n   want %s", seed, mv.a, c.a, mv.b, c.b)
				}
			}
		})
	}
}

// TestIteratedGamesWithMemory: the doctrines of M23 that look back further
// than yesterday play their known sequences exactly: tit for two tats
// forgives a single defection, two tits for a tat answers twice, and the
// memory-one strategies with probabilities 0 and 1 are tit-for-tat,
// always-defect and win-stay, lose-shift.
func TestIteratedGamesWithMemory(t *testing.T) {
	rep := func(s string, n int) string { return strings.Repeat(s, 20)[:n] }
	cases := []struct{ variant, a, b string }{
		{"tf2t-alld", "CC" + rep("D", 18), rep("D", 20)},
		{"tf2t-stft", rep("C", 20), "D" + rep("C", 19)},
		{"2tft-stft", "C" + rep("D", 19), "DC" + rep("D", 18)},
		// Against an alternating player (memory-one: hostile after its own
		// cooperation, cooperative after its own defection) the second
		// answer always falls on its next defection: defection for good.
		{"2tft-alt", "CC" + rep("D", 18), rep("CD", 20)},
		{"stft-m1tft", rep("DC", 20), rep("CD", 20)},
		{"m1alld-tft", rep("D", 20), "C" + rep("D", 19)},
		{"m1pavlov-alld", rep("CD", 20), rep("D", 20)},
	}
	for _, c := range cases {
		t.Run(c.variant, func(t *testing.T) {
			m := loadTestdata(t, "ipd-memory.yaml", c.variant)
			st, res := m.NewState(), m.NewResult()
			for _, seed := range []uint64{1, 2} { // no randomness may matter
				mv := &moves{m: m, a: []byte(rep("C", 20)), b: []byte(rep("C", 20))}
				st.Run(seed, 0, res, mv)
				if string(mv.a) != c.a || string(mv.b) != c.b {
					t.Fatalf("seed %d:\n A got %s\n   want %s\n B got %s\n   want %s", seed, mv.a, c.a, mv.b, c.b)
				}
			}
		})
	}
}
