package findings

import (
	"fmt"
	"strings"
)

// A generated block in a page looks like
//
//	<!-- brink:outcomes gaza-2023 --seed 1 --runs 2000 -->
//	...generated text...
//	<!-- brink:end -->
//
// The word after "brink:" is the kind of table; the rest are the arguments of
// `brink run` that produce the numbers, optionally followed by "|" and the
// outcomes to show (default all). Everything between the two markers is
// replaced when the page is regenerated; everything outside is prose.
const (
	openPrefix = "<!-- brink:"
	markerEnd  = "<!-- brink:end -->"
	closeMark  = "-->"
)

// Kinds of generated tables.
const (
	KindOutcomes    = "outcomes"    // every variant's probability of every outcome
	KindDifferences = "differences" // every variant minus the baseline, paired
	KindCalibration = "calibration" // the baseline beside the public record, with Brier scores
	KindClaims      = "claims"      // every variant against the baseline, one sentence per outcome
	// KindInterception: Iran's first barrage at Israel per variant, from the
	// kernel's trace (the outcome language cannot see one salvo's interception).
	KindInterception = "interception"
	// KindRobustness: every variant against the baseline over the points of
	// a `brink sweep` of the scenario's uncertain values.
	KindRobustness = "robustness"
)

// Block is one generated region of a page.
type Block struct {
	Kind string
	Args []string // arguments of `brink run`, without the command names
	Only []string // outcomes to show; nil shows all
	Line int      // 1-based line of the opening marker, for messages
	// Byte offsets of the generated text: page[Start:End] is replaced.
	Start, End int
}

// Command is the `brink run` (or `brink sweep`) command line a reader
// types to see the block's numbers.
func (b Block) Command() string {
	if b.Kind == KindRobustness {
		return "brink sweep " + strings.Join(b.Args, " ")
	}
	return "brink run " + strings.Join(b.Args, " ")
}

// ParseBlocks finds the generated blocks of a page, in order. A marker that
// is not closed, a nested marker or an unknown kind is an error naming its line.
func ParseBlocks(page string) ([]Block, error) {
	var blocks []Block
	pos := 0
	for {
		i := strings.Index(page[pos:], openPrefix)
		if i < 0 {
			return blocks, nil
		}
		i += pos
		line := 1 + strings.Count(page[:i], "\n")
		if strings.HasPrefix(page[i:], markerEnd) {
			return nil, fmt.Errorf("line %d: %s without an opening marker", line, markerEnd)
		}
		j := strings.Index(page[i:], closeMark)
		if j < 0 {
			return nil, fmt.Errorf("line %d: marker comment is not closed with %q", line, closeMark)
		}
		head := strings.TrimSpace(page[i+len(openPrefix) : i+j])
		head, only, _ := strings.Cut(head, "|")
		fields := strings.Fields(head)
		if len(fields) < 2 {
			return nil, fmt.Errorf("line %d: marker needs a kind and the arguments of brink run, got %q", line, head)
		}
		kind := fields[0]
		switch kind {
		case KindOutcomes, KindDifferences, KindCalibration, KindInterception, KindClaims, KindRobustness:
		default:
			return nil, fmt.Errorf("line %d: unknown table kind %q (want %s, %s, %s, %s, %s or %s)",
				line, kind, KindOutcomes, KindDifferences, KindClaims, KindCalibration, KindInterception, KindRobustness)
		}
		start := i + j + len(closeMark)
		k := strings.Index(page[start:], markerEnd)
		if k < 0 {
			return nil, fmt.Errorf("line %d: %s block is not closed with %s", line, kind, markerEnd)
		}
		end := start + k
		if n := strings.Index(page[start:end], openPrefix); n >= 0 {
			return nil, fmt.Errorf("line %d: a marker inside the %s block opened at line %d",
				1+strings.Count(page[:start+n], "\n"), kind, line)
		}
		blocks = append(blocks, Block{Kind: kind, Args: fields[1:], Only: strings.Fields(only), Line: line, Start: start, End: end})
		pos = end + len(markerEnd)
	}
}

// Regenerate returns the page with every block's text replaced by what
// render returns for it (framed by newlines so the markers keep their lines).
func Regenerate(page string, render func(Block) (string, error)) (string, error) {
	blocks, err := ParseBlocks(page)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	last := 0
	for _, b := range blocks {
		text, err := render(b)
		if err != nil {
			return "", fmt.Errorf("line %d (%s): %w", b.Line, b.Command(), err)
		}
		out.WriteString(page[last:b.Start])
		out.WriteString("\n")
		out.WriteString(strings.TrimRight(text, "\n"))
		out.WriteString("\n")
		last = b.End
	}
	out.WriteString(page[last:])
	return out.String(), nil
}

// RunArgs reads what the block's `brink run` arguments say about the
// experiment: the scenario, the seed, the runs and the variants (nil: all).
// Only the flags the pages use are accepted, so a page cannot name an
// experiment the test would reproduce differently.
func (b Block) RunArgs() (scenarioName string, seed uint64, runs int, variants []string, err error) {
	seed, runs = 1, 2000 // brink run's defaults
	args := b.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			if scenarioName != "" {
				return "", 0, 0, nil, fmt.Errorf("two scenarios named: %q and %q", scenarioName, a)
			}
			scenarioName = a
			continue
		}
		name := strings.TrimLeft(a, "-")
		if i+1 >= len(args) {
			return "", 0, 0, nil, fmt.Errorf("flag %s needs a value", a)
		}
		val := args[i+1]
		i++
		switch name {
		case "seed":
			if _, err := fmt.Sscan(val, &seed); err != nil {
				return "", 0, 0, nil, fmt.Errorf("--seed %q: %v", val, err)
			}
		case "runs":
			if _, err := fmt.Sscan(val, &runs); err != nil || runs <= 0 {
				return "", 0, 0, nil, fmt.Errorf("--runs %q: want a positive number", val)
			}
		case "variants":
			variants = strings.Split(val, ",")
		case "points", "design":
			if b.Kind != KindRobustness {
				return "", 0, 0, nil, fmt.Errorf("flag %s is one of brink sweep's, not brink run's", a)
			}
		default:
			return "", 0, 0, nil, fmt.Errorf("flag %s is not one the pages may use (seed, runs, variants; points and design for robustness)", a)
		}
	}
	if scenarioName == "" {
		return "", 0, 0, nil, fmt.Errorf("no scenario named")
	}
	return scenarioName, seed, runs, variants, nil
}
