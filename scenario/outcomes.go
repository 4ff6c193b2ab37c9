package scenario

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"brink/ladder"
	"brink/outcome"
)

// Vocabulary returns what the scenario's outcome expressions may name: its
// actors in declaration order and the rungs of its ladder.
func (s *Scenario) Vocabulary(l *ladder.Ladder) outcome.Vocabulary {
	v := outcome.Vocabulary{Actors: append([]string(nil), s.Actors.Keys...), StatusQuo: l.StatusQuo, Days: s.Days()}
	for _, id := range s.Actors.Keys {
		for _, cp := range s.Actors.Values[id].Campaigns {
			v.Campaigns = append(v.Campaigns, cp.ID)
		}
	}
	for _, r := range l.Rungs {
		v.Rungs = append(v.Rungs, r.ID)
	}
	return v
}

// CompileOutcomes compiles the scenario's named outcomes, in declared order.
func (s *Scenario) CompileOutcomes() ([]*outcome.Expr, error) {
	l, err := s.ResolveLadder()
	if err != nil {
		return nil, err
	}
	voc := s.Vocabulary(l)
	out := make([]*outcome.Expr, 0, len(s.Outcomes.Keys))
	for _, name := range s.Outcomes.Keys {
		e, err := outcome.Compile(name, *s.Outcomes.Values[name], voc)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// outcomes checks the named outcomes: names, length, and that each
// expression compiles; a compile error is reported at its column inside the
// expression, mapped to the file's line and column.
func (c *checker) outcomes() {
	var voc outcome.Vocabulary
	if c.lad != nil {
		voc = c.s.Vocabulary(c.lad)
	}
	if n := len(c.s.Outcomes.Keys); n > MaxOutcomes {
		c.errf("outcomes", "%d outcomes; the limit is %d", n, MaxOutcomes)
	}
	for _, name := range c.s.Outcomes.Keys {
		if !isName(name) {
			c.errAt(c.s.Outcomes.Pos[name], "outcome name %q must be letters, digits, '_' and '-'", name)
		}
		c.labels("outcomes."+name, fmt.Sprintf("outcome %q", name), c.s.Outcomes.Labels[name], c.s.Outcomes.Descriptions[name])
		src := *c.s.Outcomes.Values[name]
		if len(src) > MaxExprLength {
			c.errf("outcomes."+name, "outcome %q: expression is %d characters; the limit is %d", name, len(src), MaxExprLength)
			continue
		}
		if c.lad == nil {
			continue // rung names cannot be checked; the ladder's problem is reported
		}
		_, err := outcome.Compile(name, src, voc)
		var oe *outcome.Error
		if errors.As(err, &oe) {
			pos := c.s.exprPos(name, oe.Offset)
			c.errAt(pos, "outcome %q: %s", name, oe.Msg)
		} else if err != nil {
			c.errf("outcomes."+name, "outcome %q: %v", name, err)
		}
	}
}

// exprPos maps a byte offset inside an outcome's expression to its place in
// the file, reading the scalar as written (plain, quoted with escapes, or a
// block) so that the column is exact.
func (s *Scenario) exprPos(name string, offset int) Pos {
	if s.meta == nil || s.meta.root == nil {
		return Pos{1, 1}
	}
	n := s.meta.root.get("outcomes").get(name)
	if n != nil && n.kind == mapNode {
		n = n.get("expr")
	}
	if n == nil || n.kind != scalarNode {
		return s.at("outcomes." + name)
	}
	return scalarOffsetPos(s.meta.src, n, offset)
}

// whenPos maps a byte offset inside event i's when: condition to its place
// in the file.
func (s *Scenario) whenPos(i, offset int) Pos {
	path := fmt.Sprintf("events.%d.when", i)
	if s.meta == nil || s.meta.root == nil {
		return s.at(path)
	}
	ev := s.meta.root.get("events")
	if ev == nil || ev.kind != seqNode || i >= len(ev.items) {
		return s.at(path)
	}
	n := ev.items[i].get("when")
	if n == nil || n.kind != scalarNode {
		return s.at(path)
	}
	return scalarOffsetPos(s.meta.src, n, offset)
}

// scalarOffsetPos maps a byte offset inside the text of the scalar n to its
// place in src, the file n was parsed from.
func scalarOffsetPos(src []byte, n *node, offset int) Pos {
	target := utf8.RuneCountInString(n.text[:min(offset, len(n.text))])
	// Byte offset of the scalar's first character.
	i, line := 0, 1
	for line < n.pos.Line && i < len(src) {
		if src[i] == '\n' {
			line++
		}
		i++
	}
	for col := 1; col < n.pos.Col && i < len(src) && src[i] != '\n'; col++ {
		_, w := utf8.DecodeRune(src[i:])
		i += w
	}
	pos := n.pos
	step := func() { // advance one raw character
		if i >= len(src) {
			return
		}
		if src[i] == '\n' {
			pos.Line++
			pos.Col = 1
			i++
			return
		}
		_, w := utf8.DecodeRune(src[i:])
		i += w
		pos.Col++
	}
	switch n.style {
	case '\'', '"':
		q := n.style
		step() // the opening quote
		for k := 0; k < target && i < len(src); k++ {
			switch {
			case q == '\'' && src[i] == '\'' && i+1 < len(src) && src[i+1] == '\'':
				step()
				step()
			case q == '"' && src[i] == '\\' && i+1 < len(src):
				esc := src[i+1]
				step()
				step()
				extra := map[byte]int{'x': 2, 'u': 4, 'U': 8}[esc]
				for e := 0; e < extra; e++ {
					step()
				}
			default:
				step()
			}
		}
	case '|', '>':
		// Content starts on the next line, after the block's indentation.
		for i < len(src) && src[i] != '\n' {
			step()
		}
		step()
		indent := 0
		for i+indent < len(src) && src[i+indent] == ' ' {
			indent++
		}
		lineNo := 0
		col := 0
		for _, r := range n.text {
			if target == 0 {
				break
			}
			target--
			if r == '\n' {
				lineNo++
				col = 0
			} else {
				col++
			}
		}
		return Pos{pos.Line + lineNo, indent + 1 + col}
	default:
		for k := 0; k < target && i < len(src); k++ {
			step()
		}
	}
	return pos
}

// labels checks a label and a description: a label is one short line, a
// description at most MaxDescription characters.
func (c *checker) labels(path, what, label, desc string) {
	if n := utf8.RuneCountInString(label); n > MaxLabel {
		c.errf(path+".label", "%s: label is %d characters; the limit is %d (a longer text goes in description)", what, n, MaxLabel)
	} else if strings.ContainsAny(label, "\n\r\t") {
		c.errf(path+".label", "%s: label must be one line", what)
	} else if label != "" && strings.TrimSpace(label) == "" {
		c.errf(path+".label", "%s: label is blank", what)
	}
	if n := utf8.RuneCountInString(desc); n > MaxDescription {
		c.errf(path+".description", "%s: description is %d characters; the limit is %d", what, n, MaxDescription)
	}
}
