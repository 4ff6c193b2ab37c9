package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/ladder"
	"brink/outcome"
)

// Lint looks for what is valid but probably wrong in a scenario that
// loads: an actor that never acts, an outcome about a pair of actors that
// nothing in the scenario connects, a doctrine that can reach the nuclear
// rung without naming it, an outcome that is the same in every run. Each
// warning is a Problem at the value it is about; `brink validate` prints
// them as FILE:LINE:COL: warning: MESSAGE and still exits 0.
//
// A warning about what a variant may change (who acts, who is connected)
// is given only when it holds in the base and in every variant: a base
// that leaves an actor idle for a variant to wake is not a mistake.
func (s *Scenario) Lint() Problems {
	lad, err := s.ResolveLadder()
	if err != nil {
		return nil
	}
	versions := []*Scenario{s}
	for _, name := range s.Variants.Keys {
		v, err := s.Apply(name)
		if err != nil {
			return nil // Load reports it
		}
		versions = append(versions, v)
	}
	var out Problems
	add := func(path, format string, args ...any) {
		out = append(out, Problem{File: s.file(), Pos: s.at(path), Msg: fmt.Sprintf(format, args...)})
	}

	// Idle actors and unconnected pairs: in every version.
	idle := map[string]int{}
	apart := map[[2]string]int{}
	for _, v := range versions {
		for _, id := range v.idleActors(lad) {
			idle[id]++
		}
		comp := v.components()
		for _, id := range s.Outcomes.Keys {
			for _, ab := range outcomePairs(v, lad, id) {
				if comp[ab[0]] != comp[ab[1]] {
					apart[[2]string{id, ab[0] + "\x00" + ab[1]}]++
				}
			}
		}
	}
	for _, id := range s.Actors.Keys {
		if idle[id] == len(versions) {
			path := "actors." + id
			if s.Actors.Values[id].Doctrine != nil {
				path += ".doctrine"
			}
			add(path, "actor %q never acts: its doctrine keeps the status quo toward everyone, no campaign, scheduled act, answer, leader or spoiling gives it another, and it is no ally, mediator or intermediary and lends no air defence (nor in any variant); give it a doctrine, or remove it", id)
		}
	}
	for _, id := range s.Outcomes.Keys {
		seen := map[string]bool{}
		for _, ab := range outcomePairs(s, lad, id) {
			key := ab[0] + "\x00" + ab[1]
			if seen[key] || apart[[2]string{id, key}] != len(versions) {
				continue
			}
			seen[key] = true
			add("outcomes."+id, "outcome %q asks about %s and %s, which cannot interact: no relation, channel, doctrine, campaign, event, answer, protection, patron or talks links them, even through others (nor in any variant), so neither ever acts on the other", id, ab[0], ab[1])
		}
	}

	// Constant outcomes: the expression reads nothing of a run.
	voc := s.Vocabulary(lad)
	for _, id := range s.Outcomes.Keys {
		e, err := outcome.Compile(id, *s.Outcomes.Values[id], voc)
		if err != nil {
			continue
		}
		if x, ok := e.Constant(); ok {
			val := fmtNum(x)
			if e.IsBool() {
				val = map[bool]string{true: "true", false: "false"}[x != 0]
			}
			add("outcomes."+id, "outcome %q is %s in every run: the expression reads nothing of a run (only rungs, numbers and days)", id, val)
		}
	}

	// Doctrines that reach the nuclear rung without naming it: the base
	// file's own text (a variant's overlay is the variant's business).
	for _, w := range s.silentNuclear(lad) {
		add(w.path, "%s", w.msg)
	}
	return out.sorted()
}

// outcomePairs are the actor pairs outcome id names, by id, in v.
func outcomePairs(v *Scenario, lad *ladder.Ladder, id string) [][2]string {
	src, ok := v.Outcomes.Values[id]
	if !ok {
		return nil
	}
	e, err := outcome.Compile(id, *src, v.Vocabulary(lad))
	if err != nil {
		return nil
	}
	var out [][2]string
	for _, ab := range e.Pairs() {
		a, b := v.Actors.Keys[ab[0]], v.Actors.Keys[ab[1]]
		if a == b {
			continue
		}
		out = append(out, [2]string{a, b})
	}
	return out
}

// leaderDoctrines returns the doctrines of the leader profiles actor id
// may have: its initial leader, and those a succession or an election may
// install.
func (s *Scenario) leaderDoctrines(id string) map[string]*Doctrine {
	out := map[string]*Doctrine{}
	add := func(l string) {
		if p, ok := s.Leaders.Values[l]; ok && p.Doctrine != nil {
			out[l] = p.Doctrine
		}
	}
	add(s.Actors.Values[id].Leader)
	for _, h := range s.Hazards {
		if h.Actor == id {
			for _, l := range h.Leaders.Keys {
				add(l)
			}
		}
	}
	for _, e := range s.Events {
		if e.Election != nil && e.Election.Actor == id {
			for _, l := range e.Election.Leaders.Keys {
				add(l)
			}
		}
	}
	return out
}

