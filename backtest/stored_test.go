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
