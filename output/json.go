// Package output renders a results.Summary for people and programs: a
// table for the terminal, JSON, and CSV (`brink run --format`), and the
// export tables for pandas, R and spreadsheets as CSV or Parquet files
// (`brink run --csv DIR --parquet DIR`, docs/exports.md). It only formats;
// every number it prints was computed by package montecarlo. Nothing it
// writes depends on the clock, so the same Summary always gives the same
// bytes (docs/output.md).
package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"brink/results"
)

// WriteJSON writes s as indented JSON followed by a newline. Arrays of plain
// numbers or strings (rung counts per day, variant names) are kept on one
// line, so the file stays readable without changing what a parser sees.
func WriteJSON(w io.Writer, s *results.Summary) error {
	if err := checkFinite(s); err != nil {
		return err
	}
	b, err := json.MarshalIndent(withEmptyLists(s), "", "  ")
	if err != nil {
		return fmt.Errorf("encoding results as JSON: %w", err)
	}
	b = compactScalarArrays(b)
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// withEmptyLists returns s with nil outcome and difference lists replaced by
// empty ones, so that programs always find an array (`"differences": []` for
// the baseline), never null.
func withEmptyLists(s *results.Summary) *results.Summary {
	c := *s
	c.Variants = make([]results.VariantSummary, len(s.Variants))
	for i, v := range s.Variants {
		if v.Outcomes == nil {
			v.Outcomes = []results.OutcomeStat{}
		}
		if v.Differences == nil {
			v.Differences = []results.Difference{}
		}
		c.Variants[i] = v
	}
	if c.Manifest.Variants == nil {
		c.Manifest.Variants = []string{}
	}
	return &c
}

// checkFinite reports a value JSON cannot carry (NaN or ±Inf) by its place,
// rather than letting encoding/json fail with a message that names no field.
func checkFinite(s *results.Summary) error {
	bad := func(where string, xs ...float64) error {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("results: %s is not a finite number (%v)", where, x)
			}
		}
		return nil
	}
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if err := bad(v.Name+" outcome "+o.Name, o.P, o.Lo, o.Hi); err != nil {
				return err
			}
		}
		for _, d := range v.Differences {
			if err := bad(v.Name+" difference "+d.Outcome, d.Diff, d.Lo, d.Hi); err != nil {
				return err
			}
		}
		m := v.Metrics
		if err := bad(v.Name+" rivera", m.Rivera.Mean, m.Rivera.Lo, m.Rivera.Hi); err != nil {
			return err
		}
		for d, x := range m.RiveraByDay {
			if err := bad(fmt.Sprintf("%s rivera day %d", v.Name, d), x.Mean, x.Lo, x.Hi); err != nil {
				return err
			}
		}
		for _, group := range results.ActorMetrics() {
			for actor, x := range group.Of(m) {
				if err := bad(v.Name+" "+group.Name+" "+actor, x.Mean, x.Lo, x.Hi); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// compactScalarArrays rewrites indented JSON so that every array holding no
// object or array is printed on one line: `[1, 2, 3]`. It walks the bytes
// with a small state machine aware of strings, so brackets inside strings are
// left alone.
func compactScalarArrays(in []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(in))
	for i := 0; i < len(in); {
		c := in[i]
		if c == '"' {
			j := skipString(in, i)
			out.Write(in[i:j])
			i = j
			continue
		}
		if c == '[' {
			if end, ok := scalarArrayEnd(in, i); ok {
				writeCompactArray(&out, in[i:end+1])
				i = end + 1
				continue
			}
		}
		out.WriteByte(c)
		i++
	}
	return out.Bytes()
}

// skipString returns the index just past the JSON string starting at in[i].
func skipString(in []byte, i int) int {
	for j := i + 1; j < len(in); j++ {
		switch in[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(in)
}

// scalarArrayEnd returns the index of the ']' closing the array opened at
// in[i] when that array contains no nested array or object.
func scalarArrayEnd(in []byte, i int) (int, bool) {
	for j := i + 1; j < len(in); {
		switch in[j] {
		case '"':
			j = skipString(in, j)
			continue
		case '[', '{':
			return 0, false
		case ']':
			return j, true
		}
		j++
	}
	return 0, false
}

// writeCompactArray writes an indented scalar array as `[a, b, c]`.
func writeCompactArray(out *bytes.Buffer, arr []byte) {
	out.WriteByte('[')
	first := true
	for i := 1; i < len(arr)-1; {
		c := arr[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case c == ',':
			i++
		default:
			j := i
			if c == '"' {
				j = skipString(arr, i)
			} else {
				for j < len(arr)-1 && arr[j] != ',' && arr[j] != ' ' && arr[j] != '\n' {
					j++
				}
			}
			if !first {
				out.WriteString(", ")
			}
			first = false
			out.Write(arr[i:j])
			i = j
		}
	}
	out.WriteByte(']')
}
