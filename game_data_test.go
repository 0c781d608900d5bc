package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backproplab/core"
)

// TestArchFromTheAddressAndKeys: a game opened at ?F=4&K=3 draws that
// network, and the F and K keys rebuild it and the view follows.
func TestArchFromTheAddressAndKeys(t *testing.T) {
	g, dev := newGameAt(t, 1280, 800, "F=4&K=3")
	update(t, g, 2)
	if c := g.lab.Config(); c.F != 4 || c.K != 3 {
		t.Fatalf("?F=4&K=3: %v", c)
	}
	draw(t, g, 1280, 800) // the view was made for F 8, K 5 before it followed: Render would panic
	dev.press("F", "K")
	update(t, g, 2)
	if c := g.view.Config(); c != g.lab.Config() || c.F != 5 || c.K != 4 {
		t.Errorf("after F and K: the lab is %v, the view %v; want F 5, K 4 for both", g.lab.Config(), c)
	}
	if n := distinctColours(draw(t, g, 1280, 800)); n < 200 {
		t.Errorf("F 5, K 4 drew %d colours", n)
	}
}

// TestSaveAndLoadWeightsOnTheDesktop: W writes a weights file into the
// current folder that backprop's format reads; O loads the pretrained.
func TestSaveAndLoadWeightsOnTheDesktop(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	g, dev := newTestGame(t, 1280, 800)
	dev.press("Space", "W")
	update(t, g, 1)
	files, _ := filepath.Glob(filepath.Join(dir, "*.bplw"))
	if len(files) != 1 {
		t.Fatalf("after W: files %v, want one weights file", files)
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	cfg, p, err := core.LoadParams(f)
	if err != nil || cfg != core.MNIST || !slices.Equal(p.W.Data, g.lab.Net().Params.W.Data) {
		t.Errorf("the saved file reads as %v, %v; want the lab's weights", cfg, err)
	}
	if msg := g.lab.Status().Message; !strings.Contains(msg, files[0]) {
		t.Errorf("message %q, want it to say where the file is", msg)
	}
	dev.press("O")
	update(t, g, 1)
	if msg := g.lab.Status().Message; !strings.Contains(msg, "pretrained") || strings.Contains(msg, "cannot") {
		t.Errorf("after O: %q, want the pretrained weights loaded", msg)
	}
}
