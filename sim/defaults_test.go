package sim

import (
	"math"
	"testing"

	"brink/scenario"
)

// TestCompileAppliesDeclaredDefaults: a scenario that gives no optional
// number compiles to the defaults its fields declare (scenario/params.go),
// the same ones docs/scenario.md, the JSON schema and docs/model.md show
// (scenario's TestDefaultsAgree). A default written into the kernel instead
// of read from the declaration fails here as soon as the two differ.
func TestCompileAppliesDeclaredDefaults(t *testing.T) {
	src := []byte(`name: defaults
title: every optional number absent
start: 2025-01-01
horizon: 10d
ladder: standard
actors:
  A: {name: A, kind: state, toward: {B: generous, C: proportional, D: escalate_to_deescalate, E: quantal, F: {restraint: {absorb_below: strike}}}}
  B: {name: B, kind: state, doctrine: tit_for_tat}
  C: {name: C, kind: state}
  D: {name: D, kind: state}
  E: {name: E, kind: state}
  F: {name: F, kind: state}
relations:
  - {between: [A, B], stance: ally}
channels:
  - {between: [A, C], via: [D]}
processes:
  - {id: talks, participants: [A, B]}
`)
	m := compileSource(t, "defaults.yaml", src, "")
	model := func(name string) float64 { return scenario.Default[scenario.ModelParams](name) }
	actor := func(name string) float64 { return scenario.Default[scenario.Actor](name) }
	domestic := func(name string) float64 { return scenario.Default[scenario.Domestic](name) }
	a := m.actors[0]
	n := m.n
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"model.signal_memory", float64(m.prm.signalMemory), model("signal_memory")},
		{"model.grievance_half_life", float64(m.prm.halfLife), model("grievance_half_life")},
		{"model.misperception", m.prm.misperception, model("misperception")},
		{"model.misperception_up", m.prm.mispercUp, model("misperception_up")},
		{"model.accident", m.prm.accident, model("accident")},
		{"model.accident_down", m.prm.accidentDown, model("accident_down")},
		{"model.attribution", m.prm.attribution, model("attribution")},
		{"model.strain_decay", m.prm.strainDecay, model("strain_decay")},
		{"model.rally", m.prm.rally, model("rally")},
		{"model.deterrence", m.prm.deterrence, model("deterrence")},
		{"model.talks_offer", m.prm.talksOffer, model("talks_offer")},
		{"model.settlement", m.prm.settlement, model("settlement")},
		{"model.war_exit", m.prm.warExit, model("war_exit")},
		{"capability", a.capability, actor("capability")},
		{"resolve", a.resolve, actor("resolve")},
		{"pragmatism", a.pragmatism, actor("pragmatism")},
		{"risk_tolerance", a.riskTol, actor("risk_tolerance")},
		{"air_defense", a.airDefense, actor("air_defense")},
		{"vulnerability", a.vulnerability, actor("vulnerability")},
		{"endurance", a.endurance, actor("endurance")},
		{"intelligence", a.intelligence, actor("intelligence")},
		{"posture", a.posture, actor("posture")},
		{"telegraph", a.telegraph, actor("telegraph")},
		{"autonomy", a.autonomy, actor("autonomy")},
		{"domestic.support", a.support0, domestic("support")},
		{"domestic.strain", a.strain0, domestic("strain")},
		{"domestic.hawks", a.hawks, domestic("hawks")},
		{"relation commitment", m.commit[0*n+1], scenario.Default[scenario.Relation]("commitment")},
		{"relation drift", m.drift[0*n+1], scenario.Default[scenario.Relation]("drift")},
		{"relation grievance", m.griev0[0*n+1], scenario.Default[scenario.Relation]("grievance")},
		{"channel uptime", m.channels[0].uptime, scenario.Default[scenario.Channel]("uptime")},
		{"channel trust", m.channels[0].fidelity, math.Max(scenario.Default[scenario.Channel]("trust")*scenario.Default[scenario.Channel]("trust"), publicFidelity)},
		{"process breakdown", m.processes[0].breakdown, scenario.Default[scenario.Process]("breakdown")},
		{"tit_for_tat respond", m.docs[m.actors[1].doctrine].p, scenario.Default[scenario.TitForTatDoctrine]("respond")},
		{"generous forgive", m.docs[m.pairDoc[0*n+1]].p, scenario.Default[scenario.GenerousDoctrine]("forgive")},
		{"proportional scale", m.docs[m.pairDoc[0*n+2]].p, scenario.Default[scenario.ProportionalDoctrine]("scale")},
		{"escalate_to_deescalate step", float64(m.docs[m.pairDoc[0*n+3]].step), scenario.Default[scenario.EscalateToDeescalateDoctrine]("step")},
		{"quantal lambda", m.docs[m.pairDoc[0*n+4]].p, scenario.Default[scenario.QuantalDoctrine]("lambda")},
		{"restraint patience", float64(m.docs[m.pairDoc[0*n+5]].patience), scenario.Default[scenario.RestraintDoctrine]("patience")},
	} {
		if c.got != c.want {
			t.Errorf("%s compiles to %v; its field declares %v", c.what, c.got, c.want)
		}
	}
}
