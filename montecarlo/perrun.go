package montecarlo

import (
	"math"

	"brink/results"
	"brink/sim"
)

// RunColumns returns what the plan's RunRecords hold.
func (p *Plan) RunColumns() results.RunColumns {
	var c results.RunColumns
	for _, o := range p.lay.Outcomes {
		c.Outcomes = append(c.Outcomes, o.Name)
		c.Kinds = append(c.Kinds, o.Kind)
	}
	for _, v := range p.lay.Variants {
		c.Variants = append(c.Variants, v.Name)
		c.Actors = append(c.Actors, append([]string(nil), v.Actors...))
	}
	return c
}

// recordWidth is the number of float64 of one variant's record: the
// outcomes, the Rivera mean, and damage, strain and support per actor.
func (l *layout) recordWidth(v int) int { return len(l.Outcomes) + 1 + 3*len(l.Variants[v].Actors) }

// recordBases returns where each variant's record starts within one run's
// records, and the width of one run's records (computed by index).
func (l *layout) recordBases() (base []int, width int) { return l.recBase, l.recWidth }

// indexRecords computes recordBases' answer.
func (l *layout) indexRecords() {
	l.recBase = make([]int, len(l.Variants))
	l.recWidth = 0
	for v := range l.Variants {
		l.recBase[v] = l.recWidth
		l.recWidth += l.recordWidth(v)
	}
}

// keepRecord copies variant v's run into rec, one variant's record.
func (l *layout) keepRecord(rec []float64, v int, res *sim.Result, vals []float64) {
	vl := &l.Variants[v]
	nOut := len(l.Outcomes)
	copy(rec, vals[:nOut])
	rec[nOut] = riveraMean(res.Rivera[:vl.Days], len(vl.Actors))
	n := len(vl.Actors)
	copy(rec[nOut+1:], res.Damage[:n])
	copy(rec[nOut+1+n:], res.Strain[:n])
	copy(rec[nOut+1+2*n:], res.Support[:n])
}

// riveraMean is the run's mean daily Rivera score exactly as addRun tallies
// it: each day's sum over actors rounded to its integer, the integers summed.
func riveraMean(rivera []float64, actors int) float64 {
	if len(rivera) == 0 {
		return math.NaN()
	}
	a := float64(actors)
	var total int64
	for _, score := range rivera {
		x := float64(score * a)
		total += int64(x + math.Copysign(0.5, x))
	}
	return float64(total) / (a * float64(len(rivera)))
}

// emitRecords hands a block's records to sink in run order, variants in
// order within a run.
func (l *layout) emitRecords(rows []float64, block int, runs int, sink func(results.RunRecord) error) error {
	base, width := l.recordBases()
	nOut := len(l.Outcomes)
	lo := block * l.Block
	hi := min(lo+l.Block, runs)
	for k := lo; k < hi; k++ {
		row := rows[(k-lo)*width:]
		for v := range l.Variants {
			rec := row[base[v] : base[v]+l.recordWidth(v)]
			n := len(l.Variants[v].Actors)
			r := results.RunRecord{
				Run: k, Variant: v,
				Values:  rec[:nOut],
				Rivera:  rec[nOut],
				Damage:  rec[nOut+1 : nOut+1+n],
				Strain:  rec[nOut+1+n : nOut+1+2*n],
				Support: rec[nOut+1+2*n : nOut+1+3*n],
			}
			if err := sink(r); err != nil {
				return err
			}
		}
	}
	return nil
}