// gives says whether side id of a sided number is above zero.
func (x *Sided) gives(id string) bool {
	if x == nil {
		return false
	}
	if x.Both != nil {
		return *x.Both > 0
	}
	return x.BySide[id] > 0
}

// idleActors returns the actors that never act: every doctrine they may
// have (default, toward, leaders') keeps the status quo whatever happens,
// and nothing else makes them act — no campaign, scheduled act, answer
// package, joining of wars, spoiling, or patron's directive. An actor that
// carries messages (a mediator, an intermediary, a go-between of notices),
// an ally (it deters its allies' attackers) and one that lends air defence
// have a part to play and are not counted.
func (s *Scenario) idleActors(lad *ladder.Ladder) []string {
	sq := lad.StatusQuo
	rung := func(id string) int {
		for i, r := range lad.Rungs {
			if r.ID == id {
				return i
			}
		}
		return -1
	}
	inert := func(d *Doctrine) bool {
		switch {
		case d == nil:
			return false // tit_for_tat by default
		case d.Always != nil:
			return rung(d.Always.Rung) == sq
		case d.Fixed != nil:
			for _, k := range d.Fixed.Weights.Keys {
				if *d.Fixed.Weights.Values[k] > 0 && rung(k) != sq {
					return false
				}
			}
			return true
		}
		return false
	}
	busy := map[string]bool{}
	for _, c := range s.Channels {
		for _, v := range c.Via {
			busy[v] = true
		}
	}
	for _, p := range s.Processes {
		for _, m := range p.Mediators {
			busy[m] = true
		}
	}
	for _, e := range s.Events {
		if e.Actor != "" && e.Action != "" {
			busy[e.Actor] = true
		}
		if e.Join != nil {
			busy[e.Join.Actor] = true
		}
	}
	// An ally deters its allies' attackers, and air defence given to
	// another is a part played without acting.
	for _, r := range s.Relations {
		for _, id := range r.Between {
			if r.Stance == "ally" || r.AirDefense.gives(id) {
				busy[id] = true
			}
		}
	}
	for _, id := range s.Actors.Keys {
		for _, n := range s.Actors.Values[id].Notice.Values {
			for _, v := range n.Via {
				busy[v] = true
			}
		}
	}
	var out []string
	for _, id := range s.Actors.Keys {
		a := s.Actors.Values[id]
		if busy[id] || a.Spoiler || len(a.Campaigns) > 0 || len(a.Answers.Keys) > 0 ||
			(a.Kind == "group" && a.Patron != "" && a.Patron != "none") {
			continue
		}
		ok := inert(a.Doctrine)
		for _, d := range a.Toward.Values {
			ok = ok && inert(d)
		}
		for _, d := range s.leaderDoctrines(id) {
			ok = ok && inert(d)
		}
		if ok {
			out = append(out, id)
		}
	}
	return out
}

// components labels each actor with its connected component in the graph
// of everything that can carry an act, a perception or a message from one
// actor to another: relations of any stance, channels and their
// intermediaries, toward doctrines, campaigns, forced acts, answers and
// their third parties, joining of wars, protection, patronage, notices,
// and talks (participants, mediators, and the spoilers that may target
// them). Two actors in different components never act on each other.
func (s *Scenario) components() map[string]int {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	union := func(a, b string) {
		if a == "" || b == "" || a == "none" || b == "none" {
			return
		}
		parent[find(a)] = find(b)
	}
	for _, r := range s.Relations {
		union(r.Between[0], r.Between[1])
	}
	for _, c := range s.Channels {
		union(c.Between[0], c.Between[1])
		for _, v := range c.Via {
			union(c.Between[0], v)
		}
	}
	var spoilers []string
	for _, id := range s.Actors.Keys {
		a := s.Actors.Values[id]
		for _, o := range a.Toward.Keys {
			union(id, o)
		}
		for _, c := range a.Campaigns {
			union(id, c.Target)
		}
		for _, o := range a.Answers.Keys {
			union(id, o)
			for _, t := range a.Answers.Values[o].Third.Keys {
				union(id, t)
			}
		}
		for _, o := range a.Notice.Keys {
			union(id, o)
			for _, v := range a.Notice.Values[o].Via {
				union(id, v)
			}
		}
		for _, p := range a.Protects {
			union(id, p)
		}
		if a.Patron != "" {
			union(id, a.Patron)
		}
		if a.Spoiler {
			spoilers = append(spoilers, id)
		}
	}
	for _, p := range s.Processes {
		all := append(slices.Clone(p.Participants), p.Mediators...)
		for _, x := range all {
			union(all[0], x)
		}
		for _, sp := range spoilers {
			if len(p.Participants) > 0 {
				union(sp, p.Participants[0])
			}
		}
	}
	for _, e := range s.Events {
		union(e.Actor, e.Target)
		if e.Join != nil {
			union(e.Join.Actor, e.Join.Ally)
		}
		for _, pair := range []*[2]string{e.OpenChannel, e.CloseChannel} {
			if pair != nil {
				union(pair[0], pair[1])
			}
		}
	}
	out := map[string]int{}
	roots := map[string]int{}
	for _, id := range s.Actors.Keys {
		r := find(id)
		if _, ok := roots[r]; !ok {
			roots[r] = len(roots)
		}
		out[id] = roots[r]
	}
	return out
}

