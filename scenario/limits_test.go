package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"
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

// loadAllocs is the allocations of one load of data: a measure of the
// work the load does that, unlike its time, a busy machine does not change.
func loadAllocs(t *testing.T, data []byte) float64 {
	return testing.AllocsPerRun(1, func() {
		if _, err := Load("v.yaml", data); err != nil {
			t.Fatal(err)
		}
	})
}

// Checking a scenario does work linear in its variants: the second half of
// MaxVariants variants costs about what the first half does (a check
// quadratic in variants made it three times as much), counted in
// allocations (issue 19, item 4).
func TestValidationLinearInVariants(t *testing.T) {
	none := loadAllocs(t, withVariants(t, 0, 1))
	half := loadAllocs(t, withVariants(t, MaxVariants/2, 1))
	all := loadAllocs(t, withVariants(t, MaxVariants, 1))
	first, second := half-none, all-half
	if ratio := second / first; ratio > 1.5 {
		t.Errorf("the first %d variants take %.0f allocations to check, the next %d %.0f: %.1f times as many",
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
