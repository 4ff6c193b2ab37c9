package sim

import (
	"reflect"
	"slices"
	"testing"
)

// TestDailyChangesReplayDaily: for every built-in and testdata scenario and
// variant, day 0's row and the change log rebuild Daily exactly, each
// change is a real one (From is the day before's rung, To differs), and a
// Result without rows (NewTallyResult) gets the same log and every other
// field the same.
func TestDailyChangesReplayDaily(t *testing.T) {
	for _, c := range regressCases(t) {
		m := compileSource(t, c.name, c.src, c.variant)
		nt := len(m.Tracked)
		st, full, lean := m.NewState(), m.NewResult(), m.NewTallyResult()
		for run := range uint64(40) {
			st.Run(7, run, full, nil)
			st.Run(7, run, lean, nil)
			if len(lean.Daily) != 0 {
				t.Fatalf("%s: a tally result has %d daily rows", c.key(), len(lean.Daily))
			}
			row := slices.Clone(full.DailyStart())
			if !slices.Equal(row, full.Daily[:nt]) {
				t.Fatalf("%s run %d: DailyStart %v, Daily's day 0 %v", c.key(), run, row, full.Daily[:nt])
			}
			log := full.DailyChanges()
			for d := 1; d < m.Days; d++ {
				for len(log) > 0 && int(log[0].Day) == d {
					ch := log[0]
					if ch.From != row[ch.Pair] || ch.To == ch.From {
						t.Fatalf("%s run %d: change %+v, but the rung was %d", c.key(), run, ch, row[ch.Pair])
					}
					row[ch.Pair] = ch.To
					log = log[1:]
				}
				if len(log) > 0 && int(log[0].Day) < d {
					t.Fatalf("%s run %d: change %+v out of order (day %d)", c.key(), run, log[0], d)
				}
				if !slices.Equal(row, full.Daily[d*nt:(d+1)*nt]) {
					t.Fatalf("%s run %d day %d: replayed %v, Daily %v", c.key(), run, d, row, full.Daily[d*nt:(d+1)*nt])
				}
			}
			if len(log) > 0 {
				t.Fatalf("%s run %d: %d changes left after the last day", c.key(), run, len(log))
			}
			if !slices.Equal(full.DailyChanges(), lean.DailyChanges()) || !slices.Equal(full.DailyStart(), lean.DailyStart()) {
				t.Fatalf("%s run %d: the tally result's daily log differs", c.key(), run)
			}
			a, b := *full, *lean
			a.Daily, b.Daily = nil, nil
			a.view, b.view = runView{}, runView{}
			a.daily0, b.daily0, a.dailyLog, b.dailyLog = nil, nil, nil, nil
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s run %d: a tally result differs from a full one", c.key(), run)
			}
		}
	}
}
