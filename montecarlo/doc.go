// Package montecarlo runs many simulations of every variant of a scenario on
// common random numbers and aggregates them with streaming accumulators into
// a results.Summary.
package montecarlo
