package scenario

import (
	"reflect"
	"strconv"
	"strings"
)

// Marshal writes a scenario as YAML text that Load reads back to an equal
// scenario (positions and the source bytes aside). Comments and the
// author's layout are not kept; `brink scenarios show` prints the original
// file instead.
func Marshal(s *Scenario) ([]byte, error) {
	var b strings.Builder
	emit(&b, encodeScenario(s), 0)
	return []byte(b.String()), nil
}

// nodeEncoder is implemented by the types with their own YAML form.
type nodeEncoder interface {
	encodeNode() *node
}

var nodeEncoderType = reflect.TypeFor[nodeEncoder]()

func encodeScenario(s *Scenario) *node {
	return encodeValue(reflect.ValueOf(s).Elem())
}

func strNode(s string) *node { return &node{kind: scalarNode, styp: strScalar, text: s} }

func floatNode(f float64) *node {
	return &node{kind: scalarNode, styp: floatScalar, text: strconv.FormatFloat(f, 'g', -1, 64)}
}

// encodeValue turns a typed value into a node; it mirrors decoder.decode.
func encodeValue(v reflect.Value) *node {
	if v.CanAddr() && v.Addr().Type().Implements(nodeEncoderType) {
		return v.Addr().Interface().(nodeEncoder).encodeNode()
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return &node{kind: nullNode}
		}
		return encodeValue(v.Elem())
	case reflect.Struct:
		return encodeStruct(v)
	case reflect.Slice, reflect.Array:
		n := &node{kind: seqNode, items: []*node{}}
		for i := 0; i < v.Len(); i++ {
			n.items = append(n.items, encodeValue(v.Index(i)))
		}
		return n
	case reflect.String:
		return strNode(v.String())
	case reflect.Float64:
		return floatNode(v.Float())
	case reflect.Int:
		return &node{kind: scalarNode, styp: intScalar, text: strconv.FormatInt(v.Int(), 10)}
	case reflect.Bool:
		return &node{kind: scalarNode, styp: boolScalar, text: strconv.FormatBool(v.Bool())}
	}
	return &node{kind: nullNode}
}

func encodeStruct(v reflect.Value) *node {
	n := &node{kind: mapNode}
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		if !f.required && isEmpty(fv) {
			continue
		}
		n.keys = append(n.keys, f.name)
		n.keyPos = append(n.keyPos, Pos{})
		n.vals = append(n.vals, encodeValue(fv))
	}
	return n
}

// emptier is implemented by the types whose emptiness is not Go's zero value.
type emptier interface{ isEmpty() bool }

