package main

import (
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
)

// frames runs n frames of g as ebiten runs them with TPS SyncWithFPS (as
// main sets it): an Update, then a Draw.
func frames(t *testing.T, g *Game, n int) {
	t.Helper()
	screen := ebiten.NewImage(g.w, g.h)
	defer screen.Deallocate()
	for range n {
		update(t, g, 1)
		g.Draw(screen)
	}
}

// TestOneStepAPaintedFrame: at "1 step / frame" every picture shows one
// more step, and at "1 step / 4 frames" every fourth, even when ebiten runs
// two Updates before a Draw, as it does at its default 60 TPS in a frame
// that takes two 60 Hz periods (the page on a software GPU): 77 steps were
// trained in 33 pictures.
func TestOneStepAPaintedFrame(t *testing.T) {
	for _, tc := range []struct {
		speed      string
		frames     int
		wantSteps  int
		wantPaints int
	}{
		{"1", 33, 33, 33},
		{"1/4", 32, 8, 8},
	} {
		g, _ := newTestGame(t, 640, 480)
		clock := &fakeClock{stepTime: 100 * time.Microsecond, lab: g.lab}
		g.pace.now = clock.now
		g.apply(lab.Command{Name: "speed", Arg: tc.speed})
		g.apply(lab.Do("run"))
		screen := ebiten.NewImage(640, 480)
		frames(t, g, 1)
		steps, paints := g.lab.Status().Step, g.paints
		for i := range tc.frames {
			update(t, g, 1+i%2) // every other frame is slow: ebiten catches up
			g.Draw(screen)
			clock.base = clock.base.Add(time.Second / 30)
		}
		screen.Deallocate()
		if got := g.lab.Status().Step - steps; got != tc.wantSteps {
			t.Errorf("speed %s: %d frames trained %d steps, want %d", tc.speed, tc.frames, got, tc.wantSteps)
		}
		if got := g.paints - paints; got < tc.wantPaints {
			t.Errorf("speed %s: %d frames painted %d new pictures, want at least %d (one a step)", tc.speed, tc.frames, got, tc.wantPaints)
		}
	}
}
