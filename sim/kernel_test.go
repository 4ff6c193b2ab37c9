package sim

// Tests of the kernel's internal helpers that replace slower standard
// expressions: each must give the very same result.

import (
	"math"
	"testing"
	"unsafe"
)

// TestClampPos: clampPos agrees with min(max(x, 0), hi) bit for bit.
func TestClampPos(t *testing.T) {
	xs := []float64{math.Copysign(0, -1), 0, 1e-320, 0.3, 0.99, 1, 1.5, -1e-320, -2, math.Inf(1), math.Inf(-1), math.MaxFloat64}
	for _, hi := range []float64{0.99, 1} {
		for _, x := range xs {
			want, got := min(max(x, 0), hi), clampPos(x, hi)
			if math.Float64bits(want) != math.Float64bits(got) {
				t.Errorf("clampPos(%v, %v) = %v, want %v", x, hi, got, want)
			}
		}
		if got := clampPos(math.NaN(), hi); !math.IsNaN(got) {
			t.Errorf("clampPos(NaN, %v) = %v", hi, got)
		}
	}
}

// TestAtLeast: atLeast agrees with math.Max bit for bit.
func TestAtLeast(t *testing.T) {
	xs := []float64{math.Copysign(0, -1), 0, 1e-320, 0.049999999999999996, 0.05, 0.3, 1, -2, math.Inf(1), math.Inf(-1), math.NaN()}
	for _, lo := range []float64{0.05, 1} {
		for _, x := range xs {
			want, got := math.Max(x, lo), atLeast(x, lo)
			if math.Float64bits(want) != math.Float64bits(got) {
				t.Errorf("atLeast(%v, %v) = %v, want %v", x, lo, got, want)
			}
		}
	}
}

// TestPairStateSize: a pair's record stays 32 bytes, so that indexing the
// records is a shift the compiler folds into each field's access (a size
// that is not a power of two cost the kernel 0.6% of its instructions).
func TestPairStateSize(t *testing.T) {
	if s := unsafe.Sizeof(pairState{}); s != 32 {
		t.Errorf("pairState is %d bytes, want 32", s)
	}
}

// TestSalvoTable: the cached distribution function gives binomial's answer
// for every salvo size, probability and uniform tried, including a change of
// probability and the normal-approximation tail.
func TestSalvoTable(t *testing.T) {
	for _, n := range []int{1, 2, 5, 10, 20, 100, 300, 2000} {
		tab := &salvoTable{cdf: make([]uint64, n)}
		for _, p := range []float64{1e-9, 0.01, 0.2, 0.5, 0.6, 0.99, 0.999999, 0.3, 0.01} {
			for k := 0; k <= 2000; k++ {
				u := float64(k) / 2000
				if k == 2000 {
					u = math.Nextafter(1, 0)
				}
				if got, want := tab.draw(n, p, u), binomial(n, p, u); got != want {
					t.Fatalf("n %d p %v u %v: table %d, binomial %d", n, p, u, got, want)
				}
			}
			// The table's own values and their neighbours: the ties.
			if tab.tail {
				continue
			}
			for _, b := range tab.cdf[:n] {
				c := math.Float64frombits(b)
				for _, u := range []float64{math.Nextafter(c, 0), c, math.Nextafter(c, 1)} {
					if u < 0 || u >= 1 {
						continue
					}
					if got, want := tab.draw(n, p, u), binomial(n, p, u); got != want {
						t.Fatalf("n %d p %v u %v (a table value): table %d, binomial %d", n, p, u, got, want)
					}
				}
			}
		}
	}
}

