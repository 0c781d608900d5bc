package main

import (
	"image"

	"backproplab/lab"
)

// carryOut does what the lab was asked that is not the lab's to do: copy
// the link to what is shown, export the step (its numbers as `backprop
// trace` writes them, and the view as a PNG), open a file chooser for
// weights. The platform does it (share_js.go: the clipboard, downloads and
// the page's chooser; share_notjs.go: files next to the working
// directory), and the message line says what was done.
func (g *Game) carryOut() {
	a := g.lab.Asked()
	if a.Link != g.done.Link {
		g.done.Link = a.Link
		say(g.lab, g.lab.LinkNote()+g.copyLink()) // what the link cannot carry first
	}
	if a.Export != g.done.Export {
		g.done.Export = a.Export
		say(g.lab, g.export())
	}
	if a.Open != g.done.Open {
		g.done.Open = a.Open
		say(g.lab, g.choose(weightsFiles))
	}
	if a.OpenImage != g.done.OpenImage {
		g.done.OpenImage = a.OpenImage
		say(g.lab, g.choose(imageFiles))
	}
}

// fileKind is what a file chooser is for: the page's file input (its id
// in index.html) and the words for what it takes.
type fileKind struct{ input, what, desktop string }

var (
	weightsFiles = fileKind{"open-weights", "a weights file (backprop train -out's)", "; O loads the pretrained ones"}
	imageFiles   = fileKind{"open-image", "a PNG or JPEG of a digit", ""}
)

func say(l *lab.Lab, msg string) { l.Apply(lab.Command{Name: "say", Arg: msg}) }

// query is the address's query of what is shown: ?seed=…&journal=…&step=….
func (g *Game) query() string { return "?" + g.lab.Settings().Values().Encode() }

// viewImage renders the view as it is now.
func (g *Game) viewImage() *image.RGBA {
	w, h := g.view.Size()
	dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	g.view.Render(dst, g.lab)
	return dst
}
