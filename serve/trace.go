package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"brink/eventdata"
	"brink/scenario"
	"brink/sim"
)

// traceQuery is one run to trace: a scenario, a variant ("" for the base
// scenario), a seed and a run index, as `brink trace` takes them.
type traceQuery struct {
	Ref     scenarioRef
	Variant string
	Seed    uint64
	Run     uint64
}

func (q traceQuery) values() string {
	v := url.Values{"scenario": {q.Ref.String()}, "seed": {strconv.FormatUint(q.Seed, 10)}, "run": {strconv.FormatUint(q.Run, 10)}}
	if q.Variant != "" {
		v.Set("variant", q.Variant)
	}
	return v.Encode()
}

func parseTraceQuery(v url.Values) (traceQuery, error) {
	var q traceQuery
	var err error
	if q.Ref, err = parseRef(v.Get("scenario")); err != nil {
		return q, err
	}
	q.Variant = v.Get("variant")
	if s := v.Get("seed"); s != "" {
		if q.Seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return q, fmt.Errorf("seed %q: want a whole number", s)
		}
	} else {
		q.Seed = 1
	}
	if s := v.Get("run"); s != "" {
		if q.Run, err = strconv.ParseUint(s, 10, 64); err != nil {
			return q, fmt.Errorf("run %q: want a whole number", s)
		}
	}
	return q, nil
}

// maxTraceBytes bounds the trace a page reads (the downloads stream any
// length).
const maxTraceBytes = 8 << 20

// traceRun simulates the run and feeds its events to the writer newWriter
// makes over w.
func (s *Server) traceRun(q traceQuery, w io.Writer, newWriter func(io.Writer, eventdata.Info) eventdata.Writer) (*scenario.Scenario, *sim.Model, error) {
	sc, err := s.load(q.Ref)
	if err != nil {
		return nil, nil, err
	}
	if q.Variant != "" {
		if sc, err = sc.Apply(q.Variant); err != nil {
			return nil, nil, err
		}
	}
	m, err := sim.Compile(sc)
	if err != nil {
		return nil, nil, err
	}
	tw := newWriter(w, eventdata.InfoFor(sc, m, q.Variant, q.Seed, q.Run))
	m.NewState().Run(q.Seed, q.Run, m.NewResult(), tw)
	return sc, m, tw.Close()
}

// traceEvent is the part of a PLOVER JSONL line the page shows.
type traceEvent struct {
	Type      string   `json:"event_type"`
	Day       int      `json:"day"`
	Date      string   `json:"date"`
	Actor     *string  `json:"actor"`
	Recipient *string  `json:"recipient"`
	Rung      *string  `json:"rung"`
	Intended  *string  `json:"intended"`
	Perceived *string  `json:"perceived"`
	CAMEO     *string  `json:"cameo"`
	PLOVER    *string  `json:"plover"`
	Damage    *float64 `json:"damage"`
	Channel   *string  `json:"channel"`
	Note      *string  `json:"note"`
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// pairTimeline is the acts between two actors, drawn on one strip.
type pairTimeline struct {
	A, B string
	Acts int
	SVG  template.HTML
}

// limitedWriter fails once more than n bytes were written.
type limitedWriter struct {
	b bytes.Buffer
	n int
}

var errTooLong = errors.New("the trace is too long to show here; download it")

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > l.n {
		return 0, errTooLong
	}
	return l.b.Write(p)
}

