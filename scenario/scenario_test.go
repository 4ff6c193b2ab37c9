package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// goodFiles are the built-ins and the good fixtures, by display name.
func goodFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range BuiltinNames() {
		src, err := BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		out["builtin/"+name+".yaml"] = src
	}
	files, _ := filepath.Glob("testdata/good/*.yaml")
	if len(files) < 2 {
		t.Fatalf("good fixtures missing: %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = src
	}
	return out
}

func mustLoad(t testing.TB, name string, src []byte) *Scenario {
	t.Helper()
	s, err := Load(name, src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// equalModel compares two scenarios field by field, ignoring positions and
// what Load keeps of the source (meta): the model a file means, not where
// it was written.
func equalModel(a, b reflect.Value, path string, diffs *[]string) {
	if len(*diffs) > 10 {
		return
	}
	if a.Kind() != b.Kind() {
		*diffs = append(*diffs, path+": kinds differ")
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*diffs = append(*diffs, path+": one is nil")
			}
			return
		}
		equalModel(a.Elem(), b.Elem(), path, diffs)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			name := a.Type().Field(i).Name
			switch name {
			case "Pos", "meta", "keyPos", "pos", "style":
				continue
			}
			equalModel(a.Field(i), b.Field(i), path+"."+name, diffs)
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, path+": lengths differ")
			return
		}
		for i := 0; i < a.Len(); i++ {
			equalModel(a.Index(i), b.Index(i), path+"["+string(rune('0'+i%10))+"]", diffs)
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, path+": map sizes differ")
			return
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				*diffs = append(*diffs, path+": key missing: "+k.String())
				continue
			}
			equalModel(a.MapIndex(k), bv, path+"["+k.String()+"]", diffs)
		}
	case reflect.String:
		if a.String() != b.String() {
			*diffs = append(*diffs, path+": "+a.String()+" != "+b.String())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			*diffs = append(*diffs, path+": ints differ")
		}
	case reflect.Uint8:
		if a.Uint() != b.Uint() {
			*diffs = append(*diffs, path+": values differ")
		}
	case reflect.Float64:
		if a.Float() != b.Float() {
			*diffs = append(*diffs, path+": floats differ")
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			*diffs = append(*diffs, path+": bools differ")
		}
	default:
		*diffs = append(*diffs, path+": cannot compare "+a.Kind().String())
	}
}

func modelDiff(a, b *Scenario) []string {
	var diffs []string
	equalModel(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem(), "scenario", &diffs)
	return diffs
}

func TestRoundTrip(t *testing.T) {
	for name, src := range goodFiles(t) {
		t.Run(name, func(t *testing.T) {
			s := mustLoad(t, name, src)
			out, err := Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := Load("marshalled.yaml", out)
			if err != nil {
				t.Fatalf("Marshal output does not load:\n%v\n%s", err, out)
			}
			if d := modelDiff(s, s2); len(d) > 0 {
				t.Fatalf("round trip changed the model:\n%s", strings.Join(d, "\n"))
			}
			out2, _ := Marshal(s2)
			if string(out) != string(out2) {
				t.Fatalf("Marshal is not stable:\n%s\n---\n%s", out, out2)
			}
			// Every variant applies the same way before and after.
			for _, v := range s.VariantNames() {
				a, err := s.Apply(v)
				if err != nil {
					t.Fatal(err)
				}
				b, err := s2.Apply(v)
				if err != nil {
					t.Fatal(err)
				}
				if d := modelDiff(a, b); len(d) > 0 {
					t.Fatalf("variant %s differs after round trip:\n%s", v, strings.Join(d, "\n"))
				}
			}
		})
	}
}

// A scenario built in Go (no source) marshals, loads, and applies variants.
func TestRoundTripWithoutSource(t *testing.T) {
	s := mustLoad(t, "x.yaml", mustSource(t, "testdata/good/every-feature.yaml"))
	s.meta = nil
	out, _ := Marshal(s)
	s2 := mustLoad(t, "y.yaml", out)
	if d := modelDiff(s, s2); len(d) > 0 {
		t.Fatal(strings.Join(d, "\n"))
	}
	a, err := s.Apply("everything")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Actors.Values["EEE"]; !ok {
		t.Fatal("variant not applied to a scenario without source")
	}
}

