package uncertainty

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// Ishigami's function on [−π, π]³ with a = 7, b = 0.1 has known indices
// (Saltelli et al. 2008, §4.6): S = (0.3139, 0.4424, 0), ST = (0.5576,
// 0.4424, 0.2437).
func ishigami(u []float64) float64 {
	x := make([]float64, 3)
	for i := range x {
		x[i] = -math.Pi + float64(u[i]*2*math.Pi)
	}
	const a, b = 7, 0.1
	s3 := math.Sin(x[0])
	return s3 + float64(a*math.Sin(x[1])*math.Sin(x[1])) + float64(b*math.Pow(x[2], 4)*s3)
}

func ishigamiIndices() (first, total []float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestIshigami(t *testing.T) {
	n := 1 << 13
	pts, err := SaltelliDesign(n, 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = ishigami(p)
	}
	res, err := SobolIndices(y, n, 3, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	first, total := ishigamiIndices()
	if math.Abs(first[0]-0.3139) > 1e-3 || math.Abs(total[2]-0.2437) > 1e-3 {
		t.Fatalf("closed form wrong: %v %v", first, total)
	}
	for i := range 3 {
		for _, c := range []struct {
			name string
			got  Index
			want float64
		}{{"S", res.First[i], first[i]}, {"ST", res.Total[i], total[i]}} {
			if math.Abs(c.got.Value-c.want) > 0.03 {
				t.Errorf("%s%d = %.4f, want %.4f", c.name, i+1, c.got.Value, c.want)
			}
			// The interval should hold the truth; allow its own width once more
			// (a 95% interval misses one time in twenty).
			w := c.got.Hi - c.got.Lo
			if c.want < c.got.Lo-w || c.want > c.got.Hi+w || w <= 0 || w > 0.1 {
				t.Errorf("%s%d interval [%.4f, %.4f] far from %.4f", c.name, i+1, c.got.Lo, c.got.Hi, c.want)
			}
		}
	}
}

// A linear additive model y = Σ a_i u_i with independent uniform inputs has
// S_i = ST_i = a_i² / Σ a_j², and Morris effects μ = μ* = |a_i|, σ = 0.
func TestLinearAdditive(t *testing.T) {
	a := []float64{4, -2, 1, 0}
	f := func(u []float64) float64 {
		var s float64
		for i, c := range a {
			s += float64(c * u[i])
		}
		return s
	}
	var sum float64
	for _, c := range a {
		sum += c * c
	}
	n := 1 << 12
	pts, err := SaltelliDesign(n, len(a), 7)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = f(p)
	}
	res, err := SobolIndices(y, n, len(a), 300, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range a {
		want := c * c / sum
		for _, got := range []Index{res.First[i], res.Total[i]} {
			if math.Abs(got.Value-want) > 0.02 {
				t.Errorf("parameter %d: index %.4f, want %.4f", i, got.Value, want)
			}
			if want < got.Lo-0.01 || want > got.Hi+0.01 {
				t.Errorf("parameter %d: interval [%.4f, %.4f] misses %.4f", i, got.Lo, got.Hi, want)
			}
		}
	}
	// The parameter that cannot matter: exactly 0, interval [0, 0].
	if z := res.Total[3]; z.Value != 0 || z.Lo != 0 || z.Hi != 0 || res.First[3].Value != 0 {
		t.Errorf("inert parameter: S %v, ST %v", res.First[3], z)
	}

	mpts, order, sign, err := MorrisDesign(20, len(a), 4, 9)
	if err != nil {
		t.Fatal(err)
	}
	my := make([]float64, len(mpts))
	for i, p := range mpts {
		my[i] = f(p)
	}
	m, err := MorrisEffects(my, order, sign, 4, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range a {
		if math.Abs(m.MuStar[i].Value-math.Abs(c)) > 1e-9 || math.Abs(m.Mu[i]-c) > 1e-9 || m.Sigma[i] > 1e-9 {
			t.Errorf("Morris %d: μ* %v μ %v σ %v, want %v", i, m.MuStar[i], m.Mu[i], m.Sigma[i], c)
		}
	}
}

// Each dimension of the first 2^m points of a Sobol sequence, scrambled or
// not, has one point in each interval [j/2^m, (j+1)/2^m).
func TestSobolStrata(t *testing.T) {
	for _, scramble := range []bool{false, true} {
		pts, err := Sobol(256, MaxSobolDims, scramble, 5)
		if err != nil {
			t.Fatal(err)
		}
		for i := range MaxSobolDims {
			seen := make([]bool, 256)
			for _, p := range pts {
				j := int(p[i] * 256)
				if seen[j] {
					t.Fatalf("scramble %v dimension %d: two points in stratum %d", scramble, i, j)
				}
				seen[j] = true
			}
		}
	}
	pts, _ := Sobol(4, 2, false, 0)
	want := [][]float64{{0, 0}, {0.5, 0.5}, {0.25, 0.75}, {0.75, 0.25}}
	for p := range want {
		for i := range want[p] {
			if pts[p][i] != want[p][i] {
				t.Fatalf("Sobol point %d = %v, want %v", p, pts[p], want[p])
			}
		}
	}
}

// The polynomials of the direction numbers are primitive over GF(2): the
// order of x modulo x^s + a... + 1 is 2^s − 1.
func TestSobolPolynomialsPrimitive(t *testing.T) {
	for d, dir := range directions() {
		s := dir.s
		poly := uint64(1)<<s | uint64(dir.a)<<1 | 1
		x := uint64(2)
		order := 0
		cur := uint64(1)
		for {
			cur <<= 1
			if cur&(1<<s) != 0 {
				cur ^= poly
			}
			order++
			if cur == 1 || order > 1<<s {
				break
			}
		}
		_ = x
		if order != 1<<s-1 {
			t.Errorf("dimension %d: polynomial %b has order %d, not %d", d+2, poly, order, 1<<s-1)
		}
		for k, m := range dir.m {
			if m%2 == 0 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d must be odd and below 2^%d", d+2, k+1, m, k+1)
			}
		}
	}
}

func TestLatinHypercube(t *testing.T) {
	pts := LatinHypercube(50, 4, 3)
	for i := range 4 {
		seen := make([]bool, 50)
		for _, p := range pts {
			j := int(p[i] * 50)
			if seen[j] {
				t.Fatalf("dimension %d: stratum %d twice", i, j)
			}
			seen[j] = true
		}
	}
	again := LatinHypercube(50, 4, 3)
	for p := range pts {
		for i := range pts[p] {
			if pts[p][i] != again[p][i] {
				t.Fatal("same seed, different design")
			}
		}
	}
}

func TestGrid(t *testing.T) {
	pts, err := Grid([]int{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 6 || pts[0][0] != 0.25 || pts[0][1] != 1.0/6 || pts[5][0] != 0.75 || pts[5][1] != 2.5/3 {
		t.Fatalf("grid %v", pts)
	}
	if _, err := Grid([]int{1 << 11, 1 << 11}); err == nil {
		t.Fatal("a grid of 4M points was accepted")
	}
}

func TestQuantiles(t *testing.T) {
	tri := Triangular{0, 1, 4}
	// F(1) = 1/4; the median solves 1 − (4−x)²/12 = 1/2.
	if got := tri.Quantile(0.25); math.Abs(got-1) > 1e-12 {
		t.Errorf("triangular F⁻¹(1/4) = %v", got)
	}
	if got, want := tri.Quantile(0.5), 4-math.Sqrt(6); math.Abs(got-want) > 1e-12 {
		t.Errorf("triangular median %v, want %v", got, want)
	}
	// A mode a rounding error above the minimum: the two branches meet
	// without the quantile going down (found by TestQuantileProperties).
	near := Triangular{0.125, 0.12500000000000003, 1.125}
	if a, b := near.Quantile(2.7755575615628914e-17), near.Quantile(5.551115123125783e-17); a > b {
		t.Errorf("triangular near its mode: Q decreases from %v to %v", a, b)
	}
	// Beta(2, 2) has F(x) = 3x² − 2x³; scaled to [1, 3].
	b := Beta{2, 2, 1, 3}
	for _, u := range []float64{0.1, 0.5, 0.9} {
		x := (b.Quantile(u) - 1) / 2
		if f := 3*x*x - 2*x*x*x; math.Abs(f-u) > 1e-9 {
			t.Errorf("beta(2,2) F(F⁻¹(%v)) = %v", u, f)
		}
	}
	// A normal truncated symmetrically has its mean as median.
	tn := TruncNormal{0.5, 0.1, 0.3, 0.7}
	if got := tn.Quantile(0.5); math.Abs(got-0.5) > 1e-9 {
		t.Errorf("truncated normal median %v", got)
	}
	if got := (TruncNormal{0, 1, -10, 10}).Quantile(0.975); math.Abs(got-1.959963985) > 1e-6 {
		t.Errorf("normal 97.5%% quantile %v", got)
	}
	if ChoiceIndex(0.999999, 3) != 2 || ChoiceIndex(1, 3) != 2 || ChoiceIndex(0, 3) != 0 || ChoiceIndex(0.34, 3) != 1 {
		t.Error("ChoiceIndex")
	}
}

// Every quantile function is increasing and stays in its bounds.
func TestQuantileProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(-100, 100).Draw(t, "lo")
		w := rapid.Float64Range(1e-3, 100).Draw(t, "w")
		hi := lo + w
		mode := lo + rapid.Float64Range(0, 1).Draw(t, "m")*w
		ds := []Dist{Uniform{lo, hi}, Triangular{lo, mode, hi},
			Beta{rapid.Float64Range(0.2, 20).Draw(t, "a"), rapid.Float64Range(0.2, 20).Draw(t, "b"), lo, hi},
			TruncNormal{mode, w / 3, lo, hi}}
		u1 := rapid.Float64Range(0, 1).Draw(t, "u1")
		u2 := rapid.Float64Range(0, 1).Draw(t, "u2")
		if u1 > u2 {
			u1, u2 = u2, u1
		}
		for _, d := range ds {
			if err := Check(d); err != nil {
				t.Fatalf("%#v: %v", d, err)
			}
			a, b := d.Quantile(u1), d.Quantile(u2)
			if a > b || a < lo || b > hi {
				t.Fatalf("%#v: Q(%v)=%v, Q(%v)=%v", d, u1, a, u2, b)
			}
		}
	})
}

func TestPRIM(t *testing.T) {
	pts := LatinHypercube(400, 3, 11)
	hit := make([]bool, len(pts))
	for i, p := range pts {
		hit[i] = p[0] > 0.6 && p[2] < 0.5
	}
	b, err := PRIM(pts, hit, 0.05, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if b.Density < 0.95 || b.Lo[0] < 0.5 || b.Hi[2] > 0.6 || b.Lo[1] > 0.1 || b.Hi[1] < 0.9 {
		t.Fatalf("box %+v", b)
	}
}
