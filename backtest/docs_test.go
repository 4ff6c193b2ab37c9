package backtest

import (
	"brink/internal/goldenfile"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// docsPage is the page whose generated blocks this test keeps true.
const docsPage = "../docs/backtest.md"

// A generated block of docs/backtest.md looks like
//
//	<!-- brink:backtest --seed 1 --runs 2000 -->
//	...the tables of WriteMarkdown...
//	<!-- brink:end -->
const (
	blockOpen = "<!-- brink:backtest"
	blockEnd  = "<!-- brink:end -->"
)

// TestDocsSayWhatTheBacktestSays runs the whole library as each generated
// block of docs/backtest.md says and fails when the page's tables differ
// from what brink gives now. go test ./backtest -update rewrites them.
func TestDocsSayWhatTheBacktestSays(t *testing.T) {
	data, err := os.ReadFile(docsPage)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	var out strings.Builder
	rest := page
	blocks := 0
	for {
		i := strings.Index(rest, blockOpen)
		if i < 0 {
			out.WriteString(rest)
			break
		}
		j := strings.Index(rest[i:], "-->")
		k := strings.Index(rest[i:], blockEnd)
		if j < 0 || k < 0 || k < j {
			t.Fatalf("%s: a %s marker without its end", docsPage, blockOpen)
		}
		args := strings.Fields(rest[i+len(blockOpen) : i+j])
		seed, runs, err := blockArgs(args)
		if err != nil {
			t.Fatalf("%s: %s%s -->: %v", docsPage, blockOpen, strings.Join(args, " "), err)
		}
		table, err := libraryTables(seed, runs, "brink backtest "+strings.Join(args, " "))
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString(rest[:i+j+3] + "\n" + table + rest[i+k:i+k+len(blockEnd)])
		rest = rest[i+k+len(blockEnd):]
		blocks++
	}
	if blocks == 0 {
		t.Fatalf("%s has no generated block", docsPage)
	}
	got := out.String()
	if got == page {
		return
	}
	if *update {
		if err := os.WriteFile(docsPage, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: tables rewritten", docsPage)
		return
	}
	t.Errorf("%s no longer says what the backtest says (go test ./backtest -update rewrites it):\n%s", docsPage, goldenfile.FirstDifference(page, got))
}

func blockArgs(args []string) (seed uint64, runs int, err error) {
	seed, runs = 1, 2000
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return 0, 0, fmt.Errorf("flag %s without a value", args[i])
		}
		switch args[i] {
		case "--seed":
			seed, err = strconv.ParseUint(args[i+1], 10, 64)
		case "--runs":
			runs, err = strconv.Atoi(args[i+1])
		default:
			err = fmt.Errorf("unknown flag %s", args[i])
		}
		if err != nil {
			return 0, 0, err
		}
	}
	return seed, runs, nil
}

// libraryTables runs every built-in episode as `brink backtest` does.
func libraryTables(seed uint64, runs int, command string) (string, error) {
	eps, err := Library()
	if err != nil {
		return "", err
	}
	var scores []*EpisodeScore
	for _, ep := range eps {
		sc, err := ep.Run(context.Background(), Options{Seed: seed, Runs: runs, Version: "doc"})
		if err != nil {
			return "", err
		}
		scores = append(scores, sc)
	}
	var b strings.Builder
	if err := WriteMarkdown(&b, Summarize("doc", seed, runs, scores), command); err != nil {
		return "", err
	}
	return b.String(), nil
}
