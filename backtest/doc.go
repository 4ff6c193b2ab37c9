// Package backtest measures brink against history. An episode is a crisis
// written as a scenario from what was known before its trigger (a scheduled
// act on day 0, nothing after it forced) and a record of what then happened:
// outcome classes, each an outcome expression with what was observed. The
// package loads records (with positioned problems, like scenario files),
// runs each episode's baseline, and scores every class — the probability
// brink gave it with its Wilson interval, the Brier and logarithmic terms —
// then each episode, each half of the library (fit, check) and the whole,
// against a 50% base rate and against naive persistence, and lists the
// surprises. The library of built-in episodes is embedded (Library).
//
// The discipline the library is kept by, the record format and the current
// scores are in docs/backtest.md.
package backtest
