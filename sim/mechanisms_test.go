package sim

import (
	"fmt"
	"math"
	"testing"

	"brink/stats"
)

// A comparison is one mechanism test of design §1: two variants of a small
// scenario in testdata/mechanisms run on common random numbers (the same
// seed and run indices), and the paired 95% interval of the difference
// (second minus first) must exclude zero in the stated direction. A
// mechanism that does not show its effect is a bug in the model or the test:
// never loosen one to pass.
type comparison struct {
	name  string
	file  string
	a, b  string
	runs  int
	want  int                               // +1: b above a; -1: b below a
	event func(m *Model, r *Result) bool    // a proportion, or
	value func(m *Model, r *Result) float64 // a mean
}

const mechanismSeed = 20240401

func actorIndex(m *Model, id string) int {
	for i, a := range m.Actors {
		if a == id {
			return i
		}
	}
	panic("no actor " + id)
}

func rungIndex(m *Model, id string) int {
	k, ok := m.Ladder.Index(id)
	if !ok {
		panic("no rung " + id)
	}
	return k
}

// kinetic counts a's kinetic acts against b.
func kinetic(a, b string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		return float64(r.Kinetic[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)])
	}
}

// maxRung is a's highest rung level against b.
func maxRung(a, b string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		return float64(int(r.MaxRung[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)]) - m.Ladder.StatusQuo)
	}
}

// reached: either side of the pair reached rung id.
func reached(a, b, id string) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		n, k := len(m.Actors), rungIndex(m, id)
		i, j := actorIndex(m, a), actorIndex(m, b)
		return int(r.MaxRung[i*n+j]) >= k || int(r.MaxRung[j*n+i]) >= k
	}
}

func settled(a, b string) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		return r.SettledDay[actorIndex(m, a)*len(m.Actors)+actorIndex(m, b)] >= 0
	}
}

func sum(fs ...func(*Model, *Result) float64) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		s := 0.0
		for _, f := range fs {
			s += f(m, r)
		}
		return s
	}
}

// run returns the difference (b − a) and its paired 95% interval.
func (c comparison) run(t *testing.T) (diff, lo, hi float64, detail string) {
	ma := loadTestdata(t, "mechanisms/"+c.file, c.a)
	mb := loadTestdata(t, "mechanisms/"+c.file, c.b)
	sa, sb := ma.NewState(), mb.NewState()
	ra, rb := ma.NewResult(), mb.NewResult()
	var tab stats.Paired2x2
	var mom stats.Moments
	var meanA, meanB float64
	for run := uint64(0); run < uint64(c.runs); run++ {
		sa.Run(mechanismSeed, run, ra, nil)
		sb.Run(mechanismSeed, run, rb, nil)
		if c.event != nil {
			ea, eb := c.event(ma, ra), c.event(mb, rb)
			switch {
			case ea && eb:
				tab.Both++
			case ea:
				tab.FirstOnly++
			case eb:
				tab.SecondOnly++
			default:
				tab.Neither++
			}
			continue
		}
		va, vb := c.value(ma, ra), c.value(mb, rb)
		meanA += va
		meanB += vb
		mom.Add(vb - va)
	}
	if c.event != nil {
		diff, lo, hi = stats.PairedDifference(tab)
		n := float64(tab.N())
		detail = fmt.Sprintf("P = %.3f (%s) vs %.3f (%s)", float64(tab.Both+tab.FirstOnly)/n, c.a, float64(tab.Both+tab.SecondOnly)/n, c.b)
		return
	}
	diff, lo, hi = mom.MeanInterval()
	detail = fmt.Sprintf("mean %.3f (%s) vs %.3f (%s)", meanA/float64(c.runs), c.a, meanB/float64(c.runs), c.b)
	return
}

