//go:build !js

package main

import "log"

// platform is empty on the desktop: the browser glue is in main_js.go.
type platform struct{}

// platformArgs adds nothing to the command line on the desktop.
func platformArgs() []string { return nil }

// fatal prints err and exits with status 1.
func fatal(err error) { log.Fatal(err) }

func (g *Game) initPlatform()   {}
func (g *Game) platformUpdate() {}
