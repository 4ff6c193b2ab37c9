package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// withVariants is testdata/good/prisoners-dilemma.yaml with n variants, each
// changing the model, and o outcomes.
func withVariants(t *testing.T, n, o int) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/good/prisoners-dilemma.yaml")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(src), "variants:")
	var b strings.Builder
	b.WriteString(head + "variants:\n")
	for i := range n {
		fmt.Fprintf(&b, "  v%d: {model: {accident: 0.%03d}}\n", i, i%1000)
	}
	b.WriteString("outcomes:\n")
	for i := range o {
		fmt.Fprintf(&b, "  o%d: max_rung(\"ROW\", \"COL\") >= rung(\"defect\")\n", i)
	}
	return []byte(b.String())
}

// loadTime is the shortest of five loads of data.
func loadTime(t *testing.T, data []byte) time.Duration {
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		if _, err := Load("v.yaml", data); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	return best
}

// Checking a scenario takes time linear in its variants: the second half
// of MaxVariants variants costs about what the first half does (a check
// quadratic in variants made it three times as much), with room for a busy
// machine (issue 19, item 4).
func TestValidationLinearInVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	none := loadTime(t, withVariants(t, 0, 1))
	half := loadTime(t, withVariants(t, MaxVariants/2, 1))
	all := loadTime(t, withVariants(t, MaxVariants, 1))
	first, second := half-none, all-half
	if ratio := float64(second) / float64(first); ratio > 2 {
		t.Errorf("the first %d variants take %v to check, the next %d %v: %.1f times as long",
			MaxVariants/2, first, MaxVariants/2, second, ratio)
	}
}

// Variants and outcomes are capped with a clear message (actors already
// were: testdata/bad).
func TestVariantAndOutcomeCaps(t *testing.T) {
	if _, err := Load("v.yaml", withVariants(t, MaxVariants, MaxOutcomes)); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	_, err := Load("v.yaml", withVariants(t, MaxVariants+1, 1))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d variants; the limit is %d", MaxVariants+1, MaxVariants)) {
		t.Errorf("too many variants: %v", err)
	}
	_, err = Load("v.yaml", withVariants(t, 1, MaxOutcomes+1))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d outcomes; the limit is %d", MaxOutcomes+1, MaxOutcomes)) {
		t.Errorf("too many outcomes: %v", err)
	}
}
