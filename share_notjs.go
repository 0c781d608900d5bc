//go:build !js

package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
)

// copyLink prints the link on the desktop, which has no address bar: the
// page's query, and the flags that open the same.
func (g *Game) copyLink() string {
	q := g.query()
	fmt.Println("backproplab link:", q)
	return "the link is printed on the terminal: " + q
}

// export writes <name>.json and <name>.png into the working directory.
func (g *Game) export() string {
	name := g.lab.ExportName()
	js, err := g.lab.Trace()
	if err != nil {
		return "export: " + err.Error()
	}
	if err := os.WriteFile(name+".json", js, 0o644); err != nil {
		return "export: " + err.Error()
	}
	pic, err := g.viewPNG()
	if err == nil {
		err = os.WriteFile(name+".png", pic, 0o644)
	}
	if err != nil {
		return "export: wrote " + name + ".json, but not the picture: " + err.Error()
	}
	return "exported " + name + ".json and " + name + ".png"
}

// viewPNG renders the view as it is now into a PNG.
func (g *Game) viewPNG() ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, g.viewImage()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// choose: the desktop has no file chooser (it would need a dependency
// beyond ebiten), but takes a dropped file.
func (g *Game) choose(k fileKind) string {
	return "to open " + k.what + " on the desktop, drop it on the window" + k.desktop
}