func (s *Server) handleTrace(w http.ResponseWriter, r *http.Request) {
	q, err := parseTraceQuery(r.URL.Query())
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	lw := &limitedWriter{n: maxTraceBytes}
	sc, m, err := s.traceRun(q, lw, eventdata.NewJSONL)
	if err != nil && !errors.Is(err, errTooLong) {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	tooLong := errors.Is(err, errTooLong)
	var events []traceEvent
	sc2 := bufio.NewScanner(&lw.b)
	sc2.Buffer(make([]byte, 64<<10), 1<<20)
	for sc2.Scan() {
		var e traceEvent
		if json.Unmarshal(sc2.Bytes(), &e) == nil {
			events = append(events, e)
		}
	}
	level := map[string]int{}
	for i, rg := range m.Ladder.Rungs {
		level[rg.ID] = i
	}
	const maxRows = 1000
	shown := events
	if len(shown) > maxRows {
		shown = shown[:maxRows]
	}
	s.render(w, http.StatusOK, "trace", "Trace of "+sc.Name, "", struct {
		Q         traceQuery
		Arg       string
		Query     string
		Name      string
		Variants  []string
		Days      int
		Pairs     []pairTimeline
		Events    []traceEvent
		Total     int
		Truncated bool
		TooLong   bool
	}{q, s.traceArg(q.Ref), q.values(), sc.Name, variantsOf(s, q.Ref), sc.Days(), timelines(events, level, rungNames(m), m.Ladder.StatusQuo, sc.Days()),
		shown, len(events), len(events) > maxRows, tooLong})
}

func variantsOf(s *Server, ref scenarioRef) []string {
	sc, err := s.load(ref)
	if err != nil {
		return nil
	}
	return sc.VariantNames()
}

// timelines draws, for each pair of actors that acted on each other, the
// rung of every act by day: one colour per direction.
func timelines(events []traceEvent, level map[string]int, names []string, statusQuo, days int) []pairTimeline {
	type key struct{ a, b string }
	acts := map[key][]traceEvent{}
	for _, e := range events {
		if e.Type != "act" || e.Actor == nil || e.Recipient == nil || e.Rung == nil {
			continue
		}
		k := key{*e.Actor, *e.Recipient}
		if k.b < k.a {
			k = key{k.b, k.a}
		}
		acts[k] = append(acts[k], e)
	}
	keys := make([]key, 0, len(acts))
	for k := range acts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].a != keys[j].a {
			return keys[i].a < keys[j].a
		}
		return keys[i].b < keys[j].b
	})
	const W, H, left, pad, bottom = 720.0, 130.0, 70.0, 8.0, 18.0
	if days < 1 {
		days = 1
	}
	if len(names) < 2 {
		names = []string{"", ""}
	}
	rungs := len(names)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	xOf := func(day int) float64 { return left + float64((W-left-pad)*float64(day)/float64(days)) }
	yOf := func(lv int) float64 { return H - bottom - float64((H-bottom-pad)*float64(lv)/float64(rungs-1)) }
	var out []pairTimeline
	for _, k := range keys {
		var b strings.Builder
		fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %s %s" role="img" aria-label="acts between %s and %s by day" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="10">`,
			f(W), f(H), template.HTMLEscapeString(k.a), template.HTMLEscapeString(k.b))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#fafafa" stroke="#ccc"/>`, f(left), f(pad/2), f(W-left-pad/2), f(H-bottom-pad/2))
		// The lowest, the status-quo and the highest rung name the axis.
		for _, lv := range []int{0, statusQuo, rungs - 1} {
			if lv < 0 || lv >= rungs {
				continue
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s</text><line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#e3e3e3"/>`,
				f(left-4), f(yOf(lv)+3), template.HTMLEscapeString(names[lv]), f(left), f(W-pad/2), f(yOf(lv)), f(yOf(lv)))
		}
		for d := 0; d <= days; d += tickDays(days) {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">day %d</text>`, f(xOf(d)), f(H-4), d)
		}
		for _, e := range acts[k] {
			col := "#0072B2"
			if *e.Actor != k.a {
				col = "#D55E00"
			}
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"><title>day %d %s: %s → %s %s</title></circle>`,
				f(xOf(e.Day)), f(yOf(level[*e.Rung])), col, e.Day, e.Date, template.HTMLEscapeString(*e.Actor), template.HTMLEscapeString(*e.Recipient),
				template.HTMLEscapeString(*e.Rung))
		}
		b.WriteString(`</svg>`)
		out = append(out, pairTimeline{A: k.a, B: k.b, Acts: len(acts[k]), SVG: template.HTML(b.String())})
	}
	return out
}

// handleTraceDownload streams the run's events as PLOVER JSONL or GDELT
// rows, as `brink trace --format jsonl|gdelt` writes them.
func (s *Server) handleTraceDownload(w http.ResponseWriter, r *http.Request) {
	q, err := parseTraceQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var newWriter func(io.Writer, eventdata.Info) eventdata.Writer
	var ctype, ext string
	switch r.PathValue("file") {
	case "events.jsonl":
		newWriter, ctype, ext = eventdata.NewJSONL, "application/x-ndjson", "jsonl"
	case "events.tsv":
		newWriter = func(w io.Writer, info eventdata.Info) eventdata.Writer { return eventdata.NewGDELT(w, info, true) }
		ctype, ext = "text/tab-separated-values; charset=utf-8", "tsv"
	default:
		http.Error(w, "no such download", http.StatusNotFound)
		return
	}
	// Check the scenario before the headers go: its problems are a 400.
	if _, _, err := s.traceRun(q, io.Discard, newWriter); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	variant := q.Variant
	if variant == "" {
		variant = "base"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="trace-%s-%s-seed%d-run%d.%s"`, q.Ref.Name, variant, q.Seed, q.Run, ext))
	s.traceRun(q, w, newWriter)
}

func rungNames(m *sim.Model) []string {
	names := make([]string, len(m.Ladder.Rungs))
	for i, r := range m.Ladder.Rungs {
		names[i] = r.ID
	}
	return names
}

// tickDays is the step of the day ticks: about six over the horizon, in
// whole months or weeks.
func tickDays(days int) int {
	for _, step := range []int{7, 14, 30, 60, 90, 180, 365} {
		if days/step <= 6 {
			return step
		}
	}
	return 730
}

// traceArg is how brink trace names the scenario.
func (s *Server) traceArg(r scenarioRef) string {
	if r.Builtin {
		return r.Name
	}
	return shellQuote(filepath.Join(s.cfg.Dir, r.Name))
}
