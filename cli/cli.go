// Package cli implements brink's commands. Env is the only door to the
// operating system (arguments, streams, environment, terminal, files, the
// run database), so CLI tests run the real commands against a fake Env and
// read what they printed; TestEnvIsTheOnlyDoor keeps the commands from
// reaching past it.
// Each command lives in its own file and registers itself in commands.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"golang.org/x/term"

	"brink/store"
)

// Exit codes scripts can rely on.
const (
	ExitOK          = 0
	ExitInternal    = 1   // a bug or an I/O failure
	ExitInvalid     = 2   // bad usage or invalid input (a scenario with problems)
	ExitInterrupted = 130 // stopped by Ctrl-C; output printed is marked partial
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StderrIsTTY says whether stderr is a terminal (live progress bar) or a log.
	StderrIsTTY bool
	// StdoutWidth is the width in columns of the terminal stdout writes to,
	// or 0 when stdout is a file or a pipe. On a terminal narrower than the
	// results table, the table is folded to fit (output.WriteTableWidth);
	// into a file or a pipe it is never folded unless --width says so, so
	// that its bytes do not depend on the window it was run in.
	StdoutWidth int
	Getenv      func(string) string
	// Ctx is cancelled on Ctrl-C.
	Ctx context.Context
	// Files is the file system the commands read and write: scenario and
	// part files, results, exports, charts, reports, profiles. Nil means the
	// operating system's (OSFiles).
	Files Files
	// OpenStore opens the run database at path, creating it if need be.
	// Nil means store.Open.
	OpenStore func(path string) (*store.Store, error)
	// ReadStore opens an existing run database for commands that only read
	// it, creating nothing. Nil means store.OpenReadOnly.
	ReadStore func(path string) (*store.Store, error)
	// PrintPDF prints an HTML page to PDF (brink report --pdf). Nil means
	// headless Chromium where it is installed (ChromiumPDF).
	PrintPDF func(ctx context.Context, html []byte) ([]byte, error)
}

// SignalContext returns the context brink's commands run under: it is
// cancelled by Ctrl-C (SIGINT) or by SIGTERM, which a scheduler sends to
// stop a job (Slurm's scancel and time limit, Kubernetes deleting a pod), so
// that a run stops cleanly and prints what it has, marked partial. From the
// first signal on, the signals have their default effect again: a second
// Ctrl-C ends brink at once, without waiting for the runs in flight.
func SignalContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// OSEnv returns the Env of the running process.
func OSEnv(ctx context.Context) *Env {
	return &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StderrIsTTY: isTerminal(os.Stderr),
		StdoutWidth: terminalWidth(os.Stdout),
		Getenv:      os.Getenv,
		Ctx:         ctx,
		Files:       OSFiles{},
		OpenStore:   store.Open,
		ReadStore:   store.OpenReadOnly,
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// terminalWidth is the width of the terminal f is, or 0 when it is not one.
func terminalWidth(f *os.File) int {
	if !isTerminal(f) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil || w <= 0 {
		return 0
	}
	return w
}

// command is one subcommand of brink.
type command struct {
	name    string
	summary string // one line for `brink help`
	run     func(env *Env, args []string) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("cli: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// Main runs brink with args (without the program name) and returns the exit code.
func Main(env *Env, args []string) int {
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		return ExitOK
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(env.Stdout, "brink", Version)
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "brink: unknown command %q (see `brink help`)\n", args[0])
		return ExitInvalid
	}
	return c.run(env, args[1:])
}

// Version is brink's version, set at build time with -ldflags "-X brink/cli.Version=...".
var Version = "0.1.0-dev"

func usage(w io.Writer) {
	fmt.Fprintln(w, "brink simulates escalation and de-escalation in multi-actor crises.")
	fmt.Fprintln(w, "\nUsage: brink COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `brink COMMAND -h` for a command's flags. Docs: README.md, docs/.")
}
