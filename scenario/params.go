package scenario

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Parameters: every number of the scenario format is declared once, on its
// field in types.go, by tags beside yaml:
//
//	doc:"..."        what it means
//	default:"0.05"   what the kernel takes when the field is absent: a
//	                 number, a fraction (1/3) or days (7d); or, when the
//	                 default depends on other fields, words ("the status quo")
//	range:"[0,1]"    its bounds: [ or ( then the lowest value, a comma, the
//	                 highest and ] or ); an empty side is unbounded ("(0,)")
//
// Validation (checker.numbers and friends), sim.Compile (WithDefaults,
// Default), the JSON schema (default, minimum, maximum) and the field
// reference of docs/scenario.md read them; docs/model.md's tables of
// defaults are checked against them (TestDefaultsAgree). A number a
// scenario may write therefore has its meaning, default and bounds in one
// place.

// Bounds is the interval a number must lie in.
type Bounds struct {
	Min, Max         float64
	HasMin, HasMax   bool
	MinOpen, MaxOpen bool // the bound itself is excluded
}

// Contains reports whether x lies within the bounds (NaN never does when
// there is a bound).
func (b Bounds) Contains(x float64) bool {
	if b.HasMin && !(x > b.Min || !b.MinOpen && x == b.Min) {
		return false
	}
	if b.HasMax && !(x < b.Max || !b.MaxOpen && x == b.Max) {
		return false
	}
	return true
}

// String writes the bounds as an interval, "[0, 1]", or as a comparison
// when one side is open-ended, ">= 0", "> 0".
func (b Bounds) String() string {
	switch {
	case b.HasMin && b.HasMax:
		lo, hi := "[", "]"
		if b.MinOpen {
			lo = "("
		}
		if b.MaxOpen {
			hi = ")"
		}
		return lo + fmtNum(b.Min) + ", " + fmtNum(b.Max) + hi
	case b.HasMin && b.MinOpen:
		return "> " + fmtNum(b.Min)
	case b.HasMin:
		return ">= " + fmtNum(b.Min)
	case b.HasMax && b.MaxOpen:
		return "< " + fmtNum(b.Max)
	case b.HasMax:
		return "<= " + fmtNum(b.Max)
	}
	return "any"
}

// problem is what a message says of a value outside the bounds: "is
// outside [0, 1]", "must be >= 0", "must be in (0, 10]".
func (b Bounds) problem() string {
	switch {
	case b.HasMin && b.HasMax && b == unitBounds:
		return "is outside " + b.String()
	case b.HasMin && b.HasMax:
		return "must be in " + b.String()
	}
	return "must be " + b.String()
}

var unitBounds = Bounds{Min: 0, Max: 1, HasMin: true, HasMax: true}

// parseBounds reads a range tag.
func parseBounds(tag string) (Bounds, error) {
	var b Bounds
	if len(tag) < 3 || !strings.Contains("[(", tag[:1]) || !strings.Contains("])", tag[len(tag)-1:]) {
		return b, fmt.Errorf("range %q: want [lo,hi] with ( ) for open bounds", tag)
	}
	lo, hi, ok := strings.Cut(tag[1:len(tag)-1], ",")
	if !ok {
		return b, fmt.Errorf("range %q: no comma", tag)
	}
	b.MinOpen, b.MaxOpen = tag[0] == '(', tag[len(tag)-1] == ')'
	var err error
	if lo = strings.TrimSpace(lo); lo != "" {
		b.HasMin = true
		if b.Min, err = strconv.ParseFloat(lo, 64); err != nil {
			return b, fmt.Errorf("range %q: %v", tag, err)
		}
	}
	if hi = strings.TrimSpace(hi); hi != "" {
		b.HasMax = true
		if b.Max, err = strconv.ParseFloat(hi, 64); err != nil {
			return b, fmt.Errorf("range %q: %v", tag, err)
		}
	}
	return b, nil
}

// Param is one declared field: a field of the scenario format with a
// default or a range tag.
type Param struct {
	Type  string // the Go type that has the field: "ModelParams"
	Field string // its yaml name: "misperception"
	Doc   string
	// Default as written in the tag: "0.05", "1/3", "7d", or words for a
	// default that depends on other fields; "" for none.
	Default string
	Bounds  Bounds
	Bounded bool // a range tag is given

	index int          // the field's index in the struct
	typ   reflect.Type // the field's type
}

