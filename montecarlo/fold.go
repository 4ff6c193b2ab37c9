package montecarlo

import "brink/internal/padded"

// Floating-point sums depend on the order of the additions, and merging
// moments is not associative either. To give the same bits whatever the number
// of workers, the order blocks complete in, or the split into shards, the
// moments of blocks are combined along one canonical binary tree over block
// indices: a node at level l covers blocks [j·2^l, (j+1)·2^l), and its value
// is always merge(left child, right child). Whoever holds two sibling nodes
// merges them, so a shard computes exactly the nodes inside its range and a
// later merge of shards completes the same tree. For B blocks the complete
// nodes left over are the binary decomposition of B ("peaks", largest first);
// the total is their right fold, merge(p0, merge(p1, merge(p2, …))), which is
// the root of the tree padded with empty blocks. Integer counts need none of
// this: they are exact and simply added.
//
// Memory is O(log B) nodes, whatever the number of runs.

// node is a complete subtree: blocks [first, first+2^level).
type node struct {
	First int      `json:"first"`
	Level int      `json:"level"`
	Moms  []moment `json:"-"`
}

func (n node) end() int { return n.First + 1<<n.Level }

// forest is a stack of nodes in block order, merged as soon as siblings meet.
type forest struct {
	nodes []node
	free  [][]moment // moment slices of merged-away nodes, for reuse
	width int        // moments per node
}

func newForest(width int) *forest { return &forest{width: width} }

// take returns a zeroed moment slice, reusing a freed one when it can.
func (f *forest) take() []moment {
	if n := len(f.free); n > 0 {
		m := f.free[n-1]
		f.free = f.free[:n-1]
		clear(m)
		return m
	}
	return padded.Slice[moment](f.width) // a block's moments are written by its worker
}

func (f *forest) give(m []moment) { f.free = append(f.free, m) }

// push appends a node, which must start where the last one ends, and merges
// siblings up the tree.
func (f *forest) push(n node) {
	f.nodes = append(f.nodes, n)
	for len(f.nodes) >= 2 {
		l, r := f.nodes[len(f.nodes)-2], f.nodes[len(f.nodes)-1]
		if l.Level != r.Level || l.First%(1<<(l.Level+1)) != 0 || l.end() != r.First {
			return
		}
		mergeMoments(l.Moms, r.Moms)
		f.give(r.Moms)
		f.nodes = f.nodes[:len(f.nodes)-1]
		f.nodes[len(f.nodes)-1].Level++
	}
}

// total returns the right fold of the nodes into a new slice: the canonical
// root when the nodes cover blocks [0, B). The forest is unchanged, so a run
// can look at its totals (for --precision) and go on.
func (f *forest) total() []moment {
	out := make([]moment, f.width)
	if len(f.nodes) == 0 {
		return out
	}
	copy(out, f.nodes[len(f.nodes)-1].Moms)
	tmp := make([]moment, f.width)
	for i := len(f.nodes) - 2; i >= 0; i-- {
		copy(tmp, f.nodes[i].Moms)
		mergeMoments(tmp, out)
		out, tmp = tmp, out
	}
	return out
}

// mergeMoments merges right into left, slot by slot: left comes first.
func mergeMoments(left, right []moment) {
	for i := range left {
		left[i].Merge(right[i])
	}
}
