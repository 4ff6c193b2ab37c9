package sim

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"brink/scenario"
)

// docs/model.md explains every parameter the loader accepts: each yaml field
// of the types that carry model numbers appears as a word in a code span of
// the page (`domestic.hawks`, `markov {up, down}`), so a field added to the
// scenario format without its documented meaning fails here.
func TestModelDocCoversEveryParameter(t *testing.T) {
	b, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, span := range regexp.MustCompile("`[^`]+`").FindAllString(string(b), -1) {
		for _, w := range regexp.MustCompile(`[a-z_][a-z_0-9]*`).FindAllString(span, -1) {
			words[w] = true
		}
	}
	// Names and keys that identify things rather than set a number.
	descriptive := map[string]bool{"name": true, "description": true, "meaning": true, "id": true, "between": true, "on": true}
	types := []any{
		scenario.ModelParams{}, scenario.Actor{}, scenario.Domestic{}, scenario.Nuclear{},
		scenario.Relation{}, scenario.Channel{}, scenario.Process{}, scenario.Event{},
		scenario.Election{}, scenario.Hazard{}, scenario.Leader{}, scenario.RungSpec{},
		scenario.Doctrine{}, scenario.AlwaysDoctrine{}, scenario.FixedDoctrine{},
		scenario.MarkovDoctrine{}, scenario.TitForTatDoctrine{}, scenario.GenerousDoctrine{},
		scenario.GrimDoctrine{}, scenario.PavlovDoctrine{}, scenario.ProportionalDoctrine{},
		scenario.RedLineDoctrine{}, scenario.EscalateToDeescalateDoctrine{},
		scenario.RestraintDoctrine{}, scenario.QuantalDoctrine{},
		scenario.MemoryOneDoctrine{}, scenario.Readiness{}, scenario.Attrition{},
	}
	for _, v := range types {
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			tag := strings.Split(rt.Field(i).Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" || descriptive[tag] {
				continue
			}
			if !words[tag] {
				t.Errorf("docs/model.md does not explain %s.%s (yaml %q)", rt.Name(), rt.Field(i).Name, tag)
			}
		}
	}
}
