package eventcodes

import (
	"strings"
	"testing"
)

func TestTablesParse(t *testing.T) {
	if _, err := loaded(); err != nil {
		t.Fatal(err)
	}
	tb := get()
	// Sizes stated in data/SOURCES.md.
	if n := len(tb.goldstein); n != 311 {
		t.Errorf("GDELT table: %d codes, SOURCES.md says 311", n)
	}
	if n := len(tb.names); n != 312 {
		t.Errorf("ICEWS table: %d codes, SOURCES.md says 312", n)
	}
	if !strings.Contains(Notice, "CC BY-SA 4.0") || !strings.Contains(Notice, "Andreas Beger") {
		t.Error("the embedded notice lost an attribution")
	}
}

func TestGoldsteinIsPerFullCode(t *testing.T) {
	cases := map[string]float64{
		"0356": 7.0, "035": 7.0, "03": 4.0,
		"087": 9.0, "0874": 10.0,
		"15": -7.2, "150": -7.2,
		"182": -9.5, "1822": -9.0, // a sub-code differs from its base
		"196": -9.5, "204": -10.0,
		// The four codes where GDELT and ICEWS disagree: brink uses GDELT's.
		"016": -2.0, "022": 3.2, "164": -7.0, "165": -6.5,
	}
	for code, want := range cases {
		got, ok := Goldstein(code)
		if !ok || got != want {
			t.Errorf("Goldstein(%s) = %v, %v; want %v", code, got, ok, want)
		}
	}
	if _, ok := Goldstein("1213"); ok {
		t.Error("1213 is an ICEWS addition and has no GDELT value")
	}
	if _, ok := Goldstein("999"); ok {
		t.Error("Goldstein found a code that does not exist")
	}
}

func TestNames(t *testing.T) {
	for code, want := range map[string]string{
		"195": "Employ aerial weapons", "0356": "Express intent to de-escalate military engagement",
		"1213": "Reject judicial cooperation", "01": "MAKE PUBLIC STATEMENT",
	} {
		if got, ok := Name(code); !ok || got != want {
			t.Errorf("Name(%s) = %q, %v; want %q", code, got, ok, want)
		}
	}
}

func TestPLOVER(t *testing.T) {
	cases := []struct{ code, typ, mode, ctx string }{
		{"111", "ACCUSE", "disapprove", ""},
		{"1381", "THREATEN", "restrict", "military"}, // "restrict " has a trailing space in the table
		{"196", "ASSAULT", "", "legal; military"},
		{"163", "COERCE", "restrict", "diplomatic"},
		{"18", "ASSAULT", "", ""},
		{"175", "ASSAULT", "pro_autocracy", "military"}, // listed twice, identically
	}
	for _, c := range cases {
		typ, mode, ok := PLOVER(c.code)
		if !ok || typ != c.typ || mode != c.mode || PLOVERContext(c.code) != c.ctx {
			t.Errorf("PLOVER(%s) = %q %q %v ctx %q; want %q %q ctx %q", c.code, typ, mode, ok, PLOVERContext(c.code), c.typ, c.mode, c.ctx)
		}
	}
	if _, _, ok := PLOVER("08"); ok {
		t.Error(`root 08 is listed as CONCEDE and RETREAT; PLOVER("08") must report it ambiguous`)
	}
	if _, _, ok := PLOVER("011"); ok {
		t.Error("the 2021 table has no entry for 011")
	}
	// Every type the table yields is a PLOVER 2.0 type.
	for code, e := range get().plover {
		if to, ok := PLOVER2(e.typ); !ok || to != e.typ {
			t.Errorf("%s: type %q is not PLOVER 2.0", code, e.typ)
		}
	}
}

func TestPLOVER2(t *testing.T) {
	for in, want := range map[string]string{
		"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "YIELD": "CONCEDE",
		"ASSAULT": "ASSAULT", " agree ": "AGREE",
	} {
		if got, ok := PLOVER2(in); !ok || got != want {
			t.Errorf("PLOVER2(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := PLOVER2("FIGHTING"); ok {
		t.Error("PLOVER2 accepted an unknown type")
	}
	if len(PLOVERTypes) != 16 {
		t.Errorf("%d PLOVER 2.0 types, the manual has 16", len(PLOVERTypes))
	}
}

func TestParsersReject(t *testing.T) {
	if _, err := parseGoldstein([]byte("H\n195\tx\n")); err == nil {
		t.Error("bad Goldstein value accepted")
	}
	if _, err := parseGoldstein([]byte("H\n195\t-11\n")); err == nil {
		t.Error("Goldstein value outside -10..10 accepted")
	}
	if _, err := parsePLOVER([]byte("195: FIGHT, , military\n")); err == nil {
		t.Error("unknown PLOVER type accepted")
	}
	if _, err := parsePLOVER([]byte("195: ASSAULT, military\n")); err == nil {
		t.Error("two fields accepted")
	}
	if _, err := parseICEWSNames([]byte("code,title\n195,x\n")); err == nil {
		t.Error("CSV without a name column accepted")
	}
}

func TestCodeParts(t *testing.T) {
	cases := []struct {
		code, root, base string
		quad             int
	}{
		{"0356", "03", "035", 1}, {"057", "05", "057", 1}, {"087", "08", "087", 2},
		{"111", "11", "111", 3}, {"14", "14", "14", 3}, {"150", "15", "150", 4},
		{"2042", "20", "204", 4}, {"21", "", "", 0}, {"00", "", "", 0}, {"1a", "", "", 0}, {"12345", "", "", 0},
	}
	for _, c := range cases {
		if Root(c.code) != c.root || Base(c.code) != c.base || QuadClass(c.code) != c.quad {
			t.Errorf("%q: root %q base %q quad %d; want %q %q %d", c.code, Root(c.code), Base(c.code), QuadClass(c.code), c.root, c.base, c.quad)
		}
	}
	codes := Codes()
	if len(codes) != 311 || codes[0] != "01" || codes[len(codes)-1] != "2042" {
		t.Errorf("Codes(): %d, first %q last %q", len(codes), codes[0], codes[len(codes)-1])
	}
}
