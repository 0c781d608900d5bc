//go:build !js

package web

// The browser tests: build the wasm, serve the page with NewHandler on
// 127.0.0.1, and drive Debian's Chromium headless through chromedp (WebGL2 on
// SwiftShader). They skip when /usr/bin/chromium is missing, except with
// CI=true, where they fail: CI must run them (.ci/deps installs chromium).
//
// Set BACKPROP_SHOTS=DIR to keep the screenshots as DIR/shot-page-*.png.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// needChromium skips the test when Chromium is missing, or fails it when
// CI=true.
func needChromium(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s is missing: the browser tests must run in CI (.ci/deps test installs chromium)", chromiumPath)
		}
		t.Skipf("%s is missing: browser tests skipped (apt-get install chromium)", chromiumPath)
	}
}

// buildPage builds the app (the repo root) for GOOS=js GOARCH=wasm into a
// temporary folder beside index.html and wasm_exec.js, as make serve does.
func buildPage(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", append(append([]string{"build"}, wasmFlags...), "-o", filepath.Join(dir, "backproplab.wasm"), ".")...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the wasm: %v\n%s", err, out)
	}
	for _, name := range []string{"index.html", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// wasmFlags are the Makefile's WASMFLAGS, as go build takes them.
var wasmFlags = []string{"-ldflags=-s -w",
	"-gcflags=github.com/hajimehoshi/ebiten/v2/internal/shader...=-l", "-gcflags=go/...=-l", "-gcflags=text/...=-l",
	"-gcflags=math/big=-l", "-gcflags=regexp/...=-l", "-gcflags=reflect=-l", "-gcflags=fmt=-l", "-gcflags=time=-l"}

// serve serves the page in dir on 127.0.0.1 (httptest listens on loopback).
func serve(t testing.TB, dir string) (string, *Handler) {
	t.Helper()
	h, err := NewHandler(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, h
}

// browser starts headless Chromium with the flags PLATFORM.md measured:
// WebGL2 through ANGLE on SwiftShader, no network of its own. It returns a
// context for a first tab; the browser lives until the test ends.
func browser(t testing.TB) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU, // also sets enable-unsafe-swiftshader
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the browser and binds it to ctx: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return ctx
}

// consoleLog collects a tab's console messages from the moment it is made.
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func watchConsole(ctx context.Context) *consoleLog {
	c := &consoleLog{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return c
}

// errors returns the errors and exceptions seen so far.
func (c *consoleLog) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			out = append(out, m.String())
		}
	}
	return out
}

// state is what window.backpropLab.state() returns.
type state struct {
	Ready      bool     `json:"ready"`
	Step       int      `json:"step"`
	Stage      string   `json:"stage"`
	Sample     int      `json:"sample"`
	Label      int      `json:"label"`
	Prediction int      `json:"prediction"`
	Loss       *float64 `json:"loss"` // null while no forward pass has run (NaN)
	Frame      int      `json:"frame"`
	Draws      int      `json:"draws"`
	Paints     int      `json:"paints"`
	Running    bool     `json:"running"`
	LR         float64  `json:"lr"`
	Seed       float64  `json:"seed"`
	Message    string   `json:"message"`
	Buttons    []button `json:"buttons"`
	ReadyMs    float64  `json:"readyMs"`
	TickMs     float64  `json:"tickMs"`
	RenderMs   float64  `json:"renderMs"`
	UploadMs   float64  `json:"uploadMs"`
	PaintMs    float64  `json:"paintMs"`
	BudgetMs   float64  `json:"budgetMs"`
}

// button is one of state().buttons.
type button struct {
	Command    string `json:"command"`
	X, Y, W, H int
}

func (s state) loss() float64 {
	if s.Loss == nil {
		return math.NaN()
	}
	return *s.Loss
}

// tab wraps a chromedp tab context with the page's JS API.
type tab struct {
	t   testing.TB
	ctx context.Context
}

func (p tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](p tab, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func (p tab) state() state {
	p.t.Helper()
	return eval[state](p, `window.backpropLab.state()`)
}

// command runs window.backpropLab.command(args...) and returns what it
// returns: "" on success, else the error text.
func (p tab) command(args ...string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`String(window.backpropLab.command(%s) ?? "")`, strings.Join(args, ", ")))
}

