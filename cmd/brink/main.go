// Command brink simulates escalation and de-escalation in international crises.
package main

import (
	"context"
	"os"
	"os/signal"

	"brink/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(cli.OSEnv(ctx), os.Args[1:])
	stop()
	os.Exit(code)
}
