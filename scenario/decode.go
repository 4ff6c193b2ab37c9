package scenario

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"brink/internal/suggest"
)

// decoder fills the typed model from a node tree, driven by the yaml tags of
// the types in types.go. It never stops at the first problem: it records
// each one and carries on, so that a file's every mistake is reported at once.
// It also records the position of every value by its path
// ("actors.IRN.doctrine.red_line.threshold"), for the semantic checks.
type decoder struct {
	file  string
	probs Problems
	pos   map[string]Pos
}

func (d *decoder) errf(pos Pos, format string, args ...any) {
	d.probs = append(d.probs, Problem{File: d.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// nodeDecoder is implemented by the types whose YAML form is not a plain
// struct (a bare name or a mapping, a scalar with units, an ordered map).
type nodeDecoder interface {
	decodeNode(d *decoder, n *node, path, what string)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// field describes one yaml-tagged field of a struct.
type field struct {
	name     string
	index    int
	required bool
	doc      string
}

var fieldCache sync.Map // reflect.Type -> []field

func fieldsOf(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("yaml")
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fs = append(fs, field{name: name, index: i, required: !strings.Contains(opts, "omitempty"), doc: sf.Tag.Get("doc")})
	}
	fieldCache.Store(t, fs)
	return fs
}

// nouns name the types in messages.
var nouns = map[string]string{
	"Scenario": "scenario", "LadderSpec": "ladder", "RungSpec": "rung", "ModelParams": "model",
	"Actor": "actor", "Domestic": "domestic", "Nuclear": "nuclear", "Doctrine": "doctrine",
	"Leader": "leader", "Relation": "relation", "Channel": "channel", "Process": "process",
	"Event": "event", "Election": "election", "Hazard": "hazard", "Variant": "variant",
	"Uncertain": "uncertain value", "BetaDist": "beta", "NormalDist": "normal",
}

func noun(t reflect.Type) string {
	if n, ok := nouns[t.Name()]; ok {
		return n
	}
	name := t.Name()
	if strings.HasSuffix(name, "Doctrine") {
		return "doctrine " + snake(strings.TrimSuffix(name, "Doctrine"))
	}
	return snake(name)
}

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	nodeDecoderType = reflect.TypeFor[nodeDecoder]()
	posType         = reflect.TypeFor[Pos]()
)

func (d *decoder) decode(n *node, v reflect.Value, path, what string) {
	d.pos[path] = n.pos
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path, what)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.kind == nullNode {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path, what)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, path, what)
	case reflect.Slice:
		if n.kind == nullNode {
			v.SetZero()
			return
		}
		if n.kind != seqNode {
			d.errf(n.pos, "%s: expected a sequence, got %s", what, n.describe())
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.items), len(n.items))
		elem := v.Type().Elem()
		for i, item := range n.items {
			w := what
			if elem.Kind() == reflect.Struct {
				w = fmt.Sprintf("%s %d", noun(elem), i+1)
			}
			d.decode(item, s.Index(i), join(path, strconv.Itoa(i)), w)
		}
		v.Set(s)
	case reflect.Array:
		if n.kind != seqNode || len(n.items) != v.Len() {
			d.errf(n.pos, "%s: expected a sequence of %d, got %s", what, v.Len(), describeLen(n))
			return
		}
		for i, item := range n.items {
			d.decode(item, v.Index(i), join(path, strconv.Itoa(i)), what)
		}
	case reflect.String:
		if n.kind != scalarNode {
			d.errf(n.pos, "%s: expected a string, got %s", what, n.describe())
			return
		}
		v.SetString(n.text)
	case reflect.Float64:
		f, ok := d.number(n, what)
		if ok {
			v.SetFloat(f)
		}
	case reflect.Int:
		if n.kind != scalarNode || n.styp != intScalar {
			d.errf(n.pos, "%s: expected an integer, got %s", what, n.describe())
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.text, "_", ""), 0, 32)
		if err != nil {
			d.errf(n.pos, "%s: integer %s is out of range", what, n.text)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.kind != scalarNode || n.styp != boolScalar {
			d.errf(n.pos, "%s: expected true or false, got %s", what, n.describe())
			return
		}
		v.SetBool(strings.EqualFold(n.text, "true"))
	default:
		d.errf(n.pos, "%s: cannot decode into %s", what, v.Type())
	}
}

