// Backprop Lab shows one training step of a small CNN, every layer forward
// and back, on real MNIST digits: in a desktop window (go run .) or, built
// for GOOS=js GOARCH=wasm, in the browser (make serve).
//
// This package is the thin ebiten app: main.go reads the settings and runs
// the game, game.go owns the lab and its picture, input.go turns keys,
// clicks and touches into intents, and main_js.go (with its twin
// main_notjs.go) holds the browser glue. The work is in core (the maths)
// and viz (the pictures and the controller).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	opt, err := parseOptions(append(os.Args[1:], platformArgs()...), os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fatal(err)
	}
	g, err := NewGame(opt, nil)
	if err != nil {
		fatal(err)
	}
	ebiten.SetWindowTitle("Backprop Lab")
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowSizeLimits(320, 240, -1, -1)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // Draw paints only when something changed
	if err := ebiten.RunGame(g); err != nil {
		fatal(err)
	}
}

// parseOptions reads the settings from command-line flags (in the browser,
// from the page's URL query, which platformArgs turns into flags). Usage
// and flag errors go to out.
func parseOptions(args []string, out io.Writer) (Options, error) {
	opt := DefaultOptions
	fs := flag.NewFlagSet("backproplab", flag.ContinueOnError)
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the initial weights")
	fs.Float64Var(&opt.LR, "lr", opt.LR, "learning rate, greater than 0 and at most 1")
	fs.IntVar(&opt.Sample, "sample", opt.Sample, "index of the first MNIST training digit to show (0–3999)")
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opt, err
		}
		return opt, fmt.Errorf("settings: %v", err)
	}
	if fs.NArg() > 0 {
		return opt, fmt.Errorf("settings: unexpected argument %q", fs.Arg(0))
	}
	return opt, nil
}