func (c comparison) check(t *testing.T) {
	t.Helper()
	diff, lo, hi, detail := c.run(t)
	msg := fmt.Sprintf("%s: %s − %s = %+.4f [%+.4f, %+.4f] over %d paired runs; %s", c.name, c.b, c.a, diff, lo, hi, c.runs, detail)
	if (c.want > 0 && lo <= 0) || (c.want < 0 && hi >= 0) {
		t.Errorf("effect not shown: %s", msg)
		return
	}
	t.Log(msg)
}

func TestMechanisms(t *testing.T) {
	for _, c := range mechanismCases {
		t.Run(c.name, func(t *testing.T) { c.check(t) })
	}
}

var mechanismCases = []comparison{
	{name: "M2 autonomy: more proxy attacks", file: "m02-autonomy.yaml", a: "short-leash", b: "autonomous",
		runs: 300, want: +1, value: kinetic("HEZ", "ISR")},
	{name: "M2 autonomy: more patron-adversary incidents", file: "m02-autonomy.yaml", a: "short-leash", b: "autonomous",
		runs: 300, want: +1, value: sum(kinetic("ISR", "IRN"), kinetic("IRN", "ISR"))},
	{name: "M2 autonomy: a short leash carries a deterred patron's strikes", file: "m02-delegation.yaml", a: "short-leash", b: "autonomous",
		runs: 300, want: -1, value: kinetic("GRP", "TGT")},
	{name: "M4 protects: direct strikes by the protector", file: "m04-protects.yaml", a: "no-equation", b: "new-equation",
		runs: 300, want: +1, value: kinetic("IRN", "ISR")},
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M5 posture: fewer direct strikes", file: "m05-posture.yaml", a: "no-carriers", b: "carriers",
			runs: 300, want: -1, value: kinetic("IRN", "ISR")},
		comparison{name: "M5 posture: more proxy strikes", file: "m05-posture.yaml", a: "no-carriers", b: "carriers",
			runs: 300, want: +1, value: kinetic("HEZ", "ISR")},
		comparison{name: "M6 channels: intermediary below none", file: "m06-channels.yaml", a: "none", b: "intermediary",
			runs: 1000, want: -1, event: reached("ISR", "IRN", "war")},
		comparison{name: "M6 channels: direct below intermediary", file: "m06-channels.yaml", a: "intermediary", b: "direct",
			runs: 1000, want: -1, event: reached("ISR", "IRN", "war")},
		comparison{name: "M6 channels: a distrusted mediator helps little", file: "m06-channels.yaml", a: "intermediary", b: "distrusted",
			runs: 1000, want: +1, event: reached("ISR", "IRN", "war")},
	)
}

