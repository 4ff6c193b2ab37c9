package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
)

// A part file holds the points of one shard of a sweep or a sensitivity
// design, as JSON: the manifest, the shard and the points with their
// results. Go writes a float64 in JSON in the shortest form that reads back
// to the same bits, so a merged sweep is the same bits as one run on one
// machine.
const partFormat = "brink-sweep-part/1"

type partFile struct {
	Format   string   `json:"format"`
	Manifest Manifest `json:"manifest"`
	Shard    string   `json:"shard"`
	First    int      `json:"first"`
	End      int      `json:"end"`
	Points   []Point  `json:"points"`
}

// IsPart reports whether data is a sweep's part file (and not a run's).
func IsPart(data []byte) bool {
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && head.Format == partFormat
}

// WritePart writes the result of shard index/count as a part file.
func WritePart(w io.Writer, r *Result, index, count int) error {
	if r.Partial {
		return fmt.Errorf("the sweep was stopped before its share was done; no part written")
	}
	from, to := PointRange(r.Manifest.Points, shardOf(index, count))
	if len(r.Points) != to-from {
		return fmt.Errorf("internal error: shard %d/%d holds %d points, not %d", index, count, len(r.Points), to-from)
	}
	b, err := json.Marshal(partFile{Format: partFormat, Manifest: r.Manifest, Shard: fmt.Sprintf("%d/%d", index, count), First: from, End: to, Points: r.Points})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadPart reads a part file; name is used in messages.
func ReadPart(data []byte, name string) (*Result, int, int, error) {
	var pf partFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pf); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: not a sweep part file: %v", name, err)
	}
	if pf.Format != partFormat {
		return nil, 0, 0, fmt.Errorf("%s: format %q, want %q", name, pf.Format, partFormat)
	}
	if pf.First < 0 || pf.End < pf.First || pf.End > pf.Manifest.Points || len(pf.Points) != pf.End-pf.First {
		return nil, 0, 0, fmt.Errorf("%s: points %d to %d of %d, but %d given", name, pf.First, pf.End, pf.Manifest.Points, len(pf.Points))
	}
	if err := checkManifest(pf.Manifest); err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %v", name, err)
	}
	m := pf.Manifest
	for i, p := range pf.Points {
		if p.Index != pf.First+i {
			return nil, 0, 0, fmt.Errorf("%s: point %d is numbered %d", name, pf.First+i, p.Index)
		}
		if len(p.U) != len(m.Params) || len(p.Values) != len(m.Params) || len(p.Variants) != len(m.Variants) {
			return nil, 0, 0, fmt.Errorf("%s: point %d does not have the shape of the manifest", name, p.Index)
		}
		for vi, v := range p.Variants {
			nd := len(m.Outcomes)
			if vi == 0 {
				nd = 0
			}
			if v.Name != m.Variants[vi] || len(v.Outcomes) != len(m.Outcomes) || len(v.Differences) != nd {
				return nil, 0, 0, fmt.Errorf("%s: point %d, variant %d does not have the shape of the manifest", name, p.Index, vi)
			}
		}
	}
	return &Result{Manifest: pf.Manifest, Points: pf.Points}, pf.First, pf.End, nil
}

// Part is a part read from a file.
type Part struct {
	Name       string
	Result     *Result
	First, End int
}

// Merge puts parts of one sweep together: they must share the manifest
// and cover every point once.
func Merge(parts []Part) (*Result, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no parts")
	}
	ref := parts[0]
	for _, p := range parts[1:] {
		if !reflect.DeepEqual(p.Result.Manifest, ref.Result.Manifest) {
			return nil, fmt.Errorf("%s and %s are not parts of one sweep: their manifests differ", ref.Name, p.Name)
		}
	}
	sorted := append([]Part(nil), parts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].First < sorted[j].First })
	out := &Result{Manifest: ref.Result.Manifest}
	at := 0
	for _, p := range sorted {
		if p.First == p.End {
			continue
		}
		if p.First != at {
			if p.First < at {
				return nil, fmt.Errorf("%s repeats points %d to %d", p.Name, p.First, min(at, p.End)-1)
			}
			return nil, fmt.Errorf("points %d to %d are missing: no part holds them", at, p.First-1)
		}
		out.Points = append(out.Points, p.Result.Points...)
		at = p.End
	}
	if at != ref.Result.Manifest.Points {
		return nil, fmt.Errorf("points %d to %d are missing: no part holds them", at, ref.Result.Manifest.Points-1)
	}
	return out, nil
}

// checkManifest checks that a manifest read from a file is consistent, so
// that nothing computed from it can index out of range.
func checkManifest(m Manifest) error {
	if len(m.Kinds) != len(m.Outcomes) {
		return fmt.Errorf("the manifest has %d outcomes but %d kinds", len(m.Outcomes), len(m.Kinds))
	}
	at := 0
	for _, d := range m.Designs {
		if d.First != at || d.Count < 0 || d.N <= 0 {
			return fmt.Errorf("the manifest's designs do not cover its points in order")
		}
		k := len(m.Params)
		switch d.Kind {
		case Morris:
			if d.Count != d.N*(k+1) {
				return fmt.Errorf("a Morris design of %d trajectories of %d values has %d points, not %d", d.N, k, d.N*(k+1), d.Count)
			}
		case Saltelli:
			if d.Count != d.N*(k+2) {
				return fmt.Errorf("a Saltelli design of %d rows of %d values has %d points, not %d", d.N, k, d.N*(k+2), d.Count)
			}
		}
		at += d.Count
	}
	if len(m.Designs) > 0 && at != m.Points {
		return fmt.Errorf("the manifest's designs have %d points, not %d", at, m.Points)
	}
	if t := m.Sensitivity; t != nil {
		if len(m.Variants) == 0 || t.Bootstrap < 0 || t.Bootstrap > 1_000_000 {
			return fmt.Errorf("the manifest's sensitivity target is not valid")
		}
	}
	return nil
}
