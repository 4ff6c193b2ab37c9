package suggest

import "testing"

func TestDidYouMean(t *testing.T) {
	ids := []string{"USA", "IRN", "ISR", "HEZ"}
	for _, c := range []struct{ name, want string }{
		{"IRNN", `; did you mean "IRN"?`},
		{"irn", `; did you mean "IRN"?`}, // case does not count
		{"XYZ", ""},                      // three edits on a three-letter name is no typo
		{"decapitat", `; did you mean "decapitate"?`},
		{"", ""},
	} {
		cands := ids
		if c.name == "decapitat" {
			cands = []string{"strike", "decapitate", "barrage"}
		}
		if got := DidYouMean(c.name, cands); got != c.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// Ties go to the first candidate, whatever the rest.
	if got := DidYouMean("ab", []string{"aa", "bb"}); got != `; did you mean "aa"?` {
		t.Errorf("tie: %q", got)
	}
	if d := distance("kitten", "sitting"); d != 3 {
		t.Errorf("distance(kitten, sitting) = %d, want 3", d)
	}
}