func describeLen(n *node) string {
	if n.kind == seqNode {
		return fmt.Sprintf("a sequence of %d", len(n.items))
	}
	return n.describe()
}

// exponentRE is YAML 1.2's number with an exponent and no dot (1e-3, 5E+2).
var exponentRE = regexp.MustCompile(`^[-+]?[0-9]+[eE][-+]?[0-9]+$`)

// number reads a finite float from a scalar the parser typed as a number.
func (d *decoder) number(n *node, what string) (float64, bool) {
	if n.kind == scalarNode && n.styp == strScalar && n.style == 0 && exponentRE.MatchString(n.text) {
		// YAML 1.2 reads 1e-3 as a number; the parser, by YAML 1.1's
		// rule, only 1.0e-3. A plain (unquoted) one is taken as a number.
		f, err := strconv.ParseFloat(n.text, 64)
		if err == nil && !math.IsInf(f, 0) {
			return f, true
		}
	}
	if n.kind != scalarNode || (n.styp != intScalar && n.styp != floatScalar) {
		d.errf(n.pos, "%s: expected a number, got %s", what, n.describe())
		return 0, false
	}
	text := strings.ReplaceAll(n.text, "_", "")
	var f float64
	var err error
	if n.styp == intScalar {
		var i int64
		i, err = strconv.ParseInt(text, 0, 64)
		f = float64(i)
	} else {
		f, err = strconv.ParseFloat(text, 64)
	}
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		d.errf(n.pos, "%s: expected a finite number, got %s", what, n.text)
		return 0, false
	}
	return f, true
}

func (d *decoder) decodeStruct(n *node, v reflect.Value, path, what string) {
	t := v.Type()
	fs := fieldsOf(t)
	if n.kind != mapNode {
		d.errf(n.pos, "%s: expected a mapping, got %s", what, n.describe())
		return
	}
	if pf := v.FieldByName("Pos"); pf.IsValid() && pf.Type() == posType {
		pf.Set(reflect.ValueOf(n.pos))
	}
	seen := make([]bool, len(fs))
	for i, key := range n.keys {
		j := -1
		for k := range fs {
			if fs[k].name == key {
				j = k
				break
			}
		}
		if j < 0 {
			names := make([]string, len(fs))
			for k := range fs {
				names[k] = fs[k].name
			}
			d.errf(n.keyPos[i], "unknown field %q in %s%s", key, what, suggest.DidYouMean(key, names))
			continue
		}
		seen[j] = true
		d.decode(n.vals[i], v.Field(fs[j].index), join(path, key), fieldWhat(what, key))
	}
	var missing []string
	for k, f := range fs {
		if f.required && !seen[k] {
			missing = append(missing, f.name)
		}
	}
	if len(missing) == 1 {
		d.errf(n.pos, "%s: missing field %q", what, missing[0])
	} else if len(missing) > 1 {
		d.errf(n.pos, "%s: missing fields %s", what, quoteList(missing))
	}
}

