package montecarlo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"brink/results"
)

// A part file holds the tally of one shard: the manifest, the layout, the
// blocks covered, the integer counts, and the merge-tree nodes of the moments
// with their exact bits. It is JSON so that a person can see what a file
// holds (`jq .manifest part.json`); the moments are base64 of their binary
// state because decimal text would not give back the same bits.
//
// brink-part/3: the part carries the scenario's text, so that `brink merge`
// can record the merged run in the run store; brink-part/2 did not; in
// brink-part/1 the tracked pairs' daily slots held counts, not differences
// over days (layout.go).
const partFormat = "brink-part/3"

type partFile struct {
	Format       string           `json:"format"`
	Manifest     results.Manifest `json:"manifest"`
	ScenarioText string           `json:"scenario_text"`   // the scenario file as it was run
	Shard        string           `json:"shard,omitempty"` // "i/n", for messages
	FirstBlock   int              `json:"first_block"`
	EndBlock     int              `json:"end_block"`
	Layout       layout           `json:"layout"`
	Ints         []int64          `json:"ints"`
	Nodes        []partNode       `json:"nodes"`
}

type partNode struct {
	First   int    `json:"first"`
	Level   int    `json:"level"`
	Moments []byte `json:"moments"` // MarshalBinary of each slot, concatenated
}

const momentBytes = 41 // length of stats.Moments.MarshalBinary

// WritePart writes the tally as a part file. A stopped (partial) tally is
// refused: a part must hold its whole share, or merge could not check that
// every run is present.
func (t *Tally) WritePart(w io.Writer) error {
	if t.Partial {
		return fmt.Errorf("the run was stopped before its share was done; no part written")
	}
	pf := partFile{
		Format: partFormat, Manifest: t.Manifest, ScenarioText: string(t.ScenarioText),
		FirstBlock: t.first, EndBlock: t.end,
		Layout: *t.lay, Ints: t.ints, Nodes: []partNode{},
	}
	pf.Shard = t.shardLabel
	for _, n := range t.forest.nodes {
		buf := make([]byte, 0, len(n.Moms)*momentBytes)
		for _, m := range n.Moms {
			b, err := m.MarshalBinary()
			if err != nil {
				return err
			}
			buf = append(buf, b...)
		}
		pf.Nodes = append(pf.Nodes, partNode{First: n.First, Level: n.Level, Moments: buf})
	}
	b, err := json.Marshal(pf)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadPart reads a part file written by WritePart; name is used in messages.
func ReadPart(r io.Reader, name string) (*Tally, error) {
	var pf partFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pf); err != nil {
		return nil, fmt.Errorf("%s: not a brink part file: %v", name, err)
	}
	if pf.Format != partFormat {
		return nil, fmt.Errorf("%s: format %q, this brink reads %q (made by another brink version?)", name, pf.Format, partFormat)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: damaged part file: "+format, append([]any{name}, a...)...)
	}
	lay := pf.Layout
	if err := lay.index(); err != nil {
		return nil, bad("%v", err)
	}
	if lay.Block != BlockRuns {
		return nil, fmt.Errorf("%s: made with blocks of %d runs, this brink uses %d", name, lay.Block, BlockRuns)
	}
	if len(pf.Ints) != lay.ints {
		return nil, bad("%d counts, the layout needs %d", len(pf.Ints), lay.ints)
	}
	totalBlocks := (pf.Manifest.Runs + lay.Block - 1) / lay.Block
	if pf.Manifest.Runs <= 0 || pf.FirstBlock < 0 || pf.FirstBlock > pf.EndBlock || pf.EndBlock > totalBlocks {
		return nil, bad("blocks %d–%d do not fit %d runs", pf.FirstBlock, pf.EndBlock, pf.Manifest.Runs)
	}
	if sum := sha256.Sum256([]byte(pf.ScenarioText)); pf.ScenarioText != "" && hex.EncodeToString(sum[:]) != pf.Manifest.ScenarioSHA256 {
		return nil, bad("its scenario text does not have the sha256 its manifest names")
	}
	t := newTally(pf.Manifest, &lay, pf.FirstBlock)
	t.ScenarioText = []byte(pf.ScenarioText)
	t.name = name
	t.shardLabel = pf.Shard
	copy(t.ints, pf.Ints)
	at := pf.FirstBlock
	for _, pn := range pf.Nodes {
		if pn.Level < 0 || pn.Level > 40 || pn.First != at || pn.First%(1<<pn.Level) != 0 {
			return nil, bad("merge-tree node at block %d, level %d is misaligned or out of place (expected one starting at block %d)", pn.First, pn.Level, at)
		}
		if len(pn.Moments) != lay.moms*momentBytes {
			return nil, bad("node at block %d has %d bytes of moments, want %d", pn.First, len(pn.Moments), lay.moms*momentBytes)
		}
		moms := t.forest.take()
		for i := range moms {
			if err := moms[i].UnmarshalBinary(pn.Moments[i*momentBytes : (i+1)*momentBytes]); err != nil {
				return nil, bad("%v", err)
			}
		}
		n := node{First: pn.First, Level: pn.Level, Moms: moms}
		at = n.end()
		t.forest.push(n)
	}
	if at != pf.EndBlock {
		return nil, bad("merge-tree nodes end at block %d, the part at block %d", at, pf.EndBlock)
	}
	t.end = pf.EndBlock
	return t, nil
}

