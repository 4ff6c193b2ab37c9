package scenario

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"brink/internal/suggest"
)

// loadMeta is what the loader keeps of a file beside the typed model.
type loadMeta struct {
	file string
	src  []byte
	root *node
	pos  map[string]Pos // value positions by path, for messages
}

// Load decodes and validates one scenario file; filename is used in messages.
// When the file is invalid the error is Problems: every problem found, sorted
// by position. Each variant is applied and checked too, and every outcome
// expression is compiled, so a scenario that loads can be run in any variant.
func Load(filename string, data []byte) (*Scenario, error) {
	root, probs := parseYAML(filename, data)
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	s, probs := fromNode(filename, root, bytes.Clone(data), nil)
	probs = append(probs, s.checkVariants(probs)...)
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	if probs := s.checkUncertain(); len(probs) > 0 {
		return nil, probs.sorted()
	}
	return s, nil
}

// fromNode decodes a node tree and runs the semantic checks on it. It always
// returns a scenario (possibly partial) so that callers can keep checking.
// base is the scenario a variant was applied to (nil for a file): its
// outcomes need no second compile when the actors are the same, since a
// variant cannot change outcomes, the ladder or the horizon.
func fromNode(file string, root *node, src []byte, base *Scenario) (*Scenario, Problems) {
	d := &decoder{file: file, pos: map[string]Pos{}}
	s := &Scenario{}
	d.decode(root, reflect.ValueOf(s).Elem(), "", "scenario")
	s.meta = &loadMeta{file: file, src: src, root: root, pos: d.pos}
	for _, name := range s.Variants.Keys {
		s.Variants.Values[name].Pos = s.Variants.Pos[name]
	}
	probs := d.probs
	probs = append(probs, s.validate(base)...)
	return s, probs
}

// checkVariants applies every variant and reports what is wrong with the
// result. A problem the base already has is not repeated; one that lies
// outside the overlay's own text is reported at the variant's name.
func (s *Scenario) checkVariants(base Problems) Problems {
	// Problems are compared without their hints: the same mistake may get
	// a different "did you mean" once a variant has changed the names.
	seen := make(map[Problem]bool, len(base))
	for _, p := range base {
		seen[withoutHint(p)] = true
	}
	var out Problems
	for _, name := range s.Variants.Keys {
		v := s.Variants.Values[name]
		if len(v.Overlay) == 0 {
			continue
		}
		_, probs := s.apply(v)
		inside := overlayPositions(v)
		for _, p := range probs {
			if seen[withoutHint(p)] {
				continue
			}
			seen[withoutHint(p)] = true
			msg := p.Msg
			if !inside[p.Pos] {
				msg = fmt.Sprintf("%s (line %d)", msg, p.Pos.Line)
				p.Pos = v.Pos
			}
			p.Msg = fmt.Sprintf("variant %q: %s", name, msg)
			out = append(out, p)
		}
	}
	return out
}

func withoutHint(p Problem) Problem {
	if i := strings.Index(p.Msg, "; did you mean"); i >= 0 {
		p.Msg = p.Msg[:i]
	}
	return p
}

// Apply returns the base scenario with the named variant's overlay applied,
// checked again as a whole. "" — or a variant whose overlay is empty, such as
// an implied or declared baseline — gives the base itself. The result has no
// variants of its own; its Source is the base file's.
func (s *Scenario) Apply(variant string) (*Scenario, error) {
	if variant == "" {
		return s, nil
	}
	v, ok := s.Variants.Values[variant]
	if !ok {
		if len(s.Variants.Keys) == 0 && variant == "baseline" {
			return s, nil
		}
		have := strings.Join(s.VariantNames(), ", ")
		if have == "" {
			have = "none but the base, baseline"
		}
		return nil, fmt.Errorf("scenario %q has no variant %q%s (it has %s)", s.Name, variant, suggest.DidYouMean(variant, s.VariantNames()), have)
	}
	if len(v.Overlay) == 0 {
		return s, nil
	}
	out, probs := s.apply(v)
	if len(probs) > 0 {
		for i := range probs {
			probs[i].Msg = fmt.Sprintf("variant %q: %s", variant, probs[i].Msg)
		}
		return nil, probs.sorted()
	}
	return out, nil
}

func (s *Scenario) apply(v *Variant) (*Scenario, Problems) {
	file := s.file()
	merged, probs := mergeOverlay(file, withoutVariants(s.rootNode()), v.Overlay)
	out, p2 := fromNode(file, merged, s.Source(), s)
	out.Variants = Ordered[Variant]{}
	return out, append(probs, p2...)
}

// withoutVariants is the scenario's node tree less its variants section,
// which a variant's scenario does not have: keeping it would decode and
// check every variant again for each variant, time quadratic in variants.
// The tree is shared, not copied.
func withoutVariants(root *node) *node {
	if root == nil || root.kind != mapNode || root.index("variants") < 0 {
		return root
	}
	r := *root
	r.keys, r.keyPos, r.vals = nil, nil, nil
	for i, k := range root.keys {
		if k != "variants" {
			r.keys = append(r.keys, k)
			r.keyPos = append(r.keyPos, root.keyPos[i])
			r.vals = append(r.vals, root.vals[i])
		}
	}
	return &r
}

func (s *Scenario) file() string {
	if s.meta != nil {
		return s.meta.file
	}
	return s.Name + ".yaml"
}

// rootNode is the scenario as a node tree: the one it was loaded from, or
// one encoded from the typed model for a scenario built in Go.
func (s *Scenario) rootNode() *node {
	if s.meta != nil && s.meta.root != nil {
		return s.meta.root
	}
	return encodeScenario(s)
}

// VariantNames returns the variants in declared order; ["baseline"] when the
// scenario declares none.
func (s *Scenario) VariantNames() []string {
	if len(s.Variants.Keys) == 0 {
		return []string{"baseline"}
	}
	return append([]string(nil), s.Variants.Keys...)
}

// Source returns the file's bytes as loaded (the manifest hashes these); nil
// for a scenario that was not loaded from a file.
func (s *Scenario) Source() []byte {
	if s.meta == nil {
		return nil
	}
	return s.meta.src
}

// Days returns the horizon in days.
func (s *Scenario) Days() int { return s.Horizon.Days }

// at returns the position of the value at path, falling back to the nearest
// enclosing value that has one, and to 1:1.
func (s *Scenario) at(path string) Pos {
	if s.meta == nil {
		return Pos{1, 1}
	}
	for {
		if p, ok := s.meta.pos[path]; ok {
			return p
		}
		i := len(path) - 1
		for i >= 0 && path[i] != '.' {
			i--
		}
		if i < 0 {
			if p, ok := s.meta.pos[""]; ok {
				return p
			}
			return Pos{1, 1}
		}
		path = path[:i]
	}
}
