package montecarlo

import "brink/results"

// Tally is the accumulated state of a contiguous range of blocks: exact
// integer counts and the moments as nodes of the canonical merge tree
// (fold.go). A whole run, a shard, and a merge of shards are all Tallies;
// Summary turns one that starts at block 0 into the results.
type Tally struct {
	// Manifest of the experiment. Runs is the number of runs asked for the
	// whole experiment (a shard does only its share of them).
	Manifest results.Manifest
	// Partial is set when the run was stopped before its last block.
	Partial bool
	// ScenarioText is the scenario file as it was run. Part files carry it,
	// so that a merged run can be recorded in the run store like a whole one.
	ScenarioText []byte

	name       string // file it was read from, for messages
	shardLabel string // "i/n" when run as a shard
	checksum   string // a part file's checksum, when read from one

	lay    *layout
	first  int // first block covered
	end    int // one past the last block covered
	ints   []int64
	forest *forest
}

func newTally(m results.Manifest, lay *layout, first int) *Tally {
	return &Tally{
		Manifest: m, lay: lay, first: first, end: first,
		ints:   make([]int64, lay.ints),
		forest: newForest(lay.moms),
	}
}

// add merges the next block into the tally (blocks come in order) and
// leaves a's integers zero.
func (t *Tally) add(a *blockAcc) {
	// The integers are added and a's left zero for its next block in one
	// pass that writes only the nonzero ones: most of a block's slots (the
	// first days and daily changes of every pair, rung and day) stay zero.
	for i, x := range a.ints {
		if x != 0 {
			t.ints[i] += x
			a.ints[i] = 0
		}
	}
	t.forest.push(node{First: a.block, Level: 0, Moms: a.moms})
	a.moms = t.forest.take()
	t.end = a.block + 1
}

// runs is the number of run indices the tally covers.
func (t *Tally) runs() int {
	lo := t.first * t.lay.Block
	hi := min(t.end*t.lay.Block, t.Manifest.Runs)
	return max(hi-lo, 0)
}

// Runs returns the run indices [from, to) the tally covers.
func (t *Tally) Runs() (from, to int) {
	return min(t.first*t.lay.Block, t.Manifest.Runs), min(t.end*t.lay.Block, t.Manifest.Runs)
}