// TestThreshold: below(idx, threshold(p)) and bern(idx, p) agree with
// float(idx) < p, at the probabilities' edges and for many draws.
func TestThreshold(t *testing.T) {
	s := streamKey(1, 2, purposeExecute)
	ps := []float64{math.Inf(-1), -1, math.Copysign(0, -1), 0, math.SmallestNonzeroFloat64, 0x1p-53, 0x1p-52, 1e-9, 0.01, 0.02, 0.04,
		1.0 / 3, 0.5, 0.7, math.Nextafter(1, 0), 1, 1.5, math.Inf(1), math.NaN()}
	for _, p := range ps {
		T := threshold(p)
		for idx := uint64(0); idx < 20000; idx++ {
			if got, want := s.below(idx, T), s.float(idx) < p; got != want {
				t.Fatalf("p %v idx %d: below %v, float < p %v", p, idx, got, want)
			}
			// bern compares the draw and p both scaled by 2^53.
			if got, want := s.bern(idx, p), p >= 1 || p > 0 && s.float(idx) < p; got != want {
				t.Fatalf("p %v idx %d: bern %v, float < p %v", p, idx, got, want)
			}
		}
		// Values at the threshold itself: v = T-1 is below, v = T is not.
		if T > 0 && T <= 1<<53 {
			if !(float64(T-1)*0x1p-53 < p) {
				t.Errorf("p %v: %d·2^-53 should be below", p, T-1)
			}
		}
		if T < 1<<53 && float64(T)*0x1p-53 < p {
			t.Errorf("p %v: %d·2^-53 should not be below", p, T)
		}
	}
}

// TestOfferWill: offerWill is Go's max(pragmatism, min(strain, 1)) for
// every pragmatism a scenario can give (a probability, −0 included) and
// every strain (NaN and infinities included), but for the sign of a zero,
// which a draw's probability does not notice.
func TestOfferWill(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, prag := range []float64{negZero, 0, 1e-320, 0.3, math.Nextafter(1, 0), 1} {
		for _, strain := range []float64{negZero, 0, 1e-320, 0.5, 1, 2, math.MaxFloat64, math.Inf(1), math.NaN()} {
			got, want := offerWill(prag, strain), max(prag, min(strain, 1))
			switch {
			case math.Float64bits(got) == math.Float64bits(want):
			case math.IsNaN(got) && math.IsNaN(want):
			case got == 0 && want == 0: // ±0: bern(p <= 0) is false either way
			default:
				t.Errorf("offerWill(%v, %v) = %v, want %v", prag, strain, got, want)
			}
		}
	}
}

// TestInFlightCounts: the counters a day uses to skip execute and deliver
// match the rings, after runs of scenarios with forced acts, lead times,
// telegraphed strikes and channels with delays.
func TestInFlightCounts(t *testing.T) {
	for _, f := range []string{"mechanisms/m19-scheduled.yaml", "mechanisms/m22-telegraph.yaml",
		"mechanisms/m06-channels.yaml", "../../bench/workloads/duel-20d.yaml"} {
		m := loadTestdata(t, f, "")
		st, res := m.NewState(), m.NewResult()
		for run := uint64(0); run < 50; run++ {
			st.Run(3, run, res, nil)
			acts, msgs := 0, 0
			for k := range st.acts {
				acts += len(st.acts[k])
				msgs += len(st.msgs[k])
			}
			if acts != st.actsInFlight || msgs != st.msgsInFlight {
				t.Fatalf("%s run %d: %d acts and %d signals in the rings, counters say %d and %d",
					f, run, acts, msgs, st.actsInFlight, st.msgsInFlight)
			}
		}
	}
}

// TestKeyParts: a draw's key from its parts — today's (State.dk) plus the
// packed actors and slot, or dayKey + pairKey + slotKey — is at's, at the
// fields' bounds and in between.
func TestKeyParts(t *testing.T) {
	st := &State{}
	for _, d := range []int{0, 1, 364, 36499, 1<<24 - 1} {
		st.dk = dayKey(d)
		for _, a := range []int{0, 1, 12, 999, 1<<15 - 1, 1<<16 - 1} {
			for _, b := range []int{0, 7, 998, 1<<16 - 1} {
				for _, slot := range []int{0, 1, 0x7f, 0x80 + 0x7f, 255} {
					want := at(d, a, b, slot)
					if got := st.key(a, b, slot); got != want {
						t.Fatalf("key(%d, %d, %d) on day %d = %#x, at = %#x", a, b, slot, d, got, want)
					}
					if got := dayKey(d) + pairKey(a, b) + slotKey(slot); got != want {
						t.Fatalf("parts of (%d, %d, %d, %d) = %#x, at = %#x", d, a, b, slot, got, want)
					}
				}
			}
		}
	}
}
