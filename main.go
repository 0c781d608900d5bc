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
	"strconv"
	"strings"

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
// goes to out. Errors name the setting and say what it takes, in words that
// fit the page's address (lr=abc) as well as the command line (-lr abc).
func parseOptions(args []string, out io.Writer) (Options, error) {
	opt := DefaultOptions
	fs := flag.NewFlagSet("backproplab", flag.ContinueOnError)
	var bad error // the first value refused, in our words rather than flag's
	number := func(name, want string, def any, parse func(string) error) {
		fs.Func(name, fmt.Sprintf("%s; default %v", want, def), func(v string) error {
			if err := parse(v); err != nil {
				if bad == nil {
					bad = fmt.Errorf("settings: %s=%s is not %s", name, v, want)
				}
				return err
			}
			return nil
		})
	}
	number("seed", "a whole number from 0 up (the seed of the initial weights)", opt.Seed, func(v string) (err error) {
		opt.Seed, err = strconv.ParseUint(v, 10, 64)
		return err
	})
	number("lr", "a number: a learning rate greater than 0 and at most 1, such as 0.01", opt.LR, func(v string) (err error) {
		opt.LR, err = strconv.ParseFloat(v, 64)
		return err
	})
	number("sample", "a whole number (the index of the first MNIST training digit to show, from 0)", opt.Sample, func(v string) (err error) {
		opt.Sample, err = strconv.Atoi(v)
		return err
	})
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		switch {
		case errors.Is(err, flag.ErrHelp):
			return opt, err
		case bad != nil:
			return opt, bad
		case strings.HasPrefix(err.Error(), "flag provided but not defined: -"):
			name := strings.TrimPrefix(err.Error(), "flag provided but not defined: -")
			return opt, fmt.Errorf("settings: %s is not defined: the settings are seed, lr and sample", name)
		}
		return opt, fmt.Errorf("settings: %v", err)
	}
	if fs.NArg() > 0 {
		return opt, fmt.Errorf("settings: unexpected argument %q", fs.Arg(0))
	}
	return opt, nil
}
