package scenario

import (
	"fmt"

	"brink/internal/suggest"
)

// Merge rules of a variant's overlay (documented in docs/scenario.md):
//
//   - model: field by field; a field given replaces the base's.
//   - actors, leaders: by id. A new id is added (after the base's). An
//     existing one merges field by field: a field given replaces the base's,
//     except domestic and toward, which merge key by key. `remove: true`
//     drops the entry.
//   - relations, channels: matched by their unordered pair; an entry replaces
//     the base's entry for the pair as a whole, or is added; `remove: true`
//     drops it.
//   - processes, hazards: matched by id; replaced, added or (remove: true)
//     dropped.
//   - events: appended to the base's; `remove_events: true` clears the base's
//     events first.
//
// Removing an entry the base does not have is a problem, so that a renamed
// actor cannot silently turn a variant into a no-op.

// mergeOverlay returns a copy of base with the overlay applied. Problems are
// malformed overlay entries (a missing id, a remove of nothing).
func mergeOverlay(file string, base *node, overlay map[string]any) (*node, Problems) {
	m := merger{file: file}
	root := base.clone()
	if root.kind != mapNode {
		return root, nil
	}
	if rm, ok := overlay["remove_events"].(*node); ok && rm.text == "true" {
		if i := root.index("events"); i >= 0 {
			root.vals[i] = &node{kind: seqNode, pos: root.vals[i].pos}
		}
	}
	for _, key := range overlayFields {
		ov, ok := overlay[key].(*node)
		if !ok || key == "remove_events" {
			continue
		}
		i := root.index(key)
		if i < 0 {
			root.keys = append(root.keys, key)
			root.keyPos = append(root.keyPos, ov.pos)
			root.vals = append(root.vals, &node{kind: nullNode, pos: ov.pos})
			i = len(root.keys) - 1
		}
		cur := root.vals[i]
		switch key {
		case "model":
			root.vals[i] = m.fields(cur, ov, nil)
		case "actors", "leaders":
			root.vals[i] = m.byID(key, cur, ov)
		case "relations":
			root.vals[i] = m.list(key, cur, ov, pairKey)
		case "channels":
			root.vals[i] = m.list(key, cur, ov, chanKey)
		case "processes", "hazards":
			root.vals[i] = m.list(key, cur, ov, idKey)
		case "events":
			root.vals[i] = m.appendSeq(cur, ov)
		}
	}
	return root, m.probs
}

type merger struct {
	file  string
	probs Problems
}