// Value is the default as a number (days for a duration), and whether it
// is one.
func (p Param) Value() (float64, bool) {
	return parseDefault(p.Default)
}

func parseDefault(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		a, err1 := strconv.ParseFloat(num, 64)
		b, err2 := strconv.ParseFloat(den, 64)
		if err1 != nil || err2 != nil || b == 0 {
			return 0, false
		}
		return a / b, true
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		return float64(n), err == nil
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

var paramCache sync.Map // reflect.Type → []Param

// paramsOf returns the declared fields of struct type t, in field order.
// A malformed tag panics: it is a bug in types.go, which TestParams finds.
func paramsOf(t reflect.Type) []Param {
	if ps, ok := paramCache.Load(t); ok {
		return ps.([]Param)
	}
	var ps []Param
	for _, f := range fieldsOf(t) {
		sf := t.Field(f.index)
		def, hasDef := sf.Tag.Lookup("default")
		rng, hasRange := sf.Tag.Lookup("range")
		if !hasDef && !hasRange {
			continue
		}
		p := Param{Type: t.Name(), Field: f.name, Doc: f.doc, Default: def, index: f.index, typ: sf.Type}
		if hasRange {
			b, err := parseBounds(rng)
			if err != nil {
				panic(fmt.Sprintf("scenario: %s.%s: %v", t.Name(), f.name, err))
			}
			p.Bounds, p.Bounded = b, true
		}
		ps = append(ps, p)
	}
	paramCache.Store(t, ps)
	return ps
}

// paramOf returns the declaration of field name (yaml) of type T; it panics
// when T declares none (a bug in the caller, which tests find).
func paramOf[T any](name string) Param {
	t := reflect.TypeFor[T]()
	for _, p := range paramsOf(t) {
		if p.Field == name {
			return p
		}
	}
	panic(fmt.Sprintf("scenario: %s.%s declares no default or range", t.Name(), name))
}

// Params returns every declared field of the scenario format, type by type
// in the order of the field reference.
func Params() []Param {
	var out []Param
	for _, t := range formatTypes() {
		out = append(out, paramsOf(t)...)
	}
	return out
}

// formatTypes lists the struct types of the scenario format, breadth first
// from Scenario (the order of the field reference).
func formatTypes() []reflect.Type {
	var out []reflect.Type
	seen := map[reflect.Type]bool{}
	queue := []reflect.Type{reflect.TypeFor[Scenario]()}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if seen[t] {
			continue
		}
		seen[t] = true
		fs := fieldsOf(t)
		if len(fs) == 0 {
			continue
		}
		out = append(out, t)
		for _, f := range fs {
			queue = append(queue, structsIn(t.Field(f.index).Type)...)
		}
	}
	return out
}

// Default returns the numeric default that type T declares for its field
// name (yaml), in days for a duration. It panics when there is none: the
// kernel asks only for numbers the format declares.
func Default[T any](name string) float64 {
	p := paramOf[T](name)
	v, ok := p.Value()
	if !ok {
		panic(fmt.Sprintf("scenario: %s.%s has no numeric default (%q)", p.Type, name, p.Default))
	}
	return v
}

// WithDefaults returns v, a struct of the scenario format, with every
// absent field that declares a numeric default set to it: a nil *float64,
// *int or *Duration, an unset Duration. Fields of other types (Sided,
// Ordered) are left as they are; their users ask Default.
func WithDefaults[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	for _, p := range paramsOf(rv.Type()) {
		x, ok := p.Value()
		if !ok {
			continue
		}
		f := rv.Field(p.index)
		switch p.typ {
		case reflect.TypeFor[*float64]():
			if f.IsNil() {
				f.Set(reflect.ValueOf(&x))
			}
		case reflect.TypeFor[*int]():
			if f.IsNil() {
				n := int(x)
				f.Set(reflect.ValueOf(&n))
			}
		case reflect.TypeFor[Duration]():
			if d := f.Addr().Interface().(*Duration); !d.Set {
				*d = Duration{Days: int(x), Set: true}
			}
		case reflect.TypeFor[*Duration]():
			if f.IsNil() {
				f.Set(reflect.ValueOf(&Duration{Days: int(x), Set: true}))
			}
		}
	}
	return v
}
