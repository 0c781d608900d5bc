// Backprop Lab shows one training step of a small CNN, every layer forward
// and back, on real MNIST digits: in a desktop window (go run .) or, built
// for GOOS=js GOARCH=wasm, in the browser (make serve).
//
// This package is the thin ebiten app: main.go reads the settings and runs
// the game; game.go owns the lab and its picture; pacing.go decides how long
// a frame trains and when it paints; input.go turns keys, clicks and touches
// into lab Commands; main_js.go (with its twin main_notjs.go) holds the
// browser glue. The work is in core (the maths), lab (the state and its
// commands) and viz (the pictures).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
)

func main() {
	s, problems, err := platformSettings(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fatal(err)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "backproplab:", p)
	}
	g, err := NewGame(s, problems, nil)
	if err != nil {
		fatal(err)
	}
	g.startData() // all of MNIST, after the embedded digits
	ebiten.SetWindowTitle("Backprop Lab")
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowSizeLimits(320, 240, -1, -1)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // Draw paints only when something changed
	ebiten.SetTPS(ebiten.SyncWithFPS)        // one Update a frame, however long it takes (pacer.train)
	if err := ebiten.RunGame(g); err != nil {
		fatal(err)
	}
}

// parseFlags reads the settings from command-line flags (lab.Settings:
// -seed 3 -lr 0.03 -sample 12 -speed max -scope map). Usage goes to out.
// A value that cannot be used is one of the problems, and the setting keeps
// its default, as on the page; an unknown flag or a stray argument is an
// error.
func parseFlags(args []string, out io.Writer, more ...func(*flag.FlagSet)) (lab.Settings, []error, error) {
	s := lab.DefaultSettings
	var problems []error
	fs := flag.NewFlagSet("backproplab", flag.ContinueOnError)
	fs.SetOutput(out)
	s.RegisterFlags(fs, &problems)
	for _, f := range more {
		f(fs) // the platform's own flags, which are not the lab's settings
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return s, nil, err
		}
		return s, nil, fmt.Errorf("settings: %v (the settings are seed, lr, sample, speed and scope; -h lists them)", err)
	}
	if fs.NArg() > 0 {
		return s, nil, fmt.Errorf("settings: unexpected argument %q (settings are flags, such as -seed 3)", fs.Arg(0))
	}
	weights := false
	fs.Visit(func(f *flag.Flag) { weights = weights || f.Name == "weights" })
	s.PadDefault(weights)
	return s, problems, nil
}
