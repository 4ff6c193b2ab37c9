package scenario

import (
	"fmt"
	"reflect"
	"strings"
)

// FieldReference returns the reference tables of every field of the
// scenario format, in Markdown, generated from the types (docs/scenario.md
// embeds it; a test keeps the two in step).
func FieldReference() string {
	var b strings.Builder
	for _, t := range formatTypes() {
		fs := fieldsOf(t)
		fmt.Fprintf(&b, "#### %s\n\n", sectionTitle(t))
		b.WriteString("| field | type | required | default | meaning |\n|---|---|---|---|---|\n")
		params := map[string]Param{}
		for _, p := range paramsOf(t) {
			params[p.Field] = p
		}
		for _, f := range fs {
			ft := t.Field(f.index).Type
			req := ""
			if f.required {
				req = "yes"
			}
			doc := f.doc
			if doc == "" {
				doc = defaultDocs[t.Name()+"."+f.name]
			}
			typ, def := typeName(ft), ""
			if p, ok := params[f.name]; ok {
				if p.Bounded {
					typ += " " + boundsWords(p.Bounds)
					if isDuration(ft) {
						typ += " days"
					}
				}
				def = p.Default
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", f.name, typ, req, def, strings.ReplaceAll(doc, "|", "\\|"))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func isDuration(t reflect.Type) bool {
	return t == reflect.TypeFor[Duration]() || t == reflect.TypeFor[*Duration]()
}

// boundsWords writes declared bounds for the field reference: "in [0, 1]",
// ">= 0".
func boundsWords(b Bounds) string {
	if b.HasMin && b.HasMax {
		return "in " + b.String()
	}
	return b.String()
}

// defaultDocs describe fields whose doc tag is empty (their meaning is plain
// from the name, but the table should say it).
var defaultDocs = map[string]string{
	"RungSpec.meaning":     "what the rung stands for, in words",
	"Actor.name":           "full name",
	"Leader.name":          "who the profile describes",
	"Leader.doctrine":      "doctrine the actor takes when this leader comes in",
	"Leader.pragmatism":    "pragmatism the actor takes",
	"Leader.resolve":       "resolve the actor takes",
	"Leader.hawkishness":   "hawk pressure the actor takes",
	"Actor.domestic":       "domestic politics: support, strain, hawks",
	"Relation.between":     "the two actors, [A, B]",
	"Channel.between":      "the two actors, [A, B]",
	"Process.id":           "process id, letters, digits, '_' and '-'",
	"Process.participants": "actors in the talks (at least 2)",
	"Process.mediators":    "actors mediating (not participants)",
	"Event.on":             "date of the event, within the horizon",
	"Event.actor":          "forced action: the acting actor",
	"Event.target":         "forced action: its target",
	"Event.telegraph":      "forced action: notice is given through a channel",
	"Event.set":            "parameter change: model.FIELD, ACTOR.FIELD or ACTOR.domestic.FIELD",
	"Event.value":          "parameter change: the new value",
	"Event.election":       "election: a new leader for an actor",
	"Event.open_channel":   "open the channel of this pair, [A, B]",
	"Event.close_channel":  "close the channel of this pair, [A, B]",
	"Event.open_process":   "open (resume) the process with this id",
	"Event.close_process":  "close (break down) the process with this id",
	"Election.actor":       "the actor that elects",
	"Hazard.id":            "hazard id",
	"Hazard.actor":         "the actor it strikes",
	"Hazard.repeat":        "may fire more than once",
	"Variant.description":  "what the policy option is, in words",
}

func sectionTitle(t reflect.Type) string {
	n := noun(t)
	return strings.ToUpper(n[:1]) + n[1:] + " (`" + t.Name() + "`)"
}

// structsIn returns the struct types a field leads to, for the tables.
func structsIn(t reflect.Type) []reflect.Type {
	switch t {
	case reflect.TypeFor[Date](), reflect.TypeFor[Duration](), reflect.TypeFor[Sided](), reflect.TypeFor[Variant]():
		return nil
	case reflect.TypeFor[Nuclear]():
		return nil
	case reflect.TypeFor[OutcomeSet]():
		return []reflect.Type{reflect.TypeFor[Outcome]()}
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return structsIn(t.Elem())
	case reflect.Struct:
		if strings.HasPrefix(t.Name(), "Ordered[") {
			return structsIn(t.Field(1).Type.Elem().Elem())
		}
		if t == reflect.TypeFor[Doctrine]() {
			out := []reflect.Type{t}
			for _, f := range fieldsOf(t) {
				out = append(out, t.Field(f.index).Type.Elem())
			}
			return out
		}
		return []reflect.Type{t}
	}
	return nil
}

// typeName says how a field is written, in words.
func typeName(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[Date]():
		return "date"
	case reflect.TypeFor[Duration]():
		return "duration"
	case reflect.TypeFor[Sided]():
		return "number or {SIDE: number}"
	case reflect.TypeFor[Doctrine]():
		return "doctrine"
	case reflect.TypeFor[Nuclear]():
		return "none, armed or {latent: duration}"
	case reflect.TypeFor[LadderSpec]():
		return "\"standard\" or ladder"
	case reflect.TypeFor[Variant]():
		return "overlay"
	case reflect.TypeFor[Choices]():
		return "list of values"
	case reflect.TypeFor[OutcomeSet]():
		return "map of id to expression or outcome"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Float64:
		return "number"
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%s, %s]", typeName(t.Elem()), typeName(t.Elem()))
	case reflect.Struct:
		if strings.HasPrefix(t.Name(), "Ordered[") {
			return "map of id to " + typeName(t.Field(1).Type.Elem().Elem())
		}
		return noun(t)
	}
	return t.String()
}
