//go:build !js

package web

import (
	"strings"
	"testing"
	"time"
)

// TestBrowserLinkOnAllOfMNIST: a teacher's link made once all of MNIST is
// in (steps on digit 4,100, which the embedded 4,000 do not have), opened
// by a student's fresh page, waits for the page's own download of all of
// MNIST and then shows the same step, number for number; opened from a
// server that does not serve all of MNIST, it says why it shows step 0.
func TestBrowserLinkOnAllOfMNIST(t *testing.T) {
	needChromium(t)
	pageDir := buildPage(t)
	srv, _ := serveMNIST(t, pageDir)
	bare, _ := serve(t, pageDir) // the page alone, without all of MNIST
	bctx := browser(t)

	p, console := openReady(t, bctx, srv.URL, 1280, 800)
	p.poll("all of MNIST", `window.backpropLab.state().trainSize === 60000`, 90*time.Second)
	for _, c := range []string{`"sample", 4100`, `"step"`, `"step"`, `"step"`, `"goto", 2, "relu"`} {
		if msg := p.command(c); msg != "" {
			t.Fatalf("command(%s) = %q", c, msg)
		}
	}
	p.waitFrames(p.state().Frame, 2)
	link := p.runState().URL
	want := eval[string](p, `window.backpropLab.traceText()`)
	if !strings.Contains(link, "n60000") {
		t.Fatalf("the link %q does not say its run is on 60,000 digits", link)
	}
	path := link[strings.Index(link, "?"):]

	q, qconsole := openReady(t, bctx, srv.URL+"/"+path, 1280, 800)
	q.poll("the link's step", `(s => s.trainSize === 60000 && s.replaying === false && s.step === 2)(window.backpropLab.state())`, 90*time.Second)
	if got := eval[string](q, `window.backpropLab.traceText()`); got != want {
		t.Errorf("the link opened in a fresh page shows other numbers than the page it came from")
	}

	r, rconsole := openReady(t, bctx, bare+"/"+path, 1280, 800)
	r.poll("the sentence", `window.backpropLab.state().message.includes("this lab has")`, 30*time.Second)
	if s := r.runState(); s.Step != 0 || !strings.Contains(s.Message, "60,000 training digits, and this lab has 4,000") {
		t.Errorf("without all of MNIST: step %d, message %q; want step 0 and why", s.Step, s.Message)
	}
	for _, c := range []*consoleLog{console, qconsole, rconsole} {
		for _, e := range c.errors() {
			t.Errorf("console: %s", e)
		}
	}
}
