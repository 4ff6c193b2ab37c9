package findings

import (
	"fmt"
	"strings"

	"brink/results"
)

// Observation is one event of the public record, as a named outcome of a
// scenario and whether it happened within the scenario's horizon.
type Observation struct {
	Outcome  string // a probability outcome of the scenario
	Happened bool
	Record   string // what happened, after ../shared/design/history-2023-2024.md
}

// Records holds, per built-in scenario, the observable events its baseline
// is calibrated against. They are targets the baseline should find
// unsurprising, not events the scenario forces.
var Records = map[string][]Observation{
	"gaza-2023": {
		{"militia_attacks_us_month1", true, "from 17 Oct 2023, rocket and drone attacks by Iran-aligned militias on US forces in Iraq and Syria"},
		{"us_strikes_militias", true, "26 Oct, 8 Nov, 12 Nov 2023: US \"self-defense strikes\" on IRGC-linked facilities in Syria; more in Iraq"},
		{"us_kills_militia_commander", true, "4 Jan 2024: a US strike in Baghdad kills a militia commander"},
		{"houthis_fire_on_israel", true, "from 19 Oct 2023: Houthi missiles and drones toward Israel"},
		{"houthis_attack_shipping", true, "from 19 Nov 2023: Houthi attacks on Red Sea shipping and US warships"},
		{"us_strikes_houthis", true, "from 12 Jan 2024: US strikes on Houthi targets in Yemen"},
		{"uk_strikes_houthis", true, "from 12 Jan 2024: UK strikes on Houthi targets in Yemen, with the US"},
		{"israel_strikes_yemen", true, "20 Jul 2024: after a Houthi drone hits Tel Aviv, Israel strikes the port of Hodeidah"},
		{"israel_kills_irgc_officers", true, "25 Dec 2023, 20 Jan 2024, 1 Apr 2024: Israeli strikes in Damascus kill IRGC officers"},
		{"iran_barrage_on_israel", true, "13–14 Apr and 1 Oct 2024: Iranian missile and drone salvos at Israel"},
		{"israel_iran_exchange", true, "April 2024: strikes both ways between Israel and Iran"},
		{"israel_hezbollah_war", true, "late Sep 2024: the border fire becomes full war (Nasrallah killed, ground operation)"},
		{"regional_war", false, "at most two pairs at war (Israel–Hamas, Israel–Hezbollah)"},
		{"us_strikes_iran", false, "no US strike on Iranian territory"},
		{"us_iran_war", false, "no direct war between the United States and Iran"},
		{"nuclear_use", false, "no nuclear use"},
	},
	"april-2024": {
		{"iran_answers_2w", true, "13–14 Apr: Iran answers the 1 Apr strike within two weeks"},
		{"iran_barrage", true, "13–14 Apr: about 170 drones, 30 cruise and 120 ballistic missiles at Israel"},
		{MostIntercepted, true, "almost all intercepted with US, UK, French and Jordanian help (seed 002: 9 of 30 ballistic missiles got through)"},
		{"israel_counterstrike", true, "19 Apr: a limited Israeli strike near Isfahan"},
		{"exchange_stops", true, "after 19 Apr Iran does not strike Israel again within the six months (its next salvo is on 1 Oct, day 183)"},
		{"israel_iran_war", false, "no war between Israel and Iran"},
		{"us_strikes_iran", false, "no US strike on Iran"},
		{"nuclear_use", false, "no nuclear use"},
	},
}

// MostIntercepted names the April record's interception event: Iran's first
// barrage at Israel was more than half intercepted. It is measured from the
// kernel's trace (MeasureInterception), given that a barrage was fired.
const MostIntercepted = "most_intercepted"

// Brier is the mean squared difference between forecast probabilities and
// what happened (1 or 0): 0 is a perfect forecast, 0.25 is what always
// saying 50% scores.
func Brier(p []float64, happened []bool) float64 {
	if len(p) == 0 || len(p) != len(happened) {
		return 0
	}
	s := 0.0
	for i := range p {
		o := 0.0
		if happened[i] {
			o = 1
		}
		s += (p[i] - o) * (p[i] - o)
	}
	return s / float64(len(p))
}

// NaiveBrier is the Brier score of the naive model that gives every event 50%.
const NaiveBrier = 0.25

