package eventdata

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"brink/sim"
)

// jsonRecord is one line of the JSONL output: PLOVER-style field names
// (actor, recipient, date, event type and mode) with brink's own beside them.
// Every key is always present, null where it does not apply, so that each
// line has the same shape.
type jsonRecord struct {
	EventID      int64    `json:"event_id"`   // number of the event in the run, from 1
	EventType    string   `json:"event_type"` // act, message, process, leader, breakout, scheduled
	Day          int      `json:"day"`
	Date         string   `json:"date"` // YYYY-MM-DD
	Actor        *string  `json:"actor"`
	Recipient    *string  `json:"recipient"`
	Rung         *string  `json:"rung"`      // executed rung id
	Intended     *string  `json:"intended"`  // rung the actor chose
	Perceived    *string  `json:"perceived"` // rung as the recipient perceived it
	CAMEO        *string  `json:"cameo"`
	PLOVER       *string  `json:"plover"` // PLOVER 2.0 event type
	Mode         *string  `json:"mode"`
	Goldstein    *float64 `json:"goldstein"`
	AttributedTo *string  `json:"attributed_to"` // patron the act was attributed to
	Damage       *float64 `json:"damage"`
	Salvo        *int     `json:"salvo"`
	Penetrated   *int     `json:"penetrated"`
	Channel      *string  `json:"channel"` // for messages: channel name or "public"
	Note         *string  `json:"note"`
}

// NewJSONL returns a writer of one JSON object per event per line.
func NewJSONL(w io.Writer, info Info) Writer {
	return &jsonlWriter{res: resolver{info: info}, bw: bufio.NewWriter(w)}
}

type jsonlWriter struct {
	res resolver
	bw  *bufio.Writer
	errWriter
}

func (j *jsonlWriter) Trace(e *sim.TraceEvent) {
	r := j.res.resolve(e)
	out := jsonRecord{
		EventID:      r.seq,
		EventType:    r.typ,
		Day:          r.day,
		Date:         r.date.Format(time.DateOnly),
		Actor:        str(r.actor),
		Recipient:    str(r.recipient),
		Rung:         str(r.rung),
		Intended:     str(r.intended),
		Perceived:    str(r.perceived),
		CAMEO:        str(r.cameo),
		PLOVER:       str(r.plover),
		Mode:         str(r.mode),
		AttributedTo: str(r.attributedTo),
		Channel:      str(r.channel),
		Note:         str(r.note),
	}
	if r.hasGoldstein {
		g := round12(r.goldstein)
		out.Goldstein = &g
	}
	if r.typ == "act" {
		d := round12(r.damage)
		out.Damage, out.Salvo, out.Penetrated = &d, &r.salvo, &r.penetrated
	}
	b, err := json.Marshal(out)
	j.keep(err)
	if err == nil {
		b = append(b, '\n')
		_, err = j.bw.Write(b)
		j.keep(err)
	}
}

func (j *jsonlWriter) Close() error {
	j.keep(j.bw.Flush())
	return j.err
}

// str is nil for "" (written as null) and a pointer to s otherwise.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// round12 rounds x to 12 significant digits, so that a damage of 0.024
// computed as 0.024000000000000004 is written 0.024: the last digits of a
// binary sum are representation noise, not information (the simulation
// itself keeps every bit; this is only what the file shows).
func round12(x float64) float64 {
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return y
}
