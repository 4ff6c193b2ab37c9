package sim

import (
	"fmt"
	"math"
	"testing"

	"brink/stats"
)

// birthDeathWar is P(war | i) of design §8 for the chain 0..N with up p and
// down q: (1 − ρ^i)/(1 − ρ^N), ρ = q/p.
func birthDeathWar(i, n int, p, q float64) float64 {
	rho := q / p
	return (1 - math.Pow(rho, float64(i))) / (1 - math.Pow(rho, float64(n)))
}

// TestMarkovBirthDeath: the markov doctrine reproduces the absorption
// probabilities of the birth–death chain within a 99% Wilson interval, for
// the design's parameter set (whose published values it also checks) and a
// second one with the drift reversed.
func TestMarkovBirthDeath(t *testing.T) {
	published := []float64{0.38389, 0.63981, 0.81043, 0.92417}
	for i, want := range published {
		if got := birthDeathWar(i+1, 5, 0.3, 0.2); math.Abs(got-want) > 5e-6 {
			t.Fatalf("closed form P(war|%d) = %.5f, design says %.5f", i+1, got, want)
		}
	}
	const runs = 6000
	for _, ps := range []struct {
		name string
		p, q float64
	}{{"p1", 0.3, 0.2}, {"p2", 0.2, 0.3}} {
		for i := 1; i <= 4; i++ {
			v := fmt.Sprintf("%s-from-%s", ps.name, []string{"", "one", "two", "three", "four"}[i])
			m := loadTestdata(t, "birth-death.yaml", v)
			st, res := m.NewState(), m.NewResult()
			war := int64(0)
			for run := uint64(0); run < runs; run++ {
				st.Run(42, run, res, nil)
				hit := -1
				for d := 0; d < m.Days && hit < 0; d++ {
					if r := res.Daily[d]; r == 0 || r == 5 {
						hit = int(r)
					}
				}
				if hit < 0 {
					t.Fatalf("%s run %d: not absorbed in %d days", v, run, m.Days)
				}
				if hit == 5 {
					war++
				}
			}
			want := birthDeathWar(i, 5, ps.p, ps.q)
			lo, hi := stats.WilsonZ(war, runs, 2.5758293035489004)
			if want < lo || want > hi {
				t.Errorf("%s: P(war) = %.4f [%.4f, %.4f], closed form %.5f", v, float64(war)/runs, lo, hi, want)
			} else {
				t.Logf("%s: P(war) = %.4f [%.4f, %.4f], closed form %.5f", v, float64(war)/runs, lo, hi, want)
			}
		}
	}
}
