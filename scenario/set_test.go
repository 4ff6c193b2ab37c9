package scenario

import (
	"errors"
	"strings"
	"testing"
)

func mustSetting(t *testing.T, text string) Setting {
	t.Helper()
	st, err := ParseSetting(text)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestWith(t *testing.T) {
	s, err := Builtin("example")
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.With(
		mustSetting(t, "actors.NTH.resolve=0.9"),
		mustSetting(t, "model.misperception=0.25"),
		mustSetting(t, "variants.direct-channel.channels[0].uptime=0.5"),
		mustSetting(t, "actors.GRT.doctrine=tit_for_tat"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := *out.Actors.Values["NTH"].Resolve; got != 0.9 {
		t.Errorf("resolve %v", got)
	}
	if got := *out.Model.Misperception; got != 0.25 {
		t.Errorf("misperception %v", got)
	}
	if out.Actors.Values["GRT"].Doctrine.TitForTat == nil {
		t.Errorf("doctrine not set")
	}
	v, err := out.Apply("direct-channel")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range v.Channels {
		if c.Uptime != nil && *c.Uptime == 0.5 {
			found = true
		}
	}
	if !found {
		t.Errorf("variant's channel uptime not set")
	}
	if *s.Actors.Values["NTH"].Resolve == 0.9 {
		t.Errorf("With changed the original")
	}
	if got := strings.Join(out.Settings(), " "); got != "actors.NTH.resolve=0.9 model.misperception=0.25 variants.direct-channel.channels[0].uptime=0.5 actors.GRT.doctrine=tit_for_tat" {
		t.Errorf("settings %q", got)
	}
	if string(out.Source()) != string(s.Source()) {
		t.Errorf("source changed")
	}
}

// A bad setting is reported at the flag, FLAG:1:COL, with the validator's
// own message.
func TestWithProblems(t *testing.T) {
	s, err := Builtin("example")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ set, want string }{
		{"actors.NTH.resolve=1.5", `--set actors.NTH.resolve=1.5:1:26: actor "NTH": resolve 1.5 is outside [0, 1]`},
		{"actors.NTH.resolv=0.5", `--set actors.NTH.resolv=0.5:1:7: unknown field "resolv" in actor "NTH"; did you mean "resolve"?`},
		{"actors.XYZ.resolve=0.5", `--set actors.XYZ.resolve=0.5:1:7: the scenario has no actor "XYZ"`},
		{"relations[9].grievance=0.5", `--set relations[9].grievance=0.5:1:7: [9] is past the end of a sequence of 4`},
		{"model.misperception=high", `--set model.misperception=high:1:27: model: misperception: expected a number, got "high"`},
		{"variants.direct-channel.channels[0].uptime=2", `--set variants.direct-channel.channels[0].uptime=2:1:50: variant "direct-channel": channel NTH-STH: uptime 2 is outside [0, 1]`},
		{"actors.NTH.doctrine={bogus: 1}", `--set actors.NTH.doctrine={bogus: 1}:1:28: actor "NTH": doctrine: unknown rule "bogus"`},
	} {
		_, err := s.With(mustSetting(t, c.set))
		var probs Problems
		if !errors.As(err, &probs) {
			t.Errorf("%s: error %v", c.set, err)
			continue
		}
		if got := probs[0].String(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.set, got, c.want)
		}
	}
	for _, bad := range []string{"novalue", "=1", "a..b=1", "a[x]=1", "a[1=1", "a[-1]=2"} {
		if _, err := ParseSetting(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

const uncertainYAML = `
uncertain:
  actors.NTH.resolve: {uniform: [0.4, 0.9], note: judgement}
  model.misperception: {triangular: [0.05, 0.1, 0.2]}
  actors.STH.pragmatism: {beta: {alpha: 2, beta: 3}}
  actors.NTH.intelligence: {normal: {mean: 0.7, sd: 0.1, min: 0.5, max: 0.9}}
  actors.GRT.doctrine: {choice: [tit_for_tat, {restraint: {absorb_below: strike, patience: 7d}}]}
`

func exampleWith(t *testing.T, extra string) (*Scenario, error) {
	t.Helper()
	src, err := BuiltinSource("example")
	if err != nil {
		t.Fatal(err)
	}
	return Load("ex.yaml", append(src, []byte(extra)...))
}

func TestUncertain(t *testing.T) {
	s, err := exampleWith(t, uncertainYAML)
	if err != nil {
		t.Fatal(err)
	}
	ps := s.Params()
	if len(ps) != 5 || ps[4].Choices != 2 || ps[0].Note != "judgement" {
		t.Fatalf("params %+v", ps)
	}
	out, sets, err := s.AtPoint([]float64{0.5, 0.5, 0.5, 0.5, 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if got := *out.Actors.Values["NTH"].Resolve; got != 0.65 {
		t.Errorf("resolve at the median %v", got)
	}
	if out.Actors.Values["GRT"].Doctrine.Restraint == nil {
		t.Errorf("choice 2 not taken")
	}
	if sets[4].Value != "{restraint: {absorb_below: strike, patience: 7d}}" {
		t.Errorf("choice text %q", sets[4].Value)
	}
	// Round trip through Marshal keeps the block.
	text, err := Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load("back.yaml", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(back.Params()) != 5 {
		t.Errorf("round trip lost the uncertain block")
	}
}

func TestUncertainProblems(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"uncertain:\n  actors.NTH.resolve: {uniform: [0.4, 1.2]}\n", `ex.yaml:NN:23: uncertain "actors.NTH.resolve" at its upper bound 1.2: actor "NTH": resolve 1.2 is outside [0, 1]`},
		{"uncertain:\n  actors.NTH.resolve: {uniform: [0.9, 0.4]}\n", `ex.yaml:NN:23: uncertain "actors.NTH.resolve": uniform needs min < max`},
		{"uncertain:\n  actors.NTH.resolve: {uniform: [0.1, 0.4], beta: {alpha: 1, beta: 1}}\n", `exactly one distribution`},
		{"uncertain:\n  actors.ZZZ.resolve: {uniform: [0.1, 0.4]}\n", `ex.yaml:NN:3: uncertain "actors.ZZZ.resolve": the scenario has no actor "ZZZ"`},
		{"uncertain:\n  actors.NTH.doctrine: {choice: [tit_for_tat, nonsense]}\n", `at choice 2: actor "NTH": doctrine: unknown rule "nonsense"`},
		{"uncertain:\n  actors.NTH.resolve: {normal: {mean: 0.5, sd: 0.1}}\n", `missing fields "min", "max"`},
		{"uncertain:\n  actors.NTH.resolve: {gamma: [1, 2]}\n", `unknown field "gamma" in uncertain "actors.NTH.resolve"`},
	} {
		_, err := exampleWith(t, c.yaml)
		if err == nil {
			t.Errorf("%s: accepted", c.yaml)
			continue
		}
		want := strings.Replace(c.want, "NN", "", 1)
		got := err.Error()
		if strings.Contains(c.want, "NN") {
			// Line numbers depend on the example's length: compare around them.
			pre, post, _ := strings.Cut(c.want, "NN")
			if !strings.HasPrefix(got, pre) || !strings.Contains(got, post) {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			continue
		}
		if !strings.Contains(got, want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

// FuzzSetting: any --set text either is refused by ParseSetting or gives a
// scenario or Problems from With — never a panic — and a setting accepted
// is recorded as given.
func FuzzSetting(f *testing.F) {
	for _, seed := range []string{
		"actors.NTH.resolve=0.9", "model.misperception=0.1", "variants.direct-channel.channels[0].uptime=0.5",
		"actors.GRT.doctrine={red_line: {threshold: strike}}", "relations[0].between=[NTH]", "events[0]=", "outcomes.war=1 +",
		"a[0][1].b=[1, {c: d}]", "ladder.rungs[0].id=x", "uncertain=3", "horizon=-1d", "actors.NTH=&a *a",
	} {
		f.Add(seed)
	}
	s, err := Builtin("example")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		st, err := ParseSetting(text)
		if err != nil {
			return
		}
		out, err := s.With(st)
		if err != nil {
			var probs Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("%q: error %v is not Problems", text, err)
			}
			return
		}
		if got := out.Settings(); len(got) != 1 || got[0] != st.String() {
			t.Fatalf("%q: settings %v", text, got)
		}
	})
}
