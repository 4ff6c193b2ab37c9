package eventdata

import (
	"fmt"
	"time"

	"brink/scenario"
	"brink/sim"
)

// InfoFor names the events of run of the scenario s compiled as m, with
// variant applied ("" for the base scenario) and seed: the actors' names and
// CAMEO country codes, the ladder, the start date, the channels, and the
// provenance written in GDELT's SOURCEURL. `brink trace` and `brink serve`
// both write traces with it.
func InfoFor(s *scenario.Scenario, m *sim.Model, variant string, seed, run uint64) Info {
	actors := make([]Actor, len(m.Actors))
	for i, id := range m.Actors {
		a := Actor{ID: id, Name: id}
		if sa, ok := s.Actors.Values[id]; ok && sa != nil {
			if sa.Name != "" {
				a.Name = sa.Name
			}
			// Scenario ids of states are CAMEO country codes where one exists.
			if sa.Kind == "state" && isCountryCode(id) {
				a.Country = id
			}
		}
		actors[i] = a
	}
	if variant == "" {
		variant = "base"
	}
	return Info{
		Actors:   actors,
		Ladder:   m.Ladder,
		Start:    time.Date(s.Start.Year, time.Month(s.Start.Month), s.Start.Day, 0, 0, 0, 0, time.UTC),
		Channels: m.ChannelNames,
		Run:      run,
		Source:   fmt.Sprintf("brink:%s/%s/seed=%d/run=%d", s.Name, variant, seed, run),
	}
}

// isCountryCode reports whether id looks like a CAMEO country code (three
// capital letters).
func isCountryCode(id string) bool {
	if len(id) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if id[i] < 'A' || id[i] > 'Z' {
			return false
		}
	}
	return true
}
