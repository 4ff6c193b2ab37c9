package ladder

// Standard returns a fresh copy of brink's built-in `standard` ladder (design
// §2), safe to modify. docs/ladder.md explains every mapping; the event-code
// columns are checked against the field's tables by package eventcodes' tests.
//
// Damage is in damage units where one limited strike on a military target
// (rung `strike`, fully penetrating, vulnerability 1) is 1.0; the kernel scales
// it by the penetrating share of the salvo and the target's vulnerability.
// Non-kinetic rungs do no damage. Cost is the actor's own cost of choosing the
// rung (money, standing, risk) in the same units. Salvo is the number of
// projectiles one act launches, for interception; 0 means the act cannot be
// intercepted (it is not a projectile attack).
//
// Capability requirements: `barrage` requires "long_range" (a mass salvo of
// ballistic and cruise missiles and long-range drones is what only an actor
// with such an arsenal can launch), `nuclear` requires "nuclear" (the kernel
// also holds it back until breakout). The standard ladder has no geography, so
// `strike`, `decapitate`, `infrastructure` and `war` require nothing: a strike on
// a distant target is gated by giving the scenario a custom ladder, not by the
// standard one. `harass` requires nothing: groups harass with what they have.
func Standard() *Ladder {
	rungs := []Rung{
		{ID: "settle", Meaning: "agreement, normalisation",
			CAMEO: "057", Goldstein: 8.0, PLOVER: "SUPPORT", MIDHostility: 1, Rivera: Deescalation,
			Cost: 0.2},
		{ID: "negotiate", Meaning: "talks",
			CAMEO: "046", Goldstein: 7.0, PLOVER: "CONSULT", MIDHostility: 1, Rivera: Deescalation,
			Cost: 0.05},
		{ID: "reassure", Meaning: "signal restraint, \"the matter is concluded\"",
			CAMEO: "0356", Goldstein: 7.0, PLOVER: "AGREE", MIDHostility: 1, Rivera: Deescalation,
			Cost: 0.05},
		{ID: "status_quo", Meaning: "no action",
			MIDHostility: 1, Rivera: StatusQuo},
		{ID: "protest", Meaning: "accuse, condemn",
			CAMEO: "111", Goldstein: -2.0, PLOVER: "ACCUSE", Mode: "disapprove", MIDHostility: 1, Rivera: NonViolent,
			Cost: 0.01},
		{ID: "threaten", Meaning: "warn, threaten force",
			CAMEO: "138", Goldstein: -7.0, PLOVER: "THREATEN", Mode: "violence", MIDHostility: 2, Rivera: NonViolent,
			Cost: 0.05},
		{ID: "sanction", Meaning: "sanctions, embargo",
			CAMEO: "163", Goldstein: -8.0, PLOVER: "COERCE", Mode: "restrict", MIDHostility: 1, Rivera: NonViolent,
			Cost: 0.3},
		{ID: "posture", Meaning: "show of force, deployment",
			CAMEO: "150", Goldstein: -7.2, PLOVER: "MOBILIZE", MIDHostility: 3, Rivera: Posturing,
			Cost: 0.2, LeadTime: 3},
		{ID: "harass", Meaning: "rockets, drones on bases, small raids",
			CAMEO: "194", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "heavy-weapons", MIDHostility: 4, Rivera: Violent,
			Damage: 0.1, Cost: 0.1, Salvo: 5, Kinetic: true},
		{ID: "strike", Meaning: "limited strike on a military target",
			CAMEO: "195", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "heavy-weapons", MIDHostility: 4, Rivera: Violent,
			Damage: 1.0, Cost: 0.5, Salvo: 10, Kinetic: true, LeadTime: 1},
		{ID: "decapitate", Meaning: "strike on officers, officials, a consulate",
			CAMEO: "186", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "assassinate", MIDHostility: 4, Rivera: Violent,
			Damage: 1.5, Cost: 0.8, Salvo: 2, Kinetic: true, LeadTime: 3},
		{ID: "barrage", Meaning: "mass missile and drone salvo",
			CAMEO: "195", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "heavy-weapons", MIDHostility: 4, Rivera: Violent,
			Damage: 3.0, Cost: 1.5, Salvo: 300, Kinetic: true, LeadTime: 7, Requires: []string{"long_range"}},
		{ID: "infrastructure", Meaning: "strikes on energy, economy",
			CAMEO: "195", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "heavy-weapons", MIDHostility: 4, Rivera: Violent,
			Damage: 6.0, Cost: 2.5, Salvo: 20, Kinetic: true, LeadTime: 3},
		{ID: "war", Meaning: "sustained campaign",
			CAMEO: "190", Goldstein: -10.0, PLOVER: "ASSAULT", MIDHostility: 5, Rivera: Violent,
			Damage: 10.0, Cost: 5.0, Salvo: 100, Kinetic: true, LeadTime: 7},
		{ID: "nuclear", Meaning: "use of nuclear weapons",
			CAMEO: "2042", Goldstein: -10.0, PLOVER: "ASSAULT", Mode: "unconventional", MIDHostility: 4, Rivera: Nuclear,
			Damage: 100.0, Cost: 50.0, Salvo: 1, Kinetic: true, LeadTime: 1, Requires: []string{"nuclear"}},
	}
	l, err := New("standard", rungs, 3)
	if err != nil {
		panic("ladder: the standard ladder is invalid: " + err.Error()) // a bug, caught by the tests
	}
	return l
}
