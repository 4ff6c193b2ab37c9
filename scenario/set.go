package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"brink/internal/suggest"
)

// A setting changes one value of a scenario by its path, as `--set
// PATH=VALUE` does on the command line and as a point of a sweep does for
// each uncertain parameter. The path names the value the way docs/scenario.md
// does: mapping keys joined by dots, and [i] for the i-th entry (from 0) of a
// sequence:
//
//	actors.IRN.resolve
//	model.misperception
//	variants.direct-channel.channels[0].trust.IRN
//	actors.IRN.toward.ISR        (a whole doctrine: VALUE is YAML)
//
// VALUE is YAML, so `0.8`, `tit_for_tat` and `{red_line: {threshold: strike}}`
// all work. The scenario with its settings is decoded and validated exactly
// as a file is (the variants too); a problem in a value that came from a
// setting is reported at the setting ("--set PATH=VALUE:1:COL: ...").

// Setting is one PATH=VALUE assignment.
type Setting struct {
	Path  string
	Value string
}

// String is PATH=VALUE.
func (st Setting) String() string { return st.Path + "=" + st.Value }

// ParseSetting reads the text of one --set flag, PATH=VALUE.
func ParseSetting(text string) (Setting, error) {
	path, val, ok := strings.Cut(text, "=")
	if !ok {
		return Setting{}, fmt.Errorf("%q is not PATH=VALUE (such as actors.IRN.resolve=0.8)", text)
	}
	path = strings.TrimSpace(path)
	if _, err := parsePath(path); err != nil {
		return Setting{}, fmt.Errorf("%q: %v", text, err)
	}
	return Setting{Path: path, Value: val}, nil
}

// pathStep is one step of a path: a mapping key, or (key == "") a sequence
// index.
type pathStep struct {
	key   string
	index int
}

// parsePath splits a path into its steps.
func parsePath(path string) ([]pathStep, error) {
	if path == "" {
		return nil, fmt.Errorf("empty path")
	}
	var steps []pathStep
	for _, seg := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(seg, "[")
		if key == "" && (len(steps) == 0 || rest == "") {
			return nil, fmt.Errorf("path %q has an empty key", path)
		}
		if key != "" {
			steps = append(steps, pathStep{key: key})
		}
		if rest == "" && strings.Contains(seg, "[") {
			return nil, fmt.Errorf("path %q: %q has an empty index", path, seg)
		}
		for rest != "" {
			num, after, ok := strings.Cut(rest, "]")
			if !ok {
				return nil, fmt.Errorf("path %q: %q lacks its closing ]", path, seg)
			}
			i, err := strconv.Atoi(num)
			if err != nil || i < 0 {
				return nil, fmt.Errorf("path %q: [%s] is not an index from 0", path, num)
			}
			steps = append(steps, pathStep{index: i})
			if after == "" {
				break
			}
			if after[0] != '[' {
				return nil, fmt.Errorf("path %q: unexpected %q after ]", path, after)
			}
			rest = after[1:]
		}
	}
	return steps, nil
}

// idSections are the top-level mappings whose keys are ids: a setting may
// change an entry of one but not add one (a typo would otherwise make a new
// actor with one field).
var idSections = map[string]string{"actors": "actor", "leaders": "leader", "variants": "variant", "outcomes": "outcome"}

// setNode puts val at path in the tree root (changed in place). Missing
// mapping keys on the way are added (an absent optional field or section)
// except ids of the top-level sections; a sequence index must exist. pos is
// where added keys are said to be.
func setNode(root *node, steps []pathStep, val *node, pos Pos) error {
	cur := root
	for i, st := range steps {
		last := i == len(steps)-1
		if st.key == "" {
			if cur.kind != seqNode {
				return fmt.Errorf("[%d] indexes %s, not a sequence", st.index, cur.describe())
			}
			if st.index >= len(cur.items) {
				return fmt.Errorf("[%d] is past the end of a sequence of %d", st.index, len(cur.items))
			}
			if last {
				cur.items[st.index] = val
				return nil
			}
			cur = cur.items[st.index]
			continue
		}
		if cur.kind == nullNode {
			cur.kind = mapNode
		}
		if cur.kind != mapNode {
			return fmt.Errorf("%q is a key, but the value it is looked up in is %s", st.key, cur.describe())
		}
		j := cur.index(st.key)
		if j < 0 {
			if i == 1 && idSections[steps[0].key] != "" {
				return fmt.Errorf("the scenario has no %s %q%s", idSections[steps[0].key], st.key, suggest.DidYouMean(st.key, cur.keys))
			}
			cur.keys = append(cur.keys, st.key)
			cur.keyPos = append(cur.keyPos, pos)
			cur.vals = append(cur.vals, &node{kind: nullNode, pos: pos})
			j = len(cur.keys) - 1
		}
		if last {
			cur.vals[j] = val
			return nil
		}
		cur = cur.vals[j]
	}
	return nil
}

