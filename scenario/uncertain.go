package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"brink/uncertainty"
)

// The uncertain block (docs/scenario.md, "Uncertain values") names values by
// path, as --set does, and gives each a distribution. A run uses the values
// as written; `brink sweep` and `brink sensitivity` set them to points of a
// design. Load checks each path and distribution, and loads the scenario
// with every uncertain value at its lower and at its upper bound (and at
// each choice), so that a design cannot reach an invalid scenario through
// one value alone.

func (x *Choices) decodeNode(d *decoder, n *node, path, what string) {
	*x = Choices{}
	if n.kind == nullNode {
		return
	}
	if n.kind != seqNode {
		d.errf(n.pos, "%s: expected a sequence of values, got %s", what, n.describe())
		return
	}
	for i, it := range n.items {
		d.pos[join(path, strconv.Itoa(i))] = it.pos
		x.Values = append(x.Values, it.clone())
	}
}

func (x *Choices) encodeNode() *node {
	n := &node{kind: seqNode, items: []*node{}}
	for _, v := range x.Values {
		n.items = append(n.items, v.clone())
	}
	return n
}

func (x *Choices) isEmpty() bool { return len(x.Values) == 0 }

// UncertainParam is one uncertain value of a scenario, as its uncertain block gives it.
type UncertainParam struct {
	Path string
	// Dist is the distribution of a number; nil for a choice.
	Dist uncertainty.Dist
	// Choices is the number of values of a choice (0 for a number).
	Choices int
	Note    string

	steps  []pathStep
	values []*node
}

// Params returns the scenario's uncertain values in the order written.
// Those with a problem are left out (Load reports them).
func (s *Scenario) Params() []UncertainParam {
	var out []UncertainParam
	for _, path := range s.Uncertain.Keys {
		p, err := s.Uncertain.Values[path].param(path)
		if err == nil {
			out = append(out, p)
		}
	}
	return out
}

// param checks one entry and returns it as a UncertainParam.
func (u *Uncertain) param(path string) (UncertainParam, error) {
	p := UncertainParam{Path: path, Note: u.Note}
	steps, err := parsePath(path)
	if err != nil {
		return p, err
	}
	p.steps = steps
	if steps[0].key == "uncertain" || steps[0].key == "name" {
		return p, fmt.Errorf("%s cannot be uncertain", steps[0].key)
	}
	set := 0
	if u.Uniform != nil {
		set++
		if len(u.Uniform) != 2 {
			return p, fmt.Errorf("uniform is [min, max], got %d numbers", len(u.Uniform))
		}
		p.Dist = uncertainty.Uniform{Lo: u.Uniform[0], Hi: u.Uniform[1]}
	}
	if u.Triangular != nil {
		set++
		if len(u.Triangular) != 3 {
			return p, fmt.Errorf("triangular is [min, mode, max], got %d numbers", len(u.Triangular))
		}
		p.Dist = uncertainty.Triangular{Lo: u.Triangular[0], Mode: u.Triangular[1], Hi: u.Triangular[2]}
	}
	if u.Beta != nil {
		set++
		b := uncertainty.Beta{Alpha: u.Beta.Alpha, Beta: u.Beta.Beta, Lo: 0, Hi: 1}
		if u.Beta.Min != nil {
			b.Lo = *u.Beta.Min
		}
		if u.Beta.Max != nil {
			b.Hi = *u.Beta.Max
		}
		p.Dist = b
	}
	if u.Normal != nil {
		set++
		p.Dist = uncertainty.TruncNormal{Mean: u.Normal.Mean, SD: u.Normal.SD, Lo: u.Normal.Min, Hi: u.Normal.Max}
	}
	if len(u.Choice.Values) > 0 {
		set++
		if len(u.Choice.Values) < 2 {
			return p, fmt.Errorf("a choice needs at least two values")
		}
		p.Choices = len(u.Choice.Values)
		p.values = u.Choice.Values
	}
	if set != 1 {
		return p, fmt.Errorf("give exactly one distribution (uniform, triangular, beta, normal or choice), found %d", set)
	}
	if p.Dist != nil {
		if err := uncertainty.Check(p.Dist); err != nil {
			return p, err
		}
	}
	return p, nil
}

// At returns the value at cumulative probability u: a number's quantile,
// or the choice that u picks, as a node.
func (p UncertainParam) at(u float64, pos Pos) *node {
	if p.Dist == nil {
		v := p.values[uncertainty.ChoiceIndex(u, p.Choices)].clone()
		v.movePos(pos.Line, 0)
		v.setCol(pos.Col)
		return v
	}
	n := floatNode(p.Dist.Quantile(u))
	n.pos = pos
	return n
}

// ValueText returns the value at u as one line of YAML: 0.65, tit_for_tat,
// {red_line: {threshold: strike}}.
func (p UncertainParam) ValueText(u float64) string { return flowText(p.at(u, Pos{})) }

