package outcome

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeRun is a hand-built run over three actors A, B, C on a five-rung
// ladder (calm, sq, protest, strike, war; status quo index 1).
type fakeRun struct {
	maxRung  [3][3]int
	firstDay map[[3]int]int
	kinetic  [3][3]int
	settled  [3][3]int
	held     [3][3]bool
	// settled/held above are agreements (a ceasefire or a settlement);
	// these the settlements and ceasefires themselves.
	settlement [3][3]int
	sheld      [3][3]bool
	cease      [3][3]int
	ceaseEnd   [3][3]bool
	warDays    [3][3]int
	damage     [3]float64
	nuclear    bool
	rivera     float64
}

func (f *fakeRun) MaxRung(a, b int) int { return f.maxRung[a][b] }
func (f *fakeRun) FirstDay(a, b, r int) int {
	if d, ok := f.firstDay[[3]int{a, b, r}]; ok {
		return d
	}
	return -1
}
func (f *fakeRun) Kinetic(a, b int) int         { return f.kinetic[a][b] }
func (f *fakeRun) SettledDay(a, b int) int      { return f.settled[a][b] }
func (f *fakeRun) SettledHeld(a, b int) bool    { return f.held[a][b] }
func (f *fakeRun) SettlementDay(a, b int) int   { return f.settlement[a][b] }
func (f *fakeRun) SettlementHeld(a, b int) bool { return f.sheld[a][b] }
func (f *fakeRun) CeasefireDay(a, b int) int    { return f.cease[a][b] }
func (f *fakeRun) CeasefireAtEnd(a, b int) bool { return f.ceaseEnd[a][b] }
func (f *fakeRun) WarDays(a, b int) int         { return f.warDays[a][b] }
func (f *fakeRun) Damage(a int) float64         { return f.damage[a] }
func (f *fakeRun) Strain(a int) float64         { return f.damage[a] / 10 }
func (f *fakeRun) Support(a int) float64        { return 1 - f.damage[a]/10 }
func (f *fakeRun) NuclearUsed() bool            { return f.nuclear }
func (f *fakeRun) RiveraMean() float64          { return f.rivera }

// KineticIn: A's two strikes on B fell on days 9 and 12, B's five acts on
// A on days 20 to 24.
func (f *fakeRun) KineticIn(a, b, from, to int) int {
	var days []int
	switch {
	case a == 0 && b == 1:
		days = []int{9, 12}
	case a == 1 && b == 0:
		days = []int{20, 21, 22, 23, 24}
	}
	c := 0
	for _, d := range days {
		if d >= from && d <= to {
			c++
		}
	}
	return c
}

// AtOrAbove: the pair A-B was at protest (2) from day 5, strike from day
// 9 and war from day 20 to day 29, then back at the status quo.
func (f *fakeRun) AtOrAbove(a, b, rung int) (int, int) {
	if (a == 0 && b == 1) || (a == 1 && b == 0) {
		switch {
		case rung <= 1:
			return 100, 99
		case rung == 2:
			return 25, 29
		case rung == 3:
			return 21, 29
		case rung == 4:
			return 10, 29
		}
	}
	if rung <= 1 {
		return 100, 99
	}
	return 0, -1
}
func (f *fakeRun) RungNow(a, b int) int     { return map[bool]int{true: 2, false: 1}[a+b == 1] }
func (f *fakeRun) Latency(a int) int        { return []int{-1, 0, 40}[a] }
func (f *fakeRun) Capability(a int) float64 { return 0.5 + 0.1*float64(a) }
func (f *fakeRun) Today() int               { return 25 }
func (f *fakeRun) Noticed(a, b int) int     { return map[bool]int{true: 1}[a == 1 && b == 0] }

var voc = Vocabulary{Actors: []string{"A", "B", "C"}, Rungs: []string{"calm", "sq", "protest", "strike", "war"}, StatusQuo: 1, Days: 100,
	Campaigns: []string{"air", "ground", "naval"}}