// fieldWhat names a field in messages: "start", `actor "IRN": resolve`.
func fieldWhat(what, key string) string {
	if what == "scenario" {
		return key
	}
	return what + ": " + key
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// --- types with their own YAML form ---

func (o *Ordered[T]) decodeNode(d *decoder, n *node, path, what string) {
	*o = Ordered[T]{}
	if n.kind == nullNode {
		return
	}
	if n.kind != mapNode {
		d.errf(n.pos, "%s: expected a mapping of ids, got %s", what, n.describe())
		return
	}
	// Top-level maps name their entries by kind ("actor \"IRN\""), nested
	// ones by where they are ("actor \"IRN\": toward \"ISR\"").
	topLevel := !strings.Contains(what, ":")
	o.Keys = make([]string, 0, len(n.keys))
	o.Values = make(map[string]*T, len(n.keys))
	o.Pos = make(map[string]Pos, len(n.keys))
	for i, key := range n.keys {
		val := new(T)
		w := fmt.Sprintf("%s %q", what, key)
		if topLevel {
			w = fmt.Sprintf("%s %q", strings.TrimSuffix(what, "s"), key)
		}
		d.decode(n.vals[i], reflect.ValueOf(val).Elem(), join(path, key), w)
		o.Keys = append(o.Keys, key)
		o.Values[key] = val
		o.Pos[key] = n.keyPos[i]
	}
}

func (x *Date) decodeNode(d *decoder, n *node, path, what string) {
	if n.kind != scalarNode {
		d.errf(n.pos, "%s: expected a date YYYY-MM-DD, got %s", what, n.describe())
		return
	}
	dt, ok := ParseDate(n.text)
	if !ok {
		d.errf(n.pos, "%s: %q is not a date YYYY-MM-DD", what, n.text)
		return
	}
	*x = dt
}

func (x *Duration) decodeNode(d *decoder, n *node, path, what string) {
	if n.kind == nullNode {
		*x = Duration{}
		return
	}
	if n.kind != scalarNode || n.styp == boolScalar || n.styp == floatScalar {
		d.errf(n.pos, "%s: expected a duration like 180d, 12w, 1y, got %s", what, n.describe())
		return
	}
	du, err := ParseDuration(n.text)
	if err != nil {
		d.errf(n.pos, "%s: %v", what, err)
		return
	}
	*x = du
}

func (x *LadderSpec) decodeNode(d *decoder, n *node, path, what string) {
	*x = LadderSpec{}
	switch n.kind {
	case scalarNode:
		x.Builtin = n.text
		return
	case mapNode:
		d.decodeStruct(n, reflect.ValueOf(x).Elem(), path, "ladder")
		if n.get("status_quo") == nil {
			d.errf(n.pos, "ladder: a custom ladder needs status_quo")
		}
		if n.get("rungs") == nil {
			d.errf(n.pos, "ladder: a custom ladder needs rungs")
		}
		return
	}
	d.errf(n.pos, "ladder: expected \"standard\" or a mapping {status_quo, rungs}, got %s", n.describe())
}

func (x *Sided) decodeNode(d *decoder, n *node, path, what string) {
	*x = Sided{Pos: n.pos}
	switch n.kind {
	case scalarNode:
		if f, ok := d.number(n, what); ok {
			x.Both = &f
		}
		return
	case mapNode:
		x.BySide = make(map[string]float64, len(n.keys))
		for i, k := range n.keys {
			d.pos[join(path, k)] = n.vals[i].pos
			if f, ok := d.number(n.vals[i], what); ok {
				x.BySide[k] = f
			}
		}
		return
	}
	d.errf(n.pos, "%s: expected a number or {SIDE: number, ...}, got %s", what, n.describe())
}

// doctrineNames lists the doctrine rules in declaration order.
func doctrineNames() []string {
	var names []string
	for _, f := range fieldsOf(reflect.TypeFor[Doctrine]()) {
		names = append(names, f.name)
	}
	return names
}

func (x *Doctrine) decodeNode(d *decoder, n *node, path, what string) {
	*x = Doctrine{}
	v := reflect.ValueOf(x).Elem()
	fs := fieldsOf(v.Type())
	set := func(name string, val *node, pos Pos) {
		for _, f := range fs {
			if f.name == name {
				fv := v.Field(f.index)
				p := reflect.New(fv.Type().Elem())
				if val != nil && val.kind != nullNode {
					d.decode(val, p.Elem(), join(path, name), what+" "+name)
				} else {
					d.pos[join(path, name)] = pos
					// A bare name takes default parameters; required ones are still required.
					d.decodeStruct(&node{kind: mapNode, pos: pos}, p.Elem(), join(path, name), what+" "+name)
				}
				fv.Set(p)
				return
			}
		}
		d.errf(pos, "%s: unknown rule %q%s", what, name, suggest.DidYouMean(name, doctrineNames()))
	}
	switch n.kind {
	case scalarNode:
		set(n.text, nil, n.pos)
	case mapNode:
		if len(n.keys) != 1 {
			d.errf(n.pos, "%s: names exactly one rule, found %d (%s)", what, len(n.keys), strings.Join(n.keys, ", "))
			if len(n.keys) == 0 {
				return
			}
		}
		set(n.keys[0], n.vals[0], n.keyPos[0])
	default:
		d.errf(n.pos, "%s: expected a rule name or {rule: {parameters}}, got %s", what, n.describe())
	}
}

func (x *Nuclear) decodeNode(d *decoder, n *node, path, what string) {
	*x = Nuclear{}
	switch n.kind {
	case scalarNode:
		switch n.text {
		case "none", "armed":
			x.Status = n.text
		case "latent":
			d.errf(n.pos, "%s: latent needs the days to breakout: {latent: 400d}", what)
		default:
			d.errf(n.pos, "%s: must be none, armed or {latent: DAYS}, got %q%s", what, n.text, suggest.DidYouMean(n.text, []string{"none", "armed", "latent"}))
		}
		return
	case mapNode:
		d.decodeStruct(n, reflect.ValueOf(x).Elem(), path, what)
		if n.get("latent") == nil {
			d.errf(n.pos, "%s: as a mapping must give latent: DAYS", what)
		}
		x.Status = "latent"
		return
	}
	d.errf(n.pos, "%s: must be none, armed or {latent: DAYS}, got %s", what, n.describe())
}

// overlayFields are the top-level sections a variant may change.
var overlayFields = []string{"model", "actors", "leaders", "relations", "channels", "processes", "events", "remove_events", "hazards"}

func (x *Variant) decodeNode(d *decoder, n *node, path, what string) {
	*x = Variant{Pos: n.pos, Overlay: map[string]any{}}
	if n.kind == nullNode {
		return
	}
	if n.kind != mapNode {
		d.errf(n.pos, "%s: expected a mapping (an overlay on the base), got %s", what, n.describe())
		return
	}
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case k == "description" || k == "label":
			if v.kind != scalarNode {
				d.errf(v.pos, "%s: %s: expected a string, got %s", what, k, v.describe())
				continue
			}
			d.pos[join(path, k)] = v.pos
			if k == "label" {
				x.Label = v.text
			} else {
				x.Description = v.text
			}
		case k == "remove_events":
			if v.kind != scalarNode || v.styp != boolScalar {
				d.errf(v.pos, "%s: remove_events: expected true or false, got %s", what, v.describe())
				continue
			}
			x.Overlay[k] = v
		case contains(overlayFields, k):
			x.Overlay[k] = v
		default:
			d.errf(n.keyPos[i], "%s: a variant may not change %q (it may change %s)%s", what, k, strings.Join(overlayFields, ", "), suggest.DidYouMean(k, append([]string{"label", "description"}, overlayFields...)))
		}
	}
}