// getNode returns the node at path, or nil.
func getNode(root *node, steps []pathStep) *node {
	cur := root
	for _, st := range steps {
		if cur == nil {
			return nil
		}
		if st.key == "" {
			if cur.kind != seqNode || st.index >= len(cur.items) {
				return nil
			}
			cur = cur.items[st.index]
			continue
		}
		cur = cur.get(st.key)
	}
	return cur
}

// movePos sets every position in the tree to pos's line, shifting columns by
// dcol (a value parsed from a flag is placed in the flag's text).
func (n *node) movePos(line, dcol int) {
	if n == nil {
		return
	}
	n.pos = Pos{line, n.pos.Col + dcol}
	for i := range n.keyPos {
		n.keyPos[i] = Pos{line, n.keyPos[i].Col + dcol}
	}
	for _, v := range n.vals {
		v.movePos(line, dcol)
	}
	for _, v := range n.items {
		v.movePos(line, dcol)
	}
}

// With returns the scenario with the settings applied, decoded and validated
// again as a whole, the variants included. The result's Source is the
// file's; Settings lists every setting applied to it. A problem is reported
// at the setting it comes from ("--set PATH=VALUE:1:COL: message"), or at the
// file's position with the settings named.
func (s *Scenario) With(settings ...Setting) (*Scenario, error) {
	return s.with(settings, true)
}

// with is With; without checkVariants the variants are left to be checked
// when they are applied (Apply reports their problems, without the
// settings' positions), which saves applying every variant twice.
func (s *Scenario) with(settings []Setting, checkVariants bool) (*Scenario, error) {
	if len(settings) == 0 {
		return s, nil
	}
	root := s.rootNode().clone()
	var probs Problems
	labels := make([]string, len(settings))
	for k, st := range settings {
		labels[k] = "--set " + st.String()
		line := -(k + 1) // a position no file has: the k-th setting
		steps, err := parsePath(st.Path)
		if err != nil {
			probs = append(probs, Problem{File: labels[k], Pos: Pos{1, 7}, Msg: err.Error()})
			continue
		}
		val, vprobs := parseYAML(labels[k], []byte(st.Value))
		if st.Value == "" || (len(vprobs) > 0 && strings.TrimSpace(st.Value) == "") {
			val, vprobs = &node{kind: nullNode, pos: Pos{1, 1}}, nil
		}
		if len(vprobs) > 0 {
			for _, p := range vprobs {
				p.Pos.Col += len(st.Path) + 1 + 6
				probs = append(probs, p)
			}
			continue
		}
		val.movePos(line, len(st.Path)+1+6)
		if err := setNode(root, steps, val, Pos{line, 7}); err != nil {
			probs = append(probs, Problem{File: labels[k], Pos: Pos{1, 7}, Msg: err.Error()})
		}
	}
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	out, probs := fromNode(s.file(), root, s.Source(), nil)
	if checkVariants {
		probs = append(probs, out.checkVariants(probs)...)
	}
	if len(probs) > 0 {
		return nil, placeSettingProblems(probs, labels).sorted()
	}
	out.settings = append(append([]string(nil), s.settings...), settingTexts(settings)...)
	return out, nil
}

func settingTexts(sts []Setting) []string {
	out := make([]string, len(sts))
	for i, st := range sts {
		out[i] = st.String()
	}
	return out
}

// placeSettingProblems moves problems found in a setting's value to the
// setting, and names the settings on the others (the value at fault may be
// the file's, made wrong by a setting: a sum over 1).
func placeSettingProblems(probs Problems, labels []string) Problems {
	for i, p := range probs {
		k := -p.Pos.Line - 1
		if k >= 0 && k < len(labels) {
			probs[i].File = labels[k]
			probs[i].Pos.Line = 1
			continue
		}
		// A variant's problem outside its overlay names the line it is
		// at; one at a setting's key does the same with a negative line.
		for k, l := range labels {
			probs[i].Msg = strings.ReplaceAll(probs[i].Msg, fmt.Sprintf("(line %d)", -k-1), "("+l+")")
		}
		probs[i].Msg += " (with " + strings.Join(labels, ", ") + ")"
	}
	return probs
}

// Settings returns the settings applied to the scenario (PATH=VALUE), in the
// order they were applied; nil for a scenario as written.
func (s *Scenario) Settings() []string { return append([]string(nil), s.settings...) }
