package padded

import (
	"testing"
	"unsafe"
)

// Slice and Empty have the asked length and capacity, and the arrays of
// many made one after the other (as the allocator packs small objects)
// lie at least Bytes apart: none shares a cache line with another.
func TestArraysLieApart(t *testing.T) {
	type span struct{ lo, hi uintptr }
	var spans []span
	for k := range 200 {
		n := k%13 + 1
		var lo, hi uintptr
		if k%2 == 0 {
			s := Slice[int16](n)
			if len(s) != n || cap(s) != n {
				t.Fatalf("Slice(%d): len %d cap %d", n, len(s), cap(s))
			}
			lo = uintptr(unsafe.Pointer(&s[0]))
			hi = lo + uintptr(n)*2
		} else {
			e := Empty[float64](n)
			if len(e) != 0 || cap(e) != n {
				t.Fatalf("Empty(%d): len %d cap %d", n, len(e), cap(e))
			}
			lo = uintptr(unsafe.Pointer(&e[:1][0]))
			hi = lo + uintptr(n)*8
		}
		for _, o := range spans {
			if lo < o.hi+Bytes && o.lo < hi+Bytes {
				t.Fatalf("arrays [%#x, %#x) and [%#x, %#x) are less than %d bytes apart", lo, hi, o.lo, o.hi, Bytes)
			}
		}
		spans = append(spans, span{lo, hi})
	}
}