type lintHit struct{ path, msg string }

// silentNuclear finds the doctrines of nuclear-capable actors (armed,
// latent, or with the capability the nuclear rung requires) that can
// choose a nuclear rung without naming it: a markov chain (it climbs to the
// top rung), a quantal choice (every rung has a chance), a proportional
// answer without a cap whose scale carries a non-nuclear provocation onto
// the nuclear rung. Naming the rung (a red line's response, a cap, a
// weight) says so; these do not.
func (s *Scenario) silentNuclear(lad *ladder.Ladder) []lintHit {
	sq := lad.StatusQuo
	firstNuc := -1
	var nucIDs, needs []string
	for i, r := range lad.Rungs {
		if r.Rivera == ladder.Nuclear {
			if firstNuc < 0 {
				firstNuc = i
			}
			nucIDs = append(nucIDs, r.ID)
			needs = append(needs, r.Requires...)
		}
	}
	if firstNuc <= sq {
		return nil
	}
	topNonNuc := -1
	for i := range lad.Rungs {
		if lad.Rungs[i].Rivera != ladder.Nuclear {
			topNonNuc = i
		}
	}
	capable := func(a *Actor) bool {
		if a.Nuclear != nil && (a.Nuclear.Status == "armed" || a.Nuclear.Status == "latent") {
			return true
		}
		if len(needs) == 0 {
			return true // the nuclear rung asks for nothing: anyone can use it
		}
		for _, n := range needs {
			if !slices.Contains(a.Capabilities, n) {
				return false
			}
		}
		return true
	}
	nuc := fmt.Sprintf("%q", nucIDs[0])
	if len(nucIDs) > 1 {
		nuc = "rungs " + strings.Join(nucIDs, ", ")
	} else {
		nuc = "rung " + nuc
	}
	reach := func(d *Doctrine) string {
		switch {
		case d == nil:
			return ""
		case d.Markov != nil && d.Markov.Up != nil && *d.Markov.Up > 0:
			return "a markov doctrine climbs one rung at a time to the top of the ladder, the nuclear " + nuc
		case d.Quantal != nil:
			return "a quantal doctrine gives every rung a chance, the nuclear " + nuc + " too"
		case d.Proportional != nil && d.Proportional.Cap == "":
			scale := 1.0
			if d.Proportional.Scale != nil {
				scale = *d.Proportional.Scale
			}
			// The highest answer to a non-nuclear provocation.
			if topNonNuc > sq && sq+int(math.Round(float64(topNonNuc-sq)*scale)) >= firstNuc {
				return fmt.Sprintf("a proportional doctrine without a cap (scale %s) answers a provocation below nuclear use with the nuclear %s", fmtNum(scale), nuc)
			}
		}
		return ""
	}
	var out []lintHit
	for _, id := range s.Actors.Keys {
		a := s.Actors.Values[id]
		if !capable(a) {
			continue
		}
		hint := "; name the nuclear rung where first use is meant (proportional: cap; or a red_line or grim response), or choose a doctrine that stops below it"
		if why := reach(a.Doctrine); why != "" {
			out = append(out, lintHit{"actors." + id + ".doctrine", fmt.Sprintf("actor %q can use nuclear weapons first without saying so: %s%s", id, why, hint)})
		}
		for _, o := range a.Toward.Keys {
			if why := reach(a.Toward.Values[o]); why != "" {
				out = append(out, lintHit{"actors." + id + ".toward." + o, fmt.Sprintf("actor %q can use nuclear weapons first against %q without saying so: %s%s", id, o, why, hint)})
			}
		}
		docs := s.leaderDoctrines(id)
		for _, l := range s.Leaders.Keys {
			if d, ok := docs[l]; ok {
				if why := reach(d); why != "" {
					out = append(out, lintHit{"leaders." + l + ".doctrine", fmt.Sprintf("leader %q, whom %q may get, can use nuclear weapons first without saying so: %s%s", l, id, why, hint)})
				}
			}
		}
	}
	return out
}
