package scenario

import (
	"fmt"
	"strings"

	"brink/eventcodes"
	"brink/ladder"
)

// ResolveLadder returns the scenario's ladder: the built-in standard ladder,
// or the custom one built from its rungs (with levels relative to its status
// quo). Custom rungs without a Rivera category get one from their place:
// de-escalation below the status quo, violent when kinetic above it,
// non-violent otherwise.
func (s *Scenario) ResolveLadder() (*ladder.Ladder, error) {
	if s.Ladder.Builtin != "" {
		if s.Ladder.Builtin == "standard" {
			return ladder.Standard(), nil
		}
		return nil, fmt.Errorf("unknown ladder %q; the built-in ladder is \"standard\"", s.Ladder.Builtin)
	}
	sq := -1
	for i, r := range s.Ladder.Rungs {
		if r.ID == s.Ladder.StatusQuo {
			sq = i
		}
	}
	rungs := make([]ladder.Rung, len(s.Ladder.Rungs))
	for i, r := range s.Ladder.Rungs {
		lr := ladder.Rung{ID: r.ID, Meaning: r.Meaning, CAMEO: r.CAMEO, Requires: append([]string(nil), r.Requires...)}
		if r.Damage != nil {
			lr.Damage = *r.Damage
		}
		if r.Cost != nil {
			lr.Cost = *r.Cost
		}
		if r.Salvo != nil {
			lr.Salvo = *r.Salvo
		}
		if r.Kinetic != nil {
			lr.Kinetic = *r.Kinetic
		}
		lr.LeadTime = r.LeadTime.Days
		fillCodes(&lr)
		if r.Rivera != "" {
			cat, ok := ladder.ParseRiveraCategory(r.Rivera)
			if !ok {
				return nil, fmt.Errorf("rung %q: unknown Rivera category %q", r.ID, r.Rivera)
			}
			lr.Rivera = cat
		} else {
			lr.Rivera = defaultRivera(i, sq, lr.Kinetic)
		}
		rungs[i] = lr
	}
	name := s.Name
	if name == "" {
		name = "custom"
	}
	return ladder.New(name, rungs, sq)
}

func defaultRivera(i, sq int, kinetic bool) ladder.RiveraCategory {
	switch {
	case i < sq:
		return ladder.Deescalation
	case i == sq:
		return ladder.StatusQuo
	case kinetic:
		return ladder.Violent
	}
	return ladder.NonViolent
}

// riveraNames are the categories a rung may name (ladder.ParseRiveraCategory
// accepts these).
var riveraNames = []string{"de-escalation", "status_quo", "posturing", "non-violent", "violent", "nuclear"}

// fillCodes completes a custom rung's event codes from its CAMEO code, as the
// standard ladder has them: the GDELT Goldstein value of the full code, the
// PLOVER 2.0 type and mode, and a MID hostility level by CAMEO class (138x
// threat of force 2; 15x display of force 3; 18x–20x use of force 4; else 1 —
// level 5, war, is not a property of a single event code).
//
// A rung without a CAMEO code keeps MID level 0, "unknown": the kernel then
// treats every hostile non-kinetic rung of the ladder as a warning
// (docs/model.md §3).
func fillCodes(r *ladder.Rung) {
	if r.CAMEO == "" {
		return
	}
	r.Goldstein, _ = eventcodes.Goldstein(r.CAMEO)
	if typ, mode, ok := eventcodes.PLOVER(r.CAMEO); ok {
		r.PLOVER, r.Mode = typ, mode
	}
	switch root := eventcodes.Root(r.CAMEO); {
	case strings.HasPrefix(r.CAMEO, "138"):
		r.MIDHostility = 2
	case root == "15":
		r.MIDHostility = 3
	case root == "18" || root == "19" || root == "20":
		r.MIDHostility = 4
	default:
		r.MIDHostility = 1
	}
}
