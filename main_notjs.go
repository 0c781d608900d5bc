//go:build !js

package main

import (
	"flag"
	"io"
	"log"

	"backproplab/lab"
	_ "backproplab/nodisplay" // says so, instead of ebiten's panic, when there is no display
)

// platform is the desktop's: all of MNIST arriving (data_notjs.go); the
// browser glue is in main_js.go.
type platform struct {
	data chan mnistLoaded // the sets read from disk, once; nil when none come
}

// mnistFlag is -mnist: the folder of MNIST's four IDX files (.gz), ""
// for the GoMNIST module's (found by the go command), or "none".
var mnistFlag string

// platformSettings reads the settings from the command line, and -mnist.
func platformSettings(args []string, out io.Writer) (lab.Settings, []error, error) {
	return parseFlags(args, out, func(fs *flag.FlagSet) {
		fs.StringVar(&mnistFlag, "mnist", "", "the folder of all of MNIST's four IDX files (default: the GoMNIST module's data/, as go list finds it; none: the embedded digits only)")
	})
}

// platformDevice is ebiten's keyboard, mouse and touch.
func (g *Game) platformDevice() Device { return &ebitenDevice{} }

// fatal prints err and exits with status 1.
func fatal(err error) { log.Fatal(err) }

func (g *Game) initPlatform() {}

func (g *Game) platformUpdate() { g.dataUpdate() }