func newRun() *fakeRun {
	r := &fakeRun{firstDay: map[[3]int]int{}, rivera: 3.5, damage: [3]float64{2, 0.5, 0}}
	for i := range 3 {
		for j := range 3 {
			r.maxRung[i][j] = 1
			r.settled[i][j] = -1
			r.settlement[i][j] = -1
			r.cease[i][j] = -1
		}
	}
	r.maxRung[0][1] = 3 // A struck B
	r.maxRung[1][0] = 4 // B went to war on A
	r.maxRung[2][0] = 2 // C protested A
	r.firstDay[[3]int{0, 1, 2}] = 5
	r.firstDay[[3]int{0, 1, 3}] = 9
	r.firstDay[[3]int{1, 0, 2}] = 7
	r.firstDay[[3]int{1, 0, 3}] = 7
	r.firstDay[[3]int{1, 0, 4}] = 20
	r.kinetic[0][1], r.kinetic[1][0] = 2, 5
	r.settled[0][2], r.settled[2][0] = 30, 30
	r.held[0][2], r.held[2][0] = true, true
	r.settled[0][1], r.settled[1][0] = 50, 50 // began, then broke
	// A and C: a ceasefire on day 30 became a settlement on day 40, which held.
	r.cease[0][2], r.cease[2][0] = 30, 30
	r.settlement[0][2], r.settlement[2][0] = 40, 40
	r.sheld[0][2], r.sheld[2][0] = true, true
	// A and B: a ceasefire on day 50 broke down; 25 days at war.
	r.cease[0][1], r.cease[1][0] = 50, 50
	r.warDays[0][1], r.warDays[1][0] = 25, 25
	return r
}

func TestEval(t *testing.T) {
	run := newRun()
	for _, tc := range []struct {
		src    string
		want   float64
		isBool bool
	}{
		{`rung("war")`, 3, false},
		{`rung("calm")`, -1, false},
		{`max_rung("A", "B")`, 3, false},
		{`max_rung("B", "A")`, 3, false},
		{`max_rung_by("A", "B")`, 2, false},
		{`max_rung("A", "B") >= rung("war")`, 1, true},
		{`max_rung_by("A", "B") >= rung("war")`, 0, true},
		{`max_rung("B", "C")`, 0, false},
		{`first_day("A", "B", rung("strike"))`, 7, false},
		{`first_day_by("A", "B", rung("strike"))`, 9, false},
		{`first_day("A", "B", rung("war"))`, 20, false},
		{`first_day_by("A", "B", rung("war"))`, 100, false},
		{`first_day("A", "C", 1)`, 100, false},
		{`first_day_by("A", "B", -1 + 2)`, 5, false},
		{`kinetic("A", "B")`, 7, false},
		{`kinetic_by("B", "A")`, 5, false},
		{`settled("A", "C")`, 1, true},
		{`settled("A", "B")`, 0, true},
		{`settled_day("A", "B")`, 50, false},
		{`settled_day("B", "C")`, 100, false},
		{`settlement("A", "C")`, 1, true},
		{`settlement("A", "B")`, 0, true},
		{`settlement_day("A", "C")`, 40, false},
		{`settlement_day("A", "B")`, 100, false},
		{`ceasefire_day("A", "B")`, 50, false},
		{`ceasefire_day("B", "C")`, 100, false},
		{`ceasefire_held("A", "C")`, 1, true},
		{`ceasefire_held("A", "B")`, 0, true},
		{`war_days("B", "A")`, 25, false},
		{`war_days("A", "C")`, 0, false},
		{`damage("A") + strain("B") * 10 + support("C")`, 2 + 0.5 + 1, false},
		{`nuclear_used()`, 0, true},
		{`not nuclear_used() and rivera() > 3`, 1, true},
		{`pairs_at_or_above(rung("protest"))`, 2, false},
		{`pairs_at_or_above(rung("war"))`, 1, false},
		{`pairs_at_or_above(rung("sq"))`, 3, false},
		{`days / 4`, 25, false},
		{`days % 7`, 2, false},
		{`2 ** 3 - abs(-1)`, 7, false},
		{`min(kinetic("A", "B"), 3, 9) + max(1, damage("A"))`, 5, false},
		{`settled("A", "C") ? 1.5 : -2`, 1.5, false},
		{`kinetic("A", "B") > 100 || settled("A", "C") == true`, 1, true},
		{`max_rung("A", "B") != 3`, 0, true},
		{`kinetic_by("A", "B", 0, 10)`, 1, false},
		{`kinetic_by("A", "B", 9, 12)`, 2, false},
		{`kinetic_by("B", "A", 21, days)`, 4, false},
		{`kinetic_by("B", "A", 30, 20)`, 0, false},
		{`kinetic_by("B", "A", -5, 20)`, 1, false},
		{`days_at("A", "B", rung("strike"))`, 21, false},
		{`days_at("B", "C", rung("protest"))`, 0, false},
		{`last_day_at("B", "A", rung("war"))`, 29, false},
		{`last_day_at("A", "C", rung("war")) < 0`, 1, true},
		{`noticed("B", "A") + noticed("A", "B")`, 1, false},
		{`rung_now("B", "A") >= rung("protest")`, 1, true},
		{`rung_now("B", "C")`, 0, false},
		{`campaign_end("air") - campaign_start("air")`, 37, false},
		{`campaign_end("ground")`, 100, false},
		{`campaign_start("naval") == days`, 1, true},
	} {
		e, err := Compile("o", tc.src, voc)
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		got, isBool, err := e.Eval(run)
		if err != nil || got != tc.want || isBool != tc.isBool || e.IsBool() != tc.isBool {
			t.Errorf("%s = %v (bool %v, %v), want %v (bool %v)", tc.src, got, isBool, err, tc.want, tc.isBool)
		}
	}
}

