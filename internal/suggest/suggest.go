// Package suggest finds the name a user probably meant when they wrote one
// that does not exist: the "did you mean" of brink's error messages.
package suggest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DidYouMean returns `; did you mean "X"?` for the candidate closest to name
// (case-insensitive edit distance), when it is close enough to be a plausible
// typo — at most a third of the name's length, between 1 and 3 edits — and ""
// otherwise. Of equally close candidates the first in the given order wins,
// so callers pass them in a stable order.
func DidYouMean(name string, candidates []string) string {
	best, bestD := "", 1<<30
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if d := distance(lower, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	limit := min(max(utf8.RuneCountInString(name)/3, 1), 3)
	if best == "" || bestD > limit {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// distance is the Levenshtein distance of two strings in bytes. Names longer
// than 64 bytes are never near anything but themselves, which bounds the cost
// on hostile input.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
