package backtest

import (
	"encoding/json"
	"fmt"
	"math"
)

// storedReport is a Report as the run store keeps it: the report's JSON,
// which leaves out SkillPersist (NaN when it does not exist, which JSON
// cannot hold), and beside it every SkillPersist, null where NaN, so that
// a stored report reads back to the same bits.
type storedReport struct {
	Report  *Report    `json:"report"`
	Persist []*float64 `json:"skill_persist"` // fit, check, all, unseen, then each episode's
}

// scores lists every Score of r whose SkillPersist is kept, in the order
// storedReport.Persist holds them.
func (r *Report) scores() []*Score {
	out := []*Score{&r.Fit, &r.Check, &r.All, &r.Unseen}
	for _, e := range r.Episodes {
		out = append(out, &e.Score)
	}
	return out
}

// MarshalReport encodes a report for the run store; UnmarshalReport reads
// it back to the same bits.
func MarshalReport(r *Report) ([]byte, error) {
	st := storedReport{Report: r}
	for _, s := range r.scores() {
		if math.IsNaN(s.SkillPersist) {
			st.Persist = append(st.Persist, nil)
		} else {
			v := s.SkillPersist
			st.Persist = append(st.Persist, &v)
		}
	}
	return json.Marshal(st)
}

// UnmarshalReport decodes what MarshalReport wrote.
func UnmarshalReport(data []byte) (*Report, error) {
	var st storedReport
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("stored backtest: %w", err)
	}
	if st.Report == nil {
		return nil, fmt.Errorf("stored backtest: no report")
	}
	for i, e := range st.Report.Episodes {
		if e == nil {
			return nil, fmt.Errorf("stored backtest: episode %d is null", i)
		}
	}
	scores := st.Report.scores()
	if len(st.Persist) != len(scores) {
		return nil, fmt.Errorf("stored backtest: %d persistence skills for %d scores", len(st.Persist), len(scores))
	}
	for i, s := range scores {
		s.SkillPersist = math.NaN()
		if st.Persist[i] != nil {
			s.SkillPersist = *st.Persist[i]
		}
	}
	return st.Report, nil
}