// Merge combines the parts of a sharded run into the tally of the whole run,
// after checking that they belong together and that every run index is in
// exactly one of them. Their order does not matter.
func Merge(parts []*Tally) (*Tally, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no parts to merge")
	}
	ref := parts[0]
	refLayout, _ := json.Marshal(ref.lay)
	for _, p := range parts[1:] {
		if err := sameExperiment(ref, p); err != nil {
			return nil, err
		}
		l, _ := json.Marshal(p.lay)
		if !bytes.Equal(l, refLayout) {
			return nil, fmt.Errorf("%s and %s differ in their outcomes, actors or tracked pairs: not parts of one run", ref.label(), p.label())
		}
	}
	sorted := append([]*Tally(nil), parts...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].first != sorted[j].first {
			return sorted[i].first < sorted[j].first
		}
		return sorted[i].end < sorted[j].end
	})
	runs := ref.Manifest.Runs
	totalBlocks := (runs + ref.lay.Block - 1) / ref.lay.Block
	blockRun := func(b int) int { return min(b*ref.lay.Block, runs) }
	var problems []string
	at := 0
	var prev *Tally
	for _, p := range sorted {
		if p.first == p.end {
			continue // an empty share (more shards than blocks)
		}
		switch {
		case p.first > at:
			problems = append(problems, fmt.Sprintf("runs %d–%d are missing (no part holds them)", blockRun(at), blockRun(p.first)-1))
		case p.first < at && prev.label() == p.label():
			problems = append(problems, fmt.Sprintf("runs %d–%d are given twice, by %s",
				blockRun(p.first), blockRun(min(at, p.end))-1, p.label()))
		case p.first < at:
			problems = append(problems, fmt.Sprintf("runs %d–%d are in both %s and %s",
				blockRun(p.first), blockRun(min(at, p.end))-1, prev.label(), p.label()))
		}
		if p.end > at {
			at, prev = p.end, p
		}
	}
	if at < totalBlocks {
		problems = append(problems, fmt.Sprintf("runs %d–%d are missing (no part holds them)", blockRun(at), runs-1))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("cannot merge: %s", strings.Join(problems, "; "))
	}

	total := newTally(ref.Manifest, ref.lay, 0)
	total.ScenarioText = ref.ScenarioText // every part's has the manifest's sha256
	for _, p := range sorted {
		for i, x := range p.ints {
			total.ints[i] += x
		}
		for _, n := range p.forest.nodes {
			moms := total.forest.take()
			copy(moms, n.Moms)
			total.forest.push(node{First: n.First, Level: n.Level, Moms: moms})
		}
		total.end = max(total.end, p.end)
	}
	return total, nil
}

// sameExperiment checks that two parts come from the same scenario, seed,
// runs, variants and brink version, naming the first difference.
func sameExperiment(a, b *Tally) error {
	ma, mb := a.Manifest, b.Manifest
	differ := func(what string, x, y any) error {
		return fmt.Errorf("%s and %s are not parts of one run: %s %v and %v", a.label(), b.label(), what, x, y)
	}
	switch {
	case ma.BrinkVersion != mb.BrinkVersion:
		return differ("brink versions", ma.BrinkVersion, mb.BrinkVersion)
	case ma.ScenarioSHA256 != mb.ScenarioSHA256 || ma.Scenario != mb.Scenario:
		return differ("scenarios", ma.Scenario+" (sha256 "+short(ma.ScenarioSHA256)+")", mb.Scenario+" (sha256 "+short(mb.ScenarioSHA256)+")")
	case ma.Seed != mb.Seed:
		return differ("seeds", ma.Seed, mb.Seed)
	case ma.Runs != mb.Runs:
		return differ("runs", ma.Runs, mb.Runs)
	case !reflect.DeepEqual(ma.Variants, mb.Variants):
		return differ("variants", ma.Variants, mb.Variants)
	case !reflect.DeepEqual(ma, mb):
		return differ("manifests", fmt.Sprintf("%+v", ma), fmt.Sprintf("%+v", mb))
	}
	return nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// label names a part in messages: its file and shard.
func (t *Tally) label() string {
	l := t.name
	if l == "" {
		l = "a part"
	}
	if t.shardLabel != "" {
		l += " (shard " + t.shardLabel + ")"
	}
	return l
}
