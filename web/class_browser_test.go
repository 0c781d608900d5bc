//go:build !js

package web

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// classBrowser is the class mode in the page, as the "Done when"
// has it: train, stop, go back 300 steps and on to a misclassified digit,
// walk every stage of that step by key with a cell selected (its equation
// panel open), copy the link and open it in a second page (the same stage
// and the same trace(), once the link's run has replayed), and trace()
// against backprop trace run on the page's inputs. Then a 30,000-step
// link replays a slice a frame, saying how far it is.
func classBrowser(t *testing.T, bctx context.Context, url string) {
	p, console := openReady(t, bctx, url+"/?mode=class&seed=5", 1280, 720)
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
	// On from there, back in time, to the first digit the network got
	// wrong: its prediction, made before its update, is not its label.
	k := eval[int](p, fmt.Sprintf(`(() => { const L = window.backpropLab;
		for (let k = %d; k > %d; k--) { L.command("goto", k, "loss"); const s = L.state(); if (s.prediction !== s.label) return k }
		return -1 })()`, steps-300, steps-800))
	if k < 0 {
		t.Fatalf("no misclassified digit in the 500 steps before step %d", steps-300)
	}
	p.command(`"goto"`, fmt.Sprint(k), `"start"`)
	s0 := p.state()
	t.Logf("step %d (300 back is %d): digit %d, label %d", k, steps-300, s0.Sample, s0.Label)
	p.command(`"select", "delta_Z.254"`) // the equation panel, open on δᶻ's cell through the stages

	// Every stage by key: → forwards, ← back.
	stages := []string{"conv", "relu", "pool", "fc", "softmax+loss", "δˢ", "∂L/∂U, ∂L/∂c", "δᴾ", "δᴬ", "δᶻ", "∂L/∂W, ∂L/∂b", "∂L/∂X", "SGD update"}
	for i, want := range stages {
		f := p.state().Frame
		p.key("ArrowRight", "ArrowRight", 39)
		p.waitFrames(f, 2)
		s := p.state()
		if s.Stage != want || s.Step != k+i/12 || s.Message != "" {
			t.Fatalf("→ %d: stage %q at step %d, message %q; want %q at step %d", i+1, s.Stage, s.Step, s.Message, want, k+i/12)
		}
		if i == 4 && s.Prediction == s.Label {
			t.Fatalf("step %d's digit: predicted %d, label %d; want a misclassified one", k, s.Prediction, s.Label)
		}
		if sel := eval[string](p, `window.backpropLab.state().selected`); sel != "delta_Z.254" {
			t.Fatalf("at %q the selection is %q, want delta_Z.254 kept", want, sel)
		}
		if want == "δᴬ" || want == "SGD update" {
			p.screenshot("class-walk-"+map[string]string{"δᴬ": "deltaA", "SGD update": "update"}[want], 1280, 720)
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
	p.command(`"goto"`, fmt.Sprint(k), `"delta_A"`)
	p.command(`"select", "delta_A.254"`)
	f := p.state().Frame
	p.waitFrames(f, 2)
	p.screenshot("class-1280x720", 1280, 720)

	// The equation panel on a conv cell and on a ∂L/∂W cell, to look at
	// (BACKPROP_SHOTS), and back to δᴬ for the link.
	for _, c := range [][2]string{{"conv", "Z.300"}, {"conv_grad", "dW.12"}} {
		p.command(`"goto"`, fmt.Sprint(k), `"`+c[0]+`"`)
		p.command(`"select"`, `"`+c[1]+`"`)
		p.waitFrames(p.state().Frame, 2)
		p.screenshot("class-"+c[0]+"-1280x720", 1280, 720)
	}
	p.command(`"goto"`, fmt.Sprint(k), `"delta_A"`)
	p.command(`"select", "delta_A.254"`)
	p.waitFrames(p.state().Frame, 2)

	// Copy the link (L), and open it in a second page: once its run has
	// replayed, the same step, stage and numbers.
	f = p.state().Frame
	p.key("KeyL", "l", 76)
	p.waitFrames(f, 2)
	if msg := p.state().Message; !strings.HasPrefix(msg, "link") {
		t.Errorf("L: the message is %q, want the link", msg)
	}
	link := eval[string](p, `window.backpropLab.state().url`)
	want := eval[string](p, `window.backpropLab.traceText()`)
	q, _ := open(t, bctx, 1280, 720)
	start := time.Now()
	q.do("navigate", chromedp.Navigate(link))
	q.waitReady()
	q.do("replaying the link", chromedp.Poll[chromedp.Void](`!window.backpropLab.state().message.startsWith("replaying")`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	t.Logf("the link of %d steps opened and replayed in %.1f s", steps, time.Since(start).Seconds())
	if got := eval[string](q, `window.backpropLab.traceText()`); got != want {
		t.Errorf("the link %s opens another step: trace() differs (%d bytes, want %d)", link, len(got), len(want))
	}
	if s := q.state(); s.Step != k || s.Stage != "δᴬ" || s.Message != "" {
		t.Errorf("the link opens step %d stage %q, message %q; want step %d δᴬ", s.Step, s.Stage, s.Message, k)
	}
	// The same link on a tablet held upright.
	tab768, _ := openReady(t, bctx, link, 768, 1024)
	tab768.do("replaying the link", chromedp.Poll[chromedp.Void](`!window.backpropLab.state().message.startsWith("replaying")`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(25*time.Second)))
	tab768.waitFrames(tab768.state().Frame, 2)
	tab768.screenshot("class-768x1024", 768, 1024)
	if s := tab768.state(); s.Step != k || s.Stage != "δᴬ" || s.Message != "" {
		t.Errorf("the link at 768×1024 opens step %d stage %q, message %q", s.Step, s.Stage, s.Message)
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

	// A link of 30,000 steps (100,000 take minutes on this machine's
	// software GPU, when other tests share it): replayed a slice a frame,
	// the page says how far it is and keeps drawing frames meanwhile.
	r, _ := open(t, bctx, 1280, 720)
	start = time.Now()
	r.do("navigate", chromedp.Navigate(url+"/?mode=class&journal=30000_0l0.01&step=30000"))
	r.waitReady()
	r.do("the replay's progress", chromedp.Poll[chromedp.Void](`/^replaying the link: step [1-9][0-9]* of 30000$/.test(window.backpropLab.state().message)`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	// Past the first seconds (the page's wasm is still being compiled),
	// two seconds of it: frames go on, and so does the step.
	r.do("the replay under way", chromedp.Poll[chromedp.Void](`+(window.backpropLab.state().message.match(/step (\d+) of/) || [0, 1e9])[1] >= 3000`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(120*time.Second)))
	// Frames go on and the step moves, however slow this machine is:
	// counted in frames, not seconds.
	s1 := r.state()
	waited := time.Now()
	r.do("frames and steps while replaying", chromedp.Poll[chromedp.Void](
		fmt.Sprintf(`window.backpropLab.state().frame >= %d && window.backpropLab.state().message !== %s`, s1.Frame+4, strconv.Quote(s1.Message)),
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(120*time.Second)))
	s2 := r.state()
	t.Logf("replaying 30,000 steps, in %.1f s: %d frames, %q then %q", time.Since(waited).Seconds(), s2.Frame-s1.Frame, s1.Message, s2.Message)
	// At some 2,000 steps a second on this machine's software GPU (a
	// picture a second costs it half a second), some 15 s.
	for i := 0; r.state().Message != "" && strings.HasPrefix(r.state().Message, "replaying"); i++ {
		if i == 400 {
			t.Fatalf("after 400 s: %q", r.state().Message)
		}
		time.Sleep(time.Second)
	}
	if s := r.state(); s.Step != 30000 || s.Message != "" {
		t.Errorf("after the replay: step %d, message %q; want 30000 and none", s.Step, s.Message)
	}
	t.Logf("a 30,000-step link replayed in %.1f s", time.Since(start).Seconds())
}
