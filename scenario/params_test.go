package scenario

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestParams: every default and range tag of the format parses, a numeric
// default lies within its field's bounds, and a range is given only on
// numbers (and durations).
func TestParams(t *testing.T) {
	ps := Params()
	if len(ps) < 40 {
		t.Fatalf("only %d declared parameters", len(ps))
	}
	for _, p := range ps {
		name := p.Type + "." + p.Field
		v, numeric := p.Value()
		if numeric && p.Bounded && !p.Bounds.Contains(v) {
			t.Errorf("%s: default %s is outside its range %s", name, p.Default, p.Bounds)
		}
		if p.Bounded {
			switch et := elemType(p.typ); et.Kind() {
			case reflect.Float64, reflect.Int:
			default:
				if et != reflect.TypeFor[Duration]() && et != reflect.TypeFor[Sided]() {
					t.Errorf("%s: a range on a field of type %v", name, p.typ)
				}
			}
		}
	}
}

// elemType is the number type behind a field: *T, Ordered[T], Sided.
func elemType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if strings.HasPrefix(t.Name(), "Ordered[") {
		t = t.Field(1).Type.Elem().Elem()
	}
	return t
}

// TestDefaultsAgree: the JSON schema and docs/model.md's tables of
// defaults say what the declarations say (docs/scenario.md's field
// reference is generated from them; TestFieldReferenceInDocs keeps it in
// step, and sim's TestCompileAppliesDeclaredDefaults checks the kernel).
func TestDefaultsAgree(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	for _, p := range Params() {
		name := p.Type + "." + p.Field
		prop := schema.Defs[strings.SplitN(p.Type, "[", 2)[0]].Properties[p.Field]
		if prop == nil {
			t.Errorf("%s: not in the schema", name)
			continue
		}
		v, numeric := p.Value()
		perEntry := strings.HasPrefix(p.typ.Name(), "Ordered[")
		switch {
		case numeric && !perEntry:
			if got, ok := prop["default"].(float64); !ok || got != v {
				t.Errorf("%s: schema default %v, declared %s", name, prop["default"], p.Default)
			}
		case p.Default != "":
			if d, _ := prop["description"].(string); !strings.Contains(d, "(default: "+p.Default+")") {
				t.Errorf("%s: the schema's description does not give the default %q", name, p.Default)
			}
		}
		if p.Bounded {
			if !schemaHasBounds(prop, p.Bounds) {
				t.Errorf("%s: the schema does not bound it to %s: %v", name, p.Bounds, prop)
			}
		}
	}

	// docs/model.md §4.1 and §4.2: | `field` | default | ... rows.
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	sections := []struct {
		heading string
		types   map[string]string // row prefix → Go type
	}{
		{"### 4.1 ", map[string]string{"": "ModelParams"}},
		{"### 4.2 ", map[string]string{"": "Actor", "domestic.": "Domestic"}},
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_.]+)` \\| ([^|]*) \\|")
	declared := map[string]Param{}
	for _, p := range Params() {
		declared[p.Type+"."+p.Field] = p
	}
	for _, sec := range sections {
		i := strings.Index(text, sec.heading)
		if i < 0 {
			t.Fatalf("docs/model.md: no section %q", sec.heading)
		}
		body := text[i+len(sec.heading):]
		if j := strings.Index(body, "\n### "); j >= 0 {
			body = body[:j]
		}
		seen := map[string]bool{}
		for _, m := range row.FindAllStringSubmatch(body, -1) {
			field, def := m[1], strings.TrimSpace(m[2])
			typ, short := sec.types[""], field
			for prefix, tname := range sec.types {
				if prefix != "" && strings.HasPrefix(field, prefix) {
					typ, short = tname, strings.TrimPrefix(field, prefix)
				}
			}
			p, ok := declared[typ+"."+short]
			if _, numeric := p.Value(); !ok || !numeric {
				continue // a default in words (doctrine, nuclear): the prose's
			}
			seen[typ+"."+short] = true
			if def != p.Default {
				t.Errorf("docs/model.md: %s defaults to %s; %s.%s declares %s", field, def, typ, short, p.Default)
			}
		}
		for _, typ := range sec.types {
			for _, p := range Params() {
				if _, numeric := p.Value(); p.Type == typ && numeric && !seen[typ+"."+p.Field] {
					t.Errorf("docs/model.md %s: no row for %s.%s (default %s)", strings.TrimSpace(sec.heading), typ, p.Field, p.Default)
				}
			}
		}
	}
}

// schemaHasBounds reports whether some number the schema s allows carries
// bounds b.
func schemaHasBounds(s map[string]any, b Bounds) bool {
	if t := s["type"]; t == "number" || t == "integer" {
		ok := true
		if b.HasMin {
			k := "minimum"
			if b.MinOpen {
				k = "exclusiveMinimum"
			}
			ok = ok && s[k] == b.Min
		}
		if b.HasMax {
			k := "maximum"
			if b.MaxOpen {
				k = "exclusiveMaximum"
			}
			ok = ok && s[k] == b.Max
		}
		return ok
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if sub, ok := s[k].(map[string]any); ok && schemaHasBounds(sub, b) {
			return true
		}
	}
	for _, k := range []string{"anyOf", "allOf"} {
		if alts, ok := s[k].([]any); ok {
			for _, a := range alts {
				if m, ok := a.(map[string]any); ok && schemaHasBounds(m, b) {
					return true
				}
			}
		}
	}
	return false
}

// TestWithDefaults: absent numbers take their declared defaults, present
// ones stay.
func TestWithDefaults(t *testing.T) {
	half := 0.25
	m := WithDefaults(ModelParams{Rally: &half})
	if *m.Rally != 0.25 || *m.Misperception != 0.05 || m.SignalMemory.Days != 7 || !m.SignalMemory.Set {
		t.Errorf("WithDefaults(ModelParams{rally: 0.25}) = rally %v, misperception %v, signal_memory %+v", *m.Rally, *m.Misperception, m.SignalMemory)
	}
	if g := WithDefaults(GenerousDoctrine{}); *g.Forgive != 1.0/3 {
		t.Errorf("generous forgive defaults to %v, want exactly 1/3", *g.Forgive)
	}
	if r := WithDefaults(RestraintDoctrine{}); r.Patience == nil || r.Patience.Days != 3 {
		t.Errorf("restraint patience defaults to %+v", r.Patience)
	}
	if e := WithDefaults(EscalateToDeescalateDoctrine{}); e.Step == nil || *e.Step != 1 {
		t.Errorf("escalate_to_deescalate step defaults to %v", e.Step)
	}
}

func TestBounds(t *testing.T) {
	for _, c := range []struct {
		tag, str, problem string
		in, out           []float64
	}{
		{"[0,1]", "[0, 1]", "is outside [0, 1]", []float64{0, 0.5, 1}, []float64{-0.1, 1.1}},
		{"(0,)", "> 0", "must be > 0", []float64{1e-9, 5}, []float64{0, -1}},
		{"[0,)", ">= 0", "must be >= 0", []float64{0, 7}, []float64{-1}},
		{"(0,10]", "(0, 10]", "must be in (0, 10]", []float64{0.1, 10}, []float64{0, 10.5}},
		{"[-1,1]", "[-1, 1]", "must be in [-1, 1]", []float64{-1, 1}, []float64{-1.5, 2}},
	} {
		b, err := parseBounds(c.tag)
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != c.str || b.problem() != c.problem {
			t.Errorf("%s: String %q problem %q, want %q %q", c.tag, b.String(), b.problem(), c.str, c.problem)
		}
		for _, x := range c.in {
			if !b.Contains(x) {
				t.Errorf("%s does not contain %v", c.tag, x)
			}
		}
		for _, x := range c.out {
			if b.Contains(x) {
				t.Errorf("%s contains %v", c.tag, x)
			}
		}
	}
}