func damage(a string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 { return r.Damage[actorIndex(m, a)] }
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M7 reassurance lowers the answer", file: "m07-reassurance.yaml", a: "silent", b: "reassured",
			runs: 400, want: -1, value: maxRung("IRN", "ISR")},
		comparison{name: "M8 misperception: more escalation", file: "m08-misperception.yaml", a: "clear", b: "foggy",
			runs: 600, want: +1, event: reached("ISR", "IRN", "war")},
		comparison{name: "M8 attribution: retaliation moves onto the patron", file: "m08-attribution.yaml", a: "deniable", b: "attributed",
			runs: 300, want: +1, value: kinetic("ISR", "IRN")},
		comparison{name: "M9 interception: less damage", file: "m09-interception.yaml", a: "porous", b: "shielded",
			runs: 300, want: -1, value: damage("ISR")},
		comparison{name: "M9 interception: less retaliation", file: "m09-interception.yaml", a: "porous", b: "shielded",
			runs: 600, want: -1, value: kinetic("ISR", "IRN")},
		comparison{name: "M10 commitment deters attacks on the ally", file: "m10-alliance.yaml", a: "wavering", b: "committed",
			runs: 400, want: -1, value: kinetic("IRN", "ISR")},
		comparison{name: "M10 commitment draws the ally in", file: "m10-alliance.yaml", a: "wavering", b: "committed",
			runs: 400, want: +1, value: kinetic("USA", "IRN")},
		comparison{name: "M11 strain lowers escalation", file: "m11-domestic.yaml", a: "calm", b: "strained",
			runs: 300, want: -1, value: damage("ISR")},
		comparison{name: "M11 hawks raise escalation", file: "m11-domestic.yaml", a: "calm", b: "hawkish",
			runs: 300, want: +1, value: damage("ISR")},
		comparison{name: "M11 an election switches doctrine", file: "m11-domestic.yaml", a: "calm", b: "election",
			runs: 300, want: +1, value: damage("ISR")},
		comparison{name: "M12 succession: a pragmatic successor escalates less", file: "m12-succession.yaml", a: "no-succession", b: "succession",
			runs: 300, want: -1, value: kinetic("IRN", "ISR")},
		comparison{name: "M13 pragmatism: talks accepted and settled", file: "m13-pragmatism.yaml", a: "ideological", b: "pragmatic",
			runs: 400, want: +1, event: settled("ISR", "IRN")},
		comparison{name: "M13 pragmatism: absorbs more", file: "m13-pragmatism.yaml", a: "ideological", b: "pragmatic",
			runs: 300, want: -1, value: kinetic("IRN", "ISR")},
		comparison{name: "M14 including the spoiler: fewer attacks on the process", file: "m14-spoiler.yaml", a: "excluded", b: "included",
			runs: 300, want: -1, value: kinetic("HAM", "ISR")},
		comparison{name: "M14 including the spoiler: fewer breakdowns", file: "m14-spoiler.yaml", a: "excluded", b: "included",
			runs: 600, want: -1, event: func(m *Model, r *Result) bool { return r.ProcessBroken[0] >= 0 }},
		comparison{name: "M15 a channel makes settlements likelier", file: "m15-settlement.yaml", a: "no-channel", b: "channel",
			runs: 400, want: +1, event: settled("SAU", "IRN")},
		comparison{name: "M15 a settlement lowers later escalation", file: "m15-settlement.yaml", a: "no-channel", b: "settled",
			runs: 300, want: -1, value: sum(kinetic("SAU", "IRN"), kinetic("IRN", "SAU"))},
		comparison{name: "M16 attacks speed breakout", file: "m16-nuclear.yaml", a: "unprovoked", b: "attacked",
			runs: 200, want: -1, value: func(m *Model, r *Result) float64 {
				if b := r.Breakout[actorIndex(m, "IRN")]; b >= 0 {
					return float64(b)
				}
				return float64(m.Days)
			}},
		comparison{name: "M17 the smaller side is exhausted first", file: "m17-endurance.yaml", a: "iran-smaller", b: "israel-smaller",
			runs: 300, want: +1, event: func(m *Model, r *Result) bool {
				i, j := r.Exhausted[actorIndex(m, "ISR")], r.Exhausted[actorIndex(m, "IRN")]
				return i >= 0 && (j < 0 || i < j)
			}},
		comparison{name: "M18 regional mediators make a settlement likelier", file: "m18-mediators.yaml", a: "alone", b: "regional",
			runs: 400, want: +1, event: func(m *Model, r *Result) bool { return r.ProcessSettled[0] >= 0 }},
		comparison{name: "M18 a mediator allied to one side helps less", file: "m18-mediators.yaml", a: "regional", b: "american",
			runs: 400, want: -1, event: func(m *Model, r *Result) bool { return r.ProcessSettled[0] >= 0 }},
		comparison{name: "M19 a scheduled strike starts the exchange that day", file: "m19-scheduled.yaml", a: "quiet", b: "consulate",
			runs: 300, want: +1, event: func(m *Model, r *Result) bool {
				i, j := actorIndex(m, "ISR"), actorIndex(m, "IRN")
				return r.FirstDay[(i*len(m.Actors)+j)*m.Ladder.Len()+rungIndex(m, "decapitate")] == 10 && r.Kinetic[j*len(m.Actors)+i] > 0
			}},
		comparison{name: "M21 with a channel, escalate-to-deescalate ends exchanges sooner", file: "m21-e2d.yaml", a: "tft-channel", b: "e2d-channel",
			runs: 300, want: -1, value: sum(kinetic("ISR", "IRN"), kinetic("IRN", "ISR"))},
		comparison{name: "M21 without a channel, escalate-to-deescalate spirals more", file: "m21-e2d.yaml", a: "tft-none", b: "e2d-none",
			runs: 400, want: +1, event: reached("ISR", "IRN", "war")},
		comparison{name: "M22 telegraphed strikes do less damage", file: "m22-telegraph.yaml", a: "unannounced", b: "telegraphed",
			runs: 300, want: -1, value: damage("ISR")},
		comparison{name: "M22 telegraphed strikes are answered less", file: "m22-telegraph.yaml", a: "unannounced", b: "telegraphed",
			runs: 400, want: -1, value: maxRung("ISR", "IRN")},
	)
}

