// Command brink simulates escalation and de-escalation in international crises.
package main

import (
	"os"

	"brink/cli"
)

func main() {
	ctx, stop := cli.SignalContext()
	code := cli.Main(cli.OSEnv(ctx), os.Args[1:])
	stop()
	os.Exit(code)
}
