// Package eventcodes is brink's copy of the event-code tables of the field —
// CAMEO codes with their GDELT Goldstein values, ICEWS names and the PLOVER
// conversion — embedded in the binary and parsed once, so that simulated
// events can be written in the codes analysts already read.
//
// The tables and their licences are in data/SOURCES.md:
//   - data/gdelt-cameo-goldstein.txt: GDELT's CAMEO → Goldstein lookup (open data).
//   - data/icews-cameo-codes.csv: CAMEO names as ICEWS uses them, MIT © 2022 Andreas Beger.
//   - data/cameo2plover-2021.txt: CAMEO → PLOVER, P. Schrodt 2021, CC BY-SA 4.0.
//
// Goldstein values are GDELT's, per full code (ICEWS differs on 016, 022, 164
// and 165). PLOVER types are reported in PLOVER 2.0's names.
package eventcodes

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/gdelt-cameo-goldstein.txt
var gdeltTable []byte

//go:embed data/icews-cameo-codes.csv
var icewsTable []byte

//go:embed data/cameo2plover-2021.txt
var ploverTable []byte

// Notice is the attribution and licence text of the embedded tables.
//
//go:embed data/SOURCES.md
var Notice string

// PLOVERTypes are the 16 event types of PLOVER 2.0, in the manual's order.
var PLOVERTypes = []string{
	"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}

// olderPLOVER maps type names of PLOVER drafts before 2.0 to their 2.0 names.
// DEMAND became REQUEST and DISAPPROVE became ACCUSE (mode "disapprove");
// INVESTIGATE was folded into ACCUSE (mode "investigate") and YIELD into
// CONCEDE. The embedded 2021 table (Draft 0.8) already uses the 2.0 names
// throughout, so today this map changes nothing; it is applied so that a table
// with the older names reads the same, and unknown names are rejected rather
// than passed on.
var olderPLOVER = map[string]string{
	"DEMAND":      "REQUEST",
	"DISAPPROVE":  "ACCUSE",
	"INVESTIGATE": "ACCUSE",
	"YIELD":       "CONCEDE",
}

// PLOVER2 returns the PLOVER 2.0 name of an event type written in the 2.0 or
// an older draft's vocabulary, and false for a name that is neither.
func PLOVER2(typ string) (string, bool) {
	typ = strings.ToUpper(strings.TrimSpace(typ))
	if to, ok := olderPLOVER[typ]; ok {
		return to, true
	}
	for _, t := range PLOVERTypes {
		if t == typ {
			return t, true
		}
	}
	return "", false
}

// ploverEntry is one row of the conversion table.
type ploverEntry struct {
	typ, mode, context string
	ambiguous          bool // a root listed under two types (08: CONCEDE and RETREAT)
}

// Tables are the parsed tables. Codes are CAMEO strings ("0356", "195").
type tables struct {
	goldstein map[string]float64
	names     map[string]string
	plover    map[string]ploverEntry
}

var loaded = sync.OnceValues(func() (*tables, error) {
	var t tables
	var err1, err2, err3 error
	t.goldstein, err1 = parseGoldstein(gdeltTable)
	t.names, err2 = parseICEWSNames(icewsTable)
	t.plover, err3 = parsePLOVER(ploverTable)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	return &t, nil
})

// get returns the parsed tables. The tables are embedded at build time and
// their parse is tested, so a failure here is a bug in the build, not bad input.
func get() *tables {
	t, err := loaded()
	if err != nil {
		panic("eventcodes: embedded tables do not parse: " + err.Error())
	}
	return t
}

// Goldstein returns GDELT's Goldstein value (−10 hostile .. +10 cooperative)
// for a full CAMEO code, and false when GDELT's table has no such code.
func Goldstein(code string) (float64, bool) {
	g, ok := get().goldstein[code]
	return g, ok
}

// Name returns the ICEWS name of a CAMEO code ("Employ aerial weapons").
func Name(code string) (string, bool) {
	n, ok := get().names[code]
	return n, ok
}

// PLOVER returns the PLOVER 2.0 type and mode ("" when the table gives none)
// of a CAMEO code per the 2021 conversion table. A root code the table lists
// under two types (08: CONCEDE and RETREAT) is ambiguous and reports false.
func PLOVER(code string) (typ, mode string, ok bool) {
	e, ok := get().plover[code]
	if !ok || e.ambiguous {
		return "", "", false
	}
	return e.typ, e.mode, true
}

// PLOVERContext returns the conversion table's context of a code
// ("military", "legal; military"), "" when it gives none.
func PLOVERContext(code string) string {
	return get().plover[code].context
}

// Codes returns every CAMEO code of GDELT's table, sorted as strings (which
// is CAMEO's own order: a root, then its base codes, each before its
// sub-codes).
func Codes() []string {
	t := get()
	out := make([]string, 0, len(t.goldstein))
	for c := range t.goldstein {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// ValidSyntax reports whether code is written as a CAMEO code: 2 to 4 digits
// whose first two (the root) are 01..20.
func ValidSyntax(code string) bool {
	if len(code) < 2 || len(code) > 4 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	root, _ := strconv.Atoi(code[:2])
	return root >= 1 && root <= 20
}

// Root is the two-digit root of a CAMEO code ("19" for "195"), as GDELT's
// EventRootCode; "" for a code that is not valid CAMEO syntax.
func Root(code string) string {
	if !ValidSyntax(code) {
		return ""
	}
	return code[:2]
}

// Base is the three-digit base of a CAMEO code ("035" for "0356"), as GDELT's
// EventBaseCode; a root or base code is its own base.
func Base(code string) string {
	if !ValidSyntax(code) {
		return ""
	}
	if len(code) > 3 {
		return code[:3]
	}
	return code
}

// QuadClass is GDELT's quad class of a code from its root: 1 verbal
// cooperation (01–05), 2 material cooperation (06–09), 3 verbal conflict
// (10–14), 4 material conflict (15–20); 0 for an invalid code.
func QuadClass(code string) int {
	r := Root(code)
	if r == "" {
		return 0
	}
	n, _ := strconv.Atoi(r)
	switch {
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	case n <= 14:
		return 3
	default:
		return 4
	}
}

// parseGoldstein reads GDELT's tab-separated CAMEOEVENTCODE/GOLDSTEINSCALE table.
func parseGoldstein(b []byte) (map[string]float64, error) {
	m := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 || text == "" {
			continue // header
		}
		code, val, ok := strings.Cut(text, "\t")
		if !ok || !ValidSyntax(code) {
			return nil, fmt.Errorf("gdelt table line %d: %q is not CODE<TAB>VALUE", line, text)
		}
		g, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || g < -10 || g > 10 {
			return nil, fmt.Errorf("gdelt table line %d: Goldstein value %q not in -10..10", line, val)
		}
		if _, dup := m[code]; dup {
			return nil, fmt.Errorf("gdelt table line %d: code %s repeated", line, code)
		}
		m[code] = g
	}
	return m, sc.Err()
}

// parseICEWSNames reads the code and name columns of the ICEWS CSV. The file
// is not valid UTF-8 in a few free-text columns; the code and name columns
// are ASCII, which the parse checks.
func parseICEWSNames(b []byte) (map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("icews table: %w", err)
	}
	codeCol, nameCol := -1, -1
	for i, h := range header {
		switch h {
		case "code":
			codeCol = i
		case "name":
			nameCol = i
		}
	}
	if codeCol < 0 || nameCol < 0 {
		return nil, fmt.Errorf("icews table: header %q lacks code or name", header)
	}
	m := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("icews table: %w", err)
		}
		code, name := rec[codeCol], strings.TrimSpace(rec[nameCol])
		if !ValidSyntax(code) || name == "" || !isASCII(name) {
			return nil, fmt.Errorf("icews table: bad row code %q name %q", code, name)
		}
		if _, dup := m[code]; dup {
			return nil, fmt.Errorf("icews table: code %s repeated", code)
		}
		m[code] = name
	}
	return m, nil
}