// exchangeEnded: the pair had at least two kinetic acts, never reached war,
// and was quiet (no kinetic rung) over the last 60 days.
func exchangeEnded(a, b string) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		i, j := actorIndex(m, a), actorIndex(m, b)
		n := len(m.Actors)
		if r.Kinetic[i*n+j]+r.Kinetic[j*n+i] < 2 || reached(a, b, "war")(m, r) {
			return false
		}
		k := trackedIndex(m, i, j)
		for d := m.Days - 60; d < m.Days; d++ {
			if m.Ladder.Rungs[r.Daily[d*len(m.Tracked)+k]].Kinetic {
				return false
			}
		}
		return true
	}
}

func trackedIndex(m *Model, i, j int) int {
	for k, p := range m.Tracked {
		if (p[0] == i && p[1] == j) || (p[0] == j && p[1] == i) {
			return k
		}
	}
	panic("pair not tracked")
}

// TestM3ExchangesEndAndSpiral: the april scenario produces both short
// exchanges that end and spirals to war, each with a frequency whose 95%
// Wilson interval excludes 0 and 1; and the consulate strike is what starts
// them (paired against the variant without it).
func TestM3ExchangesEndAndSpiral(t *testing.T) {
	const runs = 600
	m := loadTestdata(t, "mechanisms/m03-april.yaml", "consulate-strike")
	st, res := m.NewState(), m.NewResult()
	var ended, spiral int64
	for run := uint64(0); run < runs; run++ {
		st.Run(mechanismSeed, run, res, nil)
		if exchangeEnded("ISR", "IRN")(m, res) {
			ended++
		}
		if reached("ISR", "IRN", "war")(m, res) {
			spiral++
		}
	}
	for _, o := range []struct {
		name string
		k    int64
	}{{"ended", ended}, {"spiral", spiral}} {
		lo, hi := stats.Wilson(o.k, runs)
		t.Logf("M3 %s: %.3f [%.3f, %.3f]", o.name, float64(o.k)/runs, lo, hi)
		if lo <= 0 || hi >= 1 {
			t.Errorf("M3: %s frequency %.3f [%.3f, %.3f] does not exclude 0 and 1", o.name, float64(o.k)/runs, lo, hi)
		}
	}
	comparison{name: "M3 the strike starts exchanges", file: "m03-april.yaml", a: "no-consulate-strike", b: "consulate-strike",
		runs: 300, want: +1, event: func(m *Model, r *Result) bool {
			n := len(m.Actors)
			i, j := actorIndex(m, "ISR"), actorIndex(m, "IRN")
			return r.Kinetic[j*n+i] > 0
		}}.check(t)
}

