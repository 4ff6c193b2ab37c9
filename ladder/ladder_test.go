package ladder

import (
	"strings"
	"testing"
)

func TestStandardShape(t *testing.T) {
	l := Standard()
	want := []string{"settle", "negotiate", "reassure", "status_quo", "protest", "threaten", "sanction",
		"posture", "harass", "strike", "decapitate", "barrage", "infrastructure", "war", "nuclear"}
	if len(l.Rungs) != len(want) {
		t.Fatalf("standard ladder has %d rungs, want %d", len(l.Rungs), len(want))
	}
	for i, id := range want {
		if l.Rungs[i].ID != id {
			t.Errorf("rung %d is %q, want %q", i, l.Rungs[i].ID, id)
		}
		if got, ok := l.Index(id); !ok || got != i {
			t.Errorf("Index(%q) = %d, %v; want %d, true", id, got, ok, i)
		}
		if l.Level(i) != i-3 || l.Rungs[i].Level != i-3 {
			t.Errorf("rung %q: Level %d / field %d, want %d", id, l.Level(i), l.Rungs[i].Level, i-3)
		}
	}
	if l.Rungs[l.StatusQuo].ID != "status_quo" {
		t.Errorf("status quo rung is %q", l.Rungs[l.StatusQuo].ID)
	}
	if _, ok := l.Index("peace"); ok {
		t.Error("Index found a rung that does not exist")
	}
}

func TestStandardRungNumbers(t *testing.T) {
	l := Standard()
	for i, r := range l.Rungs {
		if r.Kinetic != (r.Damage > 0) {
			t.Errorf("%s: kinetic %v but damage %v; only kinetic rungs do damage", r.ID, r.Kinetic, r.Damage)
		}
		if r.Kinetic != (r.Salvo > 0) {
			t.Errorf("%s: kinetic %v but salvo %d", r.ID, r.Kinetic, r.Salvo)
		}
		if r.Kinetic != (l.Level(i) >= 5) {
			t.Errorf("%s: kinetic %v at level %d; the kinetic rungs are harass and above", r.ID, r.Kinetic, l.Level(i))
		}
	}
	dmg := func(id string) float64 { i, _ := l.Index(id); return l.Rungs[i].Damage }
	// The ordering docs/ladder.md promises.
	order := []string{"harass", "strike", "decapitate", "barrage", "infrastructure", "war", "nuclear"}
	for k := 1; k < len(order); k++ {
		if dmg(order[k-1]) >= dmg(order[k]) {
			t.Errorf("damage of %s (%v) should be below %s (%v)", order[k-1], dmg(order[k-1]), order[k], dmg(order[k]))
		}
	}
	req := func(id string) string { i, _ := l.Index(id); return strings.Join(l.Rungs[i].Requires, ",") }
	for id, want := range map[string]string{"nuclear": "nuclear", "barrage": "long_range", "harass": "", "strike": ""} {
		if got := req(id); got != want {
			t.Errorf("%s requires %q, want %q", id, got, want)
		}
	}
}

func TestStandardIsACopy(t *testing.T) {
	a := Standard()
	a.Rungs[0].ID = "changed"
	a.Rungs[11].Requires[0] = "changed"
	b := Standard()
	if b.Rungs[0].ID != "settle" || b.Rungs[11].Requires[0] != "long_range" {
		t.Fatal("changing one Standard() ladder changed another")
	}
}

func TestRiveraScores(t *testing.T) {
	want := map[RiveraCategory]float64{Deescalation: -2, StatusQuo: 0, Posturing: 4, NonViolent: 12, Violent: 28, Nuclear: 60}
	for c, s := range want {
		if c.Score() != s {
			t.Errorf("%v.Score() = %v, want %v", c, c.Score(), s)
		}
		back, ok := ParseRiveraCategory(c.String())
		if !ok || back != c {
			t.Errorf("ParseRiveraCategory(%q) = %v, %v", c.String(), back, ok)
		}
	}
	if _, ok := ParseRiveraCategory("violence"); ok {
		t.Error("ParseRiveraCategory accepted an unknown name")
	}
	l := Standard()
	for i := range l.Rungs {
		if l.RiveraScore(i) != l.Rungs[i].Rivera.Score() {
			t.Errorf("RiveraScore(%d) disagrees with the category", i)
		}
	}
}

func TestNewTwoRungGame(t *testing.T) {
	l, err := New("pd", []Rung{{ID: "cooperate"}, {ID: "defect", Kinetic: true, Damage: 1, Rivera: Violent}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if l.Level(0) != 0 || l.Level(1) != 1 || l.Rungs[1].Level != 1 {
		t.Errorf("levels %d %d", l.Level(0), l.Level(1))
	}
}

func TestNewRejects(t *testing.T) {
	many := make([]Rung, MaxRungs+1)
	for i := range many {
		many[i].ID = strings.Repeat("a", i+1)
	}
	cases := []struct {
		name  string
		rungs []Rung
		sq    int
		want  []string
	}{
		{"one rung", []Rung{{ID: "a"}}, 0, []string{"at least 2"}},
		{"no rungs", nil, 0, []string{"at least 2", "status quo index 0"}},
		{"too many", many, 0, []string{"at most 64"}},
		{"empty id", []Rung{{ID: "a"}, {ID: ""}}, 0, []string{"rung 1 has an empty id"}},
		{"duplicate", []Rung{{ID: "a"}, {ID: "b"}, {ID: "a"}}, 1, []string{`"a" repeated (rungs 0 and 2)`}},
		{"status quo high", []Rung{{ID: "a"}, {ID: "b"}}, 2, []string{"status quo index 2 is outside 0..1"}},
		{"status quo negative", []Rung{{ID: "a"}, {ID: "b"}}, -1, []string{"status quo index -1"}},
		{"negative damage", []Rung{{ID: "a"}, {ID: "b", Damage: -1}}, 0, []string{`"b": damage -1`}},
		{"bad rivera", []Rung{{ID: "a", Rivera: 9}, {ID: "b"}}, 0, []string{"invalid Rivera category 9"}},
		{"all at once", []Rung{{ID: ""}, {ID: "", Salvo: -3}}, 5, []string{"rung 0 has an empty id", "rung 1 has an empty id", "salvo -3", "status quo index 5"}},
	}
	for _, c := range cases {
		l, err := New("x", c.rungs, c.sq)
		if err == nil || l != nil {
			t.Errorf("%s: New accepted it", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
}

func TestNewCopiesRungs(t *testing.T) {
	in := []Rung{{ID: "a", Requires: []string{"x"}}, {ID: "b"}}
	l, err := New("x", in, 0)
	if err != nil {
		t.Fatal(err)
	}
	in[0].ID = "z"
	in[0].Requires[0] = "y"
	if l.Rungs[0].ID != "a" || l.Rungs[0].Requires[0] != "x" {
		t.Fatal("New kept a reference to the caller's rungs")
	}
}
