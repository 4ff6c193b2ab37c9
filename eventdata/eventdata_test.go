package eventdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brink/eventcodes"
	"brink/internal/goldenfile"
	"brink/ladder"
	"brink/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func testInfo() Info {
	return Info{
		Actors: []Actor{
			{ID: "USA", Name: "United States", Country: "USA"},
			{ID: "IRN", Name: "Iran", Country: "IRN"},
			{ID: "ISR", Name: "Israel", Country: "ISR"},
			{ID: "HEZ", Name: "Hezbollah\t(Lebanon)"}, // a tab in a name must not break a row
		},
		Ladder:   ladder.Standard(),
		Start:    time.Date(2024, 4, 1, 15, 30, 0, 0, time.FixedZone("X", 5*3600)), // time of day ignored
		Channels: []string{"IRN-USA"},
		Run:      2,
		Source:   "brink:test/baseline/seed=1/run=2",
	}
}

func rung(id string) int {
	i, _ := ladder.Standard().Index(id)
	return i
}

// testEvents cover every kind of event and the odd cases a writer must survive.
func testEvents() []sim.TraceEvent {
	none := sim.TraceEvent{Actor: -1, Target: -1, Rung: -1, Intended: -1, Perceived: -1, AttributedTo: -1, Channel: -1}
	ev := func(f func(e *sim.TraceEvent)) sim.TraceEvent { e := none; f(&e); return e }
	return []sim.TraceEvent{
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target = 0, sim.EventAct, 2, 1
			e.Rung, e.Intended, e.Perceived = rung("decapitate"), rung("decapitate"), rung("decapitate")
			e.Damage, e.Salvo, e.Penetrated = 1.5, 2, 2
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target, e.Channel, e.Note = 3, sim.EventMessage, 1, 0, 0, "notice"
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target = 13, sim.EventAct, 1, 2
			e.Rung, e.Intended, e.Perceived = rung("barrage"), rung("barrage"), rung("war")
			e.Damage, e.Salvo, e.Penetrated = 0.27, 300, 9
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target, e.Note = 14, sim.EventMessage, 1, 2, "reassurance"
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target, e.AttributedTo = 15, sim.EventAct, 3, 2, 1
			e.Rung, e.Intended, e.Perceived = rung("strike"), rung("harass"), rung("strike") // an accident
			e.Damage, e.Salvo, e.Penetrated = 0.4, 10, 4
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target = 16, sim.EventAct, 0, 1
			e.Rung, e.Intended, e.Perceived = rung("status_quo"), rung("status_quo"), rung("protest")
		}),
		ev(func(e *sim.TraceEvent) {
			e.Day, e.Kind, e.Actor, e.Target, e.Channel, e.Note = 20, sim.EventProcess, 1, 0, 0, "settlement"
		}),
		ev(func(e *sim.TraceEvent) { e.Day, e.Kind, e.Actor, e.Note = 40, sim.EventLeader, 1, "succession" }),
		ev(func(e *sim.TraceEvent) { e.Day, e.Kind, e.Actor = 300, sim.EventBreakout, 1 }),
		ev(func(e *sim.TraceEvent) { e.Day, e.Kind, e.Note = 365, sim.EventScheduled, "channel opened" }),
		ev(func(e *sim.TraceEvent) { // indices out of range: written, never a panic
			e.Day, e.Kind, e.Actor, e.Target, e.Rung, e.Intended = 366, sim.EventAct, 9, -7, 99, -3
		}),
		ev(func(e *sim.TraceEvent) { e.Day, e.Kind, e.Note = 367, sim.EventKind(200), "from the future" }),
	}
}

func render(t *testing.T, mk func(*bytes.Buffer) Writer) string {
	t.Helper()
	var buf bytes.Buffer
	w := mk(&buf)
	for _, e := range testEvents() {
		w.Trace(&e)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got), *update, "go test ./eventdata -update")
}

func TestTableGolden(t *testing.T) {
	golden(t, "trace.txt", render(t, func(b *bytes.Buffer) Writer { return NewTable(b, testInfo()) }))
}

func TestJSONLGolden(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) Writer { return NewJSONL(b, testInfo()) })
	golden(t, "trace.jsonl", out)

	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(testEvents()) {
		t.Fatalf("%d lines for %d events", len(lines), len(testEvents()))
	}
	var keys []string
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if i == 0 {
			for k := range m {
				keys = append(keys, k)
			}
			for _, need := range []string{"event_id", "event_type", "day", "date", "actor", "recipient", "rung",
				"intended", "perceived", "cameo", "plover", "mode", "goldstein", "attributed_to", "damage", "channel"} {
				if _, ok := m[need]; !ok {
					t.Errorf("record lacks %q", need)
				}
			}
		}
		if len(m) != len(keys) {
			t.Errorf("line %d has %d keys, the first has %d: every record has the same shape", i+1, len(m), len(keys))
		}
		if m["event_id"].(float64) != float64(i+1) {
			t.Errorf("line %d: event_id %v", i+1, m["event_id"])
		}
	}
	var barrage map[string]any
	_ = json.Unmarshal([]byte(lines[2]), &barrage)
	want := map[string]any{"date": "2024-04-14", "actor": "IRN", "recipient": "ISR", "rung": "barrage",
		"perceived": "war", "cameo": "195", "plover": "ASSAULT", "mode": "heavy-weapons", "goldstein": -10.0, "salvo": 300.0}
	for k, v := range want {
		if barrage[k] != v {
			t.Errorf("barrage %s = %v, want %v", k, barrage[k], v)
		}
	}
}