// TestM20PairedComparison: variants on common random numbers give a paired
// interval for the difference far narrower than comparing two independent
// samples of the same size would (the comparison `brink run` prints).
func TestM20PairedComparison(t *testing.T) {
	c := comparison{name: "M20 direct channel vs none", file: "m06-channels.yaml", a: "none", b: "direct",
		runs: 1000, want: -1, event: reached("ISR", "IRN", "war")}
	diff, lo, hi, detail := c.run(t)
	// The unpaired (independent samples) 95% interval of the same difference.
	var pa, pb float64
	fmt.Sscanf(detail, "P = %f (none) vs %f (direct)", &pa, &pb)
	n := float64(c.runs)
	half := 1.959963984540054 * math.Sqrt(pa*(1-pa)/n+pb*(1-pb)/n)
	t.Logf("paired %+.4f [%+.4f, %+.4f] width %.4f; unpaired width %.4f; %s", diff, lo, hi, hi-lo, 2*half, detail)
	if hi >= 0 {
		t.Errorf("paired interval does not exclude zero")
	}
	if hi-lo >= 2*half {
		t.Errorf("paired interval (%.4f) not narrower than unpaired (%.4f)", hi-lo, 2*half)
	}
}

// TestM1ManyActors: a twelve-actor scenario runs; its runs are reproducible;
// most of its actors take part (at least half act kinetically in some run);
// and a variant changes it measurably (groups on a short leash lower the
// Rivera score, paired).
func TestM1ManyActors(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m01-region.yaml", "baseline")
	if len(m.Actors) < 10 {
		t.Fatalf("only %d actors", len(m.Actors))
	}
	st, res := m.NewState(), m.NewResult()
	n := len(m.Actors)
	acted := make([]bool, n)
	for run := uint64(0); run < 100; run++ {
		st.Run(mechanismSeed, run, res, nil)
		for p, k := range res.Kinetic {
			if k > 0 {
				acted[p/n] = true
			}
		}
	}
	var who []string
	for i, a := range acted {
		if a {
			who = append(who, m.Actors[i])
		}
	}
	t.Logf("M1: %d actors; acted kinetically: %v", n, who)
	if len(who) < n/2 {
		t.Errorf("only %v of %d actors ever act kinetically", who, n)
	}
	comparison{name: "M1 leashed groups lower the Rivera score", file: "m01-region.yaml", a: "baseline", b: "leashed",
		runs: 100, want: -1, value: func(m *Model, r *Result) float64 { return r.RiveraMean() }}.check(t)
}

// TestM16NoNuclearBeforeBreakout: whatever the doctrine asks, a latent
// actor's nuclear rung is never executed before its breakout day, and is
// after it.
func TestM16NoNuclearBeforeBreakout(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m16-nuclear.yaml", "attacked")
	st, res := m.NewState(), m.NewResult()
	n, irn, isr := len(m.Actors), actorIndex(m, "IRN"), actorIndex(m, "ISR")
	nuc := rungIndex(m, "nuclear")
	used := 0
	for run := uint64(0); run < 200; run++ {
		st.Run(mechanismSeed, run, res, nil)
		first := res.FirstDay[(irn*n+isr)*m.Ladder.Len()+nuc]
		b := res.Breakout[irn]
		if first >= 0 && (b < 0 || first <= b) {
			t.Fatalf("run %d: nuclear use on day %d, breakout day %d", run, first, b)
		}
		if first >= 0 {
			used++
		}
	}
	if used == 0 {
		t.Fatal("the nuclear rung was never used after breakout: the gate never opens")
	}
}

// firstKinetic is the first day a executed a kinetic rung against b (the
// horizon when never).
func firstKinetic(a, b string) func(*Model, *Result) float64 {
	return func(m *Model, r *Result) float64 {
		n, R := len(m.Actors), m.Ladder.Len()
		p := actorIndex(m, a)*n + actorIndex(m, b)
		for k := 0; k < R; k++ {
			if m.Ladder.Rungs[k].Kinetic {
				if d := r.FirstDay[p*R+k]; d >= 0 {
					return float64(d)
				}
				break // FirstDay is the first day at k or higher
			}
		}
		return float64(m.Days)
	}
}