// waitFrames waits until the game has run n more Updates than at frame.
func (p tab) waitFrames(frame, n int) {
	p.t.Helper()
	p.do(fmt.Sprintf("waiting for frame %d", frame+n), chromedp.Poll[chromedp.Void](
		fmt.Sprintf(`window.backpropLab.state().frame >= %d`, frame+n),
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
}

// open navigates a new tab of the browser to url at the given viewport,
// with console watching from the start.
func open(t testing.TB, bctx context.Context, w, h int64, setup ...chromedp.Action[chromedp.Void]) (tab, *consoleLog) {
	ctx, cancel := chromedp.NewContext(bctx)
	t.Cleanup(cancel)
	p := tab{t, ctx}
	console := watchConsole(ctx)
	p.do("viewport", chromedp.EmulateViewport(w, h, chromedp.EmulateScale(1)))
	p.do("setup", setup...)
	return p, console
}

// openReady opens url in a new tab (open) and waits until the Go program
// has started there (waitReady).
func openReady(t testing.TB, bctx context.Context, url string, w, h int64, setup ...chromedp.Action[chromedp.Void]) (tab, *consoleLog) {
	t.Helper()
	p, console := open(t, bctx, w, h, setup...)
	p.do("navigate", chromedp.Navigate(url))
	p.waitReady()
	return p, console
}

// waitReady waits until the Go program has run its first Update.
func (p tab) waitReady() {
	p.t.Helper()
	p.do("waiting for data-backprop-ready", chromedp.Poll[chromedp.Void](
		`document.documentElement.dataset.backpropReady === "1"`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
}

// screenshot takes a CDP screenshot (canvas.toDataURL is blank: ebiten does
// not preserve the drawing buffer), checks its size and that it is a
// picture rather than a blank or a flat screen, and saves it if
// BACKPROP_SHOTS is set.
func (p tab) screenshot(name string, w, h int) image.Image {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	if dir := os.Getenv("BACKPROP_SHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "shot-page-"+name+".png"), buf, 0o644); err != nil {
			p.t.Error(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		p.t.Errorf("screenshot %s is %v, want %d×%d", name, b.Size(), w, h)
	}
	colours := map[[3]uint32]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	// Heat maps in diverging and sequential colour maps, text and bars give
	// hundreds of colours; a black or white page, or a loader, a handful.
	if len(colours) < 200 {
		p.t.Errorf("screenshot %s has %d distinct colours, want a drawn page (at least 200)", name, len(colours))
	}
	return img
}

func (p tab) key(code, key string, vk int64) {
	p.t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		params := input.DispatchKeyEventParams{Type: typ, Code: code, Key: key, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if typ == input.DispatchKeyEventTypeKeyDown && len(key) == 1 {
			params.Text = key
		}
		p.do("key "+code, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, params)
			return err
		}))
		// ebiten reads input once per Update: a press and a release in the
		// same Update would never be seen.
		p.waitFrames(p.state().Frame, 2)
	}
}

// instantKey sends a key down and up back to back, as a fast typist or a
// tool does: nothing waits for a frame between them.
func (p tab) instantKey(code, key string, vk int64) {
	p.t.Helper()
	p.do("key "+code, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			params := input.DispatchKeyEventParams{Type: typ, Code: code, Key: key, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, params); err != nil {
				return err
			}
		}
		return nil
	}))
}

// touch taps (x, y) with one finger for 1 ms.
func (p tab) touch(x, y float64) {
	p.t.Helper()
	p.do("touch", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		pt := []*input.TouchPoint{{X: x, Y: y}}
		if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: pt}); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	}))
}

func (p tab) click(x, y float64) {
	p.t.Helper()
	for _, typ := range []input.DispatchMouseEventType{chromedp.MousePressed, chromedp.MouseReleased} {
		p.do("mouse", chromedp.MouseEvent(typ, x, y, chromedp.Button("left"), chromedp.ClickCount(1)))
		p.waitFrames(p.state().Frame, 2)
	}
}

