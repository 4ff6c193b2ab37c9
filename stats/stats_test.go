package stats

import (
	"math"
	"testing"
)

// near reports whether got rounds to want at the published number of decimals.
func near(got, want float64, decimals int) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, -float64(decimals))+1e-12
}

// Newcombe RG (1998). Two-sided confidence intervals for the single
// proportion: comparison of seven methods. Stat Med 17:857–872, Table I,
// method 3 (Wilson score, no continuity correction), 4 decimals.
func TestWilsonNewcombe1998(t *testing.T) {
	cases := []struct {
		x, n   int64
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, c := range cases {
		lo, hi := Wilson(c.x, c.n)
		if !near(lo, c.lo, 4) || !near(hi, c.hi, 4) {
			t.Errorf("Wilson(%d, %d) = [%.5f, %.5f], published [%.4f, %.4f]", c.x, c.n, lo, hi, c.lo, c.hi)
		}
	}
}

// The Wilson interval is the set of p the score test does not reject
// (Wilson 1927; Brown, Cai and DasGupta 2001, eq. 4): at each finite bound,
// (p̂ − p)² = z²·p(1−p)/n.
func TestWilsonInvertsScoreTest(t *testing.T) {
	for _, c := range [][2]int64{{3, 10}, {1, 1000}, {500, 1000}, {99, 100}, {7, 7000000}} {
		x, n := c[0], c[1]
		lo, hi := Wilson(x, n)
		ph := float64(x) / float64(n)
		for _, p := range []float64{lo, hi} {
			lhs := (ph - p) * (ph - p)
			rhs := Z95 * Z95 * p * (1 - p) / float64(n)
			if math.Abs(lhs-rhs) > 1e-12*max(rhs, 1e-300)+1e-18 {
				t.Errorf("x=%d n=%d bound %v: (p̂−p)² = %g, z²p(1−p)/n = %g", x, n, p, lhs, rhs)
			}
		}
		if !(lo < ph && ph < hi) {
			t.Errorf("x=%d n=%d: p̂ %v outside [%v, %v]", x, n, ph, lo, hi)
		}
	}
}

func TestWilsonEdges(t *testing.T) {
	cases := []struct {
		x, n   int64
		lo, hi float64
	}{
		{0, 0, 0, 1}, {5, 0, 0, 1}, {-1, 0, 0, 1},
		{0, 1, 0, 0.7935}, {1, 1, 0.2065, 1}, // n = 1: hi = z²/(1+z²)
		{-3, 10, 0, 0.2775}, {12, 10, 0.7225, 1}, // clamped to 0/10 and 10/10
	}
	for _, c := range cases {
		lo, hi := Wilson(c.x, c.n)
		if !near(lo, c.lo, 4) || !near(hi, c.hi, 4) || math.IsNaN(lo) || math.IsNaN(hi) {
			t.Errorf("Wilson(%d, %d) = [%v, %v], want [%v, %v]", c.x, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := WilsonZ(5, 10, math.NaN()); !near(lo, 0.2366, 4) || !near(hi, 0.7634, 4) {
		t.Errorf("WilsonZ with NaN z = [%v, %v], want the 95%% interval", lo, hi)
	}
	// A wider z gives a wider interval: 99% (z = 2.5758) around 81/263.
	lo95, hi95 := Wilson(81, 263)
	lo99, hi99 := WilsonZ(81, 263, 2.5758293035489)
	if !(lo99 < lo95 && hi99 > hi95) {
		t.Error("99% interval not wider than 95%")
	}
}

// Newcombe RG (1998). Improved confidence intervals for the difference
// between binomial proportions based on paired data. Stat Med
// 17:2635–2650, Table II, method 10. Newcombe's table gives θ = p₁ − p₂ for
// (e, f, g, h) = (both, first only, second only, neither); brink reports
// p₂ − p₁, the same interval negated.
func TestPairedDifferenceNewcombe1998(t *testing.T) {
	cases := []struct {
		tab    Paired2x2
		lo, hi float64 // Newcombe's interval for θ = p₁ − p₂
	}{
		{Paired2x2{36, 12, 2, 0}, 0.0569, 0.3404},
		{Paired2x2{18, 12, 2, 18}, 0.0562, 0.3290},
		{Paired2x2{53, 0, 0, 1}, -0.0729, 0.0729},
		{Paired2x2{0, 30, 0, 0}, 0.8395, 1.0},
	}
	for _, c := range cases {
		diff, lo, hi := PairedDifference(c.tab)
		theta := float64(c.tab.FirstOnly-c.tab.SecondOnly) / float64(c.tab.N())
		if diff != -theta {
			t.Errorf("%+v: diff %v, want %v", c.tab, diff, -theta)
		}
		if !near(lo, -c.hi, 4) || !near(hi, -c.lo, 4) {
			t.Errorf("%+v: [%.5f, %.5f], published θ interval [%.4f, %.4f] negated is [%.4f, %.4f]",
				c.tab, lo, hi, c.lo, c.hi, -c.hi, -c.lo)
		}
	}
}

// Swapping the variants negates the difference and mirrors the interval.
func TestPairedDifferenceSymmetry(t *testing.T) {
	for _, tab := range []Paired2x2{{36, 12, 2, 0}, {5, 1, 9, 100}, {0, 0, 0, 7}, {3, 4, 4, 3}} {
		d1, l1, h1 := PairedDifference(tab)
		d2, l2, h2 := PairedDifference(Paired2x2{tab.Both, tab.SecondOnly, tab.FirstOnly, tab.Neither})
		if d1 != -d2 || math.Abs(l1+h2) > 1e-12 || math.Abs(h1+l2) > 1e-12 {
			t.Errorf("%+v: (%v [%v, %v]) vs swapped (%v [%v, %v])", tab, d1, l1, h1, d2, l2, h2)
		}
	}
}

func TestPairedDifferenceEdges(t *testing.T) {
	cases := []struct {
		name string
		tab  Paired2x2
	}{
		{"empty", Paired2x2{}},
		{"all both", Paired2x2{Both: 1000}},
		{"all neither", Paired2x2{Neither: 1000}},
		{"all first only", Paired2x2{FirstOnly: 5}},
		{"all second only", Paired2x2{SecondOnly: 5}},
		{"one pair", Paired2x2{SecondOnly: 1}},
		{"negative counts", Paired2x2{Both: -4, SecondOnly: 3}},
		{"huge", Paired2x2{Both: 3e9, FirstOnly: 1e9, SecondOnly: 2e9, Neither: 3e9}},
	}
	for _, c := range cases {
		d, lo, hi := PairedDifference(c.tab)
		if math.IsNaN(d) || math.IsNaN(lo) || math.IsNaN(hi) || lo < -1 || hi > 1 || lo > d || d > hi {
			t.Errorf("%s: %v [%v, %v]", c.name, d, lo, hi)
		}
	}
	if d, lo, hi := PairedDifference(Paired2x2{}); d != 0 || lo != -1 || hi != 1 {
		t.Errorf("empty table: %v [%v, %v], want 0 [-1, 1]", d, lo, hi)
	}
	// All runs agree: the difference is 0 and the interval is as narrow as
	// the Wilson interval of 1000/1000 allows.
	if d, lo, hi := PairedDifference(Paired2x2{Both: 1000}); d != 0 || hi <= 0 || hi > 0.004 || lo != -hi {
		t.Errorf("all both: %v [%v, %v]", d, lo, hi)
	}
	// Paired comparisons are tighter than independent ones when runs agree.
	_, lo, hi := PairedDifference(Paired2x2{Both: 400, FirstOnly: 10, SecondOnly: 30, Neither: 560})
	l1, u1 := Wilson(410, 1000)
	l2, u2 := Wilson(430, 1000)
	indep := math.Sqrt(sq(0.43-l2)+sq(u1-0.41)) + math.Sqrt(sq(u2-0.43)+sq(0.41-l1))
	if hi-lo >= indep {
		t.Errorf("paired width %v not below the independent width %v", hi-lo, indep)
	}
}

// Quantiles of Student's t, from any table (e.g. Abramowitz and Stegun 26.10).
func TestStudentTQuantile(t *testing.T) {
	cases := []struct{ p, df, want float64 }{
		{0.975, 1, 12.706205}, {0.975, 2, 4.302653}, {0.975, 5, 2.570582},
		{0.975, 9, 2.262157}, {0.975, 10, 2.228139}, {0.975, 30, 2.042272},
		{0.975, 100, 1.983972}, {0.95, 4, 2.131847}, {0.995, 3, 5.840909},
		{0.975, 1e9, 1.959964}, {0.025, 10, -2.228139}, {0.5, 7, 0},
	}
	for _, c := range cases {
		if got := StudentTQuantile(c.p, c.df); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("t(%v; %v) = %.7f, want %.6f", c.p, c.df, got, c.want)
		}
	}
	if !math.IsNaN(StudentTQuantile(1.5, 3)) || !math.IsNaN(StudentTQuantile(0.9, 0)) {
		t.Error("invalid arguments should give NaN")
	}
	if !math.IsInf(StudentTQuantile(1, 3), 1) || !math.IsInf(StudentTQuantile(0, 3), -1) {
		t.Error("p = 0 and 1 should give infinities")
	}
}

// Cushny and Peebles' sleep data (Student 1908), the paired differences of
// extra hours of sleep; R's t.test(extra ~ group, data = sleep, paired = TRUE)
// reports mean −1.58 with 95% interval [−2.4598858, −0.7001142].
func TestMeanIntervalStudentSleep(t *testing.T) {
	var m Moments
	for _, x := range []float64{1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4} {
		m.Add(-x)
	}
	mean, lo, hi := m.MeanInterval()
	if m.N() != 10 || !near(mean, -1.58, 9) || !near(lo, -2.4598858, 7) || !near(hi, -0.7001142, 7) {
		t.Errorf("sleep: n %d mean %v [%.7f, %.7f]", m.N(), mean, lo, hi)
	}
	if m.Min() != -4.6 || m.Max() != 0 {
		t.Errorf("min %v max %v", m.Min(), m.Max())
	}
}

func TestMomentsMerge(t *testing.T) {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = 1e6 + math.Sin(float64(i))*float64(i%17) // a large offset tests stability
	}
	var all Moments
	for _, x := range xs {
		all.Add(x)
	}
	// Four workers, merged in a fixed order.
	merged := func() Moments {
		var parts [4]Moments
		for i, x := range xs {
			parts[i*4/len(xs)].Add(x)
		}
		var m Moments
		for _, p := range parts {
			m.Merge(p)
		}
		return m
	}
	a, b := merged(), merged()
	if a != b {
		t.Fatal("the same merge order gave different bits")
	}
	if a.N() != all.N() || math.Abs(a.Mean()-all.Mean()) > 1e-9 || math.Abs(a.Variance()-all.Variance()) > 1e-9*all.Variance() {
		t.Errorf("merged n %d mean %v var %v; sequential n %d mean %v var %v",
			a.N(), a.Mean(), a.Variance(), all.N(), all.Mean(), all.Variance())
	}
	if a.Min() != all.Min() || a.Max() != all.Max() {
		t.Error("merged min/max differ")
	}
	var empty Moments
	empty.Merge(Moments{})
	if empty.N() != 0 {
		t.Error("merging two empty accumulators is not empty")
	}
	c := all
	c.Merge(Moments{})
	if c != all {
		t.Error("merging an empty accumulator changed the result")
	}
}

func TestMomentsEdges(t *testing.T) {
	var m Moments
	if mean, lo, hi := m.MeanInterval(); mean != 0 || lo != 0 || hi != 0 {
		t.Errorf("empty: %v [%v, %v]", mean, lo, hi)
	}
	m.Add(3)
	if mean, lo, hi := m.MeanInterval(); mean != 3 || lo != 3 || hi != 3 || m.Variance() != 0 {
		t.Errorf("one value: %v [%v, %v]", mean, lo, hi)
	}
	m.Add(3)
	m.Add(3)
	if mean, lo, hi := m.MeanInterval(); mean != 3 || lo != 3 || hi != 3 {
		t.Errorf("all equal: %v [%v, %v]", mean, lo, hi)
	}
}

// The 6-MP arm of Freireich et al. (1963), remission times in weeks
// (+ censored): 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+
// 34+ 35+. Klein and Moeschberger (2003), Example 4.1 (data drug6mp): the
// product-limit estimate and Greenwood standard error of S at each event time
// (R: summary(survfit(Surv(t2, relapse) ~ 1, data = drug6mp))), and the
// log(−log) 95% interval (conf.type = "log-log").
func TestKaplanMeierSixMP(t *testing.T) {
	events := make([]int64, 36)
	censored := make([]int64, 36)
	for _, d := range []int{6, 6, 6, 7, 10, 13, 16, 22, 23} {
		events[d]++
	}
	for _, d := range []int{6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35} {
		censored[d]++
	}
	want := []struct {
		day            int
		atRisk, events int64
		s, se, lo, hi  float64
	}{
		{6, 21, 3, 0.857, 0.0764, 0.620, 0.952},
		{7, 17, 1, 0.807, 0.0869, 0.563, 0.923},
		{10, 15, 1, 0.753, 0.0963, 0.503, 0.889},
		{13, 12, 1, 0.690, 0.1068, 0.432, 0.849},
		{16, 11, 1, 0.627, 0.1141, 0.368, 0.805},
		{22, 7, 1, 0.538, 0.1282, 0.268, 0.747},
		{23, 6, 1, 0.448, 0.1346, 0.188, 0.680},
	}
	got := KaplanMeier(events, censored)
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d: %+v", len(got), len(want), got)
	}
	var greenwood float64
	for i, w := range want {
		p := got[i]
		greenwood += float64(p.Events) / float64(p.AtRisk*(p.AtRisk-p.Events))
		se := p.S * math.Sqrt(greenwood)
		if p.Day != w.day || p.AtRisk != w.atRisk || p.Events != w.events ||
			!near(p.S, w.s, 3) || !near(se, w.se, 4) || !near(p.Lo, w.lo, 3) || !near(p.Hi, w.hi, 3) {
			t.Errorf("day %d: got %+v (se %.4f), want %+v", w.day, p, se, w)
		}
	}
	if s, lo, hi := SurvivalAt(got, 5); s != 1 || lo != 1 || hi != 1 {
		t.Error("SurvivalAt before the first event is not 1")
	}
	if s, _, _ := SurvivalAt(got, 15); s != got[3].S {
		t.Errorf("SurvivalAt(15) = %v, want the day-13 value %v", s, got[3].S)
	}
	if s, _, _ := SurvivalAt(got, 1000); s != got[6].S {
		t.Error("SurvivalAt after the last event is not the last value")
	}
}

func TestKaplanMeierEdges(t *testing.T) {
	if got := KaplanMeier(nil, nil); len(got) != 0 {
		t.Errorf("empty: %+v", got)
	}
	if got := KaplanMeier(nil, []int64{0, 0, 50}); len(got) != 0 {
		t.Errorf("only censored: %+v", got)
	}
	// Every run has its event: S reaches 0 without NaN.
	got := KaplanMeier([]int64{0, 2, 0, 2}, nil)
	if len(got) != 2 || got[0].S != 0.5 || got[1].S != 0 || got[1].Lo != 0 || got[1].Hi != got[0].Hi {
		t.Errorf("all events: %+v", got)
	}
	got = KaplanMeier([]int64{5}, nil)
	if len(got) != 1 || got[0].S != 0 || got[0].Lo != 0 || got[0].Hi != 1 {
		t.Errorf("all on day 0: %+v", got)
	}
	for _, p := range KaplanMeier([]int64{1, 0, 1, 0, 0, 3}, []int64{0, 1, 0, 0, 0, 0, 0, 0, 10}) {
		if math.IsNaN(p.S+p.Lo+p.Hi) || p.Lo > p.S || p.S > p.Hi || p.Lo < 0 || p.Hi > 1 {
			t.Errorf("bad point %+v", p)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a negative count did not panic")
		}
	}()
	KaplanMeier([]int64{1, -1}, nil)
}

func TestQuantile(t *testing.T) {
	// values 1,1,2,3,3,3,7 (N = 7)
	hist := []int64{0, 2, 1, 3, 0, 0, 0, 1}
	cases := []struct {
		q    float64
		want int
	}{
		{0, 1}, {-1, 1}, {0.1, 1}, {2.0 / 7, 1}, {0.3, 2}, {3.0 / 7, 2}, {0.5, 3},
		{6.0 / 7, 3}, {0.9, 7}, {1, 7}, {2, 7},
	}
	for _, c := range cases {
		if got := Quantile(hist, c.q); got != c.want {
			t.Errorf("Quantile(q=%v) = %d, want %d", c.q, got, c.want)
		}
	}
	// q·N that is an integer up to rounding: 0.3 of ten values is the 3rd.
	ten := []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1} // values 0..9
	if got := Quantile(ten, 0.3); got != 2 {
		t.Errorf("Quantile(0..9, 0.3) = %d, want 2", got)
	}
	if got := Quantile(ten, 0.7); got != 6 {
		t.Errorf("Quantile(0..9, 0.7) = %d, want 6", got)
	}
	if Quantile(nil, 0.5) != -1 || Quantile([]int64{0, 0}, 0.5) != -1 || Quantile(hist, math.NaN()) != -1 {
		t.Error("empty histogram or NaN q should give -1")
	}
	if got := Quantile([]int64{-5, 0, 2}, 0); got != 2 {
		t.Errorf("negative counts not ignored: %d", got)
	}
}

func BenchmarkWilson(b *testing.B) {
	var s float64
	for i := int64(0); b.Loop(); i++ {
		lo, hi := Wilson(i%1000, 1000)
		s += lo + hi
	}
	_ = s
}

func BenchmarkPairedDifference(b *testing.B) {
	var s float64
	for i := int64(0); b.Loop(); i++ {
		d, lo, hi := PairedDifference(Paired2x2{400 + i%7, 10, 30 + i%5, 560})
		s += d + lo + hi
	}
	_ = s
}

func BenchmarkMeanInterval(b *testing.B) {
	var m Moments
	for i := range 1000 {
		m.Add(float64(i % 13))
	}
	for b.Loop() {
		m.MeanInterval()
	}
}
