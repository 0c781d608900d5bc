//go:build !js

package web

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// accessState is the part of state() that the accessibility tests read.
type accessState struct {
	Step      int    `json:"step"`
	Stage     string `json:"stage"`
	Selected  string `json:"selected"`
	Announced string `json:"announced"`
	Panels    map[string]struct {
		X, Y, W, H int
	} `json:"panels"`
	Buttons []button `json:"buttons"`
	Zoom    bool     `json:"zoom"`
	Colors  string   `json:"colors"`
}

func (p tab) access() accessState {
	p.t.Helper()
	return eval[accessState](p, `window.backpropLab.state()`)
}

// announced is the text of the page's aria-live region.
func (p tab) announced() string {
	p.t.Helper()
	return eval[string](p, `document.getElementById("announce").textContent`)
}

// waitAnnounced waits until the live region contains want.
func (p tab) waitAnnounced(want string) string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := p.announced()
		if strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the live region says %q, want it to contain %q", got, want)
		}
		p.waitFrames(p.state().Frame, 1)
	}
}

func TestBrowserAccess(t *testing.T) {
	needChromium(t)
	dir := buildPage(t)
	url, _ := serve(t, dir)
	bctx := browser(t)

	// A whole training step and the explanation of a cell, by keyboard alone,
	// each heard through the live region.
	t.Run("keyboard", func(t *testing.T) {
		p, console := open(t, bctx, 1280, 800)
		p.do("navigate", chromedp.Navigate(url))
		p.waitReady()
		p.waitAnnounced("Backprop Lab")
		if role := eval[string](p, `document.querySelector("canvas").getAttribute("role") + " " + document.querySelector("canvas").getAttribute("aria-label")`); !strings.HasPrefix(role, "application Backprop Lab") {
			t.Errorf("the canvas's role and label: %q", role)
		}
		p.key("ArrowRight", "ArrowRight", 39)
		said := p.waitAnnounced("Stage 6 of 13")
		t.Logf("after →: %q", said)
		for i := 0; i < 7 && p.access().Step == 0; i++ {
			p.key("ArrowRight", "ArrowRight", 39)
		}
		if s := p.access(); s.Step != 1 || s.Stage != "SGD update" {
			t.Errorf("→ 8 times: step %d at stage %q; want step 1 done by its SGD update", s.Step, s.Stage)
		}
		p.waitAnnounced("Step 1 done") // the update, the last stage, finishes the step
		p.key("Space", " ", 32)
		said = p.waitAnnounced("Step 2 done")
		t.Logf("after Space: %q", said)
		if !strings.Contains(said, "Prediction") || !strings.Contains(said, "loss") {
			t.Errorf("after a step the live region says %q, want the prediction and the loss", said)
		}
		p.key("Tab", "Tab", 9)
		if s := p.access(); s.Selected != "X.406" {
			t.Errorf("Tab: selected %q, want X.406", s.Selected)
		}
		p.key("ArrowRight", "ArrowRight", 39)
		said = p.waitAnnounced("Selected X[0,14,15]")
		t.Logf("after Tab →: %q", said)
		p.key("Tab", "Tab", 9)
		p.key("Tab", "Tab", 9)
		p.key("Tab", "Tab", 9)
		if said := p.waitAnnounced("Selected Z["); !strings.Contains(said, "Σ") && !strings.Contains(said, "=") {
			t.Errorf("Z's cell explained as %q, want its sum", said)
		}
		p.screenshot("keyboard-1280x800", 1280, 800)
		p.key("Escape", "Escape", 27)
		if s := p.access(); s.Selected != "" {
			t.Errorf("Esc: %q still selected", s.Selected)
		}
		if errs := console.errors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	})

	// By touch alone, on a portrait and a landscape tablet and a phone:
	// every button a finger's size and on the screen; a whole training
	// step walked by the Stage ► button; the seed by Seed +; a panel that
	// is a chip of the strip opened by a tap, a cell of it selected by a
	// tap and cleared by a second one; the zoom by its button; in the
	// class mode a tap on a cell opens its equation panel; and a pinch
	// apart over a panel zooms it, a pinch together closes the zoom.
	t.Run("touch", func(t *testing.T) {
		for _, sz := range [][2]int64{{768, 1024}, {1024, 768}, {390, 844}} {
			t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
				touchWalk(t, bctx, url, sz[0], sz[1])
			})
		}
	})

	// The controls as HTML buttons: one for every button on the canvas,
	// labelled, and a step pressed through them is announced.
	t.Run("buttons", func(t *testing.T) {
		p, _ := open(t, bctx, 1024, 768)
		p.do("navigate", chromedp.Navigate(url))
		p.waitReady()
		p.waitAnnounced("Backprop Lab")
		for _, b := range p.access().Buttons {
			label := eval[string](p, fmt.Sprintf(`document.querySelector('#controls button[data-command=%q]')?.textContent ?? ""`, b.Command))
			if label == "" {
				t.Errorf("no labelled HTML button for the canvas's button %q", b.Command)
			}
		}
		eval[bool](p, `document.querySelector('#controls button[data-command="step"]').click(), true`)
		if got := p.access().Step; got != 1 {
			t.Errorf("the HTML step button: step %d, want 1", got)
		}
		said := p.waitAnnounced("Step 1 done")
		t.Logf("the live region after a step by its HTML button: %q", said)
	})

	// The sizes a classroom meets, in the lab, the presenter view, the
	// class mode and high contrast: each draws its screen (not "window too
	// small"), and shows every tensor as a panel or a chip, to look at
	// (BACKPROP_SHOTS).
	t.Run("sizes", func(t *testing.T) {
		for _, c := range []struct {
			w, h  int64
			query string
		}{
			{1280, 720, "?presenter=1"}, {1920, 1080, "?presenter=1&journal=1_0l0.01&step=1&stage=delta_A"},
			{800, 600, ""}, {1024, 768, ""}, {768, 1024, ""}, {390, 844, ""},
			// The class mode's own layout (viz/class.go) needs 1057 px of
			// height at 1024 px wide: 1280×720 is its smallest here.
			{1280, 720, "?mode=class&presenter=1"}, {1280, 720, "?mode=class"},
			{1280, 720, "?presenter=1&colors=contrast"},
		} {
			name := fmt.Sprintf("%dx%d%s", c.w, c.h, strings.NewReplacer("?", "-", "&", "-", "=", "").Replace(c.query))
			// A subtest each, so that each tab is closed before the next opens.
			t.Run(name, func(t *testing.T) {
				p, _ := open(t, bctx, c.w, c.h)
				p.do("navigate", chromedp.Navigate(url+c.query))
				p.waitReady()
				p.waitFrames(p.state().Frame, 3)
				s := p.access()
				if len(s.Panels) < 19 {
					t.Errorf("%s: %d tensors shown (%v), want all 19 as panels or chips", name, len(s.Panels), s.Panels)
				}
				t.Logf("%s: %d buttons, %d tensors shown, colours %s", name, len(s.Buttons), len(s.Panels), s.Colors)
				p.screenshot(name, int(c.w), int(c.h))
			})
		}
	})
}