// decodeNode reads the outcomes: each one its expression alone, or a
// mapping {expr, label, description}.
func (o *OutcomeSet) decodeNode(d *decoder, n *node, path, what string) {
	*o = OutcomeSet{}
	if n.kind == nullNode {
		return
	}
	if n.kind != mapNode {
		d.errf(n.pos, "%s: expected a mapping of ids, got %s", what, n.describe())
		return
	}
	o.Keys = make([]string, 0, len(n.keys))
	o.Values = make(map[string]*string, len(n.keys))
	o.Pos = make(map[string]Pos, len(n.keys))
	for i, key := range n.keys {
		v, w, p := n.vals[i], fmt.Sprintf("outcome %q", key), join(path, key)
		var x Outcome
		switch v.kind {
		case scalarNode:
			d.pos[p] = v.pos
			x.Expr = v.text
		case mapNode:
			d.decode(v, reflect.ValueOf(&x).Elem(), p, w)
			if v.get("expr") == nil {
				continue // reported: missing field "expr"
			}
		default:
			d.errf(v.pos, "%s: expected an expression or {expr, label, description}, got %s", w, v.describe())
			continue
		}
		o.Keys = append(o.Keys, key)
		o.Values[key] = &x.Expr
		o.Pos[key] = n.keyPos[i]
		if x.Label != "" {
			if o.Labels == nil {
				o.Labels = map[string]string{}
			}
			o.Labels[key] = x.Label
		}
		if x.Description != "" {
			if o.Descriptions == nil {
				o.Descriptions = map[string]string{}
			}
			o.Descriptions[key] = x.Description
		}
	}
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