// TestLive: latency and capability are read in when: conditions (a live
// vocabulary) and refused in outcomes.
func TestLive(t *testing.T) {
	live := voc
	live.Live = true
	run := newRun()
	for _, tc := range []struct {
		src  string
		want float64
	}{
		{`latency("C") <= 40 and latency("A") < 0`, 1},
		{`capability("C") > 0.65`, 1},
		{`latency("B") == 0 ? capability("A") : 0`, 0.5},
		{`kinetic_by("B", "A", today - 3, today) == 3`, 1},
	} {
		e, err := Compile("w", tc.src, live)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if got := e.Value(run); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.src, got, tc.want)
		}
		if _, err := Compile("o", tc.src, voc); err == nil || !strings.Contains(err.Error(), "known only during a run") {
			t.Errorf("%s compiled as an outcome: %v", tc.src, err)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		src, msg string
		col      int
	}{
		{`max_rung("A", "D") > 0`, `unknown actor "D"`, 15},
		{`max_rung("A", "BB") > 0`, `did you mean "B"?`, 15},
		{`rung("stike")`, `unknown rung "stike"; did you mean "strike"?`, 6},
		{`kinetic("A") > 0`, `not enough arguments`, 1},
		{`damage(A)`, `unknown name A`, 8},
		{`settled("A", "B") + 1`, `mismatched types bool and int`, 19},
		{`first_day("A", "B", kinetic("A", "B"))`, `known before the run`, 21},
		{`first_day("A", "B", 9)`, `level 9 is not on the ladder (levels -1 to 3)`, 21},
		{`first_day("A", "B", 0.5)`, `cannot use number as argument (type int) to call first_day`, 21},
		{`"A"`, `a string is only an argument`, 1},
		{`[1, 2]`, `not supported in outcomes`, 1},
		{`max_rung("A", "B") >=`, `unexpected token EOF`, 21},
		{"  \n ", `empty expression`, 1},
		{`len("abc")`, `unknown name len`, 1},
		{strings.Repeat("1+", 2100) + "1", `limit is 4096`, 1},
		{`true ? 1 : nuclear_used()`, `both branches`, 12},
		{`damage("A") ` + "\n" + ` + damage("X")`, `unknown actor "X"`, 11},
	} {
		_, err := Compile("o", tc.src, voc)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: got %v, want an *Error", tc.src, err)
			continue
		}
		if !strings.Contains(e.Msg, tc.msg) || e.Column != tc.col {
			t.Errorf("%q: got column %d %q, want column %d containing %q", tc.src, e.Column, e.Msg, tc.col, tc.msg)
		}
		if e.Offset < 0 || e.Offset > len(tc.src) {
			t.Errorf("%q: offset %d outside the expression", tc.src, e.Offset)
		}
	}
}

func TestEvalAllocatesNothing(t *testing.T) {
	run := newRun()
	for _, src := range []string{
		`max_rung("A", "B") >= rung("war") and first_day("A", "B", rung("strike")) < 30`,
		`pairs_at_or_above(rung("protest")) + damage("A") * 2`,
	} {
		e, err := Compile("o", src, voc)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { e.Eval(run) }); n != 0 {
			t.Errorf("%s: %v allocations per Eval", src, n)
		}
	}
}

// Eval is safe from many goroutines: the compiled closures hold no state.
func TestEvalConcurrent(t *testing.T) {
	e, err := Compile("o", `kinetic("A", "B") + first_day("A", "B", rung("war"))`, voc)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan float64)
	for range 8 {
		go func() {
			run := newRun()
			v := 0.0
			for range 1000 {
				v = e.Value(run)
			}
			done <- v
		}()
	}
	for range 8 {
		if v := <-done; v != 27 {
			t.Fatalf("got %v", v)
		}
	}
}

