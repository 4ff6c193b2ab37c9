package eventcodes

import (
	"testing"

	"brink/ladder"
)

// expectedStandard is the mapping docs/ladder.md argues for, written out
// independently of package ladder so that a changed code, name, hostility level
// or Rivera category there fails here.
var expectedStandard = []struct {
	id, cameo, name string
	mid             int
	rivera          ladder.RiveraCategory
}{
	{"settle", "057", "Sign formal agreement", 1, ladder.Deescalation},
	{"negotiate", "046", "Engage in negotiation", 1, ladder.Deescalation},
	{"reassure", "0356", "Express intent to de-escalate military engagement", 1, ladder.Deescalation},
	{"status_quo", "", "", 1, ladder.StatusQuo},
	{"protest", "111", "Criticize or denounce", 1, ladder.NonViolent},
	{"threaten", "138", "Threaten with military force", 2, ladder.NonViolent},
	{"sanction", "163", "Impose embargo, boycott, or sanctions", 1, ladder.NonViolent},
	{"posture", "150", "Demonstrate military or police power", 3, ladder.Posturing},
	{"harass", "194", "fight with artillery and tanks", 4, ladder.Violent},
	{"strike", "195", "Employ aerial weapons", 4, ladder.Violent},
	{"decapitate", "186", "Assassinate", 4, ladder.Violent},
	{"barrage", "195", "Employ aerial weapons", 4, ladder.Violent},
	{"infrastructure", "195", "Employ aerial weapons", 4, ladder.Violent},
	{"war", "190", "Use conventional military force", 5, ladder.Violent},
	{"nuclear", "2042", "Detonate nuclear weapons", 4, ladder.Nuclear},
}

func TestStandardLadderCodes(t *testing.T) {
	l := ladder.Standard()
	if len(l.Rungs) != len(expectedStandard) {
		t.Fatalf("standard ladder has %d rungs, expected %d", len(l.Rungs), len(expectedStandard))
	}
	for i, want := range expectedStandard {
		r := l.Rungs[i]
		if r.ID != want.id {
			t.Fatalf("rung %d is %q, want %q", i, r.ID, want.id)
		}
		if r.CAMEO != want.cameo {
			t.Errorf("%s: CAMEO %q, want %q", r.ID, r.CAMEO, want.cameo)
		}
		if r.MIDHostility != want.mid {
			t.Errorf("%s: MID hostility %d, want %d (design §2)", r.ID, r.MIDHostility, want.mid)
		}
		if r.Rivera != want.rivera {
			t.Errorf("%s: Rivera %v, want %v", r.ID, r.Rivera, want.rivera)
		}
		if r.CAMEO == "" {
			if r.Goldstein != 0 || r.PLOVER != "" || r.Mode != "" {
				t.Errorf("%s: no CAMEO code but Goldstein %v PLOVER %q %q", r.ID, r.Goldstein, r.PLOVER, r.Mode)
			}
			continue
		}
		if name, ok := Name(r.CAMEO); !ok || name != want.name {
			t.Errorf("%s: CAMEO %s is %q (%v) in ICEWS, want %q", r.ID, r.CAMEO, name, ok, want.name)
		}
		g, ok := Goldstein(r.CAMEO)
		if !ok || g != r.Goldstein {
			t.Errorf("%s: Goldstein %v, GDELT table gives %v (%v) for the full code %s", r.ID, r.Goldstein, g, ok, r.CAMEO)
		}
		typ, mode, ok := PLOVER(r.CAMEO)
		if !ok || typ != r.PLOVER || mode != r.Mode {
			t.Errorf("%s: PLOVER %s/%q, conversion table gives %s/%q (%v) for %s", r.ID, r.PLOVER, r.Mode, typ, mode, ok, r.CAMEO)
		}
	}
}

// TestStandardLadderConsistency checks properties every mapping must have
// whatever codes are chosen.
func TestStandardLadderConsistency(t *testing.T) {
	l := ladder.Standard()
	for i, r := range l.Rungs {
		lv := l.Level(i)
		// Rivera's categories are theirs, not ordered by brink's ladder (posture,
		// a show of force, is "posturing" at 4 above sanctions at 12), but the
		// signs must agree: cooperative rungs score below zero, hostile above.
		if s := l.RiveraScore(i); lv < 0 && s >= 0 || lv > 0 && s <= 0 || lv == 0 && s != 0 {
			t.Errorf("%s: Rivera score %v has the wrong sign for level %d", r.ID, s, lv)
		}
		if lv == 0 {
			continue
		}
		q := QuadClass(r.CAMEO)
		switch {
		case lv < 0 && (q != 1 && q != 2 || r.Goldstein <= 0):
			t.Errorf("%s: cooperative rung coded %s (quad %d, Goldstein %v)", r.ID, r.CAMEO, q, r.Goldstein)
		case lv > 0 && (q != 3 && q != 4 || r.Goldstein >= 0):
			t.Errorf("%s: hostile rung coded %s (quad %d, Goldstein %v)", r.ID, r.CAMEO, q, r.Goldstein)
		}
		root := Root(r.CAMEO)
		if r.Kinetic != (root >= "18") {
			t.Errorf("%s: kinetic %v but CAMEO root %s (18-20 are uses of force)", r.ID, r.Kinetic, root)
		}
		if r.Kinetic != (r.MIDHostility >= 4) {
			t.Errorf("%s: kinetic %v but MID hostility %d (4-5 are uses of force)", r.ID, r.Kinetic, r.MIDHostility)
		}
	}
}
