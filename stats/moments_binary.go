package stats

import (
	"encoding/binary"
	"errors"
	"math"
)

// Saving a Moments exactly. A shard of a Monte Carlo run writes its partial
// accumulators to a file and `brink merge` reads them back; the merged result
// must equal the unsharded run bit for bit, so the state is written as the
// raw bits of its fields, not as decimal text.

const momentsBinaryVersion = 1

// MarshalBinary encodes the exact state: a version byte, the count, then the
// IEEE-754 bits of the mean, the sum of squared deviations, the minimum and
// the maximum, little-endian (41 bytes).
func (m Moments) MarshalBinary() ([]byte, error) {
	b := make([]byte, 1, 41)
	b[0] = momentsBinaryVersion
	b = binary.LittleEndian.AppendUint64(b, uint64(m.n))
	for _, x := range []float64{m.mean, m.m2, m.min, m.max} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (m *Moments) UnmarshalBinary(b []byte) error {
	if len(b) != 41 || b[0] != momentsBinaryVersion {
		return errors.New("stats: not an encoded Moments (wrong length or version)")
	}
	n := int64(binary.LittleEndian.Uint64(b[1:]))
	if n < 0 {
		return errors.New("stats: encoded Moments has a negative count")
	}
	f := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[9+8*i:])) }
	*m = Moments{n: n, mean: f(0), m2: f(1), min: f(2), max: f(3)}
	return nil
}
