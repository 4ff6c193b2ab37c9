package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
)

// The example scenario with four uncertain values; Meridia (MRD) always
// keeps the status quo, so its resolve cannot matter to anything.
const uncertainBlock = `
uncertain:
  actors.NTH.resolve: {uniform: [0.4, 0.9]}
  model.misperception: {triangular: [0.05, 0.1, 0.2]}
  actors.MRD.resolve: {uniform: [0.1, 0.9], note: cannot matter}
  actors.STH.doctrine:
    choice:
      - {red_line: {threshold: decapitate, response: barrage, below: protest}}
      - tit_for_tat
`

func example(t *testing.T) *scenario.Scenario {
	t.Helper()
	src, err := scenario.BuiltinSource("example")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load("example.yaml", append(src, uncertainBlock...))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func jsonOf(t *testing.T, r *Result, sens *Sensitivity) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, r, sens); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Shards merged, and any number of workers, give the bytes of one run.
func TestShardsMergeToTheSameBits(t *testing.T) {
	s := example(t)
	o := Options{Seed: 3, Runs: 64, Workers: 1, Version: "test"}
	e, err := New(s, []Spec{{Design: LHS, N: 10}}, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := e.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	want := jsonOf(t, whole, nil)
	o.Workers = 3
	again, err := e.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(jsonOf(t, again, nil), want) {
		t.Fatal("3 workers gave other bytes than 1")
	}
	var parts []Part
	for i := range 3 {
		o.Shard = montecarlo.Shard{Index: i, Count: 3}
		r, err := e.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WritePart(&b, r, i, 3); err != nil {
			t.Fatal(err)
		}
		back, first, end, err := ReadPart(b.Bytes(), "part")
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, Part{Name: "part", Result: back, First: first, End: end})
	}
	// In any order.
	parts[0], parts[2] = parts[2], parts[0]
	merged, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(jsonOf(t, merged, nil), want) {
		t.Fatal("merged shards differ from the whole sweep")
	}
	if _, err := Merge(parts[:2]); err == nil {
		t.Fatal("a missing shard was not noticed")
	}
	if _, err := Merge(append(parts, parts[0])); err == nil {
		t.Fatal("a repeated shard was not noticed")
	}
}