// ValueAt returns the number at u (for a choice, the index of the value
// picked).
func (p UncertainParam) ValueAt(u float64) float64 {
	if p.Dist == nil {
		return float64(uncertainty.ChoiceIndex(u, p.Choices))
	}
	return p.Dist.Quantile(u)
}

func (n *node) setCol(col int) {
	n.pos.Col = col
	for i := range n.keyPos {
		n.keyPos[i].Col = col
	}
	for _, v := range n.vals {
		v.setCol(col)
	}
	for _, v := range n.items {
		v.setCol(col)
	}
}

// flowText writes a node as one line of YAML.
func flowText(n *node) string {
	switch n.kind {
	case mapNode:
		parts := make([]string, len(n.keys))
		for i, k := range n.keys {
			parts[i] = quoteKey(k) + ": " + flowText(n.vals[i])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case seqNode:
		parts := make([]string, len(n.items))
		for i, it := range n.items {
			parts[i] = flowText(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return inline(n)
}

// AtPoint returns the scenario with uncertain value i set to its value at
// cumulative probability u[i], and the settings that made it (PATH=VALUE).
// The base is validated as With does; the variants are validated when they
// are applied (With(settings...) reports their problems at the settings).
func (s *Scenario) AtPoint(u []float64) (*Scenario, []Setting, error) {
	params := s.Params()
	if len(u) != len(params) {
		return nil, nil, fmt.Errorf("a point of %d values for %d uncertain values", len(u), len(params))
	}
	sets := make([]Setting, len(params))
	for i, p := range params {
		sets[i] = Setting{Path: p.Path, Value: p.ValueText(u[i])}
	}
	out, err := s.with(sets, false)
	return out, sets, err
}

// checkUncertain checks the uncertain block of a scenario that is otherwise
// valid: each entry's path and distribution, then the scenario with every
// value at its lower bound, at its upper bound, and at each of its choices
// (a value with fewer choices stays at its last).
func (s *Scenario) checkUncertain() Problems {
	if len(s.Uncertain.Keys) == 0 {
		return nil
	}
	c := &checker{s: s, file: s.file()}
	var params []UncertainParam
	var where []Pos
	passes := 2
	for _, path := range s.Uncertain.Keys {
		u := s.Uncertain.Values[path]
		p, err := u.param(path)
		if err != nil {
			pos := s.Uncertain.Pos[path]
			if p.steps != nil {
				pos = u.Pos
			}
			c.errAt(pos, "uncertain %q: %v", path, err)
			continue
		}
		if getNode(s.rootNode(), p.steps[:len(p.steps)-1]) == nil && p.steps[0].key != "model" {
			// setNode says what is missing.
			if err := setNode(s.rootNode().clone(), p.steps, &node{kind: nullNode}, u.Pos); err != nil {
				c.errAt(s.Uncertain.Pos[path], "uncertain %q: %v", path, err)
				continue
			}
		}
		params = append(params, p)
		where = append(where, u.Pos)
		passes = max(passes, p.Choices)
	}
	if len(c.probs) > 0 {
		return c.probs
	}
	seen := map[Problem]bool{}
	for pass := range passes {
		root := s.rootNode().clone()
		desc := "at its lower bound"
		if pass > 0 {
			desc = "at its upper bound"
		}
		bad := false
		for i, p := range params {
			u := 0.0
			if pass > 0 {
				u = 1
			}
			if p.Dist == nil {
				u = (float64(min(pass, p.Choices-1)) + 0.5) / float64(p.Choices)
			}
			if err := setNode(root, p.steps, p.at(u, where[i]), where[i]); err != nil {
				c.errAt(s.Uncertain.Pos[p.Path], "uncertain %q: %v", p.Path, err)
				bad = true
			}
		}
		if bad {
			return c.probs
		}
		out, probs := fromNode(s.file(), root, s.Source(), nil)
		probs = append(probs, out.checkVariants(probs)...)
		for _, pr := range probs {
			key := pr
			for i, p := range params {
				if pr.Pos == where[i] {
					what := desc
					if p.Dist == nil {
						what = "at choice " + strconv.Itoa(min(pass, p.Choices-1)+1)
					} else {
						what += " " + p.ValueText(float64(min(pass, 1)))
					}
					pr.Msg = fmt.Sprintf("uncertain %q %s: %s", p.Path, what, pr.Msg)
					key = pr
					break
				}
			}
			if key.Msg == pr.Msg && !strings.HasPrefix(pr.Msg, "uncertain ") {
				pr.Msg += " (with the uncertain values " + map[bool]string{true: "at their lower bounds", false: "at their upper bounds or choices"}[pass == 0] + ")"
			}
			if !seen[pr] {
				seen[pr] = true
				c.probs = append(c.probs, pr)
			}
		}
	}
	return c.probs
}
