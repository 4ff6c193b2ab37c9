package findings

import (
	"brink/internal/goldenfile"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"brink/cli"
	"brink/results"
	"brink/scenario"
	"brink/sweep"
)

var update = flag.Bool("update", false, "rewrite the generated tables of the docs pages")

// pages are the documents whose generated tables this test keeps true.
var pages = []string{
	"../../docs/findings.md",
	"../../docs/scenarios/gaza-2023.md",
	"../../docs/scenarios/april-2024.md",
}

// TestPagesSayWhatTheModelSays re-runs the `brink run` command of every
// generated block of every page and fails when the page's table differs from
// the one the model gives now. Run with -update to rewrite the tables.
func TestPagesSayWhatTheModelSays(t *testing.T) {
	runs := map[string]*results.Summary{} // by command: blocks sharing a command share its runs
	for _, path := range pages {
		t.Run(strings.TrimPrefix(path, "../../docs/"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			page := string(data)
			got, err := Regenerate(page, func(b Block) (string, error) { return render(t, b, runs) })
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if got == page {
				return
			}
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: tables rewritten", path)
				return
			}
			t.Errorf("%s no longer says what the model says (go test ./internal/findings -update rewrites it):\n%s",
				path, goldenfile.FirstDifference(page, got))
		})
	}
}

func render(t *testing.T, b Block, cache map[string]*results.Summary) (string, error) {
	name, seed, runs, _, err := b.RunArgs()
	if err != nil {
		return "", err
	}
	switch b.Kind {
	case KindInterception:
		s, err := scenario.Builtin(name)
		if err != nil {
			return "", err
		}
		var xs []Interception
		for _, v := range s.VariantNames() {
			x, err := MeasureInterception(s, v, "IRN", "ISR", "barrage", seed, runs)
			if err != nil {
				return "", err
			}
			xs = append(xs, x)
		}
		return RenderInterception(s.VariantNames(), xs, b.Command()), nil
	case KindRobustness:
		doc, err := brinkSweep(b)
		if err != nil {
			return "", err
		}
		for _, name := range b.Only {
			if !slices.Contains(doc.Manifest.Outcomes, name) {
				return "", fmt.Errorf("the block names outcome %q, which the scenario does not define", name)
			}
		}
		return RenderRobustness(doc, b.Command(), b.Only...), nil
	}
	sum, err := brinkRun(t, b, cache)
	if err != nil {
		return "", err
	}
	for _, name := range b.Only {
		if !hasOutcome(sum, name) {
			return "", fmt.Errorf("the block names outcome %q, which the scenario does not define", name)
		}
	}
	switch b.Kind {
	case KindOutcomes:
		return RenderOutcomes(sum, b.Command(), b.Only...), nil
	case KindDifferences:
		return RenderDifferences(sum, b.Command(), b.Only...), nil
	case KindClaims:
		return RenderClaims(sum, b.Command(), b.Only...), nil
	case KindCalibration:
		record, ok := Records[name]
		if !ok {
			return "", fmt.Errorf("no public record for scenario %q", name)
		}
		var extra []results.OutcomeStat
		if name == "april-2024" {
			st, err := interceptionStat(name, sum.Variants[0].Name, seed, runs)
			if err != nil {
				return "", err
			}
			extra = append(extra, st)
		}
		return RenderCalibration(sum, record, b.Command(), extra...)
	}
	return "", fmt.Errorf("unknown block kind %q", b.Kind)
}

// interceptionStat is the april-2024 record's interception event for the
// baseline: given a barrage, was most of the first one intercepted.
func interceptionStat(name, variant string, seed uint64, runs int) (results.OutcomeStat, error) {
	s, err := scenario.Builtin(name)
	if err != nil {
		return results.OutcomeStat{}, err
	}
	x, err := MeasureInterception(s, variant, "IRN", "ISR", "barrage", seed, runs)
	if err != nil {
		return results.OutcomeStat{}, err
	}
	p, lo, hi := x.MostShare()
	return results.OutcomeStat{Name: MostIntercepted, Kind: results.KindProbability,
		P: p, Lo: lo, Hi: hi, Count: int64(x.Most)}, nil
}

// brinkRun runs `brink run ARGS --format json` through cli.Main, as a user
// would, and decodes the summary.
func brinkRun(t *testing.T, b Block, cache map[string]*results.Summary) (*results.Summary, error) {
	key := b.Command()
	if s, ok := cache[key]; ok {
		return s, nil
	}
	var out, errb bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Ctx: context.Background()}
	args := append([]string{"run"}, b.Args...)
	args = append(args, "--format", "json", "--no-store", "--quiet")
	if code := cli.Main(env, args); code != cli.ExitOK {
		return nil, fmt.Errorf("%s: exit %d: %s", key, code, errb.String())
	}
	var s results.Summary
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		return nil, fmt.Errorf("%s: decoding its JSON: %v", key, err)
	}
	if s.Manifest.Runs <= 0 || len(s.Variants) == 0 {
		return nil, fmt.Errorf("%s: an empty summary", key)
	}
	cache[key] = &s
	return &s, nil
}

// brinkSweep runs `brink sweep ARGS --format json` through cli.Main and
// decodes its output.
func brinkSweep(b Block) (*sweep.JSONDoc, error) {
	var out, errb bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Ctx: context.Background()}
	args := append([]string{"sweep"}, b.Args...)
	args = append(args, "--format", "json", "--quiet", "--no-store")
	if code := cli.Main(env, args); code != cli.ExitOK {
		return nil, fmt.Errorf("%s: exit %d: %s", b.Command(), code, errb.String())
	}
	var doc sweep.JSONDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("%s: decoding its JSON: %v", b.Command(), err)
	}
	if doc.Result == nil || len(doc.Points) == 0 {
		return nil, fmt.Errorf("%s: no points", b.Command())
	}
	return &doc, nil
}

func hasOutcome(s *results.Summary, name string) bool {
	for _, o := range s.Variants[0].Outcomes {
		if o.Name == name {
			return true
		}
	}
	return false
}
