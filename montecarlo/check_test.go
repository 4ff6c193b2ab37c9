package montecarlo

import (
	"errors"
	"strings"
	"testing"
)

// Options.Check holds every check of the run options that does not need the
// scenario, with the message the cli prints.
func TestOptionsCheck(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string // "" for valid
	}{
		{Options{Runs: 1}, ""},
		{Options{Precision: 0.01, Outcome: "war"}, ""},
		{Options{Runs: 10, Shard: Shard{Index: 3, Count: 4}}, ""},
		{Options{}, "--runs must be positive, not 0"},
		{Options{Runs: -2}, "--runs must be positive, not -2"},
		{Options{Runs: 1, Workers: -1}, "--workers must be 0 (one per CPU) or more, not -1"},
		{Options{Precision: 0.01, Outcome: "war", MaxRuns: -5}, "--max-runs must be positive, not -5"},
		{Options{Precision: 0.01}, "--precision X and --outcome NAME go together"},
		{Options{Runs: 1, Outcome: "war"}, "--precision X and --outcome NAME go together"},
		{Options{Precision: -1, Outcome: "war"}, "--precision X and --outcome NAME go together"},
		{Options{Runs: 10, Shard: Shard{Index: 4, Count: 4}}, "shard 4/4: the index must be from 0 to 3"},
		{Options{Precision: 0.01, Outcome: "war", Shard: Shard{Count: 2}}, "--precision cannot be combined with --shard"},
	} {
		err := c.o.Check()
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", c.o, err, c.want)
		}
	}
}

// A panic in a run is an *InternalError that says where it happened.
func TestInternalError(t *testing.T) {
	var err error = &InternalError{Where: `in run 3 of variant "x"`, Err: errors.New("boom")}
	if got := err.Error(); got != `internal error in run 3 of variant "x": boom` {
		t.Errorf("Error() = %q", got)
	}
	if _, ok := errors.AsType[*InternalError](err); !ok {
		t.Error("errors.AsType does not find it")
	}
	if got := (&InternalError{Err: errors.New("bad layout")}).Error(); got != "internal error: bad layout" {
		t.Errorf("Error() = %q", got)
	}
}
