//go:build !js

package main

import (
	"io"
	"log"

	"backproplab/lab"
	_ "backproplab/nodisplay" // says so, instead of ebiten's panic, when there is no display
)

// platform is empty on the desktop: the browser glue is in main_js.go.
type platform struct{}

// platformSettings reads the settings from the command line.
func platformSettings(args []string, out io.Writer) (lab.Settings, []error, error) {
	return parseFlags(args, out)
}

// platformDevice is ebiten's keyboard, mouse and touch.
func (g *Game) platformDevice() Device { return &ebitenDevice{} }

// fatal prints err and exits with status 1.
func fatal(err error) { log.Fatal(err) }

// initPlatform: the desktop trains on the embedded digits, and no more
// come, so a link's run made on all of MNIST (-journal 3000_n60000_…)
// says so rather than waiting.
func (g *Game) initPlatform() {
	g.lab.NoMoreData("the desktop trains on the embedded digits")
}

func (g *Game) platformUpdate() {}
