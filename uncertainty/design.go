package uncertainty

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// newRand returns the generator of one purpose of a design: PCG seeded by
// the user's seed and the purpose, so that two designs of one seed differ
// and a design never depends on the machine.
func newRand(seed uint64, purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^purpose))
}

// Purposes of the generators (part of what makes a design reproducible).
const (
	purposeLHS = iota + 1
	purposeSobol
	purposeMorris
	purposeBootstrap
)

// Grid returns the full factorial design with levels[i] levels in dimension
// i: level j of n at u = (j + 0.5)/n, the middle of its equal-probability
// stratum (so a choice of n values gives each value once). Points are in
// row-major order, the last dimension varying fastest.
func Grid(levels []int) ([][]float64, error) {
	total := 1
	for i, l := range levels {
		if l <= 0 {
			return nil, fmt.Errorf("dimension %d has %d levels", i+1, l)
		}
		if total > 1<<20/l {
			return nil, fmt.Errorf("a grid of %s points is too many (at most %d)", strings.Join(itoa(levels), "×"), 1<<20)
		}
		total *= l
	}
	pts := make([][]float64, total)
	for p := range pts {
		x := make([]float64, len(levels))
		r := p
		for i := len(levels) - 1; i >= 0; i-- {
			j := r % levels[i]
			r /= levels[i]
			x[i] = (float64(j) + 0.5) / float64(levels[i])
		}
		pts[p] = x
	}
	return pts, nil
}

func itoa(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Itoa(x)
	}
	return out
}

// LatinHypercube returns n points in k dimensions: in each dimension every
// one of the n equal strata holds exactly one point, at a uniform place in
// it, the strata matched across dimensions by independent random
// permutations (McKay, Beckman and Conover 1979).
func LatinHypercube(n, k int, seed uint64) [][]float64 {
	r := newRand(seed, purposeLHS)
	pts := make([][]float64, n)
	for p := range pts {
		pts[p] = make([]float64, k)
	}
	for i := range k {
		perm := r.Perm(n)
		for p := range n {
			pts[p][i] = (float64(perm[p]) + float64(r.Float64())) / float64(n)
		}
	}
	return pts
}

// MaxSobolDims is the number of dimensions Sobol can give.
const MaxSobolDims = 53

type sobolDir struct {
	s, a int
	m    []uint32
}

var (
	sobolOnce sync.Once
	sobolDirs []sobolDir
)

func directions() []sobolDir {
	sobolOnce.Do(func() {
		for _, entry := range strings.Split(joeKuo, "|") {
			f := strings.Fields(entry)
			var nums []int
			for _, x := range f {
				v, err := strconv.Atoi(x)
				if err != nil {
					panic("uncertainty: bad direction number " + x)
				}
				nums = append(nums, v)
			}
			d := sobolDir{s: nums[0], a: nums[1]}
			for _, m := range nums[2:] {
				d.m = append(d.m, uint32(m))
			}
			sobolDirs = append(sobolDirs, d)
		}
	})
	return sobolDirs
}

// sobolVectors returns the 32 direction numbers of dimension dim (0-based),
// as 32-bit fractions (bit 31 is 1/2).
func sobolVectors(dim int) [32]uint32 {
	var v [32]uint32
	if dim == 0 {
		for k := range 32 {
			v[k] = 1 << (31 - k)
		}
		return v
	}
	d := directions()[dim-1]
	for k := 0; k < 32; k++ {
		if k < d.s {
			v[k] = d.m[k] << (31 - k)
			continue
		}
		x := v[k-d.s] ^ (v[k-d.s] >> d.s)
		for j := 1; j < d.s; j++ {
			if (d.a>>(d.s-1-j))&1 == 1 {
				x ^= v[k-j]
			}
		}
		v[k] = x
	}
	return v
}

// Sobol returns the first n points of Sobol's sequence in k dimensions
// (Joe and Kuo's direction numbers). With scramble it applies Matoušek's
// random linear scramble and a random digital shift to each dimension,
// which keep the sequence's stratification (each dyadic interval of the
// first 2^m points holds its share) and make the points a random sample,
// so that estimates over them have sampling intervals. Without scramble the
// first point is the origin. n should be a power of two.
func Sobol(n, k int, scramble bool, seed uint64) ([][]float64, error) {
	if k > MaxSobolDims {
		return nil, fmt.Errorf("a Sobol sequence here has at most %d dimensions, not %d", MaxSobolDims, k)
	}
	if n > 1<<30 {
		return nil, fmt.Errorf("too many points: %d", n)
	}
	r := newRand(seed, purposeSobol)
	pts := make([][]float64, n)
	for p := range pts {
		pts[p] = make([]float64, k)
	}
	for i := range k {
		v := sobolVectors(i)
		var shift uint32
		if scramble {
			// L is lower triangular with a unit diagonal: digit t of a
			// scrambled number is digit t plus a random sum of the digits
			// before it (digit 0 is bit 31).
			var rows [32]uint32
			for t := range 32 {
				mask := uint32(1) << (31 - t)
				below := uint32(0)
				if t > 0 {
					below = uint32(r.Uint64()) &^ (^uint32(0) >> t) // random bits for digits 0..t-1
				}
				rows[t] = mask | below
			}
			for j := range v {
				var out uint32
				for t := range 32 {
					if parity(rows[t]&v[j]) == 1 {
						out |= 1 << (31 - t)
					}
				}
				v[j] = out
			}
			shift = uint32(r.Uint64())
		}
		for p := range n {
			x := shift
			for b, q := 0, p; q > 0; b, q = b+1, q>>1 {
				if q&1 == 1 {
					x ^= v[b]
				}
			}
			pts[p][i] = float64(x) / (1 << 32)
		}
	}
	return pts, nil
}

func parity(x uint32) uint32 {
	x ^= x >> 16
	x ^= x >> 8
	x ^= x >> 4
	x ^= x >> 2
	x ^= x >> 1
	return x & 1
}
