package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// A small JSON Schema checker for the subset JSONSchema emits. It fails on
// any keyword it does not know, so the schema cannot grow a keyword that
// this test silently ignores.
type schemaChecker struct {
	root map[string]any
}

var annotationKeywords = map[string]bool{"$schema": true, "$id": true, "$defs": true, "title": true, "description": true, "default": true}

func (c *schemaChecker) check(schema map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(schema))
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := schema[k]
		switch k {
		case "$ref":
			name := strings.TrimPrefix(kw.(string), "#/$defs/")
			def, ok := c.root["$defs"].(map[string]any)[name].(map[string]any)
			if !ok {
				fail("dangling $ref %s", kw)
				continue
			}
			errs = append(errs, c.check(def, v, path)...)
		case "type":
			if !hasType(v, kw.(string)) {
				fail("want %s, got %T", kw, v)
			}
		case "properties":
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			for name, sub := range kw.(map[string]any) {
				if x, present := m[name]; present {
					errs = append(errs, c.check(sub.(map[string]any), x, path+"."+name)...)
				}
			}
		case "additionalProperties":
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			props, _ := schema["properties"].(map[string]any)
			for name, x := range m {
				if _, known := props[name]; known {
					continue
				}
				switch ap := kw.(type) {
				case bool:
					if !ap {
						fail("property %q not allowed", name)
					}
				case map[string]any:
					errs = append(errs, c.check(ap, x, path+"."+name)...)
				}
			}
		case "required":
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			for _, r := range kw.([]any) {
				if _, present := m[r.(string)]; !present {
					fail("missing required %q", r)
				}
			}
		case "minProperties", "maxProperties":
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			n := int(kw.(float64))
			if k == "minProperties" && len(m) < n || k == "maxProperties" && len(m) > n {
				fail("%d properties violates %s %d", len(m), k, n)
			}
		case "items":
			a, ok := v.([]any)
			if !ok {
				continue
			}
			for i, x := range a {
				errs = append(errs, c.check(kw.(map[string]any), x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		case "minItems", "maxItems":
			a, ok := v.([]any)
			if !ok {
				continue
			}
			n := int(kw.(float64))
			if k == "minItems" && len(a) < n || k == "maxItems" && len(a) > n {
				fail("%d items violates %s %d", len(a), k, n)
			}
		case "enum":
			found := false
			for _, e := range kw.([]any) {
				if e == v {
					found = true
				}
			}
			if !found {
				fail("%v is not one of %v", v, kw)
			}
		case "pattern":
			if s, ok := v.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(s) {
				fail("%q does not match %s", s, kw)
			}
		case "minimum":
			if f, ok := v.(float64); ok && f < kw.(float64) {
				fail("%v < minimum %v", f, kw)
			}
		case "exclusiveMinimum":
			if f, ok := v.(float64); ok && f <= kw.(float64) {
				fail("%v <= exclusiveMinimum %v", f, kw)
			}
		case "maximum":
			if f, ok := v.(float64); ok && f > kw.(float64) {
				fail("%v > maximum %v", f, kw)
			}
		case "exclusiveMaximum":
			if f, ok := v.(float64); ok && f >= kw.(float64) {
				fail("%v >= exclusiveMaximum %v", f, kw)
			}
		case "anyOf":
			var all []string
			ok := false
			for _, sub := range kw.([]any) {
				e := c.check(sub.(map[string]any), v, path)
				if len(e) == 0 {
					ok = true
					break
				}
				all = append(all, e...)
			}
			if !ok {
				fail("matches no alternative: %s", strings.Join(all, "; "))
			}
		case "allOf":
			for _, sub := range kw.([]any) {
				errs = append(errs, c.check(sub.(map[string]any), v, path)...)
			}
		default:
			if !annotationKeywords[k] {
				fail("schema keyword %q unknown to this checker", k)
			}
		}
	}
	return errs
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return false
}

// instance turns a node tree into JSON values, as a YAML language server
// reads the file (YAML 1.2 core schema: dates are strings).
func instance(n *node) any {
	switch n.kind {
	case mapNode:
		m := map[string]any{}
		for i, k := range n.keys {
			m[k] = instance(n.vals[i])
		}
		return m
	case seqNode:
		a := make([]any, len(n.items))
		for i, it := range n.items {
			a[i] = instance(it)
		}
		return a
	case scalarNode:
		switch n.styp {
		case intScalar, floatScalar:
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.text, "_", ""), 64)
			if err != nil {
				i, _ := strconv.ParseInt(n.text, 0, 64)
				f = float64(i)
			}
			return f
		case boolScalar:
			return n.text == "true"
		}
		return n.text
	}
	return nil
}

func loadSchema(t *testing.T) *schemaChecker {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(JSONSchema(), &root); err != nil {
		t.Fatal(err)
	}
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema is %v", root["$schema"])
	}
	return &schemaChecker{root: root}
}

func TestSchemaValidatesGoodFiles(t *testing.T) {
	c := loadSchema(t)
	for name, src := range goodFiles(t) {
		root, probs := parseYAML(name, src)
		if probs != nil {
			t.Fatal(probs)
		}
		if errs := c.check(c.root, instance(root), "$"); len(errs) > 0 {
			t.Errorf("%s does not validate against the schema:\n%s", name, strings.Join(errs, "\n"))
		}
	}
}

// The schema must reject what it can see is wrong, or it checks nothing.
func TestSchemaRejects(t *testing.T) {
	c := loadSchema(t)
	base := "name: x\ntitle: X\nstart: 2024-01-01\nhorizon: 10d\nladder: standard\nactors: {A: {name: A, kind: state}}\n"
	for _, tc := range []struct{ extra, want string }{
		{"", ""},
		{"bogus: 1\n", `property "bogus" not allowed`},
		{"model: {misperception: high}\n", "want number"},
		{"relations: [{between: [A], stance: ally}]\n", "violates minItems 2"},
		{"relations: [{between: [A, B], stance: allied}]\n", "is not one of"},
		{"events: [{on: 1 April, actor: A}]\n", "does not match"},
		{"variants: {v: {horizon: 3}}\n", "matches no alternative"},
		{"hazards: [{id: h}]\n", `missing required "kind"`},
	} {
		root, probs := parseYAML("x.yaml", []byte(base+tc.extra))
		if probs != nil {
			t.Fatal(probs)
		}
		errs := strings.Join(c.check(c.root, instance(root), "$"), "\n")
		if tc.want == "" && errs != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.extra, errs, tc.want)
		}
	}
}
