// Package uncertainty holds the mathematics of brink's sweeps and
// sensitivity analyses, apart from any scenario: the distributions of
// uncertain values (their quantile functions), the designs that place points
// in the unit cube (full grid, Latin hypercube, scrambled Sobol sequence,
// Saltelli's and Morris's designs), the estimators of sensitivity indices
// (Morris's elementary effects; Sobol first-order and total indices by the
// Saltelli 2010 and Jansen 1999 estimators) with bootstrap intervals, the
// share of a parameter space where a comparison holds, and scenario
// discovery by PRIM. Every random choice comes from a PCG generator seeded
// by the caller, so a design and its intervals are the same bits on every
// machine; docs/uncertainty.md gives the methods.
package uncertainty
