package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// partBytes runs shard i of n of a small fake experiment and returns its
// part file.
func partBytes(t *testing.T, i, n int) []byte {
	t.Helper()
	p := fakePlan(3, 0.3, 0.2)
	tl := mustRun(t, p, Options{Seed: 5, Runs: 4 * BlockRuns, Workers: 1, Shard: Shard{i, n}})
	var b bytes.Buffer
	if err := tl.WritePart(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mergeBytes reads and merges part files, returning the summary's JSON.
func mergeBytes(t *testing.T, files ...[]byte) ([]byte, error) {
	t.Helper()
	var parts []*Tally
	for i, f := range files {
		p, err := ReadPart(bytes.NewReader(f), "part"+string(rune('0'+i)))
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	total, err := Merge(parts)
	if err != nil {
		return nil, err
	}
	return summaryJSON(t, total), nil
}

// Every single-byte change to a part is refused, or changes nothing that
// merge reports (JSON's keys match case-insensitively, so "Format" reads as
// "format"): a damaged part never changes a result (issue 19, item 5).
func TestPartSingleByteChanges(t *testing.T) {
	a, b := partBytes(t, 0, 2), partBytes(t, 1, 2)
	want, err := mergeBytes(t, a, b)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	positions := len(a)
	if testing.Short() {
		positions = 2000
	}
	accepted := 0
	for k := range positions {
		at := k
		if positions < len(a) {
			at = rng.IntN(len(a))
		}
		bad := bytes.Clone(a)
		bad[at] ^= byte(1 + rng.IntN(255))
		got, err := mergeBytes(t, bad, b)
		if err != nil {
			continue
		}
		accepted++
		if !bytes.Equal(got, want) {
			t.Fatalf("a change at byte %d (%q → %q) was accepted and changed the result", at, a[at], bad[at])
		}
	}
	t.Logf("%d of %d changes accepted, none changed the result", accepted, positions)
}

// reseal decodes a part, lets edit change it, and writes it back with a
// correct checksum: what a careless editor who knows the format would do.
func reseal(t *testing.T, data []byte, edit func(*partFile)) []byte {
	t.Helper()
	var pf partFile
	if err := json.Unmarshal(data, &pf); err != nil {
		t.Fatal(err)
	}
	edit(&pf)
	sum, err := pf.checksum()
	if err != nil {
		t.Fatal(err)
	}
	pf.Checksum = sum
	out, err := json.Marshal(pf)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Resealed parts are still checked: a count out of range, tallies that
// disagree with each other, a part relabelled as another shard, and the same
// part given twice are refused (issue 19, item 5).
func TestPartRangesAndConsistency(t *testing.T) {
	a, b := partBytes(t, 0, 2), partBytes(t, 1, 2)
	if _, err := mergeBytes(t, reseal(t, a, func(*partFile) {}), b); err != nil {
		t.Fatalf("a resealed, unchanged part is refused: %v", err)
	}
	cases := []struct {
		name string
		edit func(*partFile)
		want string
	}{
		{"negative held", func(pf *partFile) { pf.Ints[intHeld(0)] = -300 }, "held in -300"},
		{"held above runs", func(pf *partFile) { pf.Ints[intHeld(0)] = 5000 }, "held in 5000"},
		{"runs", func(pf *partFile) { pf.Ints[intRuns()]++ }, "counts 513 runs, the part holds 512"},
		{"paired", func(pf *partFile) {
			lay := pf.Layout
			if err := lay.index(); err != nil {
				t.Fatal(err)
			}
			base := lay.intBase[1]
			pf.Ints[base+intPaired(3, 0, pairedBoth)]++
			pf.Ints[base+intPaired(3, 0, pairedNeither)]--
		}, "disagree with its held counts"},
		{"distribution", func(pf *partFile) {
			lay := pf.Layout
			if err := lay.index(); err != nil {
				t.Fatal(err)
			}
			at := lay.intBase[0] + lay.intDist(&lay.Variants[0], 1) // "damage", the mean outcome
			pf.Ints[at]++
		}, "distribution counts 513 runs, the part holds 512"},
		{"relabelled", func(pf *partFile) { pf.Shard = "1/2" }, "shard 1/2 of 4 blocks is blocks 2–4"},
		{"shard garbage", func(pf *partFile) { pf.Shard = "0/2x" }, "is not I/N"},
		{"checksum", func(pf *partFile) {}, ""},
	}
	for _, c := range cases {
		bad := reseal(t, a, c.edit)
		if c.want == "" {
			bad = bytes.Replace(bad, []byte(`"checksum":"`), []byte(`"checksum":"0`), 1)
			c.want = "checksum does not match"
		}
		_, err := mergeBytes(t, bad, b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	if _, err := mergeBytes(t, a, b, bytes.Clone(a)); err == nil || !strings.Contains(err.Error(), "same part") {
		t.Errorf("a part given twice: %v", err)
	}
}

// FuzzReadPart: any bytes give a part or an error, never a panic; a part
// that reads is consistent enough to merge and summarise.
func FuzzReadPart(f *testing.F) {
	p := fakePlan(2, 0.3)
	tl, err := p.Run(context.Background(), Options{Seed: 1, Runs: BlockRuns + 7, Workers: 1, Shard: Shard{0, 1}})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := tl.WritePart(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`{"format":"brink-part/5"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		part, err := ReadPart(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			return
		}
		if total, err := Merge([]*Tally{part}); err == nil {
			total.Summary()
		}
	})
}
