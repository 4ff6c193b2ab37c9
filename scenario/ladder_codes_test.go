package scenario

import "testing"

// A custom rung that names a CAMEO code gets the same event codes a standard
// rung with that code has, so its trace reads like the standard ladder's.
func TestCustomLadderCodesFromCAMEO(t *testing.T) {
	src := `name: codes
title: custom rungs with CAMEO codes
start: 2024-01-01
horizon: 30d
ladder:
  status_quo: calm
  rungs:
    - {id: talk, cameo: "046"}
    - {id: calm}
    - {id: warn, cameo: "138"}
    - {id: show, cameo: "150"}
    - {id: hit, cameo: "195", kinetic: true, damage: 1}
actors:
  AAA: {name: Alpha, kind: state}
  BBB: {name: Beta, kind: state}
`
	s, err := Load("codes.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.ResolveLadder()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		goldstein float64
		plover    string
		mid       int
	}{{7.0, "CONSULT", 1}, {0, "", 0}, {-7.0, "THREATEN", 2}, {-7.2, "MOBILIZE", 3}, {-10, "ASSAULT", 4}}
	for i, w := range want {
		r := l.Rungs[i]
		if r.Goldstein != w.goldstein || r.PLOVER != w.plover || r.MIDHostility != w.mid {
			t.Errorf("rung %s: Goldstein %v PLOVER %q MID %d; want %v %q %d", r.ID, r.Goldstein, r.PLOVER, r.MIDHostility, w.goldstein, w.plover, w.mid)
		}
	}
}
