package montecarlo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
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
// over days (layout.go). brink-part/4 adds the checksum.
//
// The checksum is the sha256 of the part's JSON with an empty checksum
// field: it covers the counts and moments and the part's identity (brink
// version, scenario hash, seed, runs, variants, shard and blocks), so a
// damaged, edited or relabelled part is refused. It is a checksum, not a
// signature: it catches accidents and careless edits, not a forger who
// recomputes it.
const partFormat = "brink-part/5"

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
	Checksum     string           `json:"checksum"` // sha256 of this JSON with checksum ""
}

// checksum is the hex sha256 of pf's JSON with an empty Checksum.
func (pf partFile) checksum() (string, error) {
	pf.Checksum = ""
	b, err := json.Marshal(pf)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
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
	sum, err := pf.checksum()
	if err != nil {
		return err
	}
	pf.Checksum = sum
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
	sum, err := pf.checksum()
	if err != nil {
		return nil, bad("%v", err)
	}
	if pf.Checksum != sum {
		return nil, bad("its checksum does not match its content (changed since brink wrote it?)")
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
	if pf.Manifest.Runs <= 0 || pf.Manifest.Runs > LimitRuns {
		return nil, bad("%d runs is not from 1 to %d", pf.Manifest.Runs, LimitRuns)
	}
	totalBlocks := (pf.Manifest.Runs + lay.Block - 1) / lay.Block
	if pf.FirstBlock < 0 || pf.FirstBlock > pf.EndBlock || pf.EndBlock > totalBlocks {
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
	t.checksum = pf.Checksum
	if err := t.checkShard(); err != nil {
		return nil, bad("%v", err)
	}
	if err := t.checkCounts(); err != nil {
		return nil, bad("%v", err)
	}
	return t, nil
}

// checkShard checks that a part labelled as shard i/n covers exactly the
// blocks that shard runs.
func (t *Tally) checkShard() error {
	if t.shardLabel == "" {
		return nil
	}
	var i, n int
	var rest string
	if k, err := fmt.Sscanf(t.shardLabel+" end", "%d/%d %s", &i, &n, &rest); k != 3 || err != nil || rest != "end" ||
		n <= 0 || i < 0 || i >= n || n > maxShards {
		return fmt.Errorf("shard %q is not I/N with 0 ≤ I < N ≤ %d", t.shardLabel, maxShards)
	}
	totalBlocks := (t.Manifest.Runs + t.lay.Block - 1) / t.lay.Block
	if first, end := (Shard{i, n}).blocks(totalBlocks); first != t.first || end != t.end {
		return fmt.Errorf("shard %s of %d blocks is blocks %d–%d, the part holds %d–%d", t.shardLabel, totalBlocks, first, end, t.first, t.end)
	}
	return nil
}

// maxShards bounds the shard count a part may name.
const maxShards = 1 << 20

// checkCounts checks every count's range and the tallies' consistency: each
// variant's runs are the part's runs; each outcome held in at most that many;
// the paired cells sum to the runs and agree with the held counts; each
// tracked pair's top rungs sum to the runs and its first days and daily
// counts stay within them; and no merge-tree node has more values than
// runs.
func (t *Tally) checkCounts() error {
	lay := t.lay
	blockRun := func(b int) int64 { return int64(min(b*lay.Block, t.Manifest.Runs)) }
	runs := blockRun(t.end) - blockRun(t.first)
	nOut := len(lay.Outcomes)
	inRange := func(x int64) bool { return x >= 0 && x <= runs }
	var base []int64
	for v := range lay.Variants {
		vl := &lay.Variants[v]
		in := t.ints[lay.intBase[v] : lay.intBase[v]+vl.intSlots(nOut)]
		if v == 0 {
			base = in
		}
		if in[intRuns()] != runs {
			return fmt.Errorf("variant %q counts %d runs, the part holds %d", vl.Name, in[intRuns()], runs)
		}
		for o, spec := range lay.Outcomes {
			if spec.Kind == results.KindMean {
				var sum int64
				for _, x := range t.ints[lay.intBase[v]+lay.intDist(vl, o):][:vl.distLen()] {
					if !inRange(x) {
						return fmt.Errorf("variant %q: outcome %q has a count %d of %d runs in its distribution", vl.Name, spec.Name, x, runs)
					}
					sum += x
				}
				if sum != runs {
					return fmt.Errorf("variant %q: outcome %q's distribution counts %d runs, the part holds %d", vl.Name, spec.Name, sum, runs)
				}
			}
			held := in[intHeld(o)]
			if !inRange(held) {
				return fmt.Errorf("variant %q: outcome %q held in %d of %d runs", vl.Name, spec.Name, held, runs)
			}
			var cells [4]int64
			var total int64
			for c := range cells {
				cells[c] = in[intPaired(nOut, o, c)]
				if !inRange(cells[c]) {
					return fmt.Errorf("variant %q: outcome %q has a paired count %d of %d runs", vl.Name, spec.Name, cells[c], runs)
				}
				total += cells[c]
			}
			switch {
			case v == 0 || spec.Kind != results.KindProbability:
				if total != 0 {
					return fmt.Errorf("variant %q: outcome %q has paired counts where it can have none", vl.Name, spec.Name)
				}
			case total != runs || cells[pairedBoth]+cells[pairedVariantOnly] != held ||
				cells[pairedBoth]+cells[pairedBaselineOnly] != base[intHeld(o)]:
				return fmt.Errorf("variant %q: outcome %q's paired counts disagree with its held counts", vl.Name, spec.Name)
			}
		}
		R, D := vl.Rungs, vl.Days
		for p := range vl.Pairs {
			var tops int64
			for _, x := range in[vl.intMaxRung(nOut, p):][:R] {
				if !inRange(x) {
					return fmt.Errorf("variant %q: pair %v has a count %d of %d runs", vl.Name, vl.Pairs[p], x, runs)
				}
				tops += x
			}
			if tops != runs {
				return fmt.Errorf("variant %q: pair %v's top rungs count %d runs, not %d", vl.Name, vl.Pairs[p], tops, runs)
			}
			first := in[vl.intFirstDay(nOut, p):][:R*D]
			daily := in[vl.intDaily(nOut, p):][:R*D]
			for r := range R {
				var reached int64
				for d := range D {
					reached += first[r*D+d]
					if first[r*D+d] < 0 || reached > runs {
						return fmt.Errorf("variant %q: pair %v's first days at rung %d do not fit %d runs", vl.Name, vl.Pairs[p], r, runs)
					}
				}
			}
			if D > 0 {
				at := make([]int64, R)
				for d := range D {
					var all int64
					for r := range R {
						at[r] += daily[d*R+r]
						if !inRange(at[r]) {
							return fmt.Errorf("variant %q: pair %v's daily counts leave 0–%d runs on day %d", vl.Name, vl.Pairs[p], runs, d)
						}
						all += at[r]
					}
					if all != runs {
						return fmt.Errorf("variant %q: pair %v's daily counts give %d runs on day %d, not %d", vl.Name, vl.Pairs[p], all, d, runs)
					}
				}
			}
		}
		for _, x := range in[vl.intRiveraSq(nOut):][:D] {
			if x < 0 {
				return fmt.Errorf("variant %q: a negative sum of squares", vl.Name)
			}
		}
	}
	for _, n := range t.forest.nodes {
		most := blockRun(n.end()) - blockRun(n.First)
		for _, m := range n.Moms {
			if m.N() > most {
				return fmt.Errorf("merge-tree node at block %d has %d values for %d runs", n.First, m.N(), most)
			}
		}
	}
	return nil
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
	seen := map[string]*Tally{}
	for _, p := range parts {
		if p.checksum == "" {
			continue
		}
		if q, dup := seen[p.checksum]; dup {
			return nil, fmt.Errorf("%s and %s are the same part (same content): give each part once", q.label(), p.label())
		}
		seen[p.checksum] = p
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
	case !slices.Equal(ma.Settings, mb.Settings):
		return differ("--set settings", ma.Settings, mb.Settings)
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
