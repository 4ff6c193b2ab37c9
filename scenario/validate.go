package scenario

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"brink/eventcodes"
	"brink/internal/suggest"
	"brink/ladder"
	"brink/outcome"
)

// The semantic checks: everything the decoder cannot see field by field.
// Each problem is reported at the position of the value at fault, with the
// entry it belongs to, and a hint where a near name exists.

var (
	scenarioNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	actorIDRE      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	rungIDRE       = regexp.MustCompile(`^[a-z][a-z_]*$`)
	nameRE         = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

const maxIDLength = 64

type checker struct {
	s      *Scenario
	file   string
	probs  Problems
	lad    *ladder.Ladder // nil when the ladder itself is broken
	rungs  []string
	actors []string
	camps  map[string]string // campaign id -> its actor (ids are scenario-wide)
}

func (c *checker) errf(path string, format string, args ...any) {
	c.errAt(c.s.at(path), format, args...)
}

func (c *checker) errAt(pos Pos, format string, args ...any) {
	c.probs = append(c.probs, Problem{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// validate runs every semantic check on a decoded scenario (the variants'
// overlays are checked by Load, by applying them).
func (s *Scenario) validate(base *Scenario) Problems {
	c := &checker{s: s, file: s.file()}
	c.header()
	c.ladder()
	c.model()
	c.actorsCheck()
	c.leadersCheck()
	c.relations()
	c.channels()
	c.processes()
	c.events()
	c.hazards()
	c.variantNames()
	if base == nil || !slices.Equal(base.Actors.Keys, s.Actors.Keys) {
		c.outcomes()
	}
	return c.probs
}

// --- scalar helpers ---

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// fmtSum writes a sum of written numbers without float noise (1.3, not
// 1.2999999999999998).
func fmtSum(f float64) string { return strconv.FormatFloat(f, 'g', 12, 64) }

// number checks v against the bounds b its field declares (params.go);
// name is how the message calls it, hint an explanation after it.
func (c *checker) number(path, what, name string, b Bounds, v float64, hint string) {
	if !b.Contains(v) {
		c.errf(path, "%s: %s %s %s%s", what, name, fmtNum(v), b.problem(), hint)
	}
}

// numbers checks every bounded number field (*float64, *int) of the
// struct v points to against its declared range; a field's message calls
// it prefix + its yaml name, at path + "." + that name.
func (c *checker) numbers(path, what, prefix string, v any) {
	rv := reflect.ValueOf(v).Elem()
	for _, p := range paramsOf(rv.Type()) {
		if !p.Bounded {
			continue
		}
		f := rv.Field(p.index)
		if f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		switch x := f.Elem(); x.Kind() {
		case reflect.Float64:
			c.number(path+"."+p.Field, what, prefix+p.Field, p.Bounds, x.Float(), "")
		case reflect.Int:
			c.number(path+"."+p.Field, what, prefix+p.Field, p.Bounds, float64(x.Int()), "")
		}
	}
}

// daysProblem says what is wrong with a duration of days outside b ("must
// be at least 1 day", "is longer than a year"), or "" when nothing is.
func daysProblem(b Bounds, days int) string {
	switch {
	case b.Contains(float64(days)):
		return ""
	case b.HasMin && float64(days) <= b.Min:
		return "must be at least " + dayWords(int(b.Min))
	}
	return "is longer than " + dayWords(int(b.Max))
}

// dayWords writes a number of days as the bounds' messages say it.
func dayWords(days int) string {
	switch {
	case days == 1:
		return "1 day"
	case days == 365:
		return "a year"
	case days > 0 && days%365 == 0:
		return strconv.Itoa(days/365) + " years"
	}
	return strconv.Itoa(days) + " days"
}

func (c *checker) actor(path, what, id string) bool {
	if _, ok := c.s.Actors.Values[id]; ok {
		return true
	}
	if id == "" {
		c.errf(path, "%s: empty actor id", what)
		return false
	}
	c.errf(path, "%s: unknown actor %q%s", what, id, suggest.DidYouMean(id, c.actors))
	return false
}

// rung checks a rung reference; with the ladder broken it stays silent (the
// ladder's own problem is reported once).
func (c *checker) rung(path, what, id string) (int, bool) {
	if c.lad == nil {
		return 0, false
	}
	if i, ok := c.lad.Index(id); ok {
		return i, true
	}
	c.errf(path, "%s: unknown rung %q%s", what, id, suggest.DidYouMean(id, c.rungs))
	return 0, false
}

func (c *checker) optRung(path, what, id string) {
	if id != "" {
		c.rung(path, what, id)
	}
}

func (c *checker) date(path, what string, d Date) {
	if c.s.Start.IsZero() || !c.s.Horizon.Set || d.IsZero() {
		return
	}
	days := d.DaysSince(c.s.Start)
	if days < 0 || days > c.s.Horizon.Days {
		end := c.s.Start.AddDays(c.s.Horizon.Days)
		c.errf(path, "%s: date %s is outside the scenario (%s to %s)", what, d, c.s.Start, end)
	}
}

func (c *checker) id(path, what, id string, re *regexp.Regexp, form string) {
	if len(id) > maxIDLength {
		c.errf(path, "%s: id is longer than %d characters", what, maxIDLength)
	} else if !re.MatchString(id) {
		c.errf(path, "%s: id %q must be %s", what, id, form)
	}
}

// --- sections ---

func (c *checker) header() {
	s := c.s
	if s.Name != "" && !scenarioNameRE.MatchString(s.Name) {
		c.errf("name", "scenario name %q must be lower-case letters, digits and '-'", s.Name)
	}
	if _, ok := s.meta.pos["title"]; ok && strings.TrimSpace(s.Title) == "" {
		c.errf("title", "title is empty")
	}
	if _, ok := s.meta.pos["horizon"]; ok && s.Horizon.Set {
		switch {
		case s.Horizon.Days < 1:
			c.errf("horizon", "horizon must be at least 1 day")
		case s.Horizon.Days > MaxHorizon:
			c.errf("horizon", "horizon %d days is longer than the limit of %d days (100 years)", s.Horizon.Days, MaxHorizon)
		}
	}
	for _, id := range s.Actors.Keys {
		c.actors = append(c.actors, id)
	}
}

func (c *checker) ladder() {
	s := c.s
	if _, ok := s.meta.pos["ladder"]; !ok {
		return
	}
	if s.Ladder.Builtin != "" {
		if s.Ladder.Builtin != "standard" {
			c.errf("ladder", "unknown ladder %q; write \"standard\" or define rungs inline%s", s.Ladder.Builtin, suggest.DidYouMean(s.Ladder.Builtin, []string{"standard"}))
			return
		}
	} else {
		ok := true
		if len(s.Ladder.Rungs) < 2 {
			c.errf("ladder", "a custom ladder needs at least 2 rungs, has %d", len(s.Ladder.Rungs))
			ok = false
		}
		if len(s.Ladder.Rungs) > MaxRungs {
			c.errf("ladder.rungs", "a ladder has at most %d rungs, this one has %d", MaxRungs, len(s.Ladder.Rungs))
			return
		}
		seen := map[string]int{}
		var ids []string
		for i, r := range s.Ladder.Rungs {
			p := fmt.Sprintf("ladder.rungs.%d", i)
			what := fmt.Sprintf("rung %q", r.ID)
			if r.ID == "" {
				c.errf(p, "rung %d: missing id", i+1)
				ok = false
				continue
			}
			if !rungIDRE.MatchString(r.ID) || len(r.ID) > maxIDLength {
				c.errf(p+".id", "rung id %q must be lower-case letters and '_'", r.ID)
				ok = false
			}
			if j, dup := seen[r.ID]; dup {
				c.errf(p+".id", "rung id %q repeated (first is rung %d)", r.ID, j+1)
				ok = false
			}
			seen[r.ID] = i
			ids = append(ids, r.ID)
			c.numbers(p, what, "", &r) // damage, cost, salvo
			if pr := daysProblem(paramOf[RungSpec]("lead_time").Bounds, r.LeadTime.Days); pr != "" {
				c.errf(p+".lead_time", "%s: lead_time %d days %s", what, r.LeadTime.Days, pr)
			}
			if r.CAMEO != "" {
				if _, known := eventcodes.Goldstein(r.CAMEO); !known {
					c.errf(p+".cameo", "%s: unknown CAMEO event code %q (see docs/ladder.md; codes are 2 to 4 digits, e.g. 195)", what, r.CAMEO)
				}
			}
			if r.Rivera != "" && !contains(riveraNames, r.Rivera) {
				c.errf(p+".rivera", "%s: unknown Rivera category %q (one of %s)%s", what, r.Rivera, strings.Join(riveraNames, ", "), suggest.DidYouMean(r.Rivera, riveraNames))
				ok = false
			}
		}
		if s.Ladder.StatusQuo != "" {
			if _, found := seen[s.Ladder.StatusQuo]; !found {
				c.errf("ladder.status_quo", "status_quo %q is not one of the ladder's rungs%s", s.Ladder.StatusQuo, suggest.DidYouMean(s.Ladder.StatusQuo, ids))
				ok = false
			}
		} else {
			ok = false
		}
		if !ok {
			return
		}
	}
	l, err := s.ResolveLadder()
	if err != nil {
		c.errf("ladder", "%v", err)
		return
	}
	c.lad = l
	for _, r := range l.Rungs {
		c.rungs = append(c.rungs, r.ID)
	}
}

func (c *checker) model() {
	m := &c.s.Model
	c.numbers("model", "model", "", m)
	if m.Accident != nil && m.AccidentDown != nil && *m.Accident+*m.AccidentDown > 1 {
		c.errf("model.accident_down", "model: accident + accident_down is %s, more than 1", fmtSum(*m.Accident+*m.AccidentDown))
	}
	for _, d := range []struct {
		name string
		v    Duration
	}{{"grievance_half_life", m.GrievanceHalfLife}, {"signal_memory", m.SignalMemory}} {
		if pr := daysProblem(paramOf[ModelParams](d.name).Bounds, d.v.Days); d.v.Set && pr != "" {
			c.errf("model."+d.name, "model: %s %s", d.name, pr)
		}
	}
}

func (c *checker) actorsCheck() {
	s := c.s
	if len(s.Actors.Keys) > MaxActors {
		c.errf("actors", "%d actors; the limit is %d", len(s.Actors.Keys), MaxActors)
		return
	}
	if _, ok := s.meta.pos["actors"]; ok && len(s.Actors.Keys) == 0 {
		c.errf("actors", "a scenario needs at least one actor")
	}
	for _, id := range s.Actors.Keys {
		a := s.Actors.Values[id]
		p := "actors." + id
		what := fmt.Sprintf("actor %q", id)
		if len(id) > maxIDLength || !actorIDRE.MatchString(id) {
			c.errAt(s.Actors.Pos[id], "actor id %q must be a letter then letters, digits or '_' (CAMEO codes like IRN)", id)
		}
		switch a.Kind {
		case "state", "group":
		case "":
		default:
			c.errf(p+".kind", "%s: kind %q must be state or group%s", what, a.Kind, suggest.DidYouMean(a.Kind, []string{"state", "group"}))
		}
		c.numbers(p, what, "", a)
		if a.Domestic != nil {
			c.numbers(p+".domestic", what, "domestic ", a.Domestic)
		}
		if a.Nuclear != nil && a.Nuclear.Status == "latent" && a.Nuclear.Latent.Set {
			if pr := daysProblem(paramOf[Nuclear]("latent").Bounds, a.Nuclear.Latent.Days); pr != "" {
				c.errf(p+".nuclear.latent", "%s: nuclear latency %s (use armed for a nuclear power)", what, pr)
			}
		}
		if a.Doctrine != nil {
			c.doctrine(p+".doctrine", what, a.Doctrine)
		}
		for _, other := range a.Toward.Keys {
			tp := p + ".toward." + other
			if other == id {
				c.errAt(a.Toward.Pos[other], "%s: toward names the actor itself", what)
			} else if _, ok := s.Actors.Values[other]; !ok {
				c.errAt(a.Toward.Pos[other], "%s: toward: unknown actor %q%s", what, other, suggest.DidYouMean(other, c.actors))
			}
			c.doctrine(tp, what, a.Toward.Values[other])
		}
		for i, pr := range a.Protects {
			pp := fmt.Sprintf("%s.protects.%d", p, i)
			if pr == id {
				c.errf(pp, "%s: an actor does not protect itself", what)
			} else {
				c.actor(pp, what+": protects", pr)
			}
		}
		switch {
		case a.Kind == "group" && a.Patron == "":
			c.errAt(s.Actors.Pos[id], "%s: a group needs a patron (an actor id, or none)", what)
		case a.Kind == "state" && a.Patron != "" && a.Patron != "none":
			c.errf(p+".patron", "%s: only a group has a patron", what)
		case a.Patron != "" && a.Patron != "none":
			if a.Patron == id {
				c.errf(p+".patron", "%s: a group cannot be its own patron", what)
			} else {
				c.actor(p+".patron", what+": patron", a.Patron)
			}
		}
		if a.Autonomy != nil && a.Kind == "state" {
			c.errf(p+".autonomy", "%s: autonomy is for groups (with a patron)", what)
		}
		c.campaigns(p, what, id, a.Campaigns)
		for _, cid := range a.Answers.Keys {
			ap := p + ".answers." + cid
			an := a.Answers.Values[cid]
			if cid == id {
				c.errAt(a.Answers.Pos[cid], "%s: answers names the actor itself", what)
			} else if _, ok := s.Actors.Values[cid]; !ok {
				c.errAt(a.Answers.Pos[cid], "%s: answers: unknown actor %q%s", what, cid, suggest.DidYouMean(cid, c.actors))
			}
			for x, r := range an.With {
				if k, ok := c.rung(fmt.Sprintf("%s.with.%d", ap, x), what+": answers with", r); ok && c.lad != nil && k <= c.lad.StatusQuo {
					c.errf(fmt.Sprintf("%s.with.%d", ap, x), "%s: answers with %q: a rung above the status quo", what, r)
				}
			}
			for _, tp := range an.Third.Keys {
				if tp == id || tp == cid {
					c.errAt(an.Third.Pos[tp], "%s: answers third %q: a third party is neither the actor nor the counterpart", what, tp)
				} else if _, ok := s.Actors.Values[tp]; !ok {
					c.errAt(an.Third.Pos[tp], "%s: answers third: unknown actor %q%s", what, tp, suggest.DidYouMean(tp, c.actors))
				}
				r := *an.Third.Values[tp]
				if k, ok := c.rung(ap+".third."+tp, what+": answers third", r); ok && c.lad != nil && k <= c.lad.StatusQuo {
					c.errf(ap+".third."+tp, "%s: answers third %q: a rung above the status quo", what, r)
				}
			}
		}
		for _, tid := range a.Notice.Keys {
			np := p + ".notice." + tid
			nt := a.Notice.Values[tid]
			if tid == id {
				c.errAt(a.Notice.Pos[tid], "%s: notice names the actor itself", what)
			} else if _, ok := s.Actors.Values[tid]; !ok {
				c.errAt(a.Notice.Pos[tid], "%s: notice: unknown actor %q%s", what, tid, suggest.DidYouMean(tid, c.actors))
			}
			c.numbers(np, what, "notice ", nt)
			for x, v := range nt.Via {
				vp := fmt.Sprintf("%s.via.%d", np, x)
				if v == id || v == tid {
					c.errf(vp, "%s: notice via %q: a third party is neither the actor nor the target", what, v)
				} else {
					c.actor(vp, what+": notice via", v)
				}
			}
			if nt.Target != nil && !*nt.Target && len(nt.Via) == 0 {
				c.errf(np+".target", "%s: notice to %s goes to no one (target: false and no via)", what, tid)
			}
		}
		if a.Memory.Set && a.Memory.Days > MaxHorizon {
			c.errf(p+".memory", "%s: memory is longer than 100 years", what)
		}
		if r := a.Readiness; r != nil {
			for _, k := range r.Rungs.Keys {
				if c.lad != nil {
					if _, ok := c.lad.Index(k); !ok {
						c.errAt(r.Rungs.Pos[k], "%s: readiness rungs: unknown rung %q%s", what, k, suggest.DidYouMean(k, c.rungs))
					}
				}
			}
			for _, f := range []struct {
				name string
				v    *Duration
			}{{"lead_time", r.LeadTime}, {"alert_lead", r.AlertLead}, {"alert_days", r.AlertDays}} {
				if f.v != nil && f.v.Days > 365 {
					c.errf(p+".readiness."+f.name, "%s: readiness %s of %d days is longer than a year", what, f.name, f.v.Days)
				}
			}
			for _, k := range r.Rungs.Keys {
				if v := r.Rungs.Values[k]; v.Days > 365 {
					c.errAt(r.Rungs.Pos[k], "%s: readiness lead time of %d days for %q is longer than a year", what, v.Days, k)
				}
			}
		}
		if at := a.Attrition; at != nil {
			c.numbers(p+".attrition", what, "attrition ", at)
		}
		if a.Leader != "" {
			if _, ok := s.Leaders.Values[a.Leader]; !ok {
				c.errf(p+".leader", "%s: unknown leader %q%s", what, a.Leader, suggest.DidYouMean(a.Leader, s.Leaders.Keys))
			}
		}
	}
	c.patronCycles()
}

// patronCycles reports each cycle of patron links once, at its first actor
// in declaration order.
func (c *checker) patronCycles() {
	s := c.s
	reported := map[string]bool{}
	for _, id := range s.Actors.Keys {
		seen := map[string]int{}
		var chain []string
		cur := id
		for {
			if _, loop := seen[cur]; loop {
				cycle := chain[seen[cur]:]
				if cycle[0] == id && !reported[id] && len(cycle) > 1 {
					for _, x := range cycle {
						reported[x] = true
					}
					c.errf("actors."+id+".patron", "actor %q: patron chain is a cycle: %s -> %s", id, strings.Join(cycle, " -> "), id)
				}
				break
			}
			seen[cur] = len(chain)
			chain = append(chain, cur)
			a := s.Actors.Values[cur]
			if a == nil || a.Patron == "" || a.Patron == "none" || a.Patron == cur {
				break
			}
			if _, ok := s.Actors.Values[a.Patron]; !ok {
				break
			}
			cur = a.Patron
		}
	}
}

// doctrine checks a doctrine's parameters; path is where the doctrine is.
func (c *checker) doctrine(path, what string, d *Doctrine) {
	if d == nil {
		return
	}
	rr := func(name, sub, id string) {
		c.optRung(path+"."+name+"."+sub, what+": "+name+" "+sub, id)
	}
	switch {
	case d.Always != nil:
		if d.Always.Rung != "" {
			rr("always", "rung", d.Always.Rung)
		}
	case d.Fixed != nil:
		sum := 0.0
		for _, r := range d.Fixed.Weights.Keys {
			w := *d.Fixed.Weights.Values[r]
			if c.lad != nil {
				if _, ok := c.lad.Index(r); !ok {
					c.errAt(d.Fixed.Weights.Pos[r], "%s: fixed weights: unknown rung %q%s", what, r, suggest.DidYouMean(r, c.rungs))
				}
			}
			c.number(path+".fixed.weights."+r, what, "fixed weight", paramOf[FixedDoctrine]("weights").Bounds, w, "")
			sum += w
		}
		if len(d.Fixed.Weights.Keys) > 0 && sum <= 0 {
			c.errf(path+".fixed.weights", "%s: fixed weights must not all be zero", what)
		}
	case d.Markov != nil:
		c.numbers(path+".markov", what, "markov ", d.Markov)
		if d.Markov.Up != nil && d.Markov.Down != nil && *d.Markov.Up+*d.Markov.Down > 1 {
			c.errf(path+".markov.down", "%s: markov up + down is %s, more than 1", what, fmtSum(*d.Markov.Up+*d.Markov.Down))
		}
	case d.TitForTat != nil:
		c.numbers(path+".tit_for_tat", what, "tit_for_tat ", d.TitForTat)
		rr("tit_for_tat", "opening", d.TitForTat.Opening)
		c.symbolic(path+".tit_for_tat.symbolic", what, d.TitForTat.Symbolic)
	case d.MemoryOne != nil:
		x := d.MemoryOne
		c.numbers(path+".memory_one", what, "memory_one ", x)
		rr("memory_one", "rung", x.Rung)
		if c.lad != nil && x.Rung != "" {
			if k, ok := c.lad.Index(x.Rung); ok && k <= c.lad.StatusQuo {
				c.errf(path+".memory_one.rung", "%s: memory_one rung %q must be hostile (above the status quo)", what, x.Rung)
			}
		}
	case d.Generous != nil:
		c.numbers(path+".generous", what, "generous ", d.Generous)
		rr("generous", "opening", d.Generous.Opening)
		c.symbolic(path+".generous.symbolic", what, d.Generous.Symbolic)
	case d.Grim != nil:
		rr("grim", "trigger", d.Grim.Trigger)
		rr("grim", "response", d.Grim.Response)
	case d.Pavlov != nil:
		rr("pavlov", "opening", d.Pavlov.Opening)
	case d.Proportional != nil:
		c.numbers(path+".proportional", what, "proportional ", d.Proportional)
		rr("proportional", "cap", d.Proportional.Cap)
		c.symbolic(path+".proportional.symbolic", what, d.Proportional.Symbolic)
	case d.RedLine != nil:
		rr("red_line", "threshold", d.RedLine.Threshold)
		rr("red_line", "response", d.RedLine.Response)
		rr("red_line", "below", d.RedLine.Below)
	case d.EscalateToDeescalate != nil:
		if st := d.EscalateToDeescalate.Step; st != nil {
			// The declared lower bound; the upper is the ladder's.
			b := paramOf[EscalateToDeescalateDoctrine]("step").Bounds
			maxStep := MaxRungs
			if c.lad != nil {
				maxStep = len(c.lad.Rungs) - 1
			}
			if !b.Contains(float64(*st)) || *st > maxStep {
				c.errf(path+".escalate_to_deescalate.step", "%s: escalate_to_deescalate step %d must be in 1..%d", what, *st, maxStep)
			}
		}
		rr("escalate_to_deescalate", "cap", d.EscalateToDeescalate.Cap)
	case d.Restraint != nil:
		rr("restraint", "absorb_below", d.Restraint.AbsorbBelow)
		if p := d.Restraint.Patience; p != nil {
			if pr := daysProblem(paramOf[RestraintDoctrine]("patience").Bounds, p.Days); pr != "" {
				c.errf(path+".restraint.patience", "%s: restraint patience %d days %s", what, p.Days, pr)
			}
		}
	case d.Quantal != nil:
		c.numbers(path+".quantal", what, "quantal ", d.Quantal)
	}
}

// campaigns checks an actor's campaigns (M24): unique ids across the
// scenario (checked here per actor), a target, valid rung weights, dates,
// and conditions that compile over the live state.
func (c *checker) campaigns(p, what, self string, cs []Campaign) {
	seen := map[string]int{}
	for x, cp := range cs {
		cpath := fmt.Sprintf("%s.campaigns.%d", p, x)
		cw := fmt.Sprintf("%s: campaign %q", what, cp.ID)
		if !isName(cp.ID) {
			c.errf(cpath+".id", "%s: campaign id %q must be letters, digits, '_' and '-'", what, cp.ID)
		} else if k, dup := seen[cp.ID]; dup {
			c.errf(cpath+".id", "%s: campaign id %q repeated (campaigns %d and %d)", what, cp.ID, k+1, x+1)
		} else if other, dup := c.camps[cp.ID]; dup {
			c.errf(cpath+".id", "%s: campaign id %q is also a campaign of %s (ids are scenario-wide)", what, cp.ID, other)
		}
		if c.camps == nil {
			c.camps = map[string]string{}
		}
		if _, ok := c.camps[cp.ID]; !ok {
			c.camps[cp.ID] = self
		}
		seen[cp.ID] = x
		if cp.Target == self {
			c.errf(cpath+".target", "%s: a campaign is against another actor", cw)
		} else {
			c.actor(cpath+".target", cw+": target", cp.Target)
		}
		sum := 0.0
		for _, r := range cp.Rungs.Keys {
			w := *cp.Rungs.Values[r]
			if c.lad != nil {
				if _, ok := c.lad.Index(r); !ok {
					c.errAt(cp.Rungs.Pos[r], "%s: rungs: unknown rung %q%s", cw, r, suggest.DidYouMean(r, c.rungs))
				}
			}
			if w < 0 {
				c.errAt(cp.Rungs.Pos[r], "%s: weight %s must be >= 0", cw, fmtNum(w))
			}
			sum += w
		}
		if sum <= 0 {
			c.errf(cpath+".rungs", "%s: rungs must give some rung a weight", cw)
		}
		if cp.Start != nil {
			c.date(cpath+".start", cw, *cp.Start)
		}
		if cp.Until == "" && cp.For == nil {
			c.errf(cpath, "%s: needs an aim that ends it (until) or a duration (for)", cw)
		}
		if cp.For != nil && cp.For.Days < 1 {
			c.errf(cpath+".for", "%s: for must be at least 1 day", cw)
		}
		for _, f := range []struct{ name, src string }{{"when", cp.When}, {"until", cp.Until}} {
			if f.src != "" {
				c.condition(cpath+"."+f.name, cw+": "+f.name, f.src)
			}
		}
	}
}

// condition checks a condition over the live state written at path (a
// campaign's when and until); errors are reported at the value.
func (c *checker) condition(path, what, src string) {
	if len(src) > MaxExprLength {
		c.errf(path, "%s is %d characters; the limit is %d", what, len(src), MaxExprLength)
		return
	}
	if c.lad == nil {
		return
	}
	voc := c.s.Vocabulary(c.lad)
	voc.Live = true
	x, err := outcome.Compile("condition", src, voc)
	switch {
	case err != nil:
		var oe *outcome.Error
		if errors.As(err, &oe) {
			c.errf(path, "%s: column %d: %s", what, oe.Column, oe.Msg)
		} else {
			c.errf(path, "%s: %v", what, err)
		}
	case !x.IsBool():
		c.errf(path, "%s must be a condition (a comparison, and/or/not), not a number", what)
	}
}

// when checks event i's condition (M25): an expression of the outcome
// language over the live state, a condition; an error points at its
// column in the file. A telegraphed act is dated (its notice goes ahead).
func (c *checker) when(i int, p, what string, e Event) {
	if e.Telegraph {
		c.errf(p+".telegraph", "%s: a conditional act cannot be telegraphed ahead (its day is not known)", what)
	}
	if len(e.When) > MaxExprLength {
		c.errf(p+".when", "%s: when is %d characters; the limit is %d", what, len(e.When), MaxExprLength)
		return
	}
	if c.lad == nil {
		return
	}
	voc := c.s.Vocabulary(c.lad)
	voc.Live = true
	x, err := outcome.Compile("when", e.When, voc)
	var oe *outcome.Error
	switch {
	case errors.As(err, &oe):
		c.errAt(c.s.whenPos(i, oe.Offset), "%s: when: %s", what, oe.Msg)
	case err != nil:
		c.errf(p+".when", "%s: when: %v", what, err)
	case !x.IsBool():
		c.errf(p+".when", "%s: when must be a condition (a comparison, and/or/not), not a number", what)
	}
}

// symbolic checks a doctrine's symbolic answer rung: a hostile rung.
func (c *checker) symbolic(path, what, id string) {
	if id == "" {
		return
	}
	if k, ok := c.rung(path, what+": symbolic", id); ok && k <= c.lad.StatusQuo {
		c.errf(path, "%s: symbolic rung %q must be hostile (above the status quo)", what, id)
	}
}

func (c *checker) leadersCheck() {
	for _, id := range c.s.Leaders.Keys {
		l := c.s.Leaders.Values[id]
		p := "leaders." + id
		what := fmt.Sprintf("leader %q", id)
		if !isName(id) {
			c.errAt(c.s.Leaders.Pos[id], "leader id %q must be letters, digits, '_' and '-'", id)
		}
		c.numbers(p, what, "", l)
		c.doctrine(p+".doctrine", what, l.Doctrine)
	}
}

var stances = []string{"ally", "friendly", "neutral", "rival", "enemy", "war"}

// pair checks a [A, B] pair and returns its unordered key.
func (c *checker) pair(path, what string, b [2]string) (string, bool) {
	if b[0] == "" && b[1] == "" {
		return "", false // not decoded; the decoder has said why
	}
	ok0 := c.actor(path+".0", what, b[0])
	ok1 := c.actor(path+".1", what, b[1])
	if ok0 && ok1 && b[0] == b[1] {
		c.errf(path+".1", "%s: between names %q twice", what, b[0])
		return "", false
	}
	x, y := b[0], b[1]
	if x > y {
		x, y = y, x
	}
	return x + " " + y, ok0 && ok1
}

// entryPair checks the pair of entry i (at path) of a section whose entries
// are matched by their pair (relations, channels), and that no earlier entry
// has the same pair. seen maps each pair's key to the last entry that had it.
func (c *checker) entryPair(seen map[string]int, path, what, noun string, b [2]string, i int) {
	key, ok := c.pair(path+".between", what, b)
	if !ok {
		return
	}
	if j, dup := seen[key]; dup {
		c.errf(path+".between", "%s: the pair already has a %s (%s %d)", what, noun, noun, j+1)
	}
	seen[key] = i
}

func (c *checker) sided(path, what, name string, sd *Sided, pair [2]string) {
	if sd == nil {
		return
	}
	b := paramOf[Relation](name).Bounds
	if sd.Both != nil {
		c.number(path, what, name, b, *sd.Both, "")
		return
	}
	for _, side := range sortedKeys(sd.BySide) {
		v := sd.BySide[side]
		if side != pair[0] && side != pair[1] {
			c.errf(path+"."+side, "%s: %s names %q, which is not in the pair [%s, %s]%s", what, name, side, pair[0], pair[1], suggest.DidYouMean(side, pair[:]))
		}
		c.number(path+"."+side, what, name, b, v, "")
	}
}

func (c *checker) relations() {
	seen := map[string]int{}
	for i, r := range c.s.Relations {
		p := fmt.Sprintf("relations.%d", i)
		what := fmt.Sprintf("relation %s-%s", r.Between[0], r.Between[1])
		c.entryPair(seen, p, what, "relation", r.Between, i)
		if r.Stance != "" && !contains(stances, r.Stance) {
			c.errf(p+".stance", "%s: stance %q must be one of %s%s", what, r.Stance, strings.Join(stances, ", "), suggest.DidYouMean(r.Stance, stances))
		}
		if r.Stance != "ally" && r.Stance != "" {
			if r.Commitment != nil {
				c.errf(p+".commitment", "%s: commitment is for allies (stance is %s)", what, r.Stance)
			}
		}
		// Air defence is help that friends and even neutrals give (Jordan in
		// April 2024); only hostile pairs cannot share it.
		if r.AirDefense != nil && (r.Stance == "rival" || r.Stance == "enemy" || r.Stance == "war") {
			c.errf(p+".air_defense", "%s: air_defense is help between friends (stance is %s)", what, r.Stance)
		}
		c.sided(p+".commitment", what, "commitment", r.Commitment, r.Between)
		c.sided(p+".air_defense", what, "air_defense", r.AirDefense, r.Between)
		c.sided(p+".leverage", what, "leverage", r.Leverage, r.Between)
		if g := r.Grievance; g != nil {
			b := paramOf[Relation]("grievance").Bounds
			if g.Both != nil {
				c.number(p+".grievance", what, "grievance", b, *g.Both, "")
			}
			for _, side := range sortedKeys(g.BySide) {
				if side != r.Between[0] && side != r.Between[1] {
					c.errf(p+".grievance."+side, "%s: grievance names %q, which is not in the pair%s", what, side, suggest.DidYouMean(side, r.Between[:]))
				}
				c.number(p+".grievance."+side, what, "grievance", b, g.BySide[side], "")
			}
		}
		c.optRung(p+".rung", what, r.Rung)
		if r.Drift != nil {
			c.number(p+".drift", what, "drift", paramOf[Relation]("drift").Bounds, *r.Drift, " (change of commitment per 30 days)")
		}
	}
}

var channelKinds = []string{"none", "intermediary", "direct"}

func (c *checker) channels() {
	seen := map[string]int{}
	for i, ch := range c.s.Channels {
		p := fmt.Sprintf("channels.%d", i)
		what := fmt.Sprintf("channel %s-%s", ch.Between[0], ch.Between[1])
		if ch.ID != "" {
			what += " " + ch.ID
			if !isName(ch.ID) {
				c.errf(p+".id", "%s: id %q must be letters, digits, '_' and '-'", what, ch.ID)
			}
		}
		if key, ok := c.pair(p+".between", what, ch.Between); ok {
			// A pair may have several channels, each with its own id.
			key += "\x00" + ch.ID
			if j, dup := seen[key]; dup {
				if ch.ID == "" {
					c.errf(p+".between", "%s: the pair already has a channel (channel %d); give each channel of a pair its own id", what, j+1)
				} else {
					c.errf(p+".id", "%s: the pair already has a channel with id %q (channel %d)", what, ch.ID, j+1)
				}
			}
			seen[key] = i
		}
		kind := ch.Kind
		if kind != "" && !contains(channelKinds, kind) {
			c.errf(p+".kind", "%s: kind %q must be one of none, intermediary, direct%s", what, kind, suggest.DidYouMean(kind, channelKinds))
		}
		if kind == "" {
			kind = "direct"
			if len(ch.Via) > 0 {
				kind = "intermediary"
			}
		}
		if kind == "intermediary" && len(ch.Via) == 0 {
			c.errf(p, "%s: an intermediary channel needs via: [ACTOR, ...]", what)
		}
		if kind != "intermediary" && len(ch.Via) > 0 {
			c.errf(p+".via", "%s: via is only for an intermediary channel (kind is %s)", what, kind)
		}
		for j, v := range ch.Via {
			vp := fmt.Sprintf("%s.via.%d", p, j)
			if v == ch.Between[0] || v == ch.Between[1] {
				c.errf(vp, "%s: %q cannot be an intermediary of its own channel", what, v)
			} else {
				c.actor(vp, what+": via", v)
			}
		}
		for _, side := range ch.Trust.Keys {
			if side != ch.Between[0] && side != ch.Between[1] {
				c.errAt(ch.Trust.Pos[side], "%s: trust names %q, which is not in the pair [%s, %s]%s", what, side, ch.Between[0], ch.Between[1], suggest.DidYouMean(side, ch.Between[:]))
			}
			c.number(p+".trust."+side, what, "trust", paramOf[Channel]("trust").Bounds, *ch.Trust.Values[side], "")
		}
		if len(ch.Trust.Keys) > 0 && kind != "intermediary" {
			c.errf(p+".trust", "%s: trust is for an intermediary channel (kind is %s)", what, kind)
		}
		if pr := daysProblem(paramOf[Channel]("delay").Bounds, ch.Delay.Days); pr != "" {
			c.errf(p+".delay", "%s: delay %d days %s", what, ch.Delay.Days, pr)
		}
		c.numbers(p, what, "", &ch) // uptime, fidelity
	}
}

// isName reports whether s may name a leader, process, hazard, variant or
// outcome: letters, digits, '_' and '-', at most maxIDLength long.
func isName(s string) bool {
	return len(s) <= maxIDLength && nameRE.MatchString(s)
}

// entryID checks the id of entry i (at path) of a list section whose entries
// are named by id (processes, hazards): its form, and that no earlier entry
// has it. seen maps each id to the last entry that had it.
func (c *checker) entryID(seen map[string]int, path, noun, id string, i int) {
	if id == "" {
		return
	}
	if !isName(id) {
		c.errf(path+".id", "%s id %q must be letters, digits, '_' and '-'", noun, id)
	}
	if j, dup := seen[id]; dup {
		c.errf(path+".id", "%s id %q repeated (first is %s %d)", noun, id, noun, j+1)
		return // seen keeps the first, so every repeat points at it
	}
	seen[id] = i
}

func (c *checker) processes() {
	seen := map[string]int{}
	for i, pr := range c.s.Processes {
		p := fmt.Sprintf("processes.%d", i)
		what := fmt.Sprintf("process %q", pr.ID)
		c.entryID(seen, p, "process", pr.ID, i)
		if _, ok := c.s.meta.pos[p+".participants"]; ok && len(pr.Participants) < 2 {
			c.errf(p+".participants", "%s: needs at least 2 participants, has %d", what, len(pr.Participants))
		}
		inP := map[string]bool{}
		for j, a := range pr.Participants {
			pp := fmt.Sprintf("%s.participants.%d", p, j)
			if inP[a] {
				c.errf(pp, "%s: participant %q named twice", what, a)
			}
			inP[a] = true
			c.actor(pp, what+": participant", a)
		}
		for j, a := range pr.Mediators {
			mp := fmt.Sprintf("%s.mediators.%d", p, j)
			if inP[a] {
				c.errf(mp, "%s: %q is a participant; a mediator stands outside", what, a)
				continue
			}
			c.actor(mp, what+": mediator", a)
		}
		if pr.Start != nil {
			c.date(p+".start", what, *pr.Start)
		}
		if pr.State != "" && pr.State != "talking" && pr.State != "settled" {
			c.errf(p+".state", "%s: state %q must be talking or settled%s", what, pr.State, suggest.DidYouMean(pr.State, []string{"talking", "settled"}))
		}
		c.numbers(p, what, "", &pr) // breakdown
	}
}

// settable lists the parameters an event may set: model fields, an actor's
// numeric fields and its domestic fields, each with the bounds its field
// declares: the numbers (*float64) of ModelParams, Actor and Domestic.
func settable() (model, actor, domestic map[string]Bounds) {
	numbers := func(t reflect.Type) map[string]Bounds {
		out := map[string]Bounds{}
		for _, p := range paramsOf(t) {
			if p.typ == reflect.TypeFor[*float64]() {
				out[p.Field] = p.Bounds
			}
		}
		return out
	}
	actor = numbers(reflect.TypeFor[Actor]())
	// set: ACTOR.alert puts the actor on alert for value days (M30).
	actor["alert"] = Bounds{Min: 0, HasMin: true}
	return numbers(reflect.TypeFor[ModelParams]()), actor, numbers(reflect.TypeFor[Domestic]())
}

func (c *checker) events() {
	for i, e := range c.s.Events {
		p := fmt.Sprintf("events.%d", i)
		what := fmt.Sprintf("event %d", i+1)
		c.date(p+".on", what, e.On)
		if e.On.IsZero() && e.When == "" {
			c.errf(p, "%s: needs a date (on) or a condition (when)", what)
		}
		if e.When != "" {
			c.when(i, p, what, e)
		}
		var kinds []string
		if e.Actor != "" || e.Target != "" || e.Action != "" || e.Telegraph || e.Exact {
			kinds = append(kinds, "action")
		}
		if e.Join != nil {
			kinds = append(kinds, "join")
		}
		if e.Set != "" || e.Value != nil {
			kinds = append(kinds, "set")
		}
		if e.Election != nil {
			kinds = append(kinds, "election")
		}
		for _, k := range []struct {
			name string
			on   bool
		}{{"open_channel", e.OpenChannel != nil}, {"close_channel", e.CloseChannel != nil}, {"open_process", e.OpenProcess != ""}, {"close_process", e.CloseProcess != ""}} {
			if k.on {
				kinds = append(kinds, k.name)
			}
		}
		switch len(kinds) {
		case 0:
			c.errf(p, "%s: says nothing to do: give an action (actor, target, action), set/value, election, join, open_/close_channel or open_/close_process", what)
			continue
		case 1:
		default:
			c.errf(p, "%s: does %s at once; write one event for each", what, strings.Join(kinds, " and "))
			continue
		}
		switch kinds[0] {
		case "action":
			if e.Actor == "" || e.Target == "" || e.Action == "" {
				var miss []string
				for _, m := range []struct{ n, v string }{{"actor", e.Actor}, {"target", e.Target}, {"action", e.Action}} {
					if m.v == "" {
						miss = append(miss, m.n)
					}
				}
				c.errf(p, "%s: a forced action needs actor, target and action (missing %s)", what, strings.Join(miss, ", "))
			}
			if e.Actor != "" {
				c.actor(p+".actor", what+": actor", e.Actor)
			}
			if e.Target != "" {
				c.actor(p+".target", what+": target", e.Target)
			}
			if e.Actor != "" && e.Actor == e.Target {
				c.errf(p+".target", "%s: an actor does not act on itself", what)
			}
			c.optRung(p+".action", what+": action", e.Action)
		case "join":
			c.actor(p+".join.actor", what+": join actor", e.Join.Actor)
			c.actor(p+".join.ally", what+": join ally", e.Join.Ally)
			if e.Join.Actor != "" && e.Join.Actor == e.Join.Ally {
				c.errf(p+".join.ally", "%s: an actor does not join itself", what)
			}
		case "set":
			c.setEvent(p, what, e)
		case "election":
			el := e.Election
			c.actor(p+".election.actor", what+": election", el.Actor)
			c.leaderShares(p+".election.leaders", what+": election", el.Leaders, paramOf[Election]("leaders").Bounds)
		case "open_channel", "close_channel":
			b := e.OpenChannel
			sub := "open_channel"
			if b == nil {
				b, sub = e.CloseChannel, "close_channel"
			}
			if key, ok := c.pair(p+"."+sub, what+": "+sub, *b); ok {
				found := false
				for _, ch := range c.s.Channels {
					x, y := ch.Between[0], ch.Between[1]
					if x > y {
						x, y = y, x
					}
					if x+" "+y == key {
						found = true
					}
				}
				if !found {
					c.errf(p+"."+sub, "%s: %s: there is no channel between %s and %s (declare it, closed: true, under channels)", what, sub, b[0], b[1])
				}
			}
		case "open_process", "close_process":
			id, sub := e.OpenProcess, "open_process"
			if id == "" {
				id, sub = e.CloseProcess, "close_process"
			}
			var ids []string
			found := false
			for _, pr := range c.s.Processes {
				ids = append(ids, pr.ID)
				if pr.ID == id {
					found = true
				}
			}
			if !found {
				c.errf(p+"."+sub, "%s: %s: unknown process %q%s", what, sub, id, suggest.DidYouMean(id, ids))
			}
		}
	}
}

func (c *checker) setEvent(p, what string, e Event) {
	if e.Set == "" || e.Value == nil {
		c.errf(p, "%s: a parameter change needs both set and value", what)
		return
	}
	model, actor, domestic := settable()
	parts := strings.Split(e.Set, ".")
	var b Bounds
	ok := false
	switch {
	case len(parts) == 2 && parts[0] == "model":
		b, ok = model[parts[1]]
		if !ok {
			c.errf(p+".set", "%s: set: model has no parameter %q an event may change%s", what, parts[1], suggest.DidYouMean(parts[1], sortedKeys(model)))
			return
		}
	case len(parts) == 2:
		if !c.actor(p+".set", what+": set", parts[0]) {
			return
		}
		b, ok = actor[parts[1]]
		if !ok {
			c.errf(p+".set", "%s: set: an actor has no parameter %q an event may change%s", what, parts[1], suggest.DidYouMean(parts[1], sortedKeys(actor)))
			return
		}
	case len(parts) == 3 && parts[1] == "domestic":
		if !c.actor(p+".set", what+": set", parts[0]) {
			return
		}
		b, ok = domestic[parts[2]]
		if !ok {
			c.errf(p+".set", "%s: set: domestic has no parameter %q%s", what, parts[2], suggest.DidYouMean(parts[2], sortedKeys(domestic)))
			return
		}
	default:
		c.errf(p+".set", "%s: set %q must be model.FIELD, ACTOR.FIELD or ACTOR.domestic.FIELD", what, e.Set)
		return
	}
	c.number(p+".value", what, "value", b, *e.Value, "")
}

// leaderShares checks leader id -> probability maps (elections, succession).
func (c *checker) leaderShares(path, what string, m Ordered[float64], b Bounds) {
	sum := 0.0
	for _, id := range m.Keys {
		if _, ok := c.s.Leaders.Values[id]; !ok {
			c.errAt(m.Pos[id], "%s: unknown leader %q%s", what, id, suggest.DidYouMean(id, c.s.Leaders.Keys))
		}
		v := *m.Values[id]
		c.number(path+"."+id, what, "probability of "+id, b, v, "")
		sum += v
	}
	if sum > 1+1e-9 {
		c.errf(path, "%s: leader probabilities add up to %s, more than 1", what, fmtSum(sum))
	}
}

func (c *checker) hazards() {
	seen := map[string]int{}
	for i, h := range c.s.Hazards {
		p := fmt.Sprintf("hazards.%d", i)
		what := fmt.Sprintf("hazard %q", h.ID)
		c.entryID(seen, p, "hazard", h.ID, i)
		if h.Kind != "" && h.Kind != "succession" {
			c.errf(p+".kind", "%s: kind %q must be succession%s", what, h.Kind, suggest.DidYouMean(h.Kind, []string{"succession"}))
		}
		if h.Actor != "" {
			c.actor(p+".actor", what+": actor", h.Actor)
		}
		c.number(p+".daily", what, "daily", paramOf[Hazard]("daily").Bounds, h.Daily, "")
		c.leaderShares(p+".leaders", what, h.Leaders, paramOf[Hazard]("leaders").Bounds)
	}
}

func (c *checker) variantNames() {
	if n := len(c.s.Variants.Keys); n > MaxVariants {
		c.errf("variants", "%d variants; the limit is %d (split them over several scenario files)", n, MaxVariants)
	}
	for _, name := range c.s.Variants.Keys {
		if !isName(name) {
			c.errAt(c.s.Variants.Pos[name], "variant name %q must be letters, digits, '_' and '-'", name)
		}
		if v := c.s.Variants.Values[name]; v != nil {
			c.labels("variants."+name, fmt.Sprintf("variant %q", name), v.Label, v.Description)
		}
	}
}