// checkReadmeWeight checks that the page weight the README states is the
// one measured (within 10%, so that small changes need no edit).
func checkReadmeWeight(t *testing.T, weight int) {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Page weight: ([0-9.]+) MB gzipped`).FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README.md does not state "Page weight: … MB gzipped"`)
	}
	stated, _ := strconv.ParseFloat(string(m[1]), 64)
	measured := float64(weight) / 1e6
	t.Logf("page weight %.2f MB gzipped (README: %s MB)", measured, m[1])
	if math.Abs(measured-stated) > 0.1*measured {
		t.Errorf("README.md states a page weight of %s MB gzipped; it is %.2f MB: update it", m[1], measured)
	}
}

func TestBrowser(t *testing.T) {
	needChromium(t)
	dir := buildPage(t)
	url, h := serve(t, dir)
	checkReadmeWeight(t, h.Weight())
	bctx := browser(t)

	t.Run("page", func(t *testing.T) {
		p, console := open(t, bctx, 1280, 800)
		start := time.Now()
		p.do("navigate", chromedp.Navigate(url))
		p.waitReady()
		t.Logf("ready %v after navigation (the page's own clock: %.0f ms after navigation start)",
			time.Since(start).Round(time.Millisecond), p.state().ReadyMs)

		s0 := p.state()
		if !s0.Ready || s0.Step != 0 || s0.Sample != 0 {
			t.Fatalf("state after load = %+v, want ready at step 0 on sample 0", s0)
		}
		if math.IsNaN(s0.loss()) || s0.Prediction < 0 || s0.Prediction > 9 || s0.Label < 0 || s0.Label > 9 {
			t.Errorf("state after load = %+v, want the forward pass shown: a loss, a label and a prediction 0–9", s0)
		}

		// The JS API: two steps finish the first sample's step and train
		// on the next sample, whose loss differs.
		for i := range 2 {
			if msg := p.command(`"step"`); msg != "" {
				t.Fatalf(`command("step") = %q, want ""`, msg)
			}
			if s := p.state(); s.Step != s0.Step+i+1 {
				t.Fatalf("after %d × step: step %d, want %d", i+1, s.Step, s0.Step+i+1)
			}
		}
		s1 := p.state()
		if s1.Sample == s0.Sample || s1.loss() == s0.loss() || math.IsNaN(s1.loss()) {
			t.Errorf("after two steps: sample %d, loss %v; want the next sample and another finite loss than %v", s1.Sample, s1.loss(), s0.loss())
		}

		p.waitFrames(p.state().Frame, 3)
		p.screenshot("1280x800", 1280, 800)

		for _, tc := range []struct{ args, want string }{
			{`"fly"`, "unknown command"},
			{`"lr", 1000`, "too large"},
			{`"lr", "abc"`, "number"},
			{`"sample", 1e9`, "does not exist"},
		} {
			if msg := p.command(tc.args); !strings.Contains(msg, tc.want) {
				t.Errorf("command(%s) = %q, want an error mentioning %q", tc.args, msg, tc.want)
			}
		}
		if msg := p.command(`"lr", 0.03`); msg != "" || p.state().LR != 0.03 {
			t.Errorf(`command("lr", 0.03) = %q, lr %v; want "" and 0.03`, msg, p.state().LR)
		}
		p.command(`"stage-next"`) // starts the next step: its first stage
		before := p.state().Stage
		p.command(`"stage-next"`)
		if after := p.state().Stage; after == before {
			t.Errorf(`command("stage-next"): stage still %q`, after)
		}
		p.command(`"stage-prev"`)
		if after := p.state().Stage; after != before {
			t.Errorf(`stage-next then stage-prev: stage %q, want %q back`, after, before)
		}

		// The keyboard: ebiten focuses its canvas on a click; then Space
		// is one step. The click may land on a button, so pause after it
		// and count from there.
		p.click(640, 400)
		p.command(`"pause"`)
		k0 := p.state()
		p.key("Space", " ", 32)
		k1 := p.state()
		if k1.Step != k0.Step+1 {
			t.Errorf("after the Space key: step %d, want %d", k1.Step, k0.Step+1)
		}
		if k1.loss() == k0.loss() {
			t.Errorf("after the Space key: loss still %v", k1.loss())
		}

		// Running trains many steps without freezing the page: frames go on.
		// The address follows the moving sample at most once a second.
		eval[bool](p, `(() => { window.replaced = 0; const rs = history.replaceState.bind(history);
			history.replaceState = (...a) => { window.replaced++; return rs(...a); }; return true; })()`)
		p.command(`"run"`)
		r0 := p.state()
		p.waitFrames(r0.Frame, 30)
		if n := eval[int](p, `window.replaced`); n > 2 {
			t.Errorf("30 frames of running wrote the address %d times, want at most 2", n)
		}
		p.command(`"pause"`)
		p.waitFrames(p.state().Frame, 2)
		if addr := eval[string](p, `location.search`); !strings.Contains(addr, fmt.Sprintf("sample=%d", p.state().Sample)) {
			t.Errorf("paused on sample %d, the address is %q", p.state().Sample, addr)
		}
		if r1 := p.state(); r1.Step <= r0.Step+1 || r1.Draws <= r0.Draws {
			t.Errorf("30 frames of running: steps %d → %d, draws %d → %d; want both to advance", r0.Step, r1.Step, r0.Draws, r1.Draws)
		}

		// At full speed training goes on between frames, and the page keeps
		// drawing and answering.
		p.command(`"speed", "max"`)
		p.command(`"run"`)
		f0 := p.state()
		p.waitFrames(f0.Frame, 20)
		p.command(`"pause"`)
		if f1 := p.state(); f1.Step < f0.Step+40 || f1.Paints <= f0.Paints {
			t.Errorf("20 frames at full speed: steps %d → %d, paints %d → %d; want more than 2 steps a frame, and new pictures",
				f0.Step, f1.Step, f0.Paints, f1.Paints)
		}
		p.command(`"speed", "min"`)

		p.command(`"dismiss"`) // the message of the bad commands above
		p.do("portrait viewport", chromedp.EmulateViewport(768, 1024, chromedp.EmulateScale(1)))
		p.do("mouse away", chromedp.MouseEvent(chromedp.MouseMoved, 1, 1))
		p.waitFrames(p.state().Frame, 5)
		p.screenshot("768x1024", 768, 1024)

		for _, e := range console.errors() {
			t.Errorf("console: %s", e)
		}
	})

	t.Run("no WebGL2", func(t *testing.T) {
		// As in a browser without WebGL2 (or with it switched off): the
		// page must say so in words, and not start the program.
		noWebGL2 := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
				const getContext = HTMLCanvasElement.prototype.getContext;
				HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
					return kind === "webgl2" ? null : getContext.call(this, kind, ...rest);
				};`})
			return err
		})
		p, console := open(t, bctx, 1280, 800, noWebGL2)
		p.do("navigate", chromedp.Navigate(url))
		p.do("waiting for the message", chromedp.Poll[chromedp.Void](
			`document.getElementById("loader").classList.contains("error")`,
			chromedp.WithPollingTimeout(30*time.Second)))
		msg := eval[string](p, `document.getElementById("message").innerText`)
		if !strings.Contains(msg, "WebGL2") || !strings.Contains(msg, "cannot run") {
			t.Errorf("page text without WebGL2 = %q, want a message saying it cannot run without WebGL2", msg)
		}
		if started := eval[bool](p, `"backpropLab" in window`); started {
			t.Error("the Go program started without WebGL2")
		}
		for _, e := range console.errors() {
			t.Errorf("console: %s", e)
		}
	})

	t.Run("bad setting in the URL", func(t *testing.T) {
		// One bad value costs only its own setting, and is said on screen;
		// the address then follows the settings, and reloading it gives the
		// same lab.
		p, console := openReady(t, bctx, url+"/?lr=abc&seed=2&note=100%", 1280, 800)
		s := p.state()
		if s.Seed != 2 || s.LR != 0.01 || !strings.Contains(s.Message, `learning rate "abc" is not a number`) || !strings.Contains(s.Message, "using lr 0.01") {
			t.Errorf("?lr=abc&seed=2: seed %v, lr %v, message %q; want seed 2, lr 0.01 and a sentence about lr", s.Seed, s.LR, s.Message)
		}
		p.click(640, 300)
		p.command(`"pause"`)
		p.key("BracketRight", "]", 221)
		p.waitFrames(p.state().Frame, 2)
		addr := eval[string](p, `location.search`)
		if !strings.Contains(addr, "lr=0.03") || !strings.Contains(addr, "seed=2") || !strings.Contains(addr, "note=100%") {
			t.Errorf("after ]: the address is %q, want lr=0.03 and seed=2 in it, and the page's own note kept", addr)
		}
		before := p.state()
		p.do("reload", chromedp.Reload())
		p.waitReady()
		after := p.state()
		if after.LR != 0.03 || after.Seed != 2 || after.Step != before.Step || after.Sample != before.Sample || after.loss() != before.loss() {
			t.Errorf("reloaded %s: %+v, want the same lab as before, %+v", addr, after, before)
		}
		// command() answers undefined on success, as the README says; a seed
		// beyond what a JS number holds exactly is refused, not rounded.
		if kind := eval[string](p, `typeof window.backpropLab.command("pause")`); kind != "undefined" {
			t.Errorf(`typeof command("pause") = %q, want "undefined"`, kind)
		}
		if msg := p.command(`"reset", "9007199254740993"`); !strings.Contains(msg, "2⁵³") || p.state().Seed != 2 {
			t.Errorf(`command("reset", "9007199254740993") = %q, seed %v; want a sentence naming 2⁵³ and seed 2 kept`, msg, p.state().Seed)
		}
		for _, e := range console.errors() {
			t.Errorf("console: %s", e)
		}
	})

	t.Run("instant presses", func(t *testing.T) {
		// A press and a release with nothing between them (chromedp's and
		// CDP's own click, a 1 ms tap, a key down and up) act exactly once.
		p, console := openReady(t, bctx, url, 1280, 800)
		var step button
		for _, b := range p.state().Buttons {
			if b.Command == "step" {
				step = b
			}
		}
		if step.W == 0 {
			t.Fatal("state().buttons has no step button")
		}
		x, y := float64(step.X+step.W/2), float64(step.Y+step.H/2)
		want := p.state().Step
		for i := range 6 {
			p.do("click", chromedp.MouseClickXY(x, y))
			want++
			p.waitFrames(p.state().Frame, 3)
			if got := p.state().Step; got != want {
				t.Fatalf("instant click %d on Step: step %d, want %d", i+1, got, want)
			}
		}
		for i := range 6 {
			p.touch(x, y)
			want++
			p.waitFrames(p.state().Frame, 3)
			if got := p.state().Step; got != want {
				t.Fatalf("1 ms tap %d on Step: step %d, want %d", i+1, got, want)
			}
		}
		for i := range 6 {
			p.instantKey("Space", " ", 32)
			want++
			p.waitFrames(p.state().Frame, 3)
			if got := p.state().Step; got != want {
				t.Fatalf("instant Space %d: step %d, want %d", i+1, got, want)
			}
		}
		for _, e := range console.errors() {
			t.Errorf("console: %s", e)
		}
	})

	t.Run("four roads", func(t *testing.T) {
		// lr up by a key, a button, the JS API and the address: one state.
		var got []state
		for road := range 4 {
			p, _ := open(t, bctx, 1280, 800)
			addr := url
			if road == 3 {
				addr += "/?lr=0.03"
			}
			p.do("navigate", chromedp.Navigate(addr))
			p.waitReady()
			switch road {
			case 0:
				p.instantKey("BracketRight", "]", 221)
			case 1:
				for _, b := range p.state().Buttons {
					if b.Command == "lr up" {
						p.do("click", chromedp.MouseClickXY(float64(b.X+b.W/2), float64(b.Y+b.H/2)))
					}
				}
			case 2:
				p.command(`"lr", "up"`)
			}
			p.waitFrames(p.state().Frame, 3)
			p.command(`"step"`)
			got = append(got, p.state())
		}
		for i, s := range got {
			if s.LR != 0.03 || s.Step != 1 || s.loss() != got[0].loss() || s.Message != "" {
				t.Errorf("road %d (key, button, JS, address): lr %v, step %d, loss %v, message %q; want lr 0.03, step 1, loss %v",
					i, s.LR, s.Step, s.loss(), s.Message, got[0].loss())
			}
		}
	})

	t.Run("class mode", func(t *testing.T) { classBrowser(t, bctx, url) })

	t.Run("broken wasm", func(t *testing.T) {
		bad := t.TempDir()
		for _, name := range []string{"index.html", "wasm_exec.js"} {
			b, _ := os.ReadFile(filepath.Join(dir, name))
			os.WriteFile(filepath.Join(bad, name), b, 0o644)
		}
		os.WriteFile(filepath.Join(bad, "backproplab.wasm"), []byte("this is not WebAssembly"), 0o644)
		p, _ := open(t, bctx, 1280, 800)
		badURL, _ := serve(t, bad)
		p.do("navigate", chromedp.Navigate(badURL))
		p.do("waiting for the message", chromedp.Poll[chromedp.Void](
			`document.getElementById("loader").classList.contains("error")`,
			chromedp.WithPollingTimeout(30*time.Second)))
		if msg := eval[string](p, `document.getElementById("message").innerText`); !strings.Contains(msg, "could not start") {
			t.Errorf("page text with a broken wasm = %q, want a message that it could not start", msg)
		}
	})
}

// BenchmarkPage measures the page in headless Chromium (SwiftShader, DPR 1,
// 1280×800), from the page's own counters over 3 s: while running at the
// fastest speed, training steps per second, new pictures per second
// (paints/s), ebiten frames per second (frames/s: Draw calls, painting or
// not) and Updates per second; the frame rate when idle; and the paints
// per second when running at one step a frame, where every frame is new.
func BenchmarkPage(b *testing.B) {
	needChromium(b)
	url, _ := serve(b, buildPage(b))
	bctx := browser(b)
	p, console := openReady(b, bctx, url, 1280, 800)
	type sample struct {
		S state   `json:"s"`
		T float64 `json:"t"`
	}
	read := func() sample {
		return eval[sample](p, `({s: window.backpropLab.state(), t: performance.now()})`)
	}
	// Idle: nothing changes, so nothing is rendered; frames only repaint.
	time.Sleep(time.Second)
	i0 := read()
	time.Sleep(2 * time.Second)
	i1 := read()
	idleFPS := float64(i1.S.Draws-i0.S.Draws) / ((i1.T - i0.T) / 1000)

	// One step a frame (the default speed): every frame paints a new picture.
	p.command(`"run"`)
	time.Sleep(500 * time.Millisecond)
	d0 := read()
	time.Sleep(2 * time.Second)
	d1 := read()
	p.command(`"pause"`)
	stepFPS := float64(d1.S.Paints-d0.S.Paints) / ((d1.T - d0.T) / 1000)

	if msg := p.command(`"speed", "max"`); msg != "" {
		b.Fatalf(`command("speed", "max") = %q`, msg)
	}
	p.command(`"run"`)
	time.Sleep(time.Second) // let V8 tier up
	var steps, draws, paints, frames, secs float64
	for b.Loop() {
		a := read()
		time.Sleep(3 * time.Second)
		z := read()
		steps += float64(z.S.Step - a.S.Step)
		draws += float64(z.S.Draws - a.S.Draws)
		paints += float64(z.S.Paints - a.S.Paints)
		frames += float64(z.S.Frame - a.S.Frame)
		secs += (z.T - a.T) / 1000
	}
	// What the page shows after running at full speed (saved with
	// BACKPROP_SHOTS=DIR as shot-page-full-speed.png), then pause.
	p.screenshot("full-speed", 1280, 800)
	p.command(`"pause"`)
	b.ReportMetric(steps/secs, "steps/s")
	b.ReportMetric(paints/secs, "paints/s")
	b.ReportMetric(draws/secs, "frames/s")
	b.ReportMetric(frames/secs, "updates/s")
	b.ReportMetric(idleFPS, "idle-frames/s")
	b.ReportMetric(stepFPS, "1step-paints/s")
	last := read().S
	b.Logf("at full speed: Tick %.1f ms (budget %.1f ms), Render %.1f ms, upload %.1f ms, a whole paint %.1f ms",
		last.TickMs, last.BudgetMs, last.RenderMs, last.UploadMs, last.PaintMs)
	for _, e := range console.errors() {
		b.Errorf("console: %s", e)
	}
}
