package sim

import (
	"math"
	"strings"
	"testing"

	"brink/stats"
)

// ceasefireDay is the first day a ceasefire between a and b began, the
// horizon when none did.
func ceasefireDay(a, b string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		if d := r.CeasefireDay[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)]; d >= 0 {
			return float64(d)
		}
		return float64(m.Days)
	}
}

// ceasefireInForce: a ceasefire between a and b was in force at the end.
func ceasefireInForce(a, b string) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		return r.CeasefireAtEnd[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)]
	}
}

func warDays(a, b string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		return float64(r.WarDays[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)])
	}
}

func nuclearBy(a, b string) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		return m.rNuclear[r.MaxRung[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)]]
	}
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M27 ripeness: a costlier war reaches a ceasefire sooner", file: "m27-ceasefire.yaml", a: "light", b: "heavy",
			runs: 600, want: -1, value: ceasefireDay("RED", "BLU")},
		comparison{name: "M27 a mediated ceasefire holds more often", file: "m27-ceasefire.yaml", a: "light", b: "mediated",
			runs: 1000, want: +1, event: ceasefireInForce("RED", "BLU")},
		comparison{name: "M32 a trusted mediator shortens the war", file: "m32-mediation.yaml", a: "no-route", b: "mediated",
			runs: 600, want: -1, value: warDays("RED", "BLU")},
		comparison{name: "M32 an ally's pressure shortens its client's war", file: "m32-mediation.yaml", a: "mediated", b: "pressed",
			runs: 600, want: -1, value: warDays("RED", "BLU")},
		comparison{name: "M28 escalate-to-deescalate stops below nuclear use unless told", file: "m28-nuclear.yaml", a: "capped", b: "first-use",
			runs: 300, want: +1, event: func(m *Model, r *Result) bool { return r.NuclearUsed }},
		comparison{name: "M28 a nuclear strike is answered by a second strike", file: "m28-nuclear.yaml", a: "no-second-strike", b: "first-use",
			runs: 300, want: +1, event: nuclearBy("BLU", "RED")},
		comparison{name: "M28 nuclear weapons deter an ally's war on their owner", file: "m28-deterrence.yaml", a: "no-nuclear-deterrence", b: "nuclear-deterrence",
			// How long the great power is at war, not whether: whether it takes
			// up its ally's fight at all is its commitment, decided once in a
			// run (§7.3); deterrence delays the war-rung answer of a committed one.
			runs: 3000, want: -1, value: warDays("GRT", "NUC")},
		comparison{name: "M29 sanctions that last keep an actor constrained", file: "m29-pressure.yaml", a: "none", b: "sanctions",
			runs: 300, want: -1, value: kinetic("RED", "BLU")},
	)
}

// TestSecondStrikeInMostRuns: struck with a nuclear weapon, an armed state
// answers in kind in most runs (second_strike 0.9, through no gate).
func TestSecondStrikeInMostRuns(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m28-nuclear.yaml", "first-use")
	st, res := m.NewState(), m.NewResult()
	var struck, answered int64
	red, blu := actorIndex(m, "RED"), actorIndex(m, "BLU")
	for run := range uint64(400) {
		st.Run(mechanismSeed, run, res, nil)
		if m.rNuclear[res.MaxRung[red*m.n+blu]] {
			struck++
			if m.rNuclear[res.MaxRung[blu*m.n+red]] {
				answered++
			}
		}
	}
	lo, hi := stats.Wilson(answered, struck)
	t.Logf("answered %d of %d first strikes [%.3f, %.3f]", answered, struck, lo, hi)
	if struck < 100 || lo < 0.8 {
		t.Errorf("second strikes: %d of %d (95%% interval [%.3f, %.3f]); want most, at second_strike 0.9", answered, struck, lo, hi)
	}
}