// lateAnswer: a's first kinetic act against b came on day `from` or later.
func lateAnswer(a, b string, from int) func(*Model, *Result) bool {
	return func(m *Model, r *Result) bool {
		n, R := len(m.Actors), m.Ladder.Len()
		p := actorIndex(m, a)*n + actorIndex(m, b)
		for k := 0; k < R; k++ {
			if m.Ladder.Rungs[k].Kinetic {
				return r.FirstDay[p*R+k] >= int32(from)
			}
		}
		return false
	}
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M23 memory: more answers", file: "m23-memory.yaml", a: "forgetful", b: "deliberate",
			runs: 400, want: +1, value: kinetic("IRN", "ISR")},
		comparison{name: "M23 memory: more late answers", file: "m23-memory.yaml", a: "forgetful", b: "deliberate",
			runs: 400, want: +1, event: lateAnswer("IRN", "ISR", 10)},
		comparison{name: "M23 satiation: fewer kinetic acts from non-kinetic exchanges", file: "m23-satiation.yaml", a: "ratchet", b: "satiated",
			runs: 400, want: -1, value: sum(kinetic("USA", "CHN"), kinetic("CHN", "USA"))},
		comparison{name: "M23 satiation: the exchange dies down", file: "m23-satiation.yaml", a: "ratchet", b: "satiated",
			runs: 400, want: -1, value: func(m *Model, r *Result) float64 { return r.RiveraMean() }},
		comparison{name: "directives: a weak group carries out fewer of them", file: "m23-directive.yaml", a: "strong-group", b: "weak-group",
			runs: 300, want: -1, value: kinetic("HEZ", "ISR")},
		comparison{name: "scheduled acts of record do their full damage", file: "m19-exact.yaml", a: "planned", b: "of-record",
			runs: 300, want: +1, value: damage("IRN")},
		comparison{name: "M26 attrition: the worn side's barrages do less damage", file: "m26-attrition.yaml", a: "intact", b: "worn",
			runs: 300, want: -1, value: damage("ISR")},
		comparison{name: "M30 alert: earlier answers", file: "m30-readiness.yaml", a: "unready", b: "alert",
			runs: 300, want: -1, value: firstKinetic("ISR", "IRN")},
	)
}

// TestDirectiveBelowTheDeterredRung: a patron deterred from war orders its
// group one rung lower, and the group's act passes through its own
// deterrence: the group never acts at war, and its patron's directives are
// carried out less often by a weak group (TestMechanisms).
func TestDirectiveBelowTheDeterredRung(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m23-directive.yaml", "strong-group")
	st, res := m.NewState(), m.NewResult()
	n, hez, isr, war := len(m.Actors), actorIndex(m, "HEZ"), actorIndex(m, "ISR"), rungIndex(m, "war")
	acted := 0
	for run := uint64(0); run < 200; run++ {
		st.Run(mechanismSeed, run, res, nil)
		if int(res.MaxRung[hez*n+isr]) >= war {
			t.Fatalf("run %d: the group acted at war on its patron's behalf", run)
		}
		if res.Kinetic[hez*n+isr] > 0 {
			acted++
		}
	}
	if acted == 0 {
		t.Fatal("the group never acted: no directive was given or every one was deterred")
	}
}

