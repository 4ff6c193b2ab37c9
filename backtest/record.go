package backtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"brink/outcome"
	"brink/scenario"
)

// Record is a record file: what happened after an episode's trigger.
type Record struct {
	Episode     string  `yaml:"episode" doc:"the episode's name; the scenario's name"`
	Scenario    string  `yaml:"scenario" doc:"the scenario file, relative to this record, or builtin:NAME for a built-in scenario"`
	Half        string  `yaml:"half,omitempty" doc:"the half of the library the episode belongs to: fit (defaults may be chosen by looking at it) or check (it only checks)"`
	Description string  `yaml:"description,omitempty" doc:"free text"`
	Trigger     Trigger `yaml:"trigger" doc:"the event of day 0"`
	Classes     []Class `yaml:"classes" doc:"the outcome classes scored: what an analyst would ask, and what happened"`
}

// Trigger is the event an episode starts from, on the scenario's first day.
type Trigger struct {
	Date   scenario.Date `yaml:"date" doc:"the trigger's date: the scenario's start"`
	What   string        `yaml:"what" doc:"what happened on day 0"`
	Source string        `yaml:"source" doc:"a public source for it"`
}

// Class is one outcome class of a record.
type Class struct {
	Name      string        `yaml:"name" doc:"the class's name: letters, digits, '_' and '-'"`
	Outcome   string        `yaml:"outcome" doc:"an outcome expression over a run (docs/scenario.md): a condition, or a number"`
	Happened  string        `yaml:"happened,omitempty" doc:"for a condition: yes or no"`
	Value     *float64      `yaml:"value,omitempty" doc:"for a number: what was observed, in the model's units"`
	Tolerance *float64      `yaml:"tolerance,omitempty" doc:"for a number: a run within this distance of value counts as a hit"`
	Date      scenario.Date `yaml:"date" doc:"when it happened (for what did not, the end of the window looked at)"`
	What      string        `yaml:"what" doc:"what happened, in words"`
	Source    string        `yaml:"source" doc:"a public source"`
	Before    string        `yaml:"before" doc:"the class's state in the window of equal length just before the trigger (yes/no, or a number): the naive persistence forecast"`
}

// Limits on a record, far above what a real one needs.
const (
	MaxClasses = 64
)

// Halves of the library.
const (
	Fit   = "fit"
	Check = "check"
)

// Episode is a record and its scenario, loaded and checked, with each class
// compiled into a condition that a run meets or not.
type Episode struct {
	Name     string
	File     string // the record's file name, for messages
	Record   *Record
	Scenario *scenario.Scenario
	Classes  []CheckedClass
}

// CheckedClass is a class with what the scoring needs.
type CheckedClass struct {
	Class
	Numeric  bool    // the outcome is a number, scored as a hit within Tolerance of Value
	Observed bool    // what happened (for a number: true, the observed value is a hit by definition)
	Persist  float64 // the persistence forecast: 1 or 0
	Expr     string  // the condition run by the simulation
}

// ScenarioResolver finds an episode's scenario from the record's scenario
// field; problems in the scenario come back as scenario.Problems.
type ScenarioResolver func(ref string) (*scenario.Scenario, error)