// touchWalk is the touch test at one size.
func touchWalk(t *testing.T, bctx context.Context, url string, w, h int64) {
	p, console := open(t, bctx, w, h, chromedp.EmulateViewport(w, h, chromedp.EmulateTouch))
	p.do("navigate", chromedp.Navigate(url))
	p.waitReady()
	name := fmt.Sprintf("%dx%d", w, h)
	tap := func(r struct{ X, Y, W, H int }) {
		t.Helper()
		p.touch(float64(r.X+r.W/2), float64(r.Y+r.H/2))
		p.waitFrames(p.state().Frame, 2)
	}
	buttonFor := func(cmd string) struct{ X, Y, W, H int } {
		t.Helper()
		for _, b := range p.access().Buttons {
			if b.Command == cmd {
				return struct{ X, Y, W, H int }{b.X, b.Y, b.W, b.H}
			}
		}
		t.Fatalf("%s: no button for %q", name, cmd)
		return struct{ X, Y, W, H int }{}
	}
	for _, b := range p.access().Buttons {
		if b.W < 44 || b.H < 44 || b.X < 0 || b.Y < 0 || int64(b.X+b.W) > w || int64(b.Y+b.H) > h {
			t.Errorf("%s: the button %q is %d×%d at (%d,%d): want at least 44×44 and on the screen", name, b.Command, b.W, b.H, b.X, b.Y)
		}
	}
	// A whole training step, stage by stage.
	stages := 0
	for p.access().Step == 0 && stages < 20 {
		before := p.access().Stage
		tap(buttonFor("stage-next"))
		if p.access().Stage == before && p.access().Step == 0 {
			t.Fatalf("%s: a tap on Stage ► left the stage at %q", name, before)
		}
		stages++
	}
	if s := p.access(); s.Step != 1 || stages != 8 {
		t.Fatalf("%s: %d taps on Stage ►: step %d; want step 1 after the 8 backward stages", name, stages, s.Step)
	}
	said := p.waitAnnounced("Step 1 done")
	t.Logf("%s: after the walk: %q", name, said)
	seed := p.state().Seed
	tap(buttonFor("seed up"))
	if got := p.state().Seed; got != seed+1 || p.access().Step != 0 {
		t.Errorf("%s: a tap on Seed +: seed %g step %d, want seed %g at step 0", name, got, p.access().Step, seed+1)
	}
	// Z: a chip or a panel; a tap on a chip opens it.
	z, ok := p.access().Panels["Z"]
	if !ok {
		t.Fatalf("%s: no Z in %+v", name, p.access().Panels)
	}
	tap(struct{ X, Y, W, H int }{z.X, z.Y, z.W, z.H})
	if sel := p.access().Selected; sel != "" {
		// It was a chip: its first cell is selected and Z opened large.
		if sel != "Z.0" {
			t.Fatalf("%s: a tap on Z's chip selected %q, want Z.0", name, sel)
		}
		z = p.access().Panels["Z"]
		if z.W < 100 {
			t.Fatalf("%s: Z opened %d px wide", name, z.W)
		}
	}
	// Tap down the middle of Z's panel until a tap lands on another cell
	// (a tap off the cells, on a title or between maps, clears the
	// selection, and Z is a chip again: a tap on it opens it again).
	var x, y float64
	var sel string
	for dy := z.H / 3; dy < z.H; dy += 3 {
		if z = p.access().Panels["Z"]; z.W < 100 {
			tap(struct{ X, Y, W, H int }{z.X, z.Y, z.W, z.H})
			z = p.access().Panels["Z"]
		}
		x, y = float64(z.X+z.W/5), float64(z.Y+dy) // a fifth in: inside the first map, whatever the maps per row
		p.touch(x, y)
		p.waitFrames(p.state().Frame, 2)
		if sel = p.access().Selected; strings.HasPrefix(sel, "Z.") && sel != "Z.0" {
			break
		}
	}
	if !strings.HasPrefix(sel, "Z.") || sel == "Z.0" {
		t.Fatalf("%s: taps on Z's panel selected %q, want a cell of Z", name, sel)
	}
	p.waitAnnounced("Selected Z[")
	p.screenshot("touch-selected-"+name, int(w), int(h))
	tap(buttonFor("zoom"))
	if !p.access().Zoom {
		t.Errorf("%s: a tap on Zoom: not zoomed", name)
	}
	if zz := p.access().Panels["Z"]; zz.W*zz.H <= z.W*z.H {
		t.Errorf("%s: zoomed, Z is %d×%d; before %d×%d: want larger", name, zz.W, zz.H, z.W, z.H)
	}
	p.screenshot("touch-zoomed-"+name, int(w), int(h))
	tap(buttonFor("zoom"))
	if p.access().Zoom {
		t.Errorf("%s: a second tap on Zoom: still zoomed", name)
	}
	z = p.access().Panels["Z"]
	for dy := z.H / 3; dy < z.H; dy += 3 {
		if p.access().Selected != sel {
			break
		}
		x, y = float64(z.X+z.W/5), float64(z.Y+dy) // a fifth in: inside the first map, whatever the maps per row
		p.touch(x, y)
		p.waitFrames(p.state().Frame, 2)
	}
	// The class mode: a tap on a cell opens its equation panel.
	p.do("class", chromedp.Navigate(url+"?mode=class"))
	p.waitReady()
	p.waitFrames(p.state().Frame, 2)
	if _, ok := p.access().Panels["Z"]; ok {
		z = p.access().Panels["Z"]
		for dy := z.H / 3; dy < z.H && p.access().Selected == ""; dy += 3 {
			p.touch(float64(z.X+z.W/5), float64(z.Y+dy))
			p.waitFrames(p.state().Frame, 2)
		}
		if sel := p.access().Selected; !strings.HasPrefix(sel, "Z.") {
			t.Errorf("%s, class mode: taps on Z selected %q, want a cell of Z in the equation panel", name, sel)
		}
		p.screenshot("touch-class-"+name, int(w), int(h))
	}
	// A pinch apart over Z (its panel, or its chip) zooms it; a pinch
	// together closes the zoom. Last: after two touch points, headless
	// Chromium delivers no touch to the next page it loads in the tab.
	p.do("lab", chromedp.Navigate(url))
	p.waitReady()
	p.waitFrames(p.state().Frame, 2)
	z = p.access().Panels["Z"]
	p.pinch(float64(z.X+z.W/5), float64(z.Y+z.H/3), 30, 180)
	p.waitFrames(p.state().Frame, 2)
	if s := p.access(); !s.Zoom || !strings.HasPrefix(s.Selected, "Z.") {
		t.Errorf("%s: a pinch apart over Z at %+v: zoom %v, selected %q; want Z zoomed", name, z, s.Zoom, s.Selected)
	} else if zz := s.Panels["Z"]; zz.W*zz.H <= z.W*z.H {
		t.Errorf("%s: zoomed by a pinch, Z is %d×%d; before %d×%d: want larger", name, zz.W, zz.H, z.W, z.H)
	}
	p.screenshot("touch-pinched-"+name, int(w), int(h))
	p.pinch(float64(w)/2, float64(h)/2, 240, 40)
	p.waitFrames(p.state().Frame, 2)
	if s := p.access(); s.Zoom {
		t.Errorf("%s: a pinch together: still zoomed", name)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("%s: console errors: %v", name, errs)
	}
}

// pinch puts two fingers on the screen d0 apart across (x, y), moves them
// in six steps until they are d1 apart, and lifts them: CDP's touch
// events, which the page sees as two touch pointers.
func (p tab) pinch(x, y, d0, d1 float64) {
	p.t.Helper()
	at := func(d float64) []*input.TouchPoint {
		return []*input.TouchPoint{{X: math.Max(1, x-d/2), Y: y}, {X: x + d/2, Y: y}}
	}
	p.do("pinch", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: at(d0)}); err != nil {
			return err
		}
		for i := 1; i <= 6; i++ {
			time.Sleep(20 * time.Millisecond) // a frame or so between moves, as a hand moves
			if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: at(d0 + (d1-d0)*float64(i)/6)}); err != nil {
				return err
			}
		}
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	}))
}
