package stats

import (
	"fmt"
	"math"
)

// SurvivalPoint is the Kaplan–Meier curve at a day on which events happened.
type SurvivalPoint struct {
	Day    int
	AtRisk int64   // runs still without the event at the start of the day
	Events int64   // runs whose event happened on the day
	S      float64 // estimated probability of no event up to and including Day
	Lo, Hi float64 // pointwise 95% interval of S
}

// KaplanMeier estimates the survival curve from per-day counts: events[d]
// runs had their event on day d, censored[d] runs were last seen without it
// on day d (in brink, runs that never reached the rung are censored at the
// horizon). The slices may differ in length; missing entries are 0. A run
// censored on day d is still at risk on day d, the usual convention when an
// event and a censoring tie.
//
// It returns one point per day with at least one event, in day order; S is
// constant between points and 1 before the first. With n_j at risk and d_j
// events on the j-th such day:
//
//	S(t) = Π_{t_j ≤ t} (1 − d_j/n_j)
//	V(t) = Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j))         (Greenwood)
//
// and the pointwise 95% interval is the log(−log) transform (Kalbfleisch and
// Prentice; R's conf.type = "log-log"), which stays inside [0, 1]:
//
//	se = √V / |log S|,  [Lo, Hi] = [S^exp(+z·se), S^exp(−z·se)],  z = Z95.
//
// When every run at risk has its event (n_j = d_j) S falls to 0 and V is
// infinite; the point then has Lo = 0 and Hi equal to the previous point's Hi
// (1 if there is none), a conservative bound, never NaN.
//
// Counts must not be negative: they come from brink's own tallies, and a
// negative one is a bug, reported by a panic with the day.
func KaplanMeier(events, censored []int64) []SurvivalPoint {
	days := max(len(events), len(censored))
	at := func(s []int64, d int) int64 {
		if d < len(s) {
			if s[d] < 0 {
				panic(fmt.Sprintf("stats.KaplanMeier: negative count %d on day %d", s[d], d))
			}
			return s[d]
		}
		return 0
	}
	var atRisk int64
	for d := 0; d < days; d++ {
		atRisk += at(events, d) + at(censored, d)
	}
	var out []SurvivalPoint
	s, greenwood, prevHi := 1.0, 0.0, 1.0
	for d := 0; d < days && atRisk > 0; d++ {
		e, c := at(events, d), at(censored, d)
		if e > 0 {
			s *= 1 - float64(e)/float64(atRisk)
			p := SurvivalPoint{Day: d, AtRisk: atRisk, Events: e, S: s}
			if e == atRisk {
				p.S, p.Lo, p.Hi = 0, 0, prevHi
			} else {
				greenwood += float64(e) / (float64(atRisk) * float64(atRisk-e))
				logS := math.Log(s)
				se := math.Sqrt(greenwood) / math.Abs(logS)
				p.Lo = math.Pow(s, math.Exp(Z95*se))
				p.Hi = math.Pow(s, math.Exp(-Z95*se))
			}
			prevHi = p.Hi
			out = append(out, p)
		}
		atRisk -= e + c
	}
	return out
}

// SurvivalAt reads a curve returned by KaplanMeier at a day: the last point
// on or before the day, or S = Lo = Hi = 1 before the first event.
func SurvivalAt(curve []SurvivalPoint, day int) (s, lo, hi float64) {
	s, lo, hi = 1, 1, 1
	for _, p := range curve {
		if p.Day > day {
			break
		}
		s, lo, hi = p.S, p.Lo, p.Hi
	}
	return s, lo, hi
}

// MedianSurvival reads the median day from a curve returned by KaplanMeier
// — the first day S falls to 0.5 or below — with its 95% interval by
// Brookmeyer and Crowley's method, as R's survfit gives it: the first days
// the pointwise interval's lower and upper curves fall to 0.5 or below.
// A day that is never reached is −1 (fewer than half the runs had the event
// within the curve's days: the median is "not reached").
func MedianSurvival(curve []SurvivalPoint) (median, lo, hi int) {
	median, lo, hi = -1, -1, -1
	for _, p := range curve {
		if lo < 0 && p.Lo <= 0.5 {
			lo = p.Day
		}
		if median < 0 && p.S <= 0.5 {
			median = p.Day
		}
		if hi < 0 && p.Hi <= 0.5 {
			hi = p.Day
		}
	}
	return median, lo, hi
}

// RestrictedMean is the mean time to the event restricted to the horizon,
// Σ_{d<horizon} S(d) over a curve returned by KaplanMeier: the area under
// the curve, in which a run without the event counts as the horizon.
func RestrictedMean(curve []SurvivalPoint, horizon int) float64 {
	var sum float64
	for d := 0; d < horizon; d++ {
		s, _, _ := SurvivalAt(curve, d)
		sum += s
	}
	return sum
}
