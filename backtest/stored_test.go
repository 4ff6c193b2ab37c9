package backtest

import (
	"bytes"
	"context"
	"math"
	"testing"
)

// A report read back from the run store prints exactly as it did: JSON,
// CSV and the table, with a persistence skill that does not exist (NaN)
// and one that does.
func TestStoredReportRoundTrip(t *testing.T) {
	ep, err := LoadFile("testdata/good/record.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ep.Run(context.Background(), Options{Seed: 3, Runs: 60, Workers: 1, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	rep := Summarize("test", 3, 60, []*EpisodeScore{sc})
	rep.Check.SkillPersist = math.NaN()
	rep.Fit.SkillPersist = 0.25
	data, err := MarshalReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(got.Check.SkillPersist) || got.Fit.SkillPersist != 0.25 {
		t.Errorf("persistence skills read back as %g and %g", got.Check.SkillPersist, got.Fit.SkillPersist)
	}
	for name, write := range map[string]func(*bytes.Buffer, *Report) error{
		"json":  func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) },
		"csv":   func(b *bytes.Buffer, r *Report) error { return WriteCSV(b, r) },
		"table": func(b *bytes.Buffer, r *Report) error { return WriteTable(b, r) },
	} {
		var want, have bytes.Buffer
		if err := write(&want, rep); err != nil {
			t.Fatal(err)
		}
		if err := write(&have, got); err != nil {
			t.Fatal(err)
		}
		if want.String() != have.String() {
			t.Errorf("%s of the stored report differs:\n%s\nwant:\n%s", name, have.String(), want.String())
		}
	}
	for _, bad := range []string{``, `{}`, `{"report":{"episodes":[null]},"skill_persist":[]}`, `{"report":{},"skill_persist":[null]}`} {
		if _, err := UnmarshalReport([]byte(bad)); err == nil {
			t.Errorf("UnmarshalReport(%q) took it", bad)
		}
	}
}

// A stored report that is damaged or not one is refused with an error,
// never a panic; one that reads reads back the same after a round trip.
func FuzzUnmarshalReport(f *testing.F) {
	f.Add([]byte(`{"report":{"seed":1,"runs":2,"episodes":[]},"skill_persist":[null,0.5,null,1]}`))
	f.Add([]byte(`{"report":{"episodes":[{"episode":"x","classes":[],"score":{}}]},"skill_persist":[0,0,0,0,null]}`))
	f.Add([]byte(`{"report":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := UnmarshalReport(data)
		if err != nil {
			return
		}
		again, err := MarshalReport(rep)
		if err != nil {
			t.Fatalf("a report read back does not encode: %v", err)
		}
		rep2, err := UnmarshalReport(again)
		if err != nil {
			t.Fatalf("a report encoded does not read back: %v", err)
		}
		third, err := MarshalReport(rep2)
		if err != nil || !bytes.Equal(again, third) {
			t.Fatalf("round trip not stable:\n%s\n%s", again, third)
		}
	})
}