// Calibration is a baseline scored against a record.
type Calibration struct {
	Rows  []CalibrationRow
	Brier float64 // of the baseline
	// Open is the number of events the baseline did not treat as settled
	// (1% < P < 99%), and OpenBrier the baseline's score over them: events
	// that follow from a campaign the scenario takes as given earn a Brier
	// term near 0 whatever the model's merit, so the score is also given
	// without them.
	Open      int
	OpenBrier float64
	// Surprises counts events whose recorded result had a baseline
	// probability below 10% (the record would have surprised the model).
	Surprises int
}

// CalibrationRow is one event of the record beside the baseline's probability.
type CalibrationRow struct {
	Observation
	Stat results.OutcomeStat
	// PRecord is the baseline's probability of what happened: P if it
	// happened, 1 − P if it did not.
	PRecord float64
}

// Calibrate scores the first variant of s against record. Every record
// event must be a probability outcome of the scenario, or one of extra:
// events measured outside the outcome language (Stat.Name is the outcome
// name the record uses).
func Calibrate(s *results.Summary, record []Observation, extra ...results.OutcomeStat) (Calibration, error) {
	if len(s.Variants) == 0 {
		return Calibration{}, fmt.Errorf("the summary has no variant")
	}
	base := s.Variants[0]
	var c Calibration
	var ps []float64
	var hs []bool
	for _, ob := range record {
		var st *results.OutcomeStat
		for _, list := range [][]results.OutcomeStat{base.Outcomes, extra} {
			for i := range list {
				if list[i].Name == ob.Outcome {
					st = &list[i]
				}
			}
		}
		if st == nil {
			return Calibration{}, fmt.Errorf("the record names outcome %q, which the scenario does not define", ob.Outcome)
		}
		if st.Kind != results.KindProbability {
			return Calibration{}, fmt.Errorf("outcome %q is a %s, not a probability", ob.Outcome, st.Kind)
		}
		r := CalibrationRow{Observation: ob, Stat: *st, PRecord: st.P}
		if !ob.Happened {
			r.PRecord = 1 - st.P
		}
		if r.PRecord < 0.10 {
			c.Surprises++
		}
		c.Rows = append(c.Rows, r)
		ps = append(ps, st.P)
		hs = append(hs, ob.Happened)
	}
	c.Brier = Brier(ps, hs)
	var ops []float64
	var ohs []bool
	for i, p := range ps {
		if p > 0.01 && p < 0.99 {
			ops, ohs = append(ops, p), append(ohs, hs[i])
		}
	}
	c.Open, c.OpenBrier = len(ops), Brier(ops, ohs)
	return c, nil
}

// RenderCalibration is a Markdown table of the baseline against the record,
// with each event's Brier term and the scores of the baseline and the naive
// 50% model.
func RenderCalibration(s *results.Summary, record []Observation, command string, extra ...results.OutcomeStat) (string, error) {
	c, err := Calibrate(s, record, extra...)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	header(&b, s, command)
	fmt.Fprintf(&b, "Baseline variant: `%s`.\n\n", s.Variants[0].Name)
	b.WriteString("| event (public record) | outcome | happened | baseline P [95% CI] | P(what happened) | Brier term |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range c.Rows {
		o := 0.0
		happened := "no"
		if r.Happened {
			o, happened = 1, "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s%% | %.3f |\n",
			r.Record, r.Outcome, happened, statCell(r.Stat), pct(r.PRecord), (r.Stat.P-o)*(r.Stat.P-o))
	}
	skill := 1 - c.Brier/NaiveBrier
	fmt.Fprintf(&b, "\nBrier score over %d events: baseline **%.3f**, naive 50%% model %.3f (skill %+.2f). ",
		len(c.Rows), c.Brier, NaiveBrier, skill)
	if c.Open > 0 {
		fmt.Fprintf(&b, "Over the %d events the baseline does not treat as settled (1%% < P < 99%%): baseline **%.3f**, naive %.3f (skill %+.2f). ",
			c.Open, c.OpenBrier, NaiveBrier, 1-c.OpenBrier/NaiveBrier)
	}
	fmt.Fprintf(&b, "Events whose record had a baseline probability below 10%%: %d.\n", c.Surprises)
	return b.String(), nil
}
