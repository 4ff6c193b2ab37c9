// Package ladder defines escalation ladders: ordered rungs from most
// cooperative to most hostile, each mapped to the field's standard event codes
// (CAMEO, Goldstein, PLOVER, MID hostility level, Rivera category), and the
// built-in `standard` ladder of the design.
package ladder

// Rivera categories (Rivera et al., FAccT 2024) and their escalation scores.
type RiveraCategory int8

const (
	Deescalation RiveraCategory = iota // score -2
	StatusQuo                          // 0
	Posturing                          // 4
	NonViolent                         // 12
	Violent                            // 28
	Nuclear                            // 60
)

// Rung is one step of a ladder. Level is its index relative to the status quo
// (negative cooperative, positive hostile).
type Rung struct {
	ID           string
	Meaning      string
	Level        int
	CAMEO        string  // CAMEO event code ("" for status quo)
	Goldstein    float64 // GDELT Goldstein value of the full CAMEO code
	PLOVER       string  // PLOVER 2.0 event type
	Mode         string  // PLOVER mode ("" when none)
	MIDHostility int     // Correlates of War MID hostility level 1..5
	Rivera       RiveraCategory
	Damage       float64
	Cost         float64
	Salvo        int
	Kinetic      bool
	LeadTime     int // days
	Requires     []string
}

// Ladder is an ordered list of rungs with one status-quo rung.
type Ladder struct {
	Name      string
	Rungs     []Rung // index 0 is the most cooperative
	StatusQuo int    // index of the status-quo rung in Rungs
}
