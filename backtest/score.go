package backtest

import (
	"math"
	"slices"

	"brink/stats"
)

// Thresholds of a surprise: brink gave what happened less than SurpriseLow,
// or what did not happen more than SurpriseHigh.
const (
	SurpriseLow  = 0.1
	SurpriseHigh = 0.9
)

// BaseBrier and BaseLog are what the 50% base rate scores on every class.
var (
	BaseBrier = 0.25
	BaseLog   = math.Ln2
)

// ClassScore is one outcome class of an episode, scored.
type ClassScore struct {
	Name      string   `json:"name"`
	Outcome   string   `json:"outcome"`             // the record's expression
	Value     *float64 `json:"value,omitempty"`     // a numeric class: what was observed
	Tolerance *float64 `json:"tolerance,omitempty"` // and the distance that counts as a hit
	Happened  bool     `json:"happened"`            // a numeric class: always true (the observed value is a hit)
	Date      string   `json:"date"`
	What      string   `json:"what"`
	Source    string   `json:"source"`
	// P is the share of runs in which the class held (for a numeric class:
	// came within Tolerance of Value), with its Wilson 95% interval.
	P     float64 `json:"p"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Held  int64   `json:"held"`
	Runs  int64   `json:"runs"`
	Brier float64 `json:"brier"` // (P - happened)²
	Log   float64 `json:"log"`   // -ln of the smoothed probability of what happened
	// Persist is the naive forecast (the class's state in the equal window
	// before the trigger, 1 or 0) and PersistBrier its Brier term.
	Persist      float64 `json:"persist"`
	PersistBrier float64 `json:"persist_brier"`
	Surprise     bool    `json:"surprise"`
}

// PHappened is the probability brink gave to what happened.
func (c ClassScore) PHappened() float64 {
	if c.Happened {
		return c.P
	}
	return 1 - c.P
}

// Score sums up a set of classes or episodes.
type Score struct {
	Episodes     int     `json:"episodes"`
	Classes      int     `json:"classes"`
	Brier        float64 `json:"brier"`         // mean Brier term
	Log          float64 `json:"log"`           // mean log-score term
	PersistBrier float64 `json:"persist_brier"` // mean Brier of naive persistence
	// SkillBase is 1 - Brier/0.25: above 0 beats always saying 50%.
	SkillBase float64 `json:"skill_base"`
	// LogSkill is 1 - Log/ln 2, the same against the base rate in log score.
	LogSkill float64 `json:"log_skill"`
	// SkillPersist is 1 - Brier/PersistBrier; absent (NaN in Go) when
	// persistence scores a perfect 0.
	SkillPersist float64 `json:"-"`
	Surprises    int     `json:"surprises"`
	// BrierLo and BrierHi are a 95% bootstrap interval of Brier over the
	// episodes (resampled whole), for scores of several episodes.
	BrierLo float64 `json:"brier_lo"`
	BrierHi float64 `json:"brier_hi"`
}

// scoreClass fills the scores of a class from its run counts.
func scoreClass(c *ClassScore) {
	n, k := c.Runs, c.Held
	c.P = float64(k) / float64(n)
	c.Lo, c.Hi = stats.Wilson(k, n)
	o := b01(c.Happened)
	c.Brier = float64((c.P - o) * (c.P - o))
	// Smoothed as by Krichevsky and Trofimov (add 1/2 to each side), so
	// that a class no run produced costs a finite ln(2n+2), not infinity.
	ps := (float64(k) + 0.5) / (float64(n) + 1)
	if !c.Happened {
		ps = 1 - ps
	}
	c.Log = -math.Log(ps)
	c.PersistBrier = float64((c.Persist - o) * (c.Persist - o))
	c.Surprise = (c.Happened && c.P < SurpriseLow) || (!c.Happened && c.P > SurpriseHigh)
}

// episodeScore sums up one episode's classes: means over its classes.
func episodeScore(cs []ClassScore) Score {
	s := Score{Episodes: 1, Classes: len(cs)}
	for _, c := range cs {
		s.Brier += c.Brier
		s.Log += c.Log
		s.PersistBrier += c.PersistBrier
		if c.Surprise {
			s.Surprises++
		}
	}
	if len(cs) > 0 {
		k := float64(len(cs))
		s.Brier /= k
		s.Log /= k
		s.PersistBrier /= k
	}
	s.finish()
	s.BrierLo, s.BrierHi = s.Brier, s.Brier
	return s
}

func (s *Score) finish() {
	s.SkillBase = 1 - s.Brier/BaseBrier
	s.LogSkill = 1 - s.Log/BaseLog
	s.SkillPersist = math.NaN()
	if s.PersistBrier > 0 {
		s.SkillPersist = 1 - s.Brier/s.PersistBrier
	}
}

// bootstrapResamples is the number of resamples of the interval of a
// library's Brier score; bootstrapSeed makes it the same on every machine.
const (
	bootstrapResamples = 4000
	bootstrapSeed      = 0x6272696e6b // "brink"
)

// combine sums up episodes: each episode weighs the same, whatever its
// number of classes (a mean of the episodes' means), so that a crisis
// written with many classes does not outweigh one written with few.
func combine(eps []*EpisodeScore) Score {
	var s Score
	if len(eps) == 0 {
		s.finish()
		return s
	}
	briers := make([]float64, len(eps))
	for i, e := range eps {
		s.Episodes++
		s.Classes += e.Score.Classes
		s.Brier += e.Score.Brier
		s.Log += e.Score.Log
		s.PersistBrier += e.Score.PersistBrier
		s.Surprises += e.Score.Surprises
		briers[i] = e.Score.Brier
	}
	k := float64(len(eps))
	s.Brier /= k
	s.Log /= k
	s.PersistBrier /= k
	s.finish()
	s.BrierLo, s.BrierHi = bootstrapMean(briers)
	return s
}

// ClassInterval is a 95% bootstrap interval of an episode's Brier score
// over its classes (resampled whole, as bootstrapMean does for the
// library's episodes): how much the score depends on which of the
// episode's events were written down. Score's BrierLo and BrierHi of one
// episode are its Brier score alone.
func (e *EpisodeScore) ClassInterval() (lo, hi float64) {
	briers := make([]float64, len(e.Classes))
	for i, c := range e.Classes {
		briers[i] = c.Brier
	}
	return bootstrapMean(briers)
}

// bootstrapMean is the percentile 95% interval of the mean of xs, from
// resamples drawn with a fixed-seed generator (splitmix64), so that the
// interval is the same bits everywhere.
func bootstrapMean(xs []float64) (lo, hi float64) {
	n := len(xs)
	if n < 2 {
		m := 0.0
		if n == 1 {
			m = xs[0]
		}
		return m, m
	}
	state := uint64(bootstrapSeed)
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		z := state
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	means := make([]float64, bootstrapResamples)
	for r := range means {
		sum := 0.0
		for range n {
			sum += xs[next()%uint64(n)]
		}
		means[r] = sum / float64(n)
	}
	slices.Sort(means)
	return means[int(0.025*bootstrapResamples)], means[int(0.975*bootstrapResamples)-1]
}

// Bin is one bin of a reliability diagram: the classes whose forecast fell
// in [From, To), how many, their mean forecast, and how often what they
// forecast happened, with its Wilson 95% interval.
type Bin struct {
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	Classes  int     `json:"classes"`
	Forecast float64 `json:"forecast"`
	Observed float64 `json:"observed"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
}

// ReliabilityBins is the number of equal bins of a reliability diagram.
const ReliabilityBins = 10

// reliability bins every class of eps by its forecast. Empty bins are
// left out.
func reliability(eps []*EpisodeScore) []Bin {
	type acc struct {
		n, hits int64
		sum     float64
	}
	var bins [ReliabilityBins]acc
	for _, e := range eps {
		for _, c := range e.Classes {
			b := min(int(c.P*ReliabilityBins), ReliabilityBins-1)
			bins[b].n++
			bins[b].sum += c.P
			if c.Happened {
				bins[b].hits++
			}
		}
	}
	var out []Bin
	for i, a := range bins {
		if a.n == 0 {
			continue
		}
		lo, hi := stats.Wilson(a.hits, a.n)
		out = append(out, Bin{
			From: float64(i) / ReliabilityBins, To: float64(i+1) / ReliabilityBins,
			Classes: int(a.n), Forecast: a.sum / float64(a.n), Observed: float64(a.hits) / float64(a.n), Lo: lo, Hi: hi,
		})
	}
	return out
}