func mustSource(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBuiltins(t *testing.T) {
	names := BuiltinNames()
	if !contains(names, DefaultName) {
		t.Fatalf("default %q is not among the built-ins %v", DefaultName, names)
	}
	for _, name := range names {
		s, err := Builtin(name)
		if err != nil {
			t.Fatalf("built-in %s: %v", name, err)
		}
		if s.Name != name {
			t.Errorf("built-in file %s.yaml has name %q", name, s.Name)
		}
		if _, err := s.ResolveLadder(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := s.CompileOutcomes(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Builtin("exampel"); err == nil || !strings.Contains(err.Error(), `did you mean "example"`) {
		t.Errorf("unknown built-in: got %v", err)
	}
	if _, err := Builtin("../scenario"); err == nil {
		t.Error("a path was accepted as a built-in name")
	}
}

func TestExampleContents(t *testing.T) {
	s, err := Builtin("example")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Actors.Keys); n < 5 || n > 6 {
		t.Errorf("example has %d actors, want 5-6", n)
	}
	if s.Days() != 365 || s.Start != (Date{2025, 1, 1}) {
		t.Errorf("horizon %d from %v", s.Days(), s.Start)
	}
	got := strings.Join(s.VariantNames(), ",")
	if got != "baseline,direct-channel,short-leash" {
		t.Errorf("variants %s", got)
	}
	if string(s.Source()) != string(mustBuiltinSource(t, "example")) {
		t.Error("Source is not the file's bytes")
	}
	l, _ := s.ResolveLadder()
	if l.Name != "standard" || len(l.Rungs) != 15 {
		t.Errorf("ladder %s with %d rungs", l.Name, len(l.Rungs))
	}
	exprs, _ := s.CompileOutcomes()
	kinds := ""
	for _, e := range exprs {
		if e.IsBool() {
			kinds += "b"
		} else {
			kinds += "n"
		}
	}
	if kinds != "bbnb" {
		t.Errorf("outcome kinds %s, want bbnb (war, direct_strike, militia_raids, settled)", kinds)
	}
}

func mustBuiltinSource(t *testing.T, name string) []byte {
	b, err := BuiltinSource(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVariantMergeRules(t *testing.T) {
	s := mustLoad(t, "every-feature.yaml", mustSource(t, "testdata/good/every-feature.yaml"))
	base, err := s.Apply("base")
	if err != nil || base != s {
		t.Fatalf("a variant with an empty overlay must give the base itself: %v", err)
	}
	if b, _ := s.Apply(""); b != s {
		t.Fatal(`Apply("") must give the base`)
	}
	v, err := s.Apply("everything")
	if err != nil {
		t.Fatal(err)
	}
	// model: field by field.
	if *v.Model.Misperception != 0.2 || *v.Model.Accident != 0.01 {
		t.Errorf("model merge: misperception %v accident %v", *v.Model.Misperception, *v.Model.Accident)
	}
	// actors: added after the base's, removed, merged field by field; domestic and toward by key.
	if got := strings.Join(v.Actors.Keys, ","); got != "AAA,BBB,CCC,DDD,GGG,EEE" {
		t.Errorf("actors %s", got)
	}
	a := v.Actors.Values["AAA"]
	if a.Name != "Alpha" || *a.Capability != 0.9 || *a.Domestic.Support != 0.2 {
		t.Errorf("actor merge lost fields: %+v", a)
	}
	if got := strings.Join(a.Toward.Keys, ","); got != "BBB,CCC,DDD,GGG" || a.Toward.Values["BBB"].TitForTat == nil || a.Toward.Values["CCC"].Fixed == nil {
		t.Errorf("toward merge: %s", got)
	}
	// leaders.
	if got := strings.Join(v.Leaders.Keys, ","); got != "steady,calm" {
		t.Errorf("leaders %s", got)
	}
	// relations: matched by unordered pair and replaced whole; removed; added.
	if len(v.Relations) != 3 || v.Relations[0].Stance != "enemy" || v.Relations[0].Grievance != nil || v.Relations[2].Between != [2]string{"EEE", "AAA"} {
		t.Errorf("relations %+v", v.Relations)
	}
	// channels: replaced as a whole (via, trust gone).
	if ch := v.Channels[1]; ch.Kind != "direct" || len(ch.Via) != 0 || len(ch.Trust.Keys) != 0 {
		t.Errorf("channel %+v", ch)
	}
	// processes, hazards by id.
	if len(v.Processes) != 2 || v.Processes[1].ID != "talks" || v.Hazards[0].Daily != 0.001 {
		t.Errorf("processes %+v hazards %+v", v.Processes, v.Hazards)
	}
	// events: the base's cleared, the variant's appended.
	if len(v.Events) != 1 || v.Events[0].Actor != "EEE" {
		t.Errorf("events %+v", v.Events)
	}
	if len(v.Variants.Keys) != 0 || string(v.Source()) != string(s.Source()) {
		t.Error("an applied scenario has no variants and the base's source")
	}
	// The base is untouched.
	if len(s.Relations) != 3 || s.Relations[0].Stance != "war" || len(s.Events) != 8 {
		t.Error("Apply changed the base")
	}
	if _, err := s.Apply("everythin"); err == nil || !strings.Contains(err.Error(), `did you mean "everything"`) {
		t.Errorf("unknown variant: %v", err)
	}
}

func TestImpliedBaseline(t *testing.T) {
	s := mustLoad(t, "m.yaml", []byte("name: m\ntitle: M\nstart: 2024-01-01\nhorizon: 10\nladder: standard\nactors: {A: {name: A, kind: state}}\n"))
	if got := s.VariantNames(); len(got) != 1 || got[0] != "baseline" {
		t.Fatalf("VariantNames %v", got)
	}
	if b, err := s.Apply("baseline"); err != nil || b != s {
		t.Fatal("implied baseline must give the base")
	}
}

func TestDurationsAndDates(t *testing.T) {
	for in, days := range map[string]int{"180d": 180, "12w": 84, "1y": 365, "7": 7, "0d": 0} {
		d, err := ParseDuration(in)
		if err != nil || d.Days != days || !d.Set {
			t.Errorf("ParseDuration(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"", "d", "-3d", "1.5d", "3m", "9999999999d", "1e3"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
	start := Date{2024, 4, 1}
	if got := start.AddDays(183); got != (Date{2024, 10, 1}) || got.DaysSince(start) != 183 {
		t.Errorf("AddDays: %v", got)
	}
	for _, in := range []string{"2024-2-1", "2023-02-29", "2024-13-01", "24-01-01", "2024-01-01T00"} {
		if _, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}

func TestFileTooLarge(t *testing.T) {
	big := []byte("description: " + strings.Repeat("x", MaxFileSize) + "\n")
	_, err := Load("big.yaml", big)
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || !strings.Contains(probs[0].Msg, "larger than the limit of 1048576 bytes") {
		t.Fatalf("got %v", err)
	}
}

// The parser is quadratic in the keys of one block mapping; the prescan
// must refuse such a file quickly rather than take minutes.
func TestHugeMappingRefused(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < MaxFileSize-100; i++ {
		b.WriteString("k")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a'+i%26)) + ": 1\n")
	}
	_, err := Load("keys.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "entries in one block") {
		t.Fatalf("got %v", err)
	}
}

func TestFieldReferenceInDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- fields:begin (generated by scenario.FieldReference; go test ./scenario -update) -->\n", "<!-- fields:end -->"
	i, j := strings.Index(string(doc), begin), strings.Index(string(doc), end)
	if i < 0 || j < i {
		t.Fatalf("docs/scenario.md lacks the generated field reference markers")
	}
	want := FieldReference()
	got := string(doc[i+len(begin) : j])
	if got == want {
		return
	}
	if *update {
		out := string(doc[:i+len(begin)]) + want + string(doc[j:])
		if err := os.WriteFile("../docs/scenario.md", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("docs/scenario.md field reference is out of date; run go test ./scenario -run TestFieldReferenceInDocs -update")
}
