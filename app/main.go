// Command fgdesk is FG Desk: with no arguments it opens the desktop app;
// with a subcommand (export, validate, check, register, ...) it runs the
// command line and never touches the display.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"fyne.io/fyne/v2/app"

	"github.com/fgdesk/fgdesk/app/internal/bench"
	"github.com/fgdesk/fgdesk/app/internal/cli"
	_ "github.com/fgdesk/fgdesk/app/internal/localefix" // before Fyne reads the locale

	"github.com/fgdesk/fgdesk/app/internal/ui"
)

// AppID names the app for Fyne's preferences and storage.
const AppID = "org.fgdesk.desk"

func main() {
	if cli.IsCommand(os.Args[1:]) {
		attachConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		bench.ReportPeakRSS()
		os.Exit(code)
	}
	if msg := noDisplay(); msg != "" {
		fmt.Fprintln(os.Stderr, "fgdesk: "+msg)
		os.Exit(cli.ExitFailed)
	}
	a := app.NewWithID(AppID)
	a.SetIcon(ui.AppIcon())
	w := a.NewWindow("FG Desk")
	w.SetIcon(ui.AppIcon())
	ui.Create(a, w, os.Args[1:])
	w.ShowAndRun()
}