// Load decodes and checks a record file, and loads its scenario with
// resolve. The error is scenario.Problems (every problem, positioned in
// the record or the scenario file) or another error from resolve.
func Load(file string, src []byte, resolve ScenarioResolver) (*Episode, error) {
	var r Record
	doc, err := scenario.Decode(file, src, &r)
	if doc == nil {
		return nil, err
	}
	var probs scenario.Problems
	if err != nil {
		errors.As(err, &probs)
	}
	add := func(path, format string, args ...any) {
		probs = append(probs, doc.Problem(path, fmt.Sprintf(format, args...)))
	}
	if r.Half != "" && r.Half != Fit && r.Half != Check {
		add("half", "half: %q is neither fit nor check", r.Half)
	}
	if len(r.Classes) == 0 && err == nil {
		add("classes", "classes: a record needs at least one outcome class")
	}
	if len(r.Classes) > MaxClasses {
		add("classes", "classes: %d classes; the limit is %d", len(r.Classes), MaxClasses)
	}
	var s *scenario.Scenario
	if r.Scenario != "" {
		var serr error
		s, serr = resolve(r.Scenario)
		if serr != nil {
			var sp scenario.Problems
			if errors.As(serr, &sp) {
				probs = append(probs, doc.Problem("scenario", fmt.Sprintf("scenario %q has %d problem(s); see below", r.Scenario, len(sp))))
				probs = append(probs, sp...)
			} else {
				add("scenario", "scenario: %v", serr)
			}
			return nil, sortProblems(probs)
		}
	}
	ep := &Episode{Name: r.Episode, File: file, Record: &r, Scenario: s}
	if s != nil {
		if r.Episode != "" && r.Episode != s.Name {
			add("episode", "episode %q: its scenario is named %q; name them alike", r.Episode, s.Name)
		}
		start := s.Start
		if r.Trigger.Date != (scenario.Date{}) && r.Trigger.Date != start {
			add("trigger.date", "trigger: date %s is not the scenario's start %s (the trigger is day 0)", r.Trigger.Date, start)
		}
	}
	seen := map[string]int{}
	var voc outcome.Vocabulary
	if s != nil {
		if l, lerr := s.ResolveLadder(); lerr == nil {
			voc = s.Vocabulary(l)
		}
	}
	for i, c := range r.Classes {
		path := "classes." + strconv.Itoa(i)
		what := fmt.Sprintf("class %q", c.Name)
		if !isName(c.Name) {
			add(path+".name", "class %d: name %q must be letters, digits, '_' and '-'", i+1, c.Name)
		}
		if j, dup := seen[c.Name]; dup {
			add(path+".name", "%s: named twice (also class %d)", what, j+1)
		}
		seen[c.Name] = i
		cc := CheckedClass{Class: c}
		if len(c.Outcome) > scenario.MaxExprLength {
			add(path+".outcome", "%s: expression is %d characters; the limit is %d", what, len(c.Outcome), scenario.MaxExprLength)
			continue
		}
		if s == nil || voc.Rungs == nil {
			continue
		}
		if d := c.Date; d != (scenario.Date{}) {
			if off := d.DaysSince(s.Start); off < 0 || off > s.Days() {
				add(path+".date", "%s: date %s is outside the scenario (%s to %s)", what, d, s.Start, s.Start.AddDays(s.Days()))
			}
		}
		e, cerr := outcome.Compile(c.Name, c.Outcome, voc)
		var oe *outcome.Error
		if errors.As(cerr, &oe) {
			probs = append(probs, scenario.Problem{File: file, Pos: doc.OffsetPos(path+".outcome", oe.Offset), Msg: fmt.Sprintf("%s: %s", what, oe.Msg)})
		} else if cerr != nil {
			add(path+".outcome", "%s: %v", what, cerr)
		}
		// A class whose expression does not compile is still checked as
		// the kind its fields say it is, so that every problem shows at once.
		isCond := c.Value == nil && c.Tolerance == nil
		if e != nil {
			isCond = e.IsBool()
		}
		if isCond {
			cc.Expr = "(" + c.Outcome + ")"
			if c.Value != nil || c.Tolerance != nil {
				add(path+".value", "%s: the outcome is a condition; say what happened with happened: yes or no, not value and tolerance", what)
			}
			h, ok := yesNo(c.Happened)
			switch {
			case c.Happened == "":
				add(path, "%s: missing field \"happened\" (yes or no)", what)
			case !ok:
				add(path+".happened", "%s: happened: %q is neither yes nor no", what, c.Happened)
			}
			cc.Observed = h
			b, ok := yesNo(c.Before)
			if c.Before != "" && !ok {
				add(path+".before", "%s: before: %q is neither yes nor no (the condition's state in the window before the trigger)", what, c.Before)
			}
			cc.Persist = b01(b)
		} else {
			cc.Numeric = true
			if c.Happened != "" {
				add(path+".happened", "%s: the outcome is a number; say what happened with value and tolerance, not happened", what)
			}
			if c.Value == nil {
				add(path, "%s: missing field \"value\" (what was observed)", what)
			}
			if c.Tolerance == nil {
				add(path, "%s: missing field \"tolerance\" (how near value a run must come to count)", what)
			} else if *c.Tolerance < 0 {
				add(path+".tolerance", "%s: tolerance %g is negative", what, *c.Tolerance)
			}
			var b float64
			if c.Before != "" {
				var perr error
				b, perr = strconv.ParseFloat(c.Before, 64)
				if perr != nil || math.IsNaN(b) || math.IsInf(b, 0) {
					add(path+".before", "%s: before: %q is not a number (the value in the window before the trigger)", what, c.Before)
				}
			}
			if c.Value != nil && c.Tolerance != nil {
				cc.Expr = fmt.Sprintf("abs((%s) - %s) <= %s", c.Outcome, num(*c.Value), num(*c.Tolerance))
				cc.Observed = true
				cc.Persist = b01(math.Abs(b-*c.Value) <= *c.Tolerance)
			}
		}
		ep.Classes = append(ep.Classes, cc)
	}
	if len(probs) > 0 {
		return nil, sortProblems(probs)
	}
	return ep, nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func b01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func yesNo(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "yes", "true":
		return true, true
	case "no", "false":
		return false, true
	}
	return false, false
}

func isName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// sortProblems orders problems by file, then position, and drops repeats.
func sortProblems(ps scenario.Problems) scenario.Problems {
	out := scenario.Problems{}
	seen := map[scenario.Problem]bool{}
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	// A stable sort keeps the record's problems before its scenario's.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && less(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func less(a, b scenario.Problem) bool {
	if a.File != b.File {
		return false
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	return a.Pos.Col < b.Pos.Col
}

// JSONSchema returns the JSON Schema (draft 2020-12) of record files, for
// editors; Load remains the authority (it checks expressions and dates).
func JSONSchema() []byte {
	raw := scenario.SchemaOf(reflect.TypeFor[Record](), "https://github.com/brink/schema/backtest-record.json", "brink backtest record",
		"What happened after a crisis's trigger, for `brink backtest`: the episode's scenario, its half of the library, the trigger, and the outcome classes scored. See docs/backtest.md.")
	// The fields read as written (yes/no, or a number) are strings to the
	// decoder; say what they may be.
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		panic("backtest: record schema: " + err.Error()) // a bug in SchemaOf
	}
	props := doc["$defs"].(map[string]any)["Class"].(map[string]any)["properties"].(map[string]any)
	yesNo := []any{"yes", "no", "true", "false", true, false}
	props["happened"] = map[string]any{"description": props["happened"].(map[string]any)["description"], "enum": yesNo}
	props["before"] = map[string]any{"description": props["before"].(map[string]any)["description"],
		"anyOf": []any{map[string]any{"enum": yesNo}, map[string]any{"type": "number"}}}
	rec := doc["$defs"].(map[string]any)["Record"].(map[string]any)["properties"].(map[string]any)
	rec["half"] = map[string]any{"description": rec["half"].(map[string]any)["description"], "enum": []any{Fit, Check}}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("backtest: record schema: " + err.Error())
	}
	return append(out, '\n')
}
