//go:build !js

package web

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// classBrowser is the class mode in the page: train, go back, walk every
// stage of that step by key, select a cell, copy the link and open it in a
// second page (the same trace()), and trace() against backprop trace run
// on the page's inputs.
func classBrowser(t *testing.T, bctx context.Context, url string) {
	p, console := open(t, bctx, 1280, 720)
	p.do("navigate", chromedp.Navigate(url+"/?mode=class&seed=5"))
	p.waitReady()
	for range 40 {
		p.command(`"step"`)
	}
	p.command(`"lr", 0.03`)
	p.command(`"speed", "max"`)
	p.command(`"run"`)
	p.do("training", chromedp.Poll[chromedp.Void](`window.backpropLab.state().step >= 1500`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	p.command(`"pause"`)
	steps := eval[int](p, `window.backpropLab.state().steps`)

	// Go back 300 steps (timed by the page's own clock: measured, not asserted).
	ms := eval[float64](p, fmt.Sprintf(`(() => { const t = performance.now(); window.backpropLab.command("goto", %d, "start"); return performance.now() - t })()`, steps-300))
	back := eval[float64](p, `(() => { const t = performance.now(); window.backpropLab.command("back"); window.backpropLab.command("forward"); return (performance.now() - t) / 2 })()`)
	t.Logf("in the page, after %d steps: goto 300 back %.1f ms; back one step (then forward) %.1f ms each", steps, ms, back)
	if s := p.state(); s.Step != steps-300 || s.Stage != "start" || s.Message != "" {
		t.Fatalf("goto %d start: step %d stage %q, message %q", steps-300, s.Step, s.Stage, s.Message)
	}

	// Every stage by key: → forwards, ← back.
	stages := []string{"conv", "relu", "pool", "fc", "softmax+loss", "δˢ", "∂L/∂U, ∂L/∂c", "δᴾ", "δᴬ", "δᶻ", "∂L/∂W, ∂L/∂b", "∂L/∂X", "SGD update"}
	for i, want := range stages {
		f := p.state().Frame
		p.key("ArrowRight", "ArrowRight", 39)
		p.waitFrames(f, 2)
		if s := p.state(); s.Stage != want || s.Step != steps-300+i/12 {
			t.Fatalf("→ %d: stage %q at step %d, want %q", i+1, s.Stage, s.Step, want)
		}
	}
	for i := len(stages) - 2; i >= 0; i-- {
		f := p.state().Frame
		p.key("ArrowLeft", "ArrowLeft", 37)
		p.waitFrames(f, 2)
		if s := p.state(); s.Stage != stages[i] {
			t.Fatalf("← back to %q: stage %q", stages[i], s.Stage)
		}
	}
	p.command(`"goto"`, fmt.Sprint(steps-300), `"delta_A"`)
	p.command(`"select", "delta_A.254"`)
	f := p.state().Frame
	p.waitFrames(f, 2)
	p.screenshot("class-1280x720", 1280, 720)

	// The link, in a second page: the same step, stage and numbers.
	link := eval[string](p, `window.backpropLab.state().url`)
	want := eval[string](p, `window.backpropLab.traceText()`)
	q, _ := open(t, bctx, 1280, 720)
	q.do("navigate", chromedp.Navigate(link))
	q.waitReady()
	if got := eval[string](q, `window.backpropLab.traceText()`); got != want {
		t.Errorf("the link %s opens another step: trace() differs (%d bytes, want %d)", link, len(got), len(want))
	}
	if s := q.state(); s.Step != steps-300 || s.Stage != "δᴬ" || s.Message != "" {
		t.Errorf("the link opens step %d stage %q, message %q", s.Step, s.Stage, s.Message)
	}
	if a, b := eval[string](q, `window.backpropLab.state().selected`), eval[string](p, `window.backpropLab.state().url`); a != "delta_A.254" || b != link {
		t.Errorf("the second page selects %q (want delta_A.254); the first page's link moved to %s", a, b)
	}
	if obj := eval[float64](p, `window.backpropLab.trace().tensors.delta_A.data.length`); obj != 8*24*24 {
		t.Errorf("trace().tensors.delta_A has %v values, want %d", obj, 8*24*24)
	}

	// backprop trace on the page's inputs writes the page's trace.
	cmd := exec.Command("go", "run", "./cmd/backprop", "trace")
	cmd.Dir = ".."
	cmd.Stdin = strings.NewReader(eval[string](p, `window.backpropLab.traceCase()`))
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("backprop trace: %v: %s", err, errs.String())
	}
	if out.String() != want {
		t.Errorf("backprop trace of the page's inputs writes %d bytes, the page's trace() is %d, and they differ", out.Len(), len(want))
	}
	for _, e := range console.errors() {
		t.Errorf("console: %s", e)
	}
}
