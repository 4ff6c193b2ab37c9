// Package eventdata writes the events of one simulated run in the forms
// analysts read: a table for people, PLOVER-style JSON lines, and GDELT 2.0
// event rows. Each writer is a sim.Tracer that formats every event as the
// kernel reports it and writes it out at once, so a trace needs no memory
// beyond the current event.
//
// The writers know nothing of the kernel's internals: they take the names
// they need (actors, the ladder, the start date, channel names) in an Info.
package eventdata

import (
	"time"

	"brink/eventcodes"
	"brink/ladder"
	"brink/sim"
)

// Info is what the writers need to turn indices into names and dates.
type Info struct {
	Actors   []Actor        // in the model's actor order
	Ladder   *ladder.Ladder // the run's ladder
	Start    time.Time      // day 0, a civil date (only its year, month and day are read)
	Channels []string       // channel names in the model's channel order
	Run      uint64         // run index, for GDELT's GlobalEventID
	Source   string         // provenance written in GDELT's SOURCEURL ("" leaves it empty)
}

// Actor names one actor.
type Actor struct {
	ID      string // scenario id (CAMEO country code for states where one exists)
	Name    string
	Country string // CAMEO country code for GDELT's Actor*CountryCode, "" if none
}

// Writer is a trace writer: feed it a run's events (it is a sim.Tracer),
// then Close it to flush and learn of any write error.
type Writer interface {
	sim.Tracer
	Close() error
}

// eventTypes name the kernel's event kinds in every output.
var eventTypes = [...]string{
	sim.EventAct:       "act",
	sim.EventMessage:   "message",
	sim.EventProcess:   "process",
	sim.EventLeader:    "leader",
	sim.EventBreakout:  "breakout",
	sim.EventScheduled: "scheduled",
}

// MessageCodes are the CAMEO codes of the signals channels carry, keyed by
// the kernel's note for the message kind:
//
//   - reassurance → 0356 "Express intent to de-escalate military engagement",
//     the same code as the `reassure` rung (docs/ladder.md);
//   - warning → 130 "Threaten, not specified below": a warning that comes
//     with a non-violent hostile act says "or else" without naming the means;
//   - notice → 138 "Threaten with military force": notice of an act of force
//     about to be executed (telegraphing); its date is the notice's, not the act's;
//   - talks offer → 036 "Express intent to meet or negotiate".
var MessageCodes = map[string]string{
	"reassurance": "0356",
	"warning":     "130",
	"notice":      "138",
	"talks offer": "036",
}

// ProcessCodes are the CAMEO codes of talks and settlements, keyed by the
// kernel's note (actor and recipient are the first two participants):
//
//   - talks opened → 046 "Engage in negotiation";
//   - settlement → 057 "Sign formal agreement";
//   - war exit (exhausted sides stop fighting) → 0871 "Declare truce, ceasefire";
//   - breakdown, spoiled (broken by a spoiler's attack), process closed →
//     164 "Halt negotiations".
//
// Notes not listed carry no code.
var ProcessCodes = map[string]string{
	"talks opened":   "046",
	"settlement":     "057",
	"war exit":       "0871",
	"breakdown":      "164",
	"spoiled":        "164",
	"process closed": "164",
}

// record is one event with every name resolved; all three formats read it.
type record struct {
	seq          int64 // 1-based number of the event in the run
	typ          string
	day          int
	date         time.Time
	actor        string
	recipient    string
	rung         string
	intended     string
	perceived    string
	cameo        string
	plover, mode string
	goldstein    float64
	hasGoldstein bool
	attributedTo string
	damage       float64
	salvo        int
	penetrated   int
	channel      string
	note         string
	kinetic      bool
}

// resolver turns kernel events into records.
type resolver struct {
	info Info
	seq  int64
}

func (r *resolver) resolve(e *sim.TraceEvent) record {
	r.seq++
	rec := record{
		seq:          r.seq,
		day:          e.Day,
		date:         civil(r.info.Start).AddDate(0, 0, e.Day),
		actor:        r.actorID(e.Actor),
		recipient:    r.actorID(e.Target),
		attributedTo: r.actorID(e.AttributedTo),
		damage:       e.Damage,
		salvo:        e.Salvo,
		penetrated:   e.Penetrated,
		note:         e.Note,
	}
	if int(e.Kind) < len(eventTypes) {
		rec.typ = eventTypes[e.Kind]
	} else {
		rec.typ = "unknown"
	}
	switch e.Kind {
	case sim.EventAct:
		rec.rung = r.rungID(e.Rung)
		rec.intended = r.rungID(e.Intended)
		rec.perceived = r.rungID(e.Perceived)
		if rung := r.rungAt(e.Rung); rung != nil {
			rec.cameo, rec.kinetic = rung.CAMEO, rung.Kinetic
			rec.plover, rec.mode = rung.PLOVER, rung.Mode
			rec.goldstein, rec.hasGoldstein = rung.Goldstein, rung.CAMEO != ""
		}
	case sim.EventMessage:
		rec.cameo = MessageCodes[e.Note]
		if e.Channel >= 0 && e.Channel < len(r.info.Channels) {
			rec.channel = r.info.Channels[e.Channel]
		} else {
			rec.channel = "public"
		}
	case sim.EventProcess:
		rec.cameo = ProcessCodes[e.Note]
		if e.Channel >= 0 && e.Channel < len(r.info.Channels) {
			rec.channel = r.info.Channels[e.Channel]
		}
	}
	// The field's tables are the reference for any code they know; a custom
	// ladder's own values stand for codes they do not.
	if rec.cameo != "" {
		if g, ok := eventcodes.Goldstein(rec.cameo); ok {
			rec.goldstein, rec.hasGoldstein = g, true
		}
		if t, m, ok := eventcodes.PLOVER(rec.cameo); ok {
			rec.plover, rec.mode = t, m
		}
	}
	return rec
}

func (r *resolver) actorID(i int) string {
	if i < 0 || i >= len(r.info.Actors) {
		return ""
	}
	return r.info.Actors[i].ID
}

func (r *resolver) rungAt(i int) *ladder.Rung {
	if r.info.Ladder == nil || i < 0 || i >= len(r.info.Ladder.Rungs) {
		return nil
	}
	return &r.info.Ladder.Rungs[i]
}

func (r *resolver) rungID(i int) string {
	if rung := r.rungAt(i); rung != nil {
		return rung.ID
	}
	return ""
}

// errWriter remembers the first write error so that Trace, which cannot
// return one, loses nothing: Close reports it.
type errWriter struct {
	err error
}

func (e *errWriter) keep(err error) {
	if e.err == nil && err != nil {
		e.err = err
	}
}

// civil is t's calendar date at midnight UTC, so that adding days never
// crosses a daylight-saving change.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