// parsePLOVER reads "CODE: TYPE, mode, context # comment" lines; a root line
// may give the type alone ("18: ASSAULT").
func parsePLOVER(b []byte) (map[string]ploverEntry, error) {
	m := map[string]ploverEntry{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "~") {
			continue
		}
		code, rest, ok := strings.Cut(text, ":")
		if !ok || !ValidSyntax(code) {
			return nil, fmt.Errorf("plover table line %d: %q is not CODE: TYPE, mode, context", line, text)
		}
		fields := strings.Split(rest, ",")
		if len(fields) != 1 && len(fields) != 3 {
			return nil, fmt.Errorf("plover table line %d: %d comma-separated fields, want 1 or 3", line, len(fields))
		}
		typ, ok := PLOVER2(fields[0])
		if !ok {
			return nil, fmt.Errorf("plover table line %d: unknown PLOVER type %q", line, strings.TrimSpace(fields[0]))
		}
		e := ploverEntry{typ: typ}
		if len(fields) == 3 {
			e.mode = strings.TrimSpace(fields[1])
			e.context = strings.TrimSpace(fields[2])
		}
		if prev, dup := m[code]; dup {
			if prev.typ == e.typ && prev.mode == e.mode && prev.context == e.context {
				continue // 175 is listed twice, identically
			}
			prev.ambiguous = true
			m[code] = prev
			continue
		}
		m[code] = e
	}
	return m, sc.Err()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
