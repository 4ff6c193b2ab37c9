// Package bench measures how fast brink runs: the standard workloads of
// issue 6 (a year of the Gaza crisis, a two-actor 20-day duel, a 200-round
// iterated game), a generator of scenarios of any size for the scaling
// table, and the measurement behind `brink bench` — runs per second on all
// workers and on one, cost per engaged pair-day, allocations per run and
// peak memory, the figures a user needs to size a cluster job.
package bench

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"strconv"

	"brink/scenario"
)

// The duel and the iterated game, the one copy of each: the kernel's
// benchmarks (sim's BenchmarkKernel) load them through Lookup, and sim's
// regression tests read the files.
//
//go:embed workloads/*.yaml
var workloadFS embed.FS

// Workload is one scenario, in one variant, that the benchmark runs.
type Workload struct {
	Name     string             // how `brink bench` names it
	Scenario *scenario.Scenario // the scenario with every variant
	Variant  string             // the variant run; "" for the first
}

// Embedded workloads, by name.
const (
	Duel = "duel-20d" // two actors, 20 days, standard ladder, tit-for-tat against an aggressive doctrine
	IPD  = "ipd-200d" // two-rung iterated prisoner's dilemma, 200 rounds
)

// Region is the built-in scenario the standard set opens with: a year of
// the crisis after 7 October 2023, thirteen actors. The default built-in
// scenario stands in while a build lacks it.
const Region = "gaza-2023"

// Standard returns the standard workload set, the one the performance
// targets of docs/performance.md are stated for: Region (or the default
// built-in scenario), Duel and IPD, each in its first variant.
func Standard() ([]Workload, error) {
	region, err := scenario.Builtin(Region)
	name := Region
	if err != nil {
		if region, err = scenario.Builtin(scenario.DefaultName); err != nil {
			return nil, fmt.Errorf("loading the built-in scenario: %v", err)
		}
		name = scenario.DefaultName
	}
	ws := []Workload{{Name: name, Scenario: region}}
	for _, n := range []string{Duel, IPD} {
		w, _, err := Lookup(n)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	return ws, nil
}

var scaleName = regexp.MustCompile(`^scale-([0-9]+)x([0-9]+)$`)

// Lookup finds a workload by name: an embedded one (Duel, IPD) or a
// generated one written scale-ACTORSxDAYS (scale-50x365). ok is false when
// the name is neither; err says what is wrong with a name that is one.
func Lookup(name string) (w Workload, ok bool, err error) {
	if m := scaleName.FindStringSubmatch(name); m != nil {
		n, err1 := strconv.Atoi(m[1])
		d, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil {
			return Workload{}, true, fmt.Errorf("%s: actors and days must be whole numbers", name)
		}
		s, err := Scaling(n, d)
		if err != nil {
			return Workload{}, true, err
		}
		return Workload{Name: name, Scenario: s}, true, nil
	}
	data, err := workloadFS.ReadFile(path.Join("workloads", name+".yaml"))
	if err != nil {
		return Workload{}, false, nil
	}
	s, err := scenario.Load(name+".yaml", data)
	if err != nil {
		return Workload{}, true, fmt.Errorf("embedded workload %s: %v", name, err)
	}
	return Workload{Name: name, Scenario: s}, true, nil
}

// Apply returns the workload's scenario with its variant applied, and the
// variant's name (the first variant when none was chosen).
func (w Workload) Apply() (*scenario.Scenario, string, error) {
	v := w.Variant
	if v == "" {
		v = w.Scenario.VariantNames()[0]
	}
	s, err := w.Scenario.Apply(v)
	if err != nil {
		return nil, "", err
	}
	return s, v, nil
}

// EngagedPairs counts the directed pairs (i, j), i ≠ j, for which the
// kernel evaluates i's doctrine toward j every day: pairs with a declared
// relation whose stance is neutral or more hostile, and pairs for which i
// names a doctrine `toward` j whatever their stance. Allies and friends act
// on each other only through such an explicit doctrine, and a pair with no
// declared relation is dormant until one of them perceives a hostile act of
// the other (docs/model.md §4.3; sim.Model's engaged table). It is the unit
// in which a run's cost is stated: ns per engaged pair-day.
//
// The count follows the scenario as written (the last relation of a pair
// sets its stance, as in the kernel); it leaves out what engages a pair for
// a day only — a provoked dormant pair, a patron's directive, a spoiler's
// attack.
func EngagedPairs(s *scenario.Scenario) int {
	ids := s.Actors.Keys
	n := len(ids)
	idx := make(map[string]int, n)
	for i, id := range ids {
		idx[id] = i
	}
	engaged := make([]bool, n*n)
	for _, r := range s.Relations {
		a, okA := idx[r.Between[0]]
		b, okB := idx[r.Between[1]]
		if !okA || !okB || a == b {
			continue
		}
		e := r.Stance != "ally" && r.Stance != "friendly"
		engaged[a*n+b], engaged[b*n+a] = e, e
	}
	for i, id := range ids {
		for _, t := range s.Actors.Values[id].Toward.Keys {
			if j, ok := idx[t]; ok && j != i {
				engaged[i*n+j] = true
			}
		}
	}
	c := 0
	for _, e := range engaged {
		if e {
			c++
		}
	}
	return c
}
