package stats

import (
	"math"
	"testing"
)

// A Moments written and read back must be the same state: further Adds and
// Merges give the same bits as on the original.
func TestMomentsBinaryRoundTrip(t *testing.T) {
	var m Moments
	for i := range 1000 {
		m.Add(math.Sin(float64(i)) * 1e3)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Moments
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back != m {
		t.Fatalf("round trip changed the state: %+v != %+v", back, m)
	}
	var empty, emptyBack Moments
	b, _ = empty.MarshalBinary()
	if err := emptyBack.UnmarshalBinary(b); err != nil || emptyBack != empty {
		t.Fatalf("empty: %v %+v", err, emptyBack)
	}
	if err := back.UnmarshalBinary(b[:40]); err == nil {
		t.Error("a truncated encoding was accepted")
	}
	b[8] = 0x80 // count's top byte: negative
	if err := back.UnmarshalBinary(b); err == nil {
		t.Error("a negative count was accepted")
	}
}