func TestGDELTGolden(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) Writer { return NewGDELT(b, testInfo(), false) })
	golden(t, "trace.gdelt.tsv", out)

	rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// Coded events only: decapitate, notice, barrage, reassurance, strike, settlement.
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6 (the coded events)", len(rows))
	}
	for i, row := range rows {
		if n := len(strings.Split(row, "\t")); n != 61 {
			t.Errorf("row %d has %d columns, GDELT 2.0 has 61", i+1, n)
		}
	}
	col := func(row int, name string) string {
		for i, c := range GDELTColumns {
			if c == name {
				return strings.Split(rows[row], "\t")[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	checks := []struct {
		row        int
		name, want string
	}{
		{0, "GlobalEventID", "3000000001"}, // run 2, event 1
		{0, "Day", "20240401"}, {0, "MonthYear", "202404"}, {0, "Year", "2024"},
		{0, "FractionDate", "2024.2521"}, // 1 April 2024 is day 92: 92/365
		{0, "Actor1Code", "ISR"}, {0, "Actor2Code", "IRN"}, {0, "Actor2Name", "Iran"},
		{0, "EventCode", "186"}, {0, "EventBaseCode", "186"}, {0, "EventRootCode", "18"},
		{0, "QuadClass", "4"}, {0, "GoldsteinScale", "-10"},
		{0, "DATEADDED", "20240401000000"}, {0, "SOURCEURL", "brink:test/baseline/seed=1/run=2"},
		{0, "NumMentions", ""}, {0, "AvgTone", ""}, {0, "ActionGeo_Lat", ""},
		{1, "GlobalEventID", "3000000002"}, {1, "EventCode", "138"}, {1, "QuadClass", "3"},
		{3, "EventCode", "0356"}, {3, "EventBaseCode", "035"}, {3, "EventRootCode", "03"},
		{3, "QuadClass", "1"}, {3, "GoldsteinScale", "7"},
		{4, "Actor1Code", "HEZ"}, {4, "Actor1Name", "Hezbollah (Lebanon)"}, {4, "Actor1CountryCode", ""},
		{5, "EventCode", "057"}, {5, "GoldsteinScale", "8"}, {5, "GlobalEventID", "3000000007"},
	}
	for _, c := range checks {
		if got := col(c.row, c.name); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row+1, c.name, got, c.want)
		}
	}
	if len(GDELTColumns) != 61 {
		t.Errorf("%d column names", len(GDELTColumns))
	}

	var buf bytes.Buffer
	w := NewGDELT(&buf, testInfo(), true)
	if err := w.Close(); err != nil || buf.String() != strings.Join(GDELTColumns, "\t")+"\n" {
		t.Errorf("header: %q, %v", buf.String(), err)
	}
}

func TestFractionDate(t *testing.T) {
	for date, want := range map[string]string{
		"2013-02-03": "2013.0932", "1979-01-01": "1979.0027", "2023-12-31": "2023.9999", "2024-12-31": "2024.9999",
	} {
		d, _ := time.Parse(time.DateOnly, date)
		if got := fractionDate(d); got != want {
			t.Errorf("fractionDate(%s) = %s, want %s", date, got, want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsReachClose(t *testing.T) {
	for name, w := range map[string]Writer{
		"table": NewTable(failWriter{}, testInfo()),
		"jsonl": NewJSONL(failWriter{}, testInfo()),
		"gdelt": NewGDELT(failWriter{}, testInfo(), false),
	} {
		for _, e := range testEvents() {
			w.Trace(&e)
		}
		if err := w.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: Close() = %v, want the write error", name, err)
		}
	}
}

func TestWritersAreDeterministic(t *testing.T) {
	for _, mk := range []func(*bytes.Buffer) Writer{
		func(b *bytes.Buffer) Writer { return NewTable(b, testInfo()) },
		func(b *bytes.Buffer) Writer { return NewJSONL(b, testInfo()) },
		func(b *bytes.Buffer) Writer { return NewGDELT(b, testInfo(), true) },
	} {
		if a, b := render(t, mk), render(t, mk); a != b {
			t.Error("two renderings of the same events differ")
		}
	}
}

// Every code the writers attach to messages and processes is a real CAMEO
// code with a GDELT Goldstein value and a PLOVER type.
func TestSignalCodesExist(t *testing.T) {
	for _, m := range []map[string]string{MessageCodes, ProcessCodes} {
		for note, code := range m {
			_, okG := eventcodes.Goldstein(code)
			_, _, okP := eventcodes.PLOVER(code)
			if !okG || !okP {
				t.Errorf("%q → %s: Goldstein %v, PLOVER %v", note, code, okG, okP)
			}
		}
	}
}
