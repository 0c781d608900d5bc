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

func (g *Game) initPlatform() {}

func (g *Game) platformUpdate() {}
