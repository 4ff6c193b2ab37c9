package cli

import (
	"flag"
	"fmt"
	"net"
	"strings"

	"brink/serve"
)

func init() {
	register(command{
		name:    "serve",
		summary: "a local web page: write a scenario with live checking, run it, read and compare results",
		run:     runServe,
	})
}

func runServe(env *Env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink serve [--addr 127.0.0.1:8080] [--db FILE] [--dir SCENARIOS]

Serves brink as a web application on this machine: the scenarios (built-in
and the YAML files of --dir), an editor that shows every problem at its line
and column as you type and draws the actors and relations, runs with live
progress and a cancel button, the results with their charts and downloads,
the run history and comparisons, one run's trace, and the backtest. Open the
address it prints in a browser. Ctrl-C stops it; runs in progress are
recorded as partial. Documentation: docs/serve.md.

It listens on the loopback interface only unless --listen-anywhere is given:
the pages can run simulations and write files in --dir, and have no login.`, `  brink serve --dir scenarios/
  brink serve --addr 127.0.0.1:9000 --db project.db --dir .`)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port)")
	db := fs.String("db", "", dbFlagUsage)
	dir := fs.String("dir", "", "the scenario directory `DIR`: its YAML files are listed, edited and saved; no other file is touched")
	anywhere := fs.Bool("listen-anywhere", false, "allow an --addr that is not loopback (anyone who can reach it can run simulations and write in --dir)")
	maxRunning := fs.Int("max-running", 1, "`N` runs at once (each uses every core)")
	queue := fs.Int("queue", 4, "`N` more runs may wait; beyond that a new run is refused")
	workers := fs.Int("workers", 0, "`W` parallel workers per run (0: one per CPU); never changes the results")
	maxMemory := maxMemoryFlag(fs)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(env.Stderr, "brink serve: unexpected argument %q (see `brink serve -h`)\n", pos[0])
		return ExitInvalid
	}
	if *maxRunning < 1 || *queue < 1 || *workers < 0 {
		fmt.Fprintln(env.Stderr, "brink serve: --max-running and --queue must be 1 or more, --workers 0 or more")
		return ExitInvalid
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: --addr %q: %v\n", *addr, err)
		return ExitInvalid
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil && ip.IsLoopback() {
		loopback = true
	}
	if !loopback && !*anywhere {
		fmt.Fprintf(env.Stderr, "brink serve: --addr %s is not the loopback interface; anyone who can reach it could run simulations and write files in --dir. Add --listen-anywhere if that is what you want.\n", *addr)
		return ExitInvalid
	}
	st, err := openStore(env, *db)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return ExitInternal
	}
	defer st.Close()
	srv, err := serve.New(serve.Config{Dir: *dir, Store: st, Version: Version, MaxRunning: *maxRunning,
		MaxQueued: *queue, Workers: *workers, MaxMemory: int64(*maxMemory), AnyHost: !loopback, Log: env.Stderr})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return ExitInvalid
	}
	if !loopback {
		fmt.Fprintf(env.Stderr, "brink serve: WARNING: listening on %s, not only on this machine: the pages have no login\n", *addr)
	}
	err = srv.ListenAndServe(env.Ctx, *addr, func(a net.Addr) {
		fmt.Fprintf(env.Stderr, "brink serve: open http://%s/ in a browser (runs recorded in %s; Ctrl-C stops)\n", a, st.Path())
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return ExitInternal
	}
	fmt.Fprintln(env.Stderr, "brink serve: stopped")
	return ExitOK
}
