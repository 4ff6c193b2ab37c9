package scenario

import (
	"encoding/json"
	"reflect"
	"strings"
)

// The JSON Schema (draft 2020-12) of the scenario format, derived from the
// types in types.go: property names from the yaml tags, descriptions from
// the doc tags, required fields from the tags without omitempty. Editors
// with a YAML language server use it for completion and checking; it is
// deliberately a little looser than Load (it cannot say that a rung id
// exists), never stricter.

// enums lists the closed vocabularies of string fields, by Type.field.
var enums = map[string][]string{
	"Actor.kind":      {"state", "group"},
	"Relation.stance": stances,
	"Channel.kind":    channelKinds,
	"Process.state":   {"talking", "settled"},
	"Hazard.kind":     {"succession"},
	"RungSpec.rivera": riveraNames,
}

type schemaGen struct {
	defs map[string]any
}

// JSONSchema returns the scenario format's JSON Schema, indented.
func JSONSchema() []byte {
	return SchemaOf(reflect.TypeFor[Scenario](), "https://github.com/brink/schema/scenario.json", "brink scenario",
		"A crisis for brink to simulate: actors, relations, channels, processes, events, hazards, variants and named outcomes. See docs/scenario.md.")
}

// SchemaOf returns the JSON Schema of another file format decoded with
// Decode (the root type t, a struct with yaml and doc tags), indented.
func SchemaOf(t reflect.Type, id, title, description string) []byte {
	g := &schemaGen{defs: map[string]any{}}
	root := g.ref(t)
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         id,
		"title":       title,
		"description": description,
		"$ref":        root["$ref"],
		"$defs":       g.defs,
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("scenario: JSON schema does not marshal: " + err.Error()) // a bug in this file
	}
	return append(out, '\n')
}

var (
	dateSchema     = map[string]any{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, "description": "a date, YYYY-MM-DD"}
	durationSchema = map[string]any{"anyOf": []any{
		map[string]any{"type": "integer", "minimum": 0},
		map[string]any{"type": "string", "pattern": `^[0-9]+[dwy]?$`},
	}, "description": "days: 180d, 12w, 1y (365 days) or a bare integer"}
)

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // reserve: types may refer to themselves
		g.defs[name] = g.structSchema(t)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	params := map[string]Param{}
	for _, p := range paramsOf(t) {
		params[p.Field] = p
	}
	for _, f := range fieldsOf(t) {
		sf := t.Field(f.index)
		s := g.typeSchema(sf.Type, t.Name()+"."+f.name)
		p, declared := params[f.name]
		if declared && p.Bounded {
			s = withBounds(s, p.Bounds)
		}
		// A default the schema can state as a value of the field's type is
		// its "default"; one in words, or per entry of a map (trust), is
		// written in the description.
		doc := f.doc
		v, numeric := p.Value()
		perEntry := strings.HasPrefix(sf.Type.Name(), "Ordered[")
		if declared && p.Default != "" && (!numeric || perEntry) {
			doc += " (default: " + p.Default + ")"
		}
		if doc != "" {
			s = withDescription(s, doc)
		}
		if declared && numeric && !perEntry {
			s = withDefault(s, v, isDuration(sf.Type))
		}
		props[f.name] = s
		if f.required {
			required = append(required, f.name)
		}
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// withBounds returns s with the bounds set on every number or integer it
// allows (the field itself, a list's items, a map's values, each branch of
// an anyOf), as minimum / exclusiveMinimum and maximum /
// exclusiveMaximum. s is not modified: schemas such as durationSchema are
// shared.
func withBounds(s map[string]any, b Bounds) map[string]any {
	c := map[string]any{}
	for k, v := range s {
		c[k] = v
	}
	if t := c["type"]; t == "number" || t == "integer" {
		if b.HasMin {
			if b.MinOpen {
				c["exclusiveMinimum"] = b.Min
			} else {
				c["minimum"] = b.Min
			}
		}
		if b.HasMax {
			if b.MaxOpen {
				c["exclusiveMaximum"] = b.Max
			} else {
				c["maximum"] = b.Max
			}
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if sub, ok := c[k].(map[string]any); ok {
			c[k] = withBounds(sub, b)
		}
	}
	if alts, ok := c["anyOf"].([]any); ok {
		out := make([]any, len(alts))
		for i, a := range alts {
			if m, ok := a.(map[string]any); ok {
				out[i] = withBounds(m, b)
			} else {
				out[i] = a
			}
		}
		c["anyOf"] = out
	}
	return c
}

// withDefault records a field's default (days, an integer, for a duration).
func withDefault(s map[string]any, v float64, days bool) map[string]any {
	c := map[string]any{}
	for k, x := range s {
		c[k] = x
	}
	if days {
		c["default"] = int(v)
	} else {
		c["default"] = v
	}
	return c
}

// withDescription adds a description; a $ref is wrapped, since siblings of
// $ref are not read by every editor.
func withDescription(s map[string]any, doc string) map[string]any {
	c := map[string]any{}
	for k, v := range s {
		c[k] = v
	}
	if _, isRef := c["$ref"]; isRef {
		return map[string]any{"allOf": []any{s}, "description": doc}
	}
	c["description"] = doc
	return c
}

func (g *schemaGen) typeSchema(t reflect.Type, where string) map[string]any {
	switch t {
	case reflect.TypeFor[Date]():
		return dateSchema
	case reflect.TypeFor[Duration]():
		return durationSchema
	case reflect.TypeFor[LadderSpec]():
		custom := g.structSchema(t)
		custom["required"] = []string{"status_quo", "rungs"}
		return map[string]any{"anyOf": []any{map[string]any{"type": "string", "enum": []string{"standard"}}, custom}}
	case reflect.TypeFor[Sided]():
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "number"},
			map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "number"}},
		}}
	case reflect.TypeFor[Doctrine]():
		return g.doctrineSchema()
	case reflect.TypeFor[Nuclear]():
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "string", "enum": []string{"none", "armed"}},
			map[string]any{"type": "object", "properties": map[string]any{"latent": durationSchema}, "required": []string{"latent"}, "additionalProperties": false},
		}}
	case reflect.TypeFor[Variant]():
		return g.variantSchema()
	case reflect.TypeFor[Choices]():
		return map[string]any{"type": "array", "minItems": 2, "description": "values of any YAML form"}
	case reflect.TypeFor[OutcomeSet]():
		one := map[string]any{"anyOf": []any{map[string]any{"type": "string"}, g.ref(reflect.TypeFor[Outcome]())}}
		return map[string]any{"type": "object", "additionalProperties": one}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.typeSchema(t.Elem(), where)
	case reflect.String:
		if e, ok := enums[where]; ok && e != nil {
			return map[string]any{"type": "string", "enum": e}
		}
		return map[string]any{"type": "string"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.typeSchema(t.Elem(), where)}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.typeSchema(t.Elem(), where), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Struct:
		if strings.HasPrefix(t.Name(), "Ordered[") {
			vt := t.Field(1).Type.Elem().Elem() // Values map[string]*T
			return map[string]any{"type": "object", "additionalProperties": g.typeSchema(vt, where)}
		}
		return g.ref(t)
	}
	return map[string]any{}
}