// A point of a sweep is exactly `brink run` of the scenario with the
// point's values set: the same run seeds at every point.
func TestPointIsARun(t *testing.T) {
	s := example(t)
	o := Options{Seed: 9, Runs: 100, Workers: 2, Version: "test"}
	e, err := New(s, []Spec{{Design: Sobol, N: 4}}, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Points {
		var sets []scenario.Setting
		for j, par := range res.Manifest.Params {
			sets = append(sets, scenario.Setting{Path: par.Path, Value: p.Values[j]})
		}
		sp, err := s.With(sets...)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := montecarlo.Prepare(sp, nil, "test")
		if err != nil {
			t.Fatal(err)
		}
		tally, err := plan.Run(context.Background(), montecarlo.Options{Seed: 9, Runs: 100, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		sum, _ := tally.Summary()
		for vi, v := range sum.Variants {
			a, _ := json.Marshal(v.Outcomes)
			b, _ := json.Marshal(p.Variants[vi].Outcomes)
			if !bytes.Equal(a, b) {
				t.Fatalf("point %d, %s: sweep %s, run %s", p.Index, v.Name, b, a)
			}
		}
	}
}

// A value that cannot matter gets indices whose intervals contain 0; one
// that matters gets a total index whose interval excludes it. And the
// analysis of merged shards is the analysis of the whole.
func TestSensitivityOfAnInertValue(t *testing.T) {
	s := example(t)
	o := Options{Seed: 1, Runs: 128, Workers: 2, Version: "test", Variants: []string{"baseline"}}
	target := &Target{Outcome: "direct_strike", Bootstrap: 200} // not "war": since ceasefires need only the more reluctant side, the example almost never reaches it
	e, err := New(s, []Spec{{Design: Morris, N: 6}, {Design: Saltelli, N: 16}}, target, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	sens, err := Analyze(res)
	if err != nil {
		t.Fatal(err)
	}
	const inert, matters = 2, 1 // actors.MRD.resolve, model.misperception
	if x := sens.Sobol[inert]; x.FirstLo > 0 || x.FirstHi < 0 || x.TotalLo > 0 || x.TotalHi < 0 {
		t.Errorf("inert value: %+v", x)
	}
	if x := sens.Morris[inert]; x.Lo > 0 {
		t.Errorf("inert value, Morris: %+v", x)
	}
	if x := sens.Sobol[matters]; x.TotalLo <= 0 {
		t.Errorf("misperception's total index: %+v", x)
	}
	// Six trajectories are too few for μ*'s interval to exclude 0 on every
	// kernel; an effect at some trajectory is what can be asked of them.
	if x := sens.Morris[matters]; x.MuStar <= 0 {
		t.Errorf("misperception's μ*: %+v", x)
	}
	want := jsonOf(t, res, sens)
	var parts []Part
	for i := range 2 {
		o.Shard = montecarlo.Shard{Index: i, Count: 2}
		r, err := e.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		from, to := PointRange(r.Manifest.Points, o.Shard)
		parts = append(parts, Part{Name: "p", Result: r, First: from, End: to})
	}
	merged, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Analyze(merged)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(jsonOf(t, merged, ms), want) {
		t.Fatal("the merged sensitivity analysis differs from the whole")
	}
}

func TestRobustnessCounts(t *testing.T) {
	d := func(diff, lo, hi float64) []results.Difference {
		return []results.Difference{{Outcome: "war", Diff: diff, Lo: lo, Hi: hi}}
	}
	o := []results.OutcomeStat{{Name: "war", Kind: results.KindProbability, P: 0.5}}
	r := &Result{Manifest: Manifest{Variants: []string{"a", "b"}, Outcomes: []string{"war"}, Kinds: []string{"probability"}}}
	for i, x := range [][3]float64{{-0.1, -0.2, -0.01}, {-0.1, -0.2, 0.01}, {0.1, 0.01, 0.2}, {0, 0, 0}} {
		r.Points = append(r.Points, Point{Index: i, Variants: []VariantResult{{Name: "a", Outcomes: o}, {Name: "b", Outcomes: o, Differences: d(x[0], x[1], x[2])}}})
	}
	rob := Robustness(r)
	if len(rob) != 1 || rob[0].Lowers != 1 || rob[0].Raises != 1 || rob[0].LowerP != 0.25 || rob[0].DiffMed != -0.05 {
		t.Fatalf("%+v", rob)
	}
	if !(rob[0].LowerLo < 0.25 && rob[0].LowerHi > 0.25) {
		t.Fatalf("Wilson interval %+v", rob[0])
	}
}

// FuzzReadPart: a part file, however broken, is read or refused with an
// error, never a panic; one that is read merges alone or is refused.
func FuzzReadPart(f *testing.F) {
	f.Add([]byte(`{"format":"brink-sweep-part/1","manifest":{"points":2},"shard":"0/1","first":0,"end":2,"points":[{"index":0},{"index":1}]}`))
	f.Add([]byte(`{"format":"brink-sweep-part/1","manifest":{"points":1},"first":0,"end":1,"points":[{"index":0,"u":[0.5],"values":["1"],"variants":[]}]}`))
	f.Add([]byte(`{"format":"brink-part/3"}`))
	f.Add([]byte(`{"format":"brink-sweep-part/1","manifest":{"variants":["a","b"],"outcomes":["w"],"outcome_kinds":["probability"],"params":[{"path":"x"}],"points":1},"first":0,"end":1,"points":[{"index":0,"u":[0.5],"values":["1"],"variants":[{"name":"a","outcomes":[{"p":0.5}],"differences":[]},{"name":"b","outcomes":[{"p":0.1}],"differences":[{"diff":-0.4,"lo":-0.5,"hi":-0.3}]}]}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, first, end, err := ReadPart(data, "fuzz")
		if err != nil {
			return
		}
		if _, err := Merge([]Part{{Name: "fuzz", Result: r, First: first, End: end}}); err == nil && (first != 0 || end != r.Manifest.Points) {
			t.Fatalf("a part of points %d to %d of %d merged alone", first, end, r.Manifest.Points)
		}
		_ = Robustness(r)
		_ = Discover(r)
		if r.Manifest.Sensitivity != nil && len(r.Points) == r.Manifest.Points && r.Manifest.Points < 10000 {
			_, _ = Analyze(r)
		}
	})
}
