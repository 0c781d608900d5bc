//go:build !js

package web

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// runState is the run's part of state().
type runState struct {
	Step         int      `json:"step"`
	Running      bool     `json:"running"`
	TrainSize    int      `json:"trainSize"`
	TestSize     int      `json:"testSize"`
	TestAccuracy *float64 `json:"testAccuracy"`
	TestStep     int      `json:"testStep"`
	Measuring    bool     `json:"measuring"`
	RunEnded     bool     `json:"runEnded"`
	F            int      `json:"F"`
	K            int      `json:"K"`
	DataMessage  string   `json:"dataMessage"`
	Message      string   `json:"message"`
	URL          string   `json:"url"`
}

func (p tab) runState() runState {
	p.t.Helper()
	return eval[runState](p, `window.backpropLab.state()`)
}

// serveMNIST serves the page built in pageDir with all of MNIST (the
// GoMNIST module's files), as cmd/serve does.
func serveMNIST(t testing.TB, pageDir string) (*httptest.Server, *Handler) {
	t.Helper()
	data := mnisttest.NeedDir(t)
	h, err := NewHandler(os.DirFS(pageDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.AddMNIST(os.DirFS(data)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, h
}

func (p tab) poll(what, cond string, timeout time.Duration) {
	p.t.Helper()
	ctx, cancel := chromedp.NewContext(p.ctx) // reuses the tab
	defer cancel()
	_ = ctx
	deadline := time.Now().Add(timeout)
	for !eval[bool](p, cond) {
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting %v for %s: state %+v", timeout, what, p.runState())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// weightsOut is command("save-weights") as bytes.
func (p tab) weightsOut() []byte {
	p.t.Helper()
	ints := eval[[]int](p, `Array.from(window.backpropLab.command("save-weights"))`)
	b := make([]byte, len(ints))
	for i, v := range ints {
		b[i] = byte(v)
	}
	return b
}

// weightsIn is command("load-weights", bytes).
func (p tab) weightsIn(b []byte) string {
	p.t.Helper()
	nums := make([]string, len(b))
	for i, v := range b {
		nums[i] = fmt.Sprint(v)
	}
	return eval[string](p, `String(window.backpropLab.command("load-weights", new Uint8Array([`+strings.Join(nums, ",")+`])) ?? "")`)
}

// TestBrowserFullMNIST is the check in the page: all of MNIST
// arrives, a linear run of one epoch at lr 0.03 from seed 1 stops by itself
// at step 60,000 with backprop train's test accuracy and weights (the
// bytes of its -out file); weights go in and out; F = 4, K = 3 is drawn.
// Without the data route the page says so and keeps its digits.
func TestBrowserFullMNIST(t *testing.T) {
	needChromium(t)
	pageDir := buildPage(t)
	srv, h := serveMNIST(t, pageDir)
	bctx := browser(t)

	// backprop train -epochs 1 (its defaults: seed 1, lr 0.03, linear), as
	// cmd/backprop/train.go runs it.
	train, test := mnisttest.Set(t, "train", core.ReadDataset), mnisttest.Set(t, "t10k", core.ReadDataset)
	r := core.NewRand(core.DefaultSeed)
	ref, _ := core.New(core.MNIST, r)
	tr, err := core.NewTrainer(ref, train, r, core.DefaultSchedule(train.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for tr.Steps < train.Len() {
		tr.Step()
	}
	wantAcc := core.Accuracy(ref, test)
	var wantFile bytes.Buffer
	ref.SaveWeights(&wantFile)

	p, console := openReady(t, bctx, srv.URL, 1280, 800)
	if s := p.runState(); s.F != 8 || s.K != 5 || s.TestSize == 0 {
		t.Errorf("at the start: %+v, want F 8, K 5 and the embedded test digits", s)
	}
	// The longest gap between two animation frames while the data arrives
	// and is copied in, logged (a measurement, not a timed assertion).
	eval[bool](p, `(() => { const g = window.frameGaps = { max: 0, n: 0, last: 0, on: true };
		const f = (t) => { if (g.last) { g.max = Math.max(g.max, t - g.last); g.n++; } g.last = t; if (g.on) requestAnimationFrame(f); };
		requestAnimationFrame(f); return true; })()`)
	start := time.Now()
	p.poll("all of MNIST", `window.backpropLab.state().trainSize === 60000 && window.backpropLab.state().testSize === 10000`, 90*time.Second)
	gaps := eval[map[string]float64](p, `(() => { const g = window.frameGaps; g.on = false; return { n: g.n, max: g.max }; })()`)
	t.Logf("all of MNIST in the page %v after it was ready: %q; %.0f frames meanwhile, the longest gap between two %.0f ms",
		time.Since(start).Round(time.Millisecond), p.runState().DataMessage, gaps["n"], gaps["max"])
	// The progress line names the download's size: what the server sends
	// gzipped (the README's figure), not what it unpacks to.
	if got := eval[float64](p, `window.backpropLabData.download`); got != float64(h.MNISTWeight()) {
		t.Errorf("the page counts a download of %.0f bytes; the server sends %d", got, h.MNISTWeight())
	}

	for _, c := range []string{`"lr", 0.03`, `"schedule", "linear"`, `"epochs", 1`, `"speed", "max"`, `"run"`} {
		if msg := p.command(c); msg != "" {
			t.Fatalf("command(%s) = %q", c, msg)
		}
	}
	start = time.Now()
	p.poll("the run's end and its measurement", `(s => s.runEnded && !s.running && s.testStep === 60000 && !s.measuring)(window.backpropLab.state())`, 240*time.Second)
	s := p.runState()
	t.Logf("one epoch in the page: %v; %q", time.Since(start).Round(time.Millisecond), s.Message)
	if s.Step != 60000 || s.TestAccuracy == nil || *s.TestAccuracy != wantAcc {
		t.Errorf("after the run: step %d, test accuracy %v; backprop train -epochs 1: 60000 steps, %v", s.Step, s.TestAccuracy, wantAcc)
	}
	got := p.weightsOut()
	if !bytes.Equal(got, wantFile.Bytes()) {
		t.Errorf("the page's saved weights (%d bytes) are not backprop train -out's file (%d bytes)", len(got), wantFile.Len())
	}

	// Weights in: another network's, then files that cannot be used.
	other, _ := core.New(core.MNIST, core.NewRand(7))
	var otherFile bytes.Buffer
	other.SaveWeights(&otherFile)
	if msg := p.weightsIn(otherFile.Bytes()); msg != "" {
		t.Fatalf("load-weights = %q", msg)
	}
	if b := p.weightsOut(); !bytes.Equal(b, otherFile.Bytes()) {
		t.Error("the weights loaded are not saved back as they were")
	}
	for _, bad := range [][]byte{otherFile.Bytes()[:500], []byte("not weights at all, but some text")} {
		if msg := p.weightsIn(bad); !strings.Contains(msg, "kept") {
			t.Errorf("load-weights of a bad file = %q, want a sentence saying the weights are kept", msg)
		}
	}
	if b := p.weightsOut(); !bytes.Equal(b, otherFile.Bytes()) {
		t.Error("a bad file changed the weights")
	}

	// The network's size, live.
	if msg := p.command(`"arch", 4, 3`); msg != "" {
		t.Fatalf(`command("arch", 4, 3) = %q`, msg)
	}
	if msg := p.command(`"arch", 17, 3`); !strings.Contains(msg, "1 to 16") {
		t.Errorf(`command("arch", 17, 3) = %q, want it refused in words`, msg)
	}
	p.waitFrames(p.state().Frame, 3)
	if s := p.runState(); s.F != 4 || s.K != 3 || !strings.Contains(s.URL, "F=4") || !strings.Contains(s.URL, "K=3") {
		t.Errorf("after arch 4 3: F %d, K %d, url %s", s.F, s.K, s.URL)
	}
	p.screenshot("F4K3-1280x800", 1280, 800)
	p.do("viewport", chromedp.EmulateViewport(768, 1024, chromedp.EmulateScale(1)))
	p.waitFrames(p.state().Frame, 5)
	p.screenshot("F4K3-768x1024", 768, 1024)
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}

	// No data route: the page says so and keeps its digits.
	plain, _ := serve(t, pageDir)
	q, _ := openReady(t, bctx, plain+"/?F=4&K=3", 1280, 800)
	q.poll("the failure's sentence", `window.backpropLab.state().dataMessage.includes("does not serve all of MNIST")`, 30*time.Second)
	if s := q.runState(); s.TrainSize != 4000 || s.F != 4 || s.K != 3 {
		t.Errorf("without the data: %+v, want the 4,000 embedded digits and F 4, K 3 from the address", s)
	}
}
