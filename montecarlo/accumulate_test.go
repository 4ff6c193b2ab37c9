package montecarlo

import (
	"math"
	"slices"
	"testing"

	"brink/stats"

	"pgregory.net/rapid"
)

// The daily slots hold differences over days (layout.go); summed up they
// must be the plain counts of runs at each rung on each day, whatever the
// number of pairs (rows of any length, compared whole), days and rungs, and
// however often the rungs change.
func TestAddDailyCountsEveryDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tracked := rapid.IntRange(1, 40).Draw(t, "tracked")
		days := rapid.IntRange(1, 30).Draw(t, "days")
		rungs := rapid.IntRange(1, 7).Draw(t, "rungs")
		runs := rapid.IntRange(1, 6).Draw(t, "runs")
		change := rapid.Float64Range(0, 1).Draw(t, "change")
		stride := rungs*days + rapid.IntRange(0, 3).Draw(t, "gap")

		var l layout
		tally := make([]int64, tracked*stride)
		want := make([]int64, tracked*days*rungs) // [p][d][r]
		rows := make([]int16, days*tracked)
		for range runs {
			for d := range days {
				for p := range tracked {
					r := int16(rapid.IntRange(0, rungs-1).Draw(t, "r"))
					if d > 0 && rapid.Float64Range(0, 1).Draw(t, "u") >= change {
						r = rows[(d-1)*tracked+p] // most days repeat yesterday
					}
					rows[d*tracked+p] = r
					want[(p*days+d)*rungs+int(r)]++
				}
			}
			l.addDaily(tally, stride, rungs, rows, tracked)
		}
		for p := range tracked {
			at := make([]int64, rungs)
			for d := range days {
				for r := range rungs {
					at[r] += tally[p*stride+d*rungs+r]
					if at[r] != want[(p*days+d)*rungs+r] {
						t.Fatalf("pair %d day %d rung %d: %d runs, want %d", p, d, r, at[r], want[(p*days+d)*rungs+r])
					}
				}
			}
		}
	})
}

// Every cell of every tracked pair's daily counts, in every variant, is the
// number of runs whose pair was at that rung that day.
func TestSummaryDailyEveryCell(t *testing.T) {
	const runs, days = 600, 11
	up := []float64{0.3, 0.1}
	p := fakePlan(days, up...)
	s, err := mustRun(t, p, Options{Seed: 3, Runs: runs, Workers: 2}).Summary()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeSim(days, up)
	vals := make([]float64, 3)
	for v := range up {
		want := make([][][]int64, len(fakeTracked))
		for q := range want {
			want[q] = make([][]int64, days)
			for d := range want[q] {
				want[q][d] = make([]int64, fakeRungs)
			}
		}
		for k := range runs {
			r := f.run(v, 3, uint64(k), vals)
			for d := range days {
				for q := range fakeTracked {
					want[q][d][r.Daily[d*len(fakeTracked)+q]]++
				}
			}
		}
		for q, ser := range s.Variants[v].Series {
			for d := range days {
				for r := range fakeRungs {
					if got := ser.Daily[d][r]; got != want[q][d][r] {
						t.Errorf("variant %d pair %d day %d rung %d: %d runs, want %d", v, q, d, r, got, want[q][d][r])
					}
				}
			}
		}
	}
}

// A mean outcome's quantiles in the Summary are those of its per-run
// values: within the sketch's relative accuracy of the sorted values' type-1
// quantile and of the order statistics that bound its interval (the fake
// kernel's damage is not a whole number, so it is read from the sketch).
func TestSummaryQuantilesMatchSortedValues(t *testing.T) {
	const runs, days = 700, 9
	up := []float64{0.3, 0.1}
	p := fakePlan(days, up...)
	s, err := mustRun(t, p, Options{Seed: 5, Runs: runs, Workers: 3}).Summary()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeSim(days, up)
	vals := make([]float64, 3)
	for v := range up {
		got := s.Variants[v].Outcomes[1]
		if got.Name != "damage" || len(got.Quantiles) != 3 || got.QuantileError != stats.SketchAccuracy {
			t.Fatalf("variant %d: %+v", v, got)
		}
		xs := make([]float64, runs)
		for k := range runs {
			f.run(v, 5, uint64(k), vals)
			xs[k] = vals[1]
		}
		slices.Sort(xs)
		for _, q := range got.Quantiles {
			l, u := stats.OrderStatInterval(runs, q.Q)
			k := int(math.Ceil(q.Q * runs))
			for _, c := range [][2]float64{{q.Value, xs[k-1]}, {q.Lo, xs[l-1]}, {q.Hi, xs[u-1]}} {
				if math.Abs(c[0]-c[1]) > stats.SketchAccuracy*math.Abs(c[1]) {
					t.Errorf("variant %d q=%g: %g, want %g", v, q.Q, c[0], c[1])
				}
			}
		}
		if got.Event != nil {
			t.Errorf("damage is not a time to an event")
		}
	}
}