func (m *merger) errf(pos Pos, format string, args ...any) {
	m.probs = append(m.probs, Problem{File: m.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (n *node) index(key string) int {
	for i, k := range n.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// set puts key: val in a mapping, replacing or appending.
func (n *node) set(key string, pos Pos, val *node) {
	if i := n.index(key); i >= 0 {
		n.vals[i] = val
		return
	}
	n.keys = append(n.keys, key)
	n.keyPos = append(n.keyPos, pos)
	n.vals = append(n.vals, val)
}

func (n *node) del(key string) {
	if i := n.index(key); i >= 0 {
		n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
		n.keyPos = append(n.keyPos[:i:i], n.keyPos[i+1:]...)
		n.vals = append(n.vals[:i:i], n.vals[i+1:]...)
	}
}

// mergeTarget is where every section merge starts: the node the overlay's
// entries go into, a copy of cur (or an empty node of the kind where the base
// lacks the section). Where the overlay or the base is not of that kind it
// returns the overlay as a whole and false, so that decoding reports the
// mismatch at the overlay's position.
func mergeTarget(cur, ov *node, kind nodeKind) (*node, bool) {
	if ov.kind != kind || (cur.kind != kind && cur.kind != nullNode) {
		return ov.clone(), false
	}
	if cur.kind == nullNode {
		return &node{kind: kind, pos: ov.pos}, true
	}
	return cur.clone(), true
}

// fields merges ov into cur key by key; keys in deep merge recursively one
// level (domestic, toward). A shape mismatch takes the overlay as a whole, so
// that decoding reports it at the overlay's position.
func (m *merger) fields(cur, ov *node, deep []string) *node {
	out, ok := mergeTarget(cur, ov, mapNode)
	if !ok {
		return out
	}
	for i, k := range ov.keys {
		v := ov.vals[i]
		if contains(deep, k) {
			if j := out.index(k); j >= 0 {
				out.vals[j] = m.fields(out.vals[j], v, nil)
				continue
			}
		}
		out.set(k, ov.keyPos[i], v.clone())
	}
	return out
}

// removal reports whether an overlay entry says `remove: true`, and strips
// the key. `remove` with other fields is a problem: it is unclear what is meant.
func (m *merger) removal(e *node) (*node, bool) {
	r := e.get("remove")
	if r == nil {
		return e, false
	}
	if r.kind != scalarNode || r.styp != boolScalar {
		m.errf(r.pos, "remove: expected true or false, got %s", r.describe())
		return e, false
	}
	c := e.clone()
	c.del("remove")
	if r.text != "true" {
		return c, false
	}
	if !onlyKeys(c) {
		m.errf(r.pos, "an entry with remove: true names only what it removes")
	}
	return c, true
}

func (m *merger) byID(section string, cur, ov *node) *node {
	if ov.kind == nullNode {
		return cur
	}
	out, ok := mergeTarget(cur, ov, mapNode)
	if !ok {
		return out
	}
	what := section[:len(section)-1]
	for i, id := range ov.keys {
		e := ov.vals[i]
		if e.kind == mapNode {
			var remove bool
			e, remove = m.removal(e)
			if remove {
				if out.index(id) < 0 {
					m.errf(ov.keyPos[i], "removes %s %q, which the base does not have%s", what, id, suggest.DidYouMean(id, out.keys))
				}
				out.del(id)
				continue
			}
		}
		if j := out.index(id); j >= 0 {
			out.vals[j] = m.fields(out.vals[j], e, []string{"domestic", "toward"})
			continue
		}
		// A new id that is not a whole new entry (no name) but is close
		// to one of the base's is a misspelt change, not an addition:
		// say so rather than list the fields a new entry would need.
		if hint := suggest.DidYouMean(id, out.keys); hint != "" && (e.kind != mapNode || e.get("name") == nil) {
			m.errf(ov.keyPos[i], "changes %s %q, which the base does not have%s", what, id, hint)
			continue
		}
		out.set(id, ov.keyPos[i], e.clone())
	}
	return out
}

// onlyKeys: entry c names nothing but what identifies it (between, id).
func onlyKeys(c *node) bool {
	for _, k := range c.keys {
		if k != "between" && k != "id" {
			return false
		}
	}
	return true
}

// chanKey identifies a channel by its unordered pair and its id (a pair
// may have several channels, told apart by id).
func chanKey(e *node) (string, bool) {
	k, ok := pairKey(e)
	if !ok {
		return "", false
	}
	if id := e.get("id"); id != nil && id.kind == scalarNode {
		k += "\x00" + id.text
	}
	return k, true
}

// pairKey identifies a relation or channel by its unordered pair.
func pairKey(e *node) (string, bool) {
	b := e.get("between")
	if b == nil || b.kind != seqNode || len(b.items) != 2 || b.items[0].kind != scalarNode || b.items[1].kind != scalarNode {
		return "", false
	}
	x, y := b.items[0].text, b.items[1].text
	if x > y {
		x, y = y, x
	}
	return x + "\x00" + y, true
}

func idKey(e *node) (string, bool) {
	id := e.get("id")
	if id == nil || id.kind != scalarNode {
		return "", false
	}
	return id.text, true
}

func (m *merger) list(section string, cur, ov *node, key func(*node) (string, bool)) *node {
	if ov.kind == nullNode {
		return cur
	}
	out, ok := mergeTarget(cur, ov, seqNode)
	if !ok {
		return out
	}
	what := section[:len(section)-1]
	ident := "its id"
	switch section {
	case "relations":
		ident = "its pair (between: [A, B])"
	case "channels":
		ident = "its pair (between: [A, B]) and its id, if it has one"
	}
	for _, e := range ov.items {
		if e.kind != mapNode {
			out.items = append(out.items, e.clone())
			continue
		}
		e, remove := m.removal(e)
		k, ok := key(e)
		if !ok {
			m.errf(e.pos, "a variant's %s entry needs %s to match the base", what, ident)
			continue
		}
		j := -1
		for x, b := range out.items {
			if bk, ok := key(b); ok && bk == k {
				j = x
				break
			}
		}
		switch {
		case remove && j < 0:
			m.errf(e.pos, "removes a %s the base does not have", what)
		case remove:
			out.items = append(out.items[:j:j], out.items[j+1:]...)
		case j >= 0:
			out.items[j] = e.clone()
		default:
			out.items = append(out.items, e.clone())
		}
	}
	return out
}

func (m *merger) appendSeq(cur, ov *node) *node {
	if ov.kind == nullNode {
		return cur
	}
	out, ok := mergeTarget(cur, ov, seqNode)
	if !ok {
		return out
	}
	for _, e := range ov.items {
		out.items = append(out.items, e.clone())
	}
	return out
}

// overlayPositions is every position inside a variant's overlay text.
func overlayPositions(v *Variant) map[Pos]bool {
	set := map[Pos]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		set[n.pos] = true
		for _, p := range n.keyPos {
			set[p] = true
		}
		for _, c := range n.vals {
			walk(c)
		}
		for _, c := range n.items {
			walk(c)
		}
	}
	for _, o := range v.Overlay {
		if n, ok := o.(*node); ok {
			walk(n)
		}
	}
	return set
}