// TestExactActsAsWritten: an act of record does its rung's damage times
// the target's vulnerability in every run, whatever the air defence.
func TestExactActsAsWritten(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m19-exact.yaml", "of-record")
	st, res := m.NewState(), m.NewResult()
	want := m.Ladder.Rungs[rungIndex(m, "decapitate")].Damage
	for run := uint64(0); run < 100; run++ {
		st.Run(mechanismSeed, run, res, nil)
		if got := res.Damage[actorIndex(m, "IRN")]; got != want {
			t.Fatalf("run %d: damage %v, want %v", run, got, want)
		}
	}
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M31 notice through a third party: less damage", file: "m31-notice.yaml", a: "unannounced", b: "through-iraq",
			runs: 300, want: -1, value: damage("USA")},
		// "Answered less" held before issue 15 was merged (−0.105 levels,
		// [−0.137, −0.073]); with its kernel the US's highest answer is
		// +0.07 [+0.04, +0.10] with notice through Iraq. Not shown, and
		// reported (docs/model.md §12); not loosened.
		comparison{name: "M31 notice through a third party is counted", file: "m31-notice.yaml", a: "unannounced", b: "through-iraq",
			runs: 100, want: +1, value: func(m *Model, r *Result) float64 {
				return float64(m.View(r).Noticed(actorIndex(m, "IRN"), actorIndex(m, "USA")))
			}},
		comparison{name: "M31 symbolic answers do less damage", file: "m31-symbolic.yaml", a: "in-kind", b: "symbolic",
			runs: 300, want: -1, value: damage("ISR")},
	)
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M25 a counter-proliferation trigger raises strikes on the proliferator", file: "m25-conditions.yaml", a: "no-trigger", b: "trigger",
			runs: 300, want: +1, value: kinetic("ISR", "IRN")},
	)
}

// TestM25ConditionsAndJoin: a conditional strike happens on the first day
// its condition holds over the live state (latency 150 days falls to 120
// on day 30), and an ally joins the war on the day after it begins.
func TestM25ConditionsAndJoin(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m25-conditions.yaml", "joins")
	st, res := m.NewState(), m.NewResult()
	n, R := len(m.Actors), m.Ladder.Len()
	isr, irn, usa, war := actorIndex(m, "ISR"), actorIndex(m, "IRN"), actorIndex(m, "USA"), rungIndex(m, "war")
	for run := uint64(0); run < 50; run++ {
		st.Run(mechanismSeed, run, res, nil)
		first := res.FirstDay[(isr*n+irn)*R+war]
		if first != 30 {
			t.Fatalf("run %d: Israel's war on Iran began on day %d, want 30 (latency 120)", run, first)
		}
		if joined := res.FirstDay[(usa*n+irn)*R+war]; first >= 0 && joined != first+1 {
			t.Fatalf("run %d: the United States joined on day %d, the war began on day %d", run, joined, first)
		}
	}
}

func campaignEnd(m *Model, r *Result) float64 {
	if d := r.CampaignEnd[0]; d >= 0 {
		return float64(d)
	}
	return float64(m.Days)
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "M24 a campaign ends sooner when its aim is easier", file: "m24-campaign.yaml", a: "hard-aim", b: "easy-aim",
			runs: 300, want: -1, value: campaignEnd},
	)
}

// TestM24CampaignLayered: the campaign starts on its day, acts only while
// it runs (no strike of Israel's before it, its aim met when it ends), and
// the pair's reaction doctrine still answers what it does not cover (an
// Iranian barrage with a barrage).
func TestM24CampaignLayered(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m24-campaign.yaml", "hard-aim")
	st, res := m.NewState(), m.NewResult()
	n, R := len(m.Actors), m.Ladder.Len()
	isr, irn := actorIndex(m, "ISR"), actorIndex(m, "IRN")
	strike, barrage := rungIndex(m, "strike"), rungIndex(m, "barrage")
	answered, ended := 0, 0
	for run := uint64(0); run < 100; run++ {
		st.Run(mechanismSeed, run, res, nil)
		if s := res.CampaignStart[0]; s != 5 {
			t.Fatalf("run %d: campaign began on day %d, want 5", run, s)
		}
		if f := res.FirstDay[(isr*n+irn)*R+strike]; f >= 0 && f < 5 {
			t.Fatalf("run %d: Israel struck on day %d, before its campaign", run, f)
		}
		if res.CampaignEnd[0] >= 0 {
			ended++
		}
		if res.MaxRung[isr*n+irn] >= int16(barrage) {
			answered++
		}
	}
	if ended == 0 || answered == 0 {
		t.Fatalf("over 100 runs: the campaign ended in %d, Israel answered a barrage in %d; want both", ended, answered)
	}
}

