//go:build !js

package web

import (
	"fmt"
	"image"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// frameState is what of state() tells how the screen was written.
type frameState struct {
	Paints    int      `json:"paints"`
	Frame     int      `json:"frame"`
	TilesSent int      `json:"tilesSent"`
	Tiles     int      `json:"tiles"`
	Step      int      `json:"step"`
	TestAcc   *float64 `json:"testAccuracy"`
	Canvas    *struct {
		Antialias, Alpha bool
	} `json:"canvas"`
}

func (p tab) frames() frameState {
	p.t.Helper()
	return eval[frameState](p, `window.backpropLab.state()`)
}

func deref(f *float64) float64 {
	if f == nil {
		return -1
	}
	return *f
}

// settle waits until the page has painted nothing new for 20 frames.
func (p tab) settle() {
	p.t.Helper()
	last := p.frames()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		p.waitFrames(last.Frame, 20)
		s := p.frames()
		if s.Paints == last.Paints {
			return
		}
		last = s
	}
	p.t.Fatal("the page kept painting for 30 s after it was paused")
}

// TestBrowserScreenIsWhole: the page sends WebGL only the tiles of each
// new picture that changed (the root package's uploader); after a run at
// one step a frame, which changes part of the screen every frame, the
// screen shows exactly what a whole repaint of the same moment shows (the
// window resized and back, which makes ebiten a new screen and sends it
// every tile): no panel left stale. And the canvas is the plain one the
// page asked for (no antialiasing, no alpha).
func TestBrowserScreenIsWhole(t *testing.T) {
	needChromium(t)
	url, _ := serve(t, buildPage(t))
	bctx := browser(t)
	p, console := openReady(t, bctx, url, 1280, 800)
	if c := p.frames().Canvas; c == nil || c.Antialias || c.Alpha {
		t.Errorf("state().canvas = %+v, want WebGL2 without antialias or alpha", c)
	}
	if msg := p.command(`"run"`); msg != "" {
		t.Fatalf(`command("run") = %q`, msg)
	}
	partial, frames := 0, 0
	for last := p.frames(); frames < 30; {
		p.waitFrames(last.Frame, 1)
		s := p.frames()
		if s.Paints != last.Paints {
			frames++
			if s.TilesSent > 0 && s.TilesSent < s.Tiles {
				partial++
			}
		}
		last = s
	}
	if partial == 0 {
		t.Errorf("running at one step a frame, none of %d new pictures was sent in part", frames)
	}
	p.command(`"pause"`)
	// Paused, the test digits may still be measured on the last weights,
	// a slice a frame, and the test accuracy then changes: compare two
	// screens of the same moment, the lab's state the same before and after.
	var moment string
	for try := 0; ; try++ {
		p.settle()
		before := p.frames()
		shown := p.screenshot("after-partial-frames", 1280, 800)
		p.do("viewport", chromedp.EmulateViewport(1000, 700, chromedp.EmulateScale(1)))
		p.settle()
		p.do("viewport", chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)))
		p.settle()
		after := p.frames()
		whole := p.screenshot("whole-repaint", 1280, 800)
		moment = fmt.Sprintf("step %d, test accuracy %v → %v", before.Step, deref(before.TestAcc), deref(after.TestAcc))
		if after.Step != before.Step || deref(after.TestAcc) != deref(before.TestAcc) {
			// A measurement ended meanwhile: its new accuracy was a later
			// picture of a few tiles, after the resize's whole one.
			if try == 5 {
				t.Fatalf("the lab kept changing while paused: %s", moment)
			}
			continue
		}
		if after.TilesSent != after.Tiles {
			t.Fatalf("after the resize %d of %d tiles were sent, want all (%s)", after.TilesSent, after.Tiles, moment)
		}
		n, first := 0, image.Point{-1, -1}
		b := shown.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if shown.At(x, y) != whole.At(x, y) {
					if n == 0 {
						first = image.Pt(x, y)
					}
					n++
				}
			}
		}
		if n > 0 {
			t.Errorf("after %d frames sent in part (%d of them partial), the screen at %s differs from a whole repaint in %d pixels, the first at %v",
				frames, partial, moment, n, first)
		}
		break
	}
	t.Logf("%d of %d new pictures at one step a frame sent in part; the screen then (%s) is a whole repaint's", partial, frames, moment)
	for _, e := range console.errors() {
		t.Errorf("console: %s", e)
	}
}
