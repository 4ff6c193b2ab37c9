package sim

import (
	"testing"
)

// compileYAML compiles a scenario written in the test, with a variant
// applied when one is named.
func compileYAML(t *testing.T, src, variant string) *Model {
	t.Helper()
	return compileSource(t, "test.yaml", []byte(src), variant)
}

// An armed actor at war, pushed by hawks 1.0, accidents 0.2 and heavy
// misperception, never uses nuclear weapons unless a doctrine of its own
// intends the nuclear rung (docs/model.md §6.3, §7.1, §7.3).
const nuclearByChoice = `
name: nuclear-by-choice
title: nuclear use only by deliberate choice
start: 2024-01-01
horizon: 120d
ladder: standard
model: {accident: 0.2, misperception: 0.3, deterrence: 0}
actors:
  ISR:
    name: Israel
    kind: state
    nuclear: armed
    resolve: 1
    domestic: {support: 1, hawks: 1.0}
    toward:
      HAM: {always: {rung: war}}
      HEZ: {proportional: {scale: 1.5, cap: war}}
  HAM: {name: Hamas, kind: group, patron: none, toward: {ISR: {always: {rung: war}}}}
  HEZ: {name: Hezbollah, kind: group, patron: none, toward: {ISR: {fixed: {weights: {harass: 0.5, war: 0.5}}}}}
relations:
  - {between: [ISR, HAM], stance: war, rung: war}
  - {between: [ISR, HEZ], stance: war}
variants:
  pushed: {}
  intended:
    actors:
      ISR: {toward: {HEZ: {red_line: {threshold: war, response: nuclear}}}}
`

func TestNuclearOnlyByChoice(t *testing.T) {
	for _, c := range []struct {
		variant string
		want    bool
	}{{"pushed", false}, {"intended", true}} {
		m := compileYAML(t, nuclearByChoice, c.variant)
		st, res := m.NewState(), m.NewResult()
		used := 0
		for run := uint64(0); run < 200; run++ {
			st.Run(7, run, res, nil)
			if res.NuclearUsed {
				used++
			}
		}
		if got := used > 0; got != c.want {
			t.Errorf("%s: nuclear use in %d of 200 runs, want any = %v", c.variant, used, c.want)
		}
	}
}

// Hawk pressure makes an actor answer at its doctrine's ceiling more often,
// never above it: a red line whose response is a strike never becomes a
// decapitation, a proportional answer never passes its cap (§6.3).
const hawksUnderCap = `
name: hawks-under-cap
title: hawks stay under the doctrine's cap
start: 2024-01-01
horizon: 120d
ladder: standard
model: {misperception: 0, deterrence: 0}
actors:
  USA:
    name: United States
    kind: state
    domestic: {support: 1, hawks: 1.0}
    toward:
      MIL: {red_line: {threshold: harass, response: strike}}
      HOU: {proportional: {scale: 1, cap: strike}}
  MIL: {name: militias, kind: group, patron: none, toward: {USA: {fixed: {weights: {status_quo: 0.5, harass: 0.5}}}}}
  HOU: {name: Houthis, kind: group, patron: none, toward: {USA: {fixed: {weights: {status_quo: 0.5, harass: 0.3, strike: 0.2}}}}}
relations:
  - {between: [USA, MIL], stance: enemy}
  - {between: [USA, HOU], stance: enemy}
`

func TestHawksStayUnderCap(t *testing.T) {
	m := compileYAML(t, hawksUnderCap, "")
	usa, strike := actorIndex(m, "USA"), rungIndex(m, "strike")
	st, res := m.NewState(), m.NewResult()
	atCap := 0
	for run := uint64(0); run < 200; run++ {
		st.Run(3, run, res, nil)
		for _, g := range []string{"MIL", "HOU"} {
			r := int(res.MaxRung[usa*len(m.Actors)+actorIndex(m, g)])
			if r > strike {
				t.Fatalf("run %d: USA reached %s against %s, above its doctrine's cap (strike)", run, m.Ladder.Rungs[r].ID, g)
			}
			if r == strike {
				atCap++
			}
		}
	}
	if atCap == 0 {
		t.Fatal("the United States never answered at its cap: the test does not exercise the hawks")
	}
}