func isEmpty(v reflect.Value) bool {
	if v.CanAddr() {
		if e, ok := v.Addr().Interface().(emptier); ok {
			return e.isEmpty()
		}
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

func (o *Ordered[T]) isEmpty() bool { return len(o.Keys) == 0 }
func (d *Duration) isEmpty() bool   { return !d.Set }

func (o *Ordered[T]) encodeNode() *node {
	n := &node{kind: mapNode}
	for _, k := range o.Keys {
		n.keys = append(n.keys, k)
		n.keyPos = append(n.keyPos, Pos{})
		val := o.Values[k]
		if val == nil {
			n.vals = append(n.vals, &node{kind: nullNode})
			continue
		}
		n.vals = append(n.vals, encodeValue(reflect.ValueOf(val).Elem()))
	}
	return n
}

func (d *Date) encodeNode() *node     { return strNode(d.String()) }
func (d *Duration) encodeNode() *node { return strNode(d.String()) }

func (l *LadderSpec) encodeNode() *node {
	if l.Builtin != "" {
		return strNode(l.Builtin)
	}
	return encodeStruct(reflect.ValueOf(l).Elem())
}

func (s *Sided) encodeNode() *node {
	if s.Both != nil {
		return floatNode(*s.Both)
	}
	n := &node{kind: mapNode}
	for _, k := range sortedKeys(s.BySide) {
		n.keys = append(n.keys, k)
		n.keyPos = append(n.keyPos, Pos{})
		n.vals = append(n.vals, floatNode(s.BySide[k]))
	}
	return n
}

func (x *Doctrine) encodeNode() *node {
	v := reflect.ValueOf(x).Elem()
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		if fv.IsNil() {
			continue
		}
		params := encodeStruct(fv.Elem())
		if len(params.keys) == 0 {
			return strNode(f.name)
		}
		return &node{kind: mapNode, keys: []string{f.name}, keyPos: []Pos{{}}, vals: []*node{params}}
	}
	return &node{kind: nullNode}
}

func (x *Nuclear) encodeNode() *node {
	if x.Status == "latent" {
		return &node{kind: mapNode, keys: []string{"latent"}, keyPos: []Pos{{}}, vals: []*node{strNode(x.Latent.String())}}
	}
	return strNode(x.Status)
}

func (x *Variant) encodeNode() *node {
	n := &node{kind: mapNode}
	if x.Label != "" {
		n.set("label", Pos{}, strNode(x.Label))
	}
	if x.Description != "" {
		n.set("description", Pos{}, strNode(x.Description))
	}
	for _, k := range overlayFields {
		switch o := x.Overlay[k].(type) {
		case *node:
			n.set(k, Pos{}, o.clone())
		case bool:
			n.set(k, Pos{}, &node{kind: scalarNode, styp: boolScalar, text: strconv.FormatBool(o)})
		}
	}
	return n
}

// encodeNode writes each outcome as its expression alone when it has no
// label or description, else as {expr, label, description}.
func (o *OutcomeSet) encodeNode() *node {
	n := &node{kind: mapNode}
	for _, k := range o.Keys {
		x := Outcome{Label: o.Labels[k], Description: o.Descriptions[k]}
		if e := o.Values[k]; e != nil {
			x.Expr = *e
		}
		v := strNode(x.Expr)
		if x.Label != "" || x.Description != "" {
			v = encodeStruct(reflect.ValueOf(&x).Elem())
		}
		n.set(k, Pos{}, v)
	}
	return n
}

// --- the YAML emitter ---

// emit writes n at the given indentation, as the value of a mapping key or
// as the document.
func emit(b *strings.Builder, n *node, indent int) {
	switch n.kind {
	case mapNode:
		for i, k := range n.keys {
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(quoteKey(k))
			b.WriteByte(':')
			emitValue(b, n.vals[i], indent)
		}
	default:
		b.WriteString(inline(n))
		b.WriteByte('\n')
	}
}

// emitValue writes what follows "key:" (or "- ").
func emitValue(b *strings.Builder, v *node, indent int) {
	switch {
	case v.kind == mapNode && len(v.keys) > 0:
		b.WriteByte('\n')
		emit(b, v, indent+2)
	case v.kind == seqNode && len(v.items) > 0 && !allScalars(v):
		b.WriteByte('\n')
		for _, item := range v.items {
			b.WriteString(strings.Repeat(" ", indent+2))
			b.WriteString("- ")
			if item.kind == mapNode && len(item.keys) > 0 {
				// First key on the dash's line, the rest aligned under it.
				var sub strings.Builder
				emit(&sub, item, indent+4)
				b.WriteString(strings.TrimLeft(sub.String(), " "))
			} else if item.kind == seqNode && len(item.items) > 0 && !allScalars(item) {
				b.WriteString("\n")
				var sub strings.Builder
				emitValue(&sub, item, indent+2)
				b.WriteString(strings.TrimPrefix(sub.String(), "\n"))
			} else {
				b.WriteString(inline(item))
				b.WriteByte('\n')
			}
		}
	default:
		b.WriteByte(' ')
		b.WriteString(inline(v))
		b.WriteByte('\n')
	}
}

func allScalars(n *node) bool {
	for _, it := range n.items {
		if it.kind == mapNode && len(it.keys) > 0 || it.kind == seqNode && len(it.items) > 0 {
			return false
		}
	}
	return true
}

// inline writes a scalar, an empty collection or a flow sequence of scalars.
func inline(n *node) string {
	switch n.kind {
	case nullNode:
		return "null"
	case mapNode:
		return "{}"
	case seqNode:
		parts := make([]string, len(n.items))
		for i, it := range n.items {
			parts[i] = inline(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	if n.styp != strScalar {
		return n.text
	}
	return quoteString(n.text)
}

func quoteKey(k string) string {
	if plainSafe(k) {
		return k
	}
	return quoteString(k)
}

// quoteString writes s plain when YAML reads it back as the same string,
// else single-quoted, else (control characters, line breaks) double-quoted.
func quoteString(s string) string {
	if plainSafe(s) {
		return s
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return strconv.Quote(s)
		}
	}
	if !utf8Valid(s) {
		return strconv.Quote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

// plainSafe is deliberately narrow: words, ids, dates and durations.
func plainSafe(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' ||
			c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' '
		if !ok {
			return false
		}
	}
	c := s[0]
	if c == '-' || c == '.' || c >= '0' && c <= '9' {
		// Could read as a number; dates and durations are the safe exceptions.
		if _, ok := ParseDate(s); ok {
			return true
		}
		if _, err := ParseDuration(s); err == nil && s[len(s)-1] >= 'a' {
			return true
		}
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf":
		return false
	}
	return true
}
