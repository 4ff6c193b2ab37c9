package backtest

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteJSON writes the report as indented JSON. Scores that do not exist
// (skill against a persistence forecast that scored a perfect 0) are null.
func WriteJSON(w io.Writer, r *Report) error {
	type scoreJSON struct {
		Score
		SkillPersist *float64 `json:"skill_persist"`
	}
	wrap := func(s Score) scoreJSON {
		j := scoreJSON{Score: s}
		if !math.IsNaN(s.SkillPersist) {
			v := s.SkillPersist
			j.SkillPersist = &v
		}
		return j
	}
	type episodeJSON struct {
		*EpisodeScore
		Score scoreJSON `json:"score"`
	}
	out := struct {
		BrinkVersion string        `json:"brink_version"`
		Seed         uint64        `json:"seed"`
		Runs         int           `json:"runs"`
		Partial      bool          `json:"partial,omitempty"`
		Fit          scoreJSON     `json:"fit"`
		Check        scoreJSON     `json:"check"`
		All          scoreJSON     `json:"all"`
		Unseen       scoreJSON     `json:"unseen"`
		Episodes     []episodeJSON `json:"episodes"`
		Reliability  []Bin         `json:"reliability"`
	}{r.BrinkVersion, r.Seed, r.Runs, r.Partial, wrap(r.Fit), wrap(r.Check), wrap(r.All), wrap(r.Unseen), nil, r.Reliability}
	for _, e := range r.Episodes {
		out.Episodes = append(out.Episodes, episodeJSON{e, wrap(e.Score)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteCSV writes one row per class of every episode: tidy data for pandas
// or R, the scores of episodes and halves being means of these rows.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"episode", "half", "class", "kind", "p", "lo", "hi", "held", "runs",
		"happened", "value", "tolerance", "brier", "log", "persist", "persist_brier", "surprise", "date"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, e := range r.Episodes {
		for _, c := range e.Classes {
			kind, value, tol := "condition", "", ""
			if c.Value != nil {
				kind, value, tol = "number", f(*c.Value), f(*c.Tolerance)
			}
			cw.Write([]string{e.Episode, e.Half, c.Name, kind, f(c.P), f(c.Lo), f(c.Hi),
				strconv.FormatInt(c.Held, 10), strconv.FormatInt(c.Runs, 10),
				strconv.FormatBool(c.Happened), value, tol, f(c.Brier), f(c.Log), f(c.Persist), f(c.PersistBrier),
				strconv.FormatBool(c.Surprise), c.Date})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the report for a terminal: each episode's classes, the
// scores of the halves and the whole, the surprises, and the reliability
// of the forecasts. It fits 80 columns.
func WriteTable(w io.Writer, r *Report) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "backtest: %s, seed %d, %d runs each  (brink %s)\n", plural(len(r.Episodes), "episode"), r.Seed, r.Runs, r.BrinkVersion)
	if r.Partial {
		b.WriteString("PARTIAL: interrupted; some episodes have fewer runs than asked\n")
	}
	b.WriteString("P = share of runs in which the class held [95% interval]; ✗ marks a surprise\n")
	for _, e := range r.Episodes {
		fmt.Fprintf(b, "\n%s (%s half) from %s, %d days\n", e.Episode, halfName(e.Half), e.Start, e.Days)
		fmt.Fprintf(b, "  %-28s %-21s %-9s %6s %6s\n", "class", "P [95%]", "happened", "Brier", "log")
		for _, c := range e.Classes {
			mark := " "
			if c.Surprise {
				mark = "✗"
			}
			fmt.Fprintf(b, "%s %-28s %-21s %-9s %6.3f %6.2f\n", mark, clip(c.Name, 28), interval(c.P, c.Lo, c.Hi), happened(c), c.Brier, c.Log)
		}
		s := e.Score
		fmt.Fprintf(b, "  Brier %.3f (skill %s vs 50%%, %s vs persistence), log %.3f, surprises %d\n",
			s.Brier, signed(s.SkillBase), signedOrDash(s.SkillPersist), s.Log, s.Surprises)
	}
	b.WriteString("\nScores: means over episodes (each weighs alike); Brier with a 95% bootstrap\ninterval over episodes; skill = 1 - score / reference score; unseen = all but\nthe built-in scenarios (written with their records in view)\n")
	fmt.Fprintf(b, "  %-6s %4s %4s  %-21s %6s %6s %6s %6s %4s\n", "half", "eps", "cls", "Brier [95%]", "vs50%", "vsPers", "log", "vs50%", "surp")
	for _, h := range []struct {
		name string
		s    Score
	}{{"fit", r.Fit}, {"check", r.Check}, {"all", r.All}, {"unseen", r.Unseen}} {
		if h.s.Episodes == 0 {
			fmt.Fprintf(b, "  %-6s %4d\n", h.name, 0)
			continue
		}
		fmt.Fprintf(b, "  %-6s %4d %4d  %-21s %6s %6s %6.3f %6s %4d\n", h.name, h.s.Episodes, h.s.Classes,
			interval(h.s.Brier, h.s.BrierLo, h.s.BrierHi), signed(h.s.SkillBase), signedOrDash(h.s.SkillPersist),
			h.s.Log, signed(h.s.LogSkill), h.s.Surprises)
	}
	sur := r.Surprises()
	fmt.Fprintf(b, "\nSurprises: %d (P < %.1f for what happened, P > %.1f for what did not)\n", len(sur), SurpriseLow, SurpriseHigh)
	for _, s := range sur {
		fmt.Fprintf(b, "  %s %s: %s, P %s\n      %s\n", s.Episode, s.Class.Name, happenedWord(s.Class),
			interval(s.Class.P, s.Class.Lo, s.Class.Hi), clip(oneLine(s.Class.What), 74))
	}
	b.WriteString("\nReliability (every class): forecasts binned; how often what they forecast happened\n")
	fmt.Fprintf(b, "  %-9s %7s %8s  %s\n", "P", "classes", "mean P", "happened [95%]")
	for _, bin := range r.Reliability {
		fmt.Fprintf(b, "  %.1f–%.1f %7d %8.3f  %s\n", bin.From, bin.To, bin.Classes, bin.Forecast, interval(bin.Observed, bin.Lo, bin.Hi))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func halfName(h string) string {
	if h == "" {
		return "no"
	}
	return h
}

func interval(p, lo, hi float64) string { return fmt.Sprintf("%.3f [%.3f, %.3f]", p, lo, hi) }

func signed(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%+.2f", x)
}

func signedOrDash(x float64) string { return signed(x) }

func happened(c ClassScore) string {
	if c.Value != nil {
		return "≈" + num(*c.Value) + "±" + num(*c.Tolerance)
	}
	if c.Happened {
		return "yes"
	}
	return "no"
}

func happenedWord(c ClassScore) string {
	switch {
	case c.Value != nil:
		return "came to " + num(*c.Value)
	case c.Happened:
		return "happened"
	}
	return "did not happen"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// WriteMarkdown writes the report's scores as the tables of
// docs/backtest.md: the halves and the whole, every episode, the
// surprises, and the reliability bins.
func WriteMarkdown(w io.Writer, r *Report, command string) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "`%s` — %s, seed %d, %d runs each.\n\n", command, plural(len(r.Episodes), "episode"), r.Seed, r.Runs)
	b.WriteString("| half | episodes | classes | Brier [95% over episodes] | skill vs 50% | skill vs persistence | log score | log skill vs 50% | surprises |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, h := range []struct {
		name string
		s    Score
	}{{"fit", r.Fit}, {"check", r.Check}, {"**all**", r.All}, {"unseen: all but the built-in scenarios", r.Unseen}} {
		s := h.s
		fmt.Fprintf(b, "| %s | %d | %d | %.3f [%.3f, %.3f] | %s | %s | %.3f | %s | %d |\n", h.name, s.Episodes, s.Classes,
			s.Brier, s.BrierLo, s.BrierHi, signed(s.SkillBase), signed(s.SkillPersist), s.Log, signed(s.LogSkill), s.Surprises)
	}
	b.WriteString("\n| episode | half | days | classes | Brier | skill vs 50% | skill vs persistence | log score | surprises |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, e := range r.Episodes {
		s := e.Score
		fmt.Fprintf(b, "| [%s](backtest/%s.md) | %s | %d | %d | %.3f | %s | %s | %.3f | %d |\n", e.Episode, e.Episode, e.Half, e.Days, s.Classes,
			s.Brier, signed(s.SkillBase), signed(s.SkillPersist), s.Log, s.Surprises)
	}
	sur := r.Surprises()
	fmt.Fprintf(b, "\nSurprises (P < %.1f for what happened, P > %.1f for what did not): %d.\n\n", SurpriseLow, SurpriseHigh, len(sur))
	b.WriteString("| episode | class | what happened | P [95%] |\n|---|---|---|---|\n")
	for _, s := range sur {
		fmt.Fprintf(b, "| %s | `%s` | %s (%s) | %s |\n", s.Episode, s.Class.Name, happenedWord(s.Class), s.Class.Date, interval(s.Class.P, s.Class.Lo, s.Class.Hi))
	}
	b.WriteString("\nReliability, every class: forecasts in bins of 0.1, and how often what they forecast happened.\n\n")
	b.WriteString("| P | classes | mean P | happened [95%] |\n|---|---|---|---|\n")
	for _, bin := range r.Reliability {
		fmt.Fprintf(b, "| %.1f–%.1f | %d | %.3f | %s |\n", bin.From, bin.To, bin.Classes, bin.Forecast, interval(bin.Observed, bin.Lo, bin.Hi))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine folds a text's white space (a YAML block's line breaks) into
// single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