// A deterred patron hands its act to the group best placed to act against
// the target: the most hostile stance toward it, then the highest
// capability, then declaration order (§6.3).
const delegation = `
name: delegation
title: a deterred patron delegates to the best-placed group
start: 2024-01-01
horizon: 60d
ladder: standard
model: {misperception: 0, deterrence: 1}
actors:
  USA: {name: United States, kind: state, capability: 1, posture: 1, doctrine: {restraint: {absorb_below: nuclear, patience: 365d}}}
  IRN:
    name: Iran
    kind: state
    capability: 0.05
    risk_tolerance: 0
    toward: {USA: {fixed: {weights: {status_quo: 0.7, strike: 0.3}}}}
  # The groups are not deterred themselves (risk tolerance 1): a directive
  # passes through the group's own deterrence (docs/model.md §6.3), which
  # this test leaves out to see whom the patron picks.
  HEZ: {name: Hezbollah, kind: group, patron: IRN, autonomy: 0, capability: 0.3, risk_tolerance: 1}
  MIL: {name: militias, kind: group, patron: IRN, autonomy: 0, capability: 0.1, risk_tolerance: 1}
  HOU: {name: Houthis, kind: group, patron: IRN, autonomy: 0, capability: 0.2, risk_tolerance: 1}
relations:
  - {between: [USA, IRN], stance: enemy}
  - {between: [USA, MIL], stance: enemy}
  - {between: [USA, HOU], stance: rival}
variants:
  by-stance: {}
  by-capability:
    relations:
      - {between: [USA, MIL], stance: rival}
      - {between: [USA, HOU], stance: rival}
`

func TestDeterredPatronDelegatesToBestPlaced(t *testing.T) {
	for _, c := range []struct{ variant, want string }{
		{"by-stance", "MIL"},     // MIL an enemy of the target, HOU a rival, HEZ (first, most capable) neutral
		{"by-capability", "HOU"}, // MIL and HOU rivals, HOU the more capable; HEZ neutral
	} {
		m := compileYAML(t, delegation, c.variant)
		n, usa := len(m.Actors), actorIndex(m, "USA")
		st, res := m.NewState(), m.NewResult()
		acts := map[string]int{}
		for run := uint64(0); run < 100; run++ {
			st.Run(11, run, res, nil)
			for _, g := range []string{"HEZ", "MIL", "HOU"} {
				acts[g] += int(res.Kinetic[actorIndex(m, g)*n+usa])
			}
		}
		for g, k := range acts {
			if (g == c.want) != (k > 0) {
				t.Errorf("%s: kinetic acts on USA by group = %v; want only %s", c.variant, acts, c.want)
				break
			}
		}
	}
}

// TestWindowedResults: the view's windowed answers agree with the dense
// results: kinetic acts over the whole horizon are Kinetic, and the days
// and last day a pair was at or above a rung are those of its Daily rows.
func TestWindowedResults(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m03-april.yaml", "consulate-strike")
	st, res := m.NewState(), m.NewResult()
	v := m.View(res)
	n, T := len(m.Actors), len(m.Tracked)
	checked := 0
	for run := uint64(0); run < 50; run++ {
		st.Run(mechanismSeed, run, res, nil)
		for a := 0; a < n; a++ {
			for b := 0; b < n; b++ {
				if got, want := v.KineticIn(a, b, 0, m.Days), int(res.Kinetic[a*n+b]); got != want {
					t.Fatalf("run %d: KineticIn(%d, %d, 0, days) = %d, Kinetic %d", run, a, b, got, want)
				}
				if h := m.Days / 2; v.KineticIn(a, b, 0, h-1)+v.KineticIn(a, b, h, m.Days) != int(res.Kinetic[a*n+b]) {
					t.Fatalf("run %d: the two halves of KineticIn do not add up", run)
				}
			}
		}
		for k, pr := range m.Tracked {
			for r := 0; r < m.Ladder.Len(); r++ {
				days, last := 0, -1
				for d := 0; d < m.Days; d++ {
					if int(res.Daily[d*T+k]) >= r {
						days, last = days+1, d
					}
				}
				gd, gl := v.AtOrAbove(pr[0], pr[1], r)
				gd2, gl2 := v.AtOrAbove(pr[1], pr[0], r)
				if gd != days || gl != last || gd2 != days || gl2 != last {
					t.Fatalf("run %d pair %v rung %d: AtOrAbove = (%d, %d), (%d, %d); Daily says (%d, %d)", run, pr, r, gd, gl, gd2, gl2, days, last)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no tracked pair")
	}
}
