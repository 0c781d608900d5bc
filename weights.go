package main

import (
	"fmt"
	"io/fs"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
)

// Weights in and out of the app: a file dropped on the window or the page
// is loaded (lab's load-weights, which refuses a file that does not fit in
// one sentence); saved weights go to deliverWeights, a file on the desktop
// (weights_notjs.go) and a download in the browser (main_js_data.go).

// droppedWeights loads a weights file dropped on the window.
func (g *Game) droppedWeights() {
	fsys := ebiten.DroppedFiles()
	if fsys == nil {
		return
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil || len(entries) == 0 {
		return
	}
	b, err := fs.ReadFile(fsys, entries[0].Name())
	if err != nil {
		g.refuse(fmt.Errorf("could not read the dropped file: %v", err))
		return
	}
	g.openFile(entries[0].Name(), b)
}

// openFile loads a weights file dropped or opened (load-weights), or puts
// an image on the pad. An empty file is refused in words: load-weights
// with no bytes would load the pretrained weights.
func (g *Game) openFile(name string, b []byte) {
	switch {
	case len(b) == 0:
		g.apply(lab.Command{Name: "say", Arg: name + " is empty: it is not a weights file, and the current weights are kept"})
	case isImage(b):
		g.openImage(name, b) // a digit for the pad
	default:
		g.apply(lab.Command{Name: "load-weights", Arg: string(b)})
	}
}

// grouped writes n with commas between groups of three digits: 60,000.
func grouped(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