func BenchmarkEval(b *testing.B) {
	run := newRun()
	for _, bc := range []struct{ name, src string }{
		{"Small", `max_rung("A", "B") >= rung("war")`},
		{"Medium", `first_day("A", "B", rung("strike")) < 30 and not settled("A", "C") or kinetic_by("B", "A") > 3`},
		{"Large", `pairs_at_or_above(rung("protest")) >= 2 and damage("A") + damage("B") + damage("C") > 1 ? rivera() * 2 > 1 : max_rung("A", "C") >= 1`},
	} {
		e, err := Compile("o", bc.src, voc)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.Eval(run)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Compile("o", `first_day("A", "B", rung("strike")) < 30 and not settled("A", "C")`, voc); err != nil {
			b.Fatal(err)
		}
	}
}

// CampaignDays: "air" ran from day 3 to 40, "ground" began on day 10 and
// never ended, "naval" never began.
func (f *fakeRun) CampaignDays(c int) (int, int) {
	d := [][2]int{{3, 40}, {10, -1}, {-1, -1}}[c]
	return d[0], d[1]
}

// Pairs are the actor arguments of the pair functions, read from the tree:
// not the ids of other calls, not strings that only look like actors.
func TestPairs(t *testing.T) {
	cases := []struct {
		src  string
		want [][2]int
	}{
		{`max_rung("A", "B") >= rung("war")`, [][2]int{{0, 1}}},
		{`first_day_by("C", "A", rung("strike")) < days and kinetic("B","C") > 0`, [][2]int{{2, 0}, {1, 2}}},
		{`damage("A") + strain("B") > 1`, nil},
		{`settled('A', "C") or settled_day("A", "C") < 10 or nuclear_used()`, [][2]int{{0, 2}, {0, 2}}},
		{`max(kinetic_by("B", "A"), pairs_at_or_above(rung("protest")))`, [][2]int{{1, 0}}},
		{`days_at("A", "C", 1) + kinetic_by("C", "B", 0, 9) > rung_now("B", "A") + noticed("C", "A")`, [][2]int{{0, 2}, {2, 1}, {1, 0}, {2, 0}}},
	}
	for _, c := range cases {
		e, err := Compile("x", c.src, voc)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if got := e.Pairs(); !slices.Equal(got, c.want) {
			t.Errorf("%s: Pairs() = %v, want %v", c.src, got, c.want)
		}
	}
}

// An expression that reads nothing of a run is a constant, with the value
// Eval gives; one that reads the run anywhere is not (brink validate warns
// of the first kind).
func TestConstant(t *testing.T) {
	for _, tc := range []struct {
		src   string
		want  float64
		konst bool
	}{
		{`rung("war") > 3`, 0, true},
		{`rung("war") >= rung("strike")`, 1, true},
		{`days * 2`, 200, true},
		{`max(1, rung("war")) == 3 && !(days < 10)`, 1, true},
		{`days > 10 ? 1 : 2`, 1, true},
		{`-abs(-2)`, -2, true},
		{`max_rung("A", "B") >= rung("war")`, 0, false},
		{`max_rung("A", "B") >= rung("war") || days > 0`, 0, false},
		{`days > 10 ? damage("A") : 2`, 0, false},
		{`min(kinetic("A", "B"), 3)`, 0, false},
	} {
		e, err := Compile("x", tc.src, voc)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		v, ok := e.Constant()
		if ok != tc.konst || (ok && (v != tc.want || v != e.Value(newRun()))) {
			t.Errorf("%s: Constant() = %v, %v; want %v, %v (Eval %v)", tc.src, v, ok, tc.want, tc.konst, e.Value(newRun()))
		}
	}
}

// A bare call of a function whose value is the day of an event (days when
// it never happens) is a time to an event; anything built on one is not.
func TestTimeToEvent(t *testing.T) {
	for src, want := range map[string]bool{
		`first_day("A", "B", rung("strike"))`: true,
		`first_day_by("A", "B", 2)`:           true,
		`settled_day("A", "B")`:               true,
		`ceasefire_day("A", "B")`:             true,
		`settlement_day("A", "B")`:            true,
		`first_day("A", "B", 2) < days`:       false,
		`first_day("A", "B", 2) + 1`:          false,
		`min(first_day("A", "B", 2), days)`:   false,
		`kinetic("A", "B")`:                   false,
		`max_rung("A", "B") >= rung("war")`:   false,
		`days_at("A", "B", rung("strike"))`:   false,
	} {
		e, err := Compile("x", src, voc)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if e.TimeToEvent() != want {
			t.Errorf("%s: TimeToEvent() = %v, want %v", src, !want, want)
		}
	}
}