func (g *schemaGen) doctrineSchema() map[string]any {
	t := reflect.TypeFor[Doctrine]()
	if _, ok := g.defs["Doctrine"]; !ok {
		props := map[string]any{}
		for _, f := range fieldsOf(t) {
			params := g.ref(t.Field(f.index).Type.Elem())
			props[f.name] = map[string]any{"anyOf": []any{params, map[string]any{"type": "null"}}}
		}
		g.defs["Doctrine"] = map[string]any{
			"description": "a decision rule: its bare name (default parameters) or {name: {parameters}}",
			"anyOf": []any{
				map[string]any{"type": "string", "enum": doctrineNames()},
				map[string]any{"type": "object", "properties": props, "additionalProperties": false, "minProperties": 1, "maxProperties": 1},
			},
		}
	}
	return map[string]any{"$ref": "#/$defs/Doctrine"}
}

func (g *schemaGen) variantSchema() map[string]any {
	if _, ok := g.defs["Variant"]; !ok {
		obj := map[string]any{"type": "object"}
		list := map[string]any{"type": "array", "items": obj}
		byID := map[string]any{"type": "object", "additionalProperties": obj}
		g.defs["Variant"] = map[string]any{
			"description": "an overlay on the base scenario (merge rules in docs/scenario.md)",
			"anyOf": []any{
				map[string]any{"type": "null"},
				map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
					"label":         map[string]any{"type": "string", "description": "short name shown in tables, the report and charts, at most 40 characters"},
					"description":   map[string]any{"type": "string", "description": "what the policy option is, in words"},
					"model":         g.ref(reflect.TypeFor[ModelParams]()),
					"actors":        withDescription(byID, "actors to add, change field by field, or remove (remove: true)"),
					"leaders":       withDescription(byID, "leaders to add, change or remove"),
					"relations":     withDescription(list, "relations to replace, add or remove (remove: true), matched by pair"),
					"channels":      withDescription(list, "channels to replace, add or remove (remove: true), matched by pair"),
					"processes":     withDescription(list, "processes to replace, add or remove, matched by id"),
					"hazards":       withDescription(list, "hazards to replace, add or remove, matched by id"),
					"events":        withDescription(list, "events appended to the base's"),
					"remove_events": map[string]any{"type": "boolean", "description": "clear the base's events before appending"},
				}},
			},
		}
	}
	return map[string]any{"$ref": "#/$defs/Variant"}
}
