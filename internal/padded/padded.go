// Package padded allocates arrays that share no cache line with any other
// object, for the memory that parallel workers write.
//
// Workers run on different cores, each with its own scratch arrays made one
// after the other. The allocator places small arrays of different workers
// next to each other, and two workers writing their own arrays in one cache
// line take the line from each other's cache at every write (false
// sharing). In brink it cost two workers up to a tenth of their throughput,
// varying from one process to the next with where the arrays landed.
package padded

import "unsafe"

// Bytes is the unused memory kept on both sides of an array: two cache
// lines, as the adjacent-line prefetcher moves lines in pairs. A struct that
// workers write can start and end with a [Bytes]byte field for the same
// effect.
const Bytes = 128

// Slice returns a slice of n zero T's with Bytes of unused memory on both
// sides.
func Slice[T any](n int) []T { return Empty[T](n)[:n] }

// Empty is Slice with length 0 and capacity c, for an array that is
// appended to.
func Empty[T any](c int) []T {
	var zero T
	size := max(int(unsafe.Sizeof(zero)), 1)
	pad := (Bytes + size - 1) / size
	buf := make([]T, c+2*pad)
	return buf[pad : pad : pad+c]
}
