//go:build !js

package web

import (
	"strings"
	"testing"
	"time"
)

// TestBrowserAnnouncesWhileRunning: while training runs the live region
// stays quiet about the steps, but what a listener asked for is said at
// once: a learning rate changed during the run is announced within a few
// frames, while it still runs, and the pause says where it stopped. (The
// address is written at most once in 60 frames while training runs; the
// announcements once waited with it.)
func TestBrowserAnnouncesWhileRunning(t *testing.T) {
	needChromium(t)
	url, _ := serve(t, buildPage(t))
	bctx := browser(t)
	p, console := openReady(t, bctx, url, 1280, 800)
	// Each change of the live region, with the frame it was made in.
	eval[bool](p, `(() => {
		window.announceLog = [];
		new MutationObserver(() => window.announceLog.push([window.backpropLab.state().frame,
			document.getElementById("announce").textContent])).observe(document.getElementById("announce"),
			{ childList: true, characterData: true, subtree: true });
		return true; })()`)
	if msg := p.command(`"run"`); msg != "" {
		t.Fatalf(`command("run") = %q`, msg)
	}
	p.waitAnnounced("Training runs.")
	p.waitFrames(p.state().Frame, 70) // past the address's first write of the run
	for _, lr := range []string{"0.02", "0.03", "0.01"} {
		at := p.state().Frame
		if msg := p.command(`"lr", ` + lr); msg != "" {
			t.Fatalf(`command("lr", %s) = %q`, lr, msg)
		}
		want := "Learning rate " + lr + "."
		deadline := time.Now().Add(20 * time.Second)
		for {
			var said int
			for _, e := range eval[[][]any](p, `window.announceLog`) {
				if f, ok := e[0].(float64); ok && strings.Contains(e[1].(string), want) && int(f) >= at {
					said = int(f)
					break
				}
			}
			if said > 0 {
				if said-at > 5 {
					t.Errorf("%q was announced %d frames after the command, want within 5", want, said-at)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%q was never announced while training ran: the live region says %q", want, p.announced())
			}
			p.waitFrames(p.state().Frame, 1)
		}
		if !p.state().Running {
			t.Fatal("training stopped: the announcements were not made while it ran")
		}
	}
	p.command(`"pause"`)
	if got := p.waitAnnounced("Paused at step"); !strings.Contains(got, "Prediction") {
		t.Errorf("the pause says %q, want the step's prediction and loss too", got)
	}
	for _, e := range console.errors() {
		t.Errorf("console: %s", e)
	}
}