// TestRiveraAfterNuclearUse: from the day of the first nuclear use every
// day scores the worst category.
func TestRiveraAfterNuclearUse(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m28-nuclear.yaml", "first-use")
	st, res := m.NewState(), m.NewResult()
	red, blu := actorIndex(m, "RED"), actorIndex(m, "BLU")
	checked := 0
	for run := range uint64(50) {
		st.Run(mechanismSeed, run, res, nil)
		first := res.FirstDay[(red*m.n+blu)*m.nr+m.top]
		if first < 0 {
			continue
		}
		checked++
		for d := int(first); d < m.Days; d++ {
			if res.Rivera[d] != m.riveraWorst {
				t.Fatalf("run %d: day %d after nuclear use on day %d scores %v, want %v", run, d, first, res.Rivera[d], m.riveraWorst)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no run with nuclear use")
	}
}

// TestWarDays: a pair at war from day 0 that cannot stop (no route, no
// exhaustion) is at war every day of the horizon; one whose war stops
// counts only its days of war.
func TestWarDays(t *testing.T) {
	const src = `
name: wardays
title: war days
start: 2024-01-01
horizon: 40d
ladder: standard
model: {war_exit: 0, misperception: 0, deterrence: 0}
actors:
  A: {name: A, kind: state, endurance: 1000, domestic: {support: 1}, doctrine: {always: {rung: war}}}
  B: {name: B, kind: state, endurance: 1000, domestic: {support: 1}, doctrine: {always: {rung: war}}}
relations:
  - {between: [A, B], stance: war, rung: war}
variants:
  endless: {}
  stops:
    actors: {A: {doctrine: {always: {rung: status_quo}}}, B: {doctrine: {always: {rung: status_quo}}}}
`
	m := compileSource(t, "wardays.yaml", []byte(src), "endless")
	st, res := m.NewState(), m.NewResult()
	st.Run(1, 0, res, nil)
	if w := res.WarDays[0*m.n+1]; w != 40 || res.WarDays[1*m.n+0] != 40 {
		t.Errorf("endless war: %d days at war, want 40", w)
	}
	m2 := compileSource(t, "wardays.yaml", []byte(src), "stops")
	st2, res2 := m2.NewState(), m2.NewResult()
	st2.Run(1, 0, res2, nil)
	// Both stand down on day 0 (a stand-down executes the day it is decided).
	if w := res2.WarDays[0*m2.n+1]; w != 0 {
		t.Errorf("a war that stops on day 0: %d days at war, want 0", w)
	}
	// The State reused for another run starts again at war.
	st.Run(1, 1, res, nil)
	if w := res.WarDays[0*m.n+1]; w != 40 {
		t.Errorf("second run: %d days at war, want 40", w)
	}
}

// TestNoConcludedReassuranceInWar: a day's blow in a war concludes nothing,
// so a pragmatic actor at war sends no "the matter is concluded".
func TestNoConcludedReassuranceInWar(t *testing.T) {
	const src = `
name: war-reassure
title: reassurances in a war
start: 2024-01-01
horizon: 30d
ladder: standard
model: {war_exit: 0, misperception: 0, deterrence: 0, ceasefire: 0, talks_offer: 0}
actors:
  A: {name: A, kind: state, pragmatism: 1, doctrine: {always: {rung: war}}}
  B: {name: B, kind: state, pragmatism: 1, doctrine: {proportional: {cap: war}}}
relations:
  - {between: [A, B], stance: war}
channels:
  - {between: [A, B], kind: direct}
`
	m := compileSource(t, "war-reassure.yaml", []byte(src), "")
	st, res := m.NewState(), m.NewResult()
	var tr countTracer
	st.Run(1, 0, res, &tr)
	if tr.reassurances != 0 {
		t.Errorf("%d reassurances sent during a war", tr.reassurances)
	}
	if res.Kinetic[1*m.n+0] == 0 {
		t.Fatal("B never answered: the test shows nothing")
	}
}

type countTracer struct{ reassurances int }

func (c *countTracer) Trace(e *TraceEvent) {
	if e.Kind == EventMessage && e.Note == msgNotes[msgReassure] {
		c.reassurances++
	}
}

// TestNeutralRelationIsDormant: a declared neutral relation is as no
// relation — the pair does not act, not even by accident, until provoked.
// A declared rival relation with the same parameters does act.
func TestNeutralRelationIsDormant(t *testing.T) {
	const src = `
name: neutral
title: a neutral pair
start: 2024-01-01
horizon: 60d
ladder: standard
model: {accident: 0.3}
actors:
  A: {name: A, kind: state}
  B: {name: B, kind: state}
relations:
  - {between: [A, B], stance: neutral}
variants:
  neutral: {}
  rival:
    relations: [{between: [A, B], stance: rival}]
`
	acted := func(variant string) int {
		m := compileSource(t, "neutral.yaml", []byte(src), variant)
		st, res := m.NewState(), m.NewResult()
		n := 0
		for run := range uint64(100) {
			st.Run(1, run, res, nil)
			if int(res.MaxRung[0*m.n+1]) != m.sq || int(res.MaxRung[1*m.n+0]) != m.sq {
				n++
			}
		}
		return n
	}
	if n := acted("neutral"); n != 0 {
		t.Errorf("a neutral pair acted in %d of 100 runs", n)
	}
	if n := acted("rival"); n == 0 {
		t.Error("a rival pair never acted by accident either: the test shows nothing")
	}
}

// TestSettlementCallsOffScheduledActs: a barrage prepared (lead time 7
// days) is called off when a settlement comes before it executes.
func TestSettlementCallsOffScheduledActs(t *testing.T) {
	const src = `
name: calloff
title: a settlement calls off a prepared barrage
start: 2024-01-01
horizon: 30d
ladder: standard
model: {misperception: 0, deterrence: 0}
actors:
  A: {name: A, kind: state, capabilities: [long_range], domestic: {support: 1},
      doctrine: {red_line: {threshold: strike, response: barrage}}}
  B: {name: B, kind: state}
relations:
  - {between: [A, B], stance: enemy}
processes:
  - {id: deal, participants: [A, B], start: 2024-01-04, state: settled}
events:
  - {on: 2024-01-01, actor: B, target: A, action: strike}
variants:
  settled: {}
  no-deal:
    processes: [{id: deal, remove: true}]
`
	barrages := func(variant string) int {
		m := compileSource(t, "calloff.yaml", []byte(src), variant)
		st, res := m.NewState(), m.NewResult()
		n := 0
		for run := range uint64(50) {
			st.Run(1, run, res, nil)
			if res.Kinetic[0*m.n+1] > 0 {
				n++
			}
		}
		return n
	}
	if n := barrages("no-deal"); n != 50 {
		t.Fatalf("without a settlement the barrage came in %d of 50 runs, want all", n)
	}
	if n := barrages("settled"); n != 0 {
		t.Errorf("a settlement before the barrage executed: it still came in %d of 50 runs", n)
	}
}

// TestStrainStaysAtBaseline: with nothing happening, an actor written as
// strained stays strained and its support stays where it was written (M29;
// before, strain decayed to 0 and support rose above its base).
func TestStrainStaysAtBaseline(t *testing.T) {
	const src = `
name: strained
title: a strained actor at peace
start: 2024-01-01
horizon: 365d
ladder: standard
actors:
  A: {name: A, kind: state, domestic: {support: 0.35, strain: 0.5}}
  B: {name: B, kind: state}
`
	m := compileSource(t, "strained.yaml", []byte(src), "")
	st, res := m.NewState(), m.NewResult()
	st.Run(1, 0, res, nil)
	if res.Strain[0] != 0.5 || res.Support[0] != 0.35 {
		t.Errorf("after a year of peace: strain %v, support %v; want 0.5 and 0.35", res.Strain[0], res.Support[0])
	}
}

// TestAllyDecidesOnce: an ally's commitment is one decision in a run
// (§7.3), so the share of runs in which it answers its ally's attacker is
// its commitment, 0.3 — with a daily coin, sixty attacks would draw it in
// in nearly every run (1 − 0.7⁶⁰).
func TestAllyDecidesOnce(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m10-once.yaml", "baseline")
	st, res := m.NewState(), m.NewResult()
	const runs = 2000
	var joined int64
	big, agg := actorIndex(m, "BIG"), actorIndex(m, "AGG")
	for run := range uint64(runs) {
		st.Run(mechanismSeed, run, res, nil)
		if res.Kinetic[big*m.n+agg] > 0 {
			joined++
		}
	}
	lo, hi := stats.Wilson(joined, runs)
	t.Logf("ally answers the attacker in %.3f [%.3f, %.3f] of runs", float64(joined)/runs, lo, hi)
	if lo > 0.3 || hi < 0.3 {
		t.Errorf("share of runs with the ally in the fight %.3f [%.3f, %.3f] excludes its commitment 0.3", float64(joined)/runs, lo, hi)
	}
}

// TestAllyDecidesOncePerPartner: the commitment is to the partner, so an
// ally attacked by two states is defended against both or neither (§7.3):
// the ally joins in about its commitment's share of runs, 0.3, not in
// 1 − 0.7² = 0.51 as with one decision per attacker, and never against
// one attacker only.
func TestAllyDecidesOncePerPartner(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m10-two.yaml", "baseline")
	st, res := m.NewState(), m.NewResult()
	const runs = 2000
	var joined, one int64
	big, agg, ag2 := actorIndex(m, "BIG"), actorIndex(m, "AGG"), actorIndex(m, "AG2")
	for run := range uint64(runs) {
		st.Run(mechanismSeed, run, res, nil)
		a, b := res.Kinetic[big*m.n+agg] > 0, res.Kinetic[big*m.n+ag2] > 0
		if a || b {
			joined++
		}
		if a != b {
			one++
		}
	}
	lo, hi := stats.Wilson(joined, runs)
	t.Logf("ally answers an attacker in %.3f [%.3f, %.3f] of runs, only one of the two in %d", float64(joined)/runs, lo, hi, one)
	if lo > 0.3 || hi < 0.3 {
		t.Errorf("share of runs with the ally in the fight %.3f [%.3f, %.3f] excludes its commitment 0.3", float64(joined)/runs, lo, hi)
	}
	if one > 0 {
		t.Errorf("in %d runs the ally answered one attacker of its partner but not the other", one)
	}
}

// TestOwedAnswerNotHandedDown: a deterred patron with memory answers one
// provocation through its group at most once — the fresh provocation's
// deterred answer is handed down, the owed one waits (§5.1, §6.3) — and
// does so in most runs.
func TestOwedAnswerNotHandedDown(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m23-handed.yaml", "baseline")
	st, res := m.NewState(), m.NewResult()
	const runs = 500
	grp, tgt := actorIndex(m, "GRP"), actorIndex(m, "TGT")
	var once int64
	for run := range uint64(runs) {
		st.Run(mechanismSeed, run, res, nil)
		switch k := res.Kinetic[grp*m.n+tgt]; {
		case k > 1:
			t.Fatalf("run %d: the group acted %d times on one provocation", run, k)
		case k == 1:
			once++
		}
	}
	if lo, hi := stats.Wilson(once, runs); lo < 0.5 {
		t.Errorf("the group answered for its patron in %.3f [%.3f, %.3f] of runs, want most", float64(once)/runs, lo, hi)
	}
}

// TestSpoilerAttackIsNoOwedAnswer: on a day a debt is drawn, an attack that
// spoiling chose in place of the doctrine's answer answers no debt, so
// deterred it falls back to a show of force like any other act, instead of
// waiting as a deterred owed answer does (§5.1, §6.3). SPL's debt is drawn
// on nearly every day and deterrence drops every kinetic act it intends.
func TestSpoilerAttackIsNoOwedAnswer(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m23-spoiler.yaml", "baseline")
	st, res := m.NewState(), m.NewResult()
	const runs = 300
	spl, tgt := actorIndex(m, "SPL"), actorIndex(m, "TGT")
	posture := rungIndex(m, "posture")
	var shown int64
	for run := range uint64(runs) {
		st.Run(mechanismSeed, run, res, nil)
		switch k := int(res.MaxRung[spl*m.n+tgt]); {
		case k > posture:
			t.Fatalf("run %d: SPL reached rung %d against a target that deters every kinetic act", run, k)
		case k == posture:
			shown++
		}
	}
	// A spoiler attacks on a fifth of its days for 60 days of talks that
	// never break down: a run without an attack is rare (0.8^59), and each
	// deterred attack shows force. (Counted as an owed answer, as the
	// kernel once did, a deterred attack waited on every day the debt was
	// drawn: force was shown in 0.37 of runs.)
	if lo, hi := stats.Wilson(shown, runs); lo < 0.95 {
		t.Errorf("deterred spoiler attacks showed force in %.3f [%.3f, %.3f] of runs, want nearly all", float64(shown)/runs, lo, hi)
	}
}

// TestNeverAnsweredRungs: a rung in a doctrine's never mask is answered
// with the status quo on every day (so not owing it changes no decision,
// §5.1), and the masks are exactly the expected ones: a red line's rungs
// below its threshold when its below is the status quo, the proportional
// rungs that round to the status quo, none for the other doctrines.
func TestNeverAnsweredRungs(t *testing.T) {
	m := compileSource(t, "t.yaml", []byte(`name: t
title: t
start: 2024-01-01
horizon: 30d
ladder: standard
actors:
  B: {name: B, kind: state}
  RL: {name: RL, kind: state, toward: {B: {red_line: {threshold: strike, response: strike}}}}
  RLB: {name: RLB, kind: state, toward: {B: {red_line: {threshold: strike, response: strike, below: protest}}}}
  P01: {name: P01, kind: state, toward: {B: {proportional: {scale: 0.1}}}}
  P1: {name: P1, kind: state, toward: {B: {proportional: {scale: 1}}}}
  TFT: {name: TFT, kind: state, toward: {B: tit_for_tat}}
`), "")
	st := m.NewState()
	st.Run(mechanismSeed, 0, m.NewResult(), nil) // a State as a run leaves it
	b, sq := actorIndex(m, "B"), m.sq
	want := map[string]string{ // the never mask's hostile rungs, by actor
		"RL":  "protest threaten sanction posture harass",
		"RLB": "",
		"P01": "protest threaten sanction posture",
		"P1":  "",
		"TFT": "",
	}
	for id, rungs := range want {
		i := actorIndex(m, id)
		p := i*m.n + b
		doc := &m.docs[m.pairDoc[p]]
		var got []string
		for r := sq + 1; r < m.nr; r++ {
			if doc.never&(1<<r) == 0 {
				continue
			}
			got = append(got, m.Ladder.Rungs[r].ID)
			for day := 1; day <= 60; day++ {
				st.dk = dayKey(day)
				if k, _ := st.intend(doc, day, i, b, p, r); k != sq {
					t.Fatalf("%s: rung %s is in the never mask but answered with %d on day %d", id, m.Ladder.Rungs[r].ID, k, day)
				}
			}
		}
		if g := strings.Join(got, " "); g != rungs {
			t.Errorf("%s: never mask %q, want %q", id, g, rungs)
		}
	}
}

// TestAlertKeepsWrittenLeadTimes: a readiness block that only lengthens a
// lead time means what it says — on alert (which a perceived kinetic act
// raises) the lead time is the same unless alert_lead is written; with
// alert_lead, alert cuts it, never above the lead time off alert (§6.6).
func TestAlertKeepsWrittenLeadTimes(t *testing.T) {
	src := func(readiness string) []byte {
		return []byte(`name: t
title: t
start: 2024-01-01
horizon: 30d
ladder: standard
actors:
  A: {name: A, kind: state, capabilities: [long_range], readiness: ` + readiness + `}
  B: {name: B, kind: state}
relations:
  - {between: [A, B], stance: enemy}
`)
	}
	for _, c := range []struct {
		readiness string
		off, on   int32
	}{
		{"{rungs: {barrage: 20d}}", 20, 20},
		{"{rungs: {barrage: 20d}, alert_lead: 2d}", 20, 2},
		{"{rungs: {barrage: 1d}, alert_lead: 5d}", 1, 1},
	} {
		m := compileSource(t, "t.yaml", src(c.readiness), "")
		k := rungIndex(m, "barrage") // actor A is index 0: its row starts at 0
		if off, on := m.aLead[k], m.aAlertLead[k]; off != c.off || on != c.on {
			t.Errorf("readiness %s: barrage lead %d off alert, %d on alert; want %d, %d", c.readiness, off, on, c.off, c.on)
		}
	}
}

// TestOwePowTable: the table of owed weights holds math.Pow's bits for
// every age whose weight is at least the floor, ends where it falls below
// (memory 30d), and is cut at owePowMax for a memory so long that the
// floor is further away (owed then computes the weight).
func TestOwePowTable(t *testing.T) {
	for _, c := range []struct {
		memory   string
		complete bool
	}{{"30d", true}, {"1d", true}, {"3000d", false}} {
		m := compileSource(t, "t.yaml", []byte(`name: t
title: t
start: 2024-01-01
horizon: 30d
ladder: standard
actors:
  A: {name: A, kind: state, memory: `+c.memory+`}
  B: {name: B, kind: state}
`), "")
		a := &m.actors[0]
		table := m.owePow[0]
		for age, w := range table {
			if want := math.Pow(a.oweDecay, float64(age)); w != want || w < owedFloor {
				t.Fatalf("memory %s, age %d: %v, want %v (floor %v)", c.memory, age, w, want, owedFloor)
			}
		}
		if next := math.Pow(a.oweDecay, float64(len(table))); c.complete && next >= owedFloor {
			t.Errorf("memory %s: table of %d ends before the floor (next %v)", c.memory, len(table), next)
		}
		if !c.complete && len(table) != owePowMax {
			t.Errorf("memory %s: table of %d, want it cut at %d", c.memory, len(table), owePowMax)
		}
	}
}
