package eventdata

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"brink/sim"
)

// NewTable returns a writer of an aligned table for people: one line per
// event with the day and date, who acted on whom, the rung executed (and
// the intended and perceived rungs where they differ), the damage done and
// the CAMEO code. Columns are aligned when the writer is closed.
func NewTable(w io.Writer, info Info) Writer {
	t := &tableWriter{res: resolver{info: info}, tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	_, err := fmt.Fprintln(t.tw, "DAY\tDATE\tEVENT\tACTOR\tRECIPIENT\tRUNG\tINTENDED\tPERCEIVED\tATTRIBUTED\tDAMAGE\tCAMEO\tNOTE")
	t.keep(err)
	return t
}

type tableWriter struct {
	res resolver
	tw  *tabwriter.Writer
	errWriter
}

func (t *tableWriter) Trace(e *sim.TraceEvent) {
	r := t.res.resolve(e)
	intended, perceived := "", ""
	if r.intended != r.rung {
		intended = r.intended
	}
	if r.perceived != r.rung {
		perceived = r.perceived
	}
	damage := ""
	if r.kinetic {
		damage = strconv.FormatFloat(r.damage, 'f', 3, 64)
		if r.salvo > 0 {
			damage += fmt.Sprintf(" (%d/%d hit)", r.penetrated, r.salvo)
		}
	}
	note := r.note
	if r.channel != "" {
		if note != "" {
			note += " "
		}
		note += "via " + r.channel
	}
	_, err := fmt.Fprintf(t.tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		r.day, r.date.Format(time.DateOnly), r.typ, dash(r.actor), dash(r.recipient), dash(r.rung), dash(intended), dash(perceived),
		dash(r.attributedTo), dash(damage), dash(r.cameo), dash(note))
	t.keep(err)
}

func (t *tableWriter) Close() error {
	t.keep(t.tw.Flush())
	return t.err
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
