package backtest

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// builtinScenarioEpisodes are the episodes on brink's built-in scenarios,
// written before the library (their horizons and classes are their own).
var builtinScenarioEpisodes = map[string]bool{"gaza-2023": true, "april-2024": true}

// TestLibraryDiscipline checks what docs/backtest.md promises of every
// built-in episode that can be checked without running it: the record and
// scenario load; the record names a half; the scenario has no model block
// (defaults only), starts on the trigger's day, and forces no act after
// day 0; 4 to 8 classes over 30 to 120 days; a page in docs/backtest/.
func TestLibraryDiscipline(t *testing.T) {
	eps, err := Library()
	if err != nil {
		t.Fatal(err)
	}
	halves := map[string]int{}
	for _, ep := range eps {
		t.Run(ep.Name, func(t *testing.T) {
			r, s := ep.Record, ep.Scenario
			halves[r.Half]++
			if r.Half != Fit && r.Half != Check {
				t.Errorf("half %q: a library episode is in the fit or the check half", r.Half)
			}
			if ep.Name != s.Name {
				t.Errorf("episode %q, scenario %q", ep.Name, s.Name)
			}
			if r.Trigger.Source == "" || r.Trigger.What == "" {
				t.Error("the trigger needs what and a source")
			}
			for _, c := range ep.Classes {
				if c.Source == "" || c.What == "" || c.Before == "" {
					t.Errorf("class %s needs what, a source and its state before the trigger", c.Name)
				}
			}
			if _, err := os.Stat("../docs/backtest/" + ep.Name + ".md"); err != nil {
				t.Errorf("no page: %v", err)
			}
			if builtinScenarioEpisodes[ep.Name] {
				return
			}
			if !reflect.ValueOf(s.Model).IsZero() {
				t.Error("the scenario has a model: block; episodes run on the documented defaults")
			}
			if n := len(ep.Classes); n < 4 || n > 8 {
				t.Errorf("%d classes, want 4 to 8", n)
			}
			if d := s.Days(); d < 30 || d > 120 {
				t.Errorf("horizon %d days, want 30 to 120", d)
			}
			triggered := false
			for i, e := range s.Events {
				act := e.Action != ""
				if act && e.On == s.Start {
					triggered = true
				}
				if e.On != s.Start && (act || e.OpenChannel != nil || e.CloseChannel != nil || e.OpenProcess != "" || e.CloseProcess != "") {
					t.Errorf("event %d on %s forces an act or a change after day 0", i+1, e.On)
				}
			}
			if !triggered {
				t.Error("no act scheduled on day 0: the trigger")
			}
			if !strings.HasPrefix(r.Scenario, BuiltinPrefix) && r.Scenario != "scenario.yaml" {
				t.Errorf("scenario %q: a library episode keeps its scenario beside its record, as scenario.yaml", r.Scenario)
			}
		})
	}
	if len(eps) >= 14 && (halves[Fit] == 0 || halves[Check] == 0) {
		t.Errorf("halves %v: the library is split into fit and check", halves)
	}
}
