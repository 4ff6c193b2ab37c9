package cli

import (
	"flag"
	"fmt"

	"brink/store"
)

func init() {
	register(command{name: "rm", summary: "remove runs from the run store", run: runRm})
}

func runRm(env *Env, args []string) int {
	fs := flag.NewFlagSet("rm", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink rm ID... [--db FILE]

Removes runs from the run store for good. If any ID names no run, nothing
is removed. A run still marked running is removed only with --force: its
process may still be running, and would fail when it went to write its
result (a process killed mid-run leaves its run marked running for good).`, `  brink rm 3
  brink rm 3 4 7`)
	db := fs.String("db", "", dbFlagUsage)
	force := fs.Bool("force", false, "also remove runs still marked running")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(env.Stderr, "brink rm: give the ids of the runs to remove (see `brink history`)")
		return ExitInvalid
	}
	st, err := openExistingStore(env, *db, true)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return storeExit(err)
	}
	defer st.Close()
	// Check every id before removing any, so a typo removes nothing. An id
	// given twice (`brink rm 7 last` when 7 is the last) is removed once:
	// the second removal would fail after the first had succeeded.
	var ids []int64
	seen := map[int64]bool{}
	for _, arg := range pos {
		id, err := resolveRunID(st, arg)
		var rec *store.Record
		if err == nil {
			rec, err = st.Get(id)
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "brink rm:", err)
			return storeExit(err)
		}
		if rec.Status == store.Running && !*force {
			fmt.Fprintf(env.Stderr, "brink rm: run %d is still marked running: its process may still be at work (removing it would make it fail); if that process is gone, remove it with --force\n", id)
			return ExitInvalid
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		if err := st.Remove(id); err != nil {
			fmt.Fprintln(env.Stderr, "brink rm:", err)
			return storeExit(err)
		}
		fmt.Fprintf(env.Stdout, "removed run %d\n", id)
	}
	return ExitOK
}