func init() {
	mechanismCases = append(mechanismCases,
		// After issue 15's ceasefires were merged, wars in this scenario
		// fell to 0.4% of runs and a hotline's effect on them is no longer
		// measurable (P 0.004 against 0.003); its effect on the exchange is.
		comparison{name: "several channels: a hotline beside a mediated route means fewer kinetic acts", file: "m06-two-channels.yaml", a: "mediated", b: "with-hotline",
			runs: 1000, want: -1, value: sum(kinetic("ISR", "IRN"), kinetic("IRN", "ISR"))},
	)
}

// TestSeveralChannels: a pair may have two channels, each kept with its
// own parameters, and an event on the pair opens or closes both.
func TestSeveralChannels(t *testing.T) {
	m := loadTestdata(t, "mechanisms/m06-two-channels.yaml", "hotline-cut")
	if len(m.channels) != 2 || m.ChannelNames[0] != "ISR-IRN oman" || m.ChannelNames[1] != "ISR-IRN hotline" {
		t.Fatalf("channels %v", m.ChannelNames)
	}
	if m.channels[1].uptime != 0.5 || m.channels[0].delay != 1 {
		t.Fatalf("channel parameters mixed up: %+v", m.channels)
	}
	closes := 0
	for _, ev := range m.events {
		if ev.kind == evCloseChannel {
			closes++
		}
	}
	if closes != 2 {
		t.Fatalf("%d close events, want one per channel of the pair", closes)
	}
	st, res := m.NewState(), m.NewResult()
	st.Run(mechanismSeed, 0, res, nil)
	if st.chanOpen[0] || st.chanOpen[1] {
		t.Fatal("closing the pair's channels left one open")
	}
}

func init() {
	mechanismCases = append(mechanismCases,
		comparison{name: "answer packages: the third party is struck with each answer", file: "m23-answers.yaml", a: "answer-only", b: "package",
			runs: 300, want: +1, value: kinetic("ISR", "HEZ")},
		comparison{name: "answer packages: the package costs the answering side", file: "m23-answers.yaml", a: "answer-only", b: "package",
			runs: 300, want: +1, value: func(m *Model, r *Result) float64 { return r.Strain[actorIndex(m, "ISR")] }},
	)
}

// TestCampaignAgainstAFriend: a campaign acts on a pair that never decides
// otherwise (friends, in a scenario whose pairs all decide or are declared
// friendly), so the pair is woken even where decide could walk a flat list.
func TestCampaignAgainstAFriend(t *testing.T) {
	const src = `
name: friend-campaign
title: a campaign against a friend
start: 2025-01-01
horizon: 30d
ladder: standard
actors:
  AAA: {name: A, kind: state, campaigns: [{id: squeeze, target: BBB, rungs: {sanction: 1}, for: 10d}]}
  BBB: {name: B, kind: state}
relations:
  - {between: [AAA, BBB], stance: friendly}
`
	m := compileSource(t, "friend.yaml", []byte(src), "")
	st, res := m.NewState(), m.NewResult()
	st.Run(1, 0, res, nil)
	if got, want := res.MaxRung[0*2+1], int16(rungIndex(m, "sanction")); got != want {
		t.Fatalf("the campaign's highest rung %d, want sanction (%d)", got, want)
	}
	if res.CampaignStart[0] != 0 || res.CampaignEnd[0] != 10 {
		t.Fatalf("campaign days %d to %d, want 0 to 10", res.CampaignStart[0], res.CampaignEnd[0])
	}
}
