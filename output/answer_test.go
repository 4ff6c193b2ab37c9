package output

import (
	"bytes"
	"strings"
	"testing"

	"brink/internal/summarytest"
	"brink/results"
	"pgregory.net/rapid"
)

func TestVerdict(t *testing.T) {
	for _, c := range []struct {
		kind      string
		d, lo, hi float64
		effect    Effect
		want      string
	}{
		{results.KindProbability, -0.012, -0.016, -0.008, Lowers, "lowers it by 1.2 points [0.8, 1.6]"},
		{results.KindProbability, 0.010, 0.005, 0.016, Raises, "raises it by 1.0 points [0.5, 1.6]"},
		{results.KindProbability, -0.001, -0.004, 0.001, NoEffect, "no effect detected"},
		{results.KindProbability, 0, 0, 0, NoEffect, "no effect detected"},
		// An interval that excludes 0 by less than 0.05 points keeps
		// enough decimals not to read "[0.0, ...]".
		{results.KindProbability, 0.003, 0.0004, 0.006, Raises, "raises it by 0.30 points [0.04, 0.60]"},
		{results.KindProbability, 0.0004, 0.00001, 0.0008, Raises, "raises it by 0.040 points [0.001, 0.080]"},
		{results.KindMean, -2.322, -2.436, -2.208, Lowers, "lowers it by 2.322 [2.208, 2.436]"},
		{results.KindMean, 12.5, 10.25, 14.75, Raises, "raises it by 12.50 [10.25, 14.75]"},
	} {
		e, got := Verdict(c.kind, c.d, c.lo, c.hi)
		if e != c.effect || got != c.want {
			t.Errorf("Verdict(%s, %v [%v, %v]) = %d %q, want %d %q", c.kind, c.d, c.lo, c.hi, e, got, c.effect, c.want)
		}
	}
}

func TestValueText(t *testing.T) {
	for _, c := range []struct {
		kind      string
		x, lo, hi float64
		want      string
	}{
		{results.KindProbability, 0.036, 0.029, 0.045, "3.6% [2.9, 4.5]"},
		{results.KindProbability, 0.002, 0.0008, 0.0051, "0.20% [0.08, 0.51]"},
		{results.KindProbability, 1, 0.998, 1, "100.0% [99.8, 100.0]"},
		{results.KindMean, 4.034, 3.908, 4.160, "4.034 [3.908, 4.160]"},
	} {
		if got := ValueText(c.kind, c.x, c.lo, c.hi); got != c.want {
			t.Errorf("ValueText(%v) = %q, want %q", c, got, c.want)
		}
	}
}

func TestAnswerGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteAnswer(&b, summarytest.Summary(400, 12), 0); err != nil {
		t.Fatal(err)
	}
	golden(t, "answer.golden", b.Bytes())
}

// The answer names every variant with an effect under each outcome, and
// only those; its effects agree with the paired intervals.
func TestBuildAnswerAgreesWithTheSummary(t *testing.T) {
	s := summarytest.Summary(400, 12)
	a := BuildAnswer(s)
	if a.Baseline != s.Variants[0].Name || len(a.Outcomes) != len(s.Variants[0].Outcomes) {
		t.Fatalf("answer %+v does not cover the summary's outcomes", a)
	}
	var b bytes.Buffer
	if err := WriteAnswer(&b, s, 0); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, o := range a.Outcomes {
		withDiff := 0
		for _, v := range s.Variants[1:] {
			if _, ok := findDifference(v, o.Name); ok {
				withDiff++
			}
		}
		if len(o.Options) != withDiff {
			t.Errorf("%s: %d options for %d variants with a difference", o.Name, len(o.Options), withDiff)
		}
		for _, opt := range o.Options {
			switch {
			case opt.DiffLo > 0 && opt.Effect != Raises, opt.DiffHi < 0 && opt.Effect != Lowers,
				opt.DiffLo <= 0 && opt.DiffHi >= 0 && opt.Effect != NoEffect:
				t.Errorf("%s %s: effect %d for [%v, %v]", o.Name, opt.Variant, opt.Effect, opt.DiffLo, opt.DiffHi)
			}
			if opt.Effect != NoEffect && !strings.Contains(text, opt.Verdict) {
				t.Errorf("%s %s: verdict %q not printed", o.Name, opt.Variant, opt.Verdict)
			}
		}
	}
}

// However narrow the screen (down to 40 columns), no line of the answer is
// wider, and none ends in a blank.
func TestAnswerFitsWidth(t *testing.T) {
	s := summarytest.Summary(200, 8)
	rapid.Check(t, func(t *rapid.T) {
		width := rapid.IntRange(40, 120).Draw(t, "width")
		var b bytes.Buffer
		if err := WriteAnswer(&b, s, width); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if n := len([]rune(line)); n > width {
				t.Fatalf("line of %d columns at width %d: %q", n, width, line)
			}
			if strings.HasSuffix(line, " ") {
				t.Fatalf("trailing blank in %q", line)
			}
		}
	})
}

func TestAnswerPartialAndSingleVariant(t *testing.T) {
	s := summarytest.Summary(50, 5)
	s.Partial = true
	s.Variants = s.Variants[:1]
	var b bytes.Buffer
	if err := WriteAnswer(&b, s, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "PARTIAL: stopped early; these are the first 50 runs") {
		t.Errorf("partial answer does not say it is partial:\n%s", out)
	}
	if strings.Contains(out, "effect") || strings.Contains(out, "baseline") {
		t.Errorf("a single variant has no effects to show:\n%s", out)
	}
	if !strings.Contains(out, "not a prediction") {
		t.Errorf("no caveat:\n%s", out)
	}
}

// TestMetricsNameVariantsByLabel: the --metrics table heads its columns
// with the variants' labels, as the answer names them, and with the name
// where a variant has none.
func TestMetricsNameVariantsByLabel(t *testing.T) {
	s := summarytest.Summary(50, 5)
	s.Variants[1].Label = "Direct line"
	var b bytes.Buffer
	if err := WriteMetrics(&b, s, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "Direct line") || strings.Contains(out, s.Variants[1].Name+" ") {
		t.Errorf("metrics do not name the labelled variant by its label:\n%s", out)
	}
	if !strings.Contains(out, s.Variants[0].Name) {
		t.Errorf("metrics lack the unlabelled variant's name:\n%s", out)
	}
}
