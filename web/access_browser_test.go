//go:build !js

package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

	// By touch alone on a portrait tablet: a step by its button, a cell
	// selected by a tap and cleared by a second one.
	t.Run("touch", func(t *testing.T) {
		p, _ := open(t, bctx, 768, 1024, chromedp.EmulateViewport(768, 1024, chromedp.EmulateTouch))
		p.do("navigate", chromedp.Navigate(url))
		p.waitReady()
		s := p.access()
		var step *button
		for i, b := range s.Buttons {
			if b.Command == "step" {
				step = &s.Buttons[i]
			}
		}
		if step == nil {
			t.Fatalf("no step button in %+v", s.Buttons)
		}
		p.touch(float64(step.X+step.W/2), float64(step.Y+step.H/2))
		p.waitFrames(p.state().Frame, 2)
		if got := p.access().Step; got != 1 {
			t.Fatalf("a tap on the step button: step %d, want 1", got)
		}
		z, ok := s.Panels["Z"]
		if !ok {
			t.Fatalf("no Z panel in %+v", s.Panels)
		}
		// Tap down the middle of Z's panel until a tap lands on a cell (not
		// on the title or the gap between maps).
		var x, y float64
		for dy := z.H / 3; dy < z.H; dy += 3 {
			x, y = float64(z.X+z.W/3), float64(z.Y+dy)
			p.touch(x, y)
			p.waitFrames(p.state().Frame, 2)
			if p.access().Selected != "" {
				break
			}
		}
		sel := p.access().Selected
		if !strings.HasPrefix(sel, "Z.") {
			t.Fatalf("taps on Z's panel selected %q, want a cell of Z", sel)
		}
		p.waitAnnounced("Selected Z[")
		p.screenshot("touch-selected-768x1024", 768, 1024)
		p.touch(x, y)
		p.waitFrames(p.state().Frame, 2)
		if got := p.access().Selected; got != "" {
			t.Errorf("a second tap on %s: %q still selected", sel, got)
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

	// The small screens a classroom meets, to look at (BACKPROP_SHOTS).
	t.Run("sizes", func(t *testing.T) {
		for _, sz := range [][2]int64{{800, 600}, {1024, 768}, {390, 844}} {
			p, _ := open(t, bctx, sz[0], sz[1])
			p.do("navigate", chromedp.Navigate(url))
			p.waitReady()
			p.waitFrames(p.state().Frame, 3)
			if sz[0] == 1024 {
				p.screenshot(fmt.Sprintf("%dx%d", sz[0], sz[1]), int(sz[0]), int(sz[1]))
			}
		}
	})
}
