package main

// The desktop smoke tests need live ebiten images, and so a running game and
// a display: make test runs them under Xvfb (xvfb-run -a go test ./...).
// TestMain starts a game whose first Update runs the tests and ends it.

import (
	"image"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/viz"
)

func TestMain(m *testing.M) {
	r := &testRunner{m: m}
	if err := ebiten.RunGameWithOptions(r, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		panic(err)
	}
	os.Exit(r.code)
}

type testRunner struct {
	m    *testing.M
	code int
	done bool
}

func (r *testRunner) Update() error {
	if !r.done {
		r.done = true
		r.code = r.m.Run()
	}
	return ebiten.Termination
}

func (r *testRunner) Draw(*ebiten.Image)         {}
func (r *testRunner) Layout(w, h int) (int, int) { return 64, 48 }

// fakeDevice is input that a test scripts: keys and taps for the next
// Update only, and a cursor.
type fakeDevice struct {
	keys   []ebiten.Key
	taps   []image.Point
	cursor image.Point
	mouse  bool
}

func (d *fakeDevice) AppendJustPressedKeys(keys []ebiten.Key) []ebiten.Key {
	keys = append(keys, d.keys...)
	d.keys = nil
	return keys
}

func (d *fakeDevice) AppendTaps(taps []image.Point) []image.Point {
	taps = append(taps, d.taps...)
	d.taps = nil
	return taps
}

func (d *fakeDevice) Cursor() (image.Point, bool) { return d.cursor, d.mouse }

func newTestGame(t *testing.T, w, h int) (*Game, *fakeDevice) {
	t.Helper()
	dev := &fakeDevice{}
	g, err := NewGame(DefaultOptions, dev)
	if err != nil {
		t.Fatal(err)
	}
	if gw, gh := g.Layout(w, h); gw != w || gh != h {
		t.Fatalf("Layout(%d, %d) = %d, %d, want the window's size", w, h, gw, gh)
	}
	return g, dev
}

func update(t *testing.T, g *Game, n int) {
	t.Helper()
	for range n {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
}

// draw draws g onto a screen of its layout size and returns the pixels.
func draw(t *testing.T, g *Game, w, h int) *image.RGBA {
	t.Helper()
	screen := ebiten.NewImage(w, h)
	defer screen.Deallocate()
	g.Draw(screen)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	screen.ReadPixels(img.Pix)
	return img
}

func distinctColours(img *image.RGBA) int {
	seen := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}

func TestGameDrawsTheLab(t *testing.T) {
	for _, size := range []image.Point{{1280, 800}, {768, 1024}} {
		g, _ := newTestGame(t, size.X, size.Y)
		update(t, g, 3)
		img := draw(t, g, size.X, size.Y)
		// Heat maps, legends, bars and text: hundreds of colours. A blank
		// or flat screen has a handful.
		if n := distinctColours(img); n < 200 {
			t.Errorf("%v: Draw painted %d distinct colours, want a drawn lab (at least 200)", size, n)
		}
	}
}

func TestKeysStepAndRun(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	loss0 := g.lab.Loss()

	dev.keys = []ebiten.Key{ebiten.KeySpace}
	update(t, g, 1)
	dev.keys = []ebiten.Key{ebiten.KeySpace}
	update(t, g, 1)
	if s := g.lab.Steps(); s != 2 {
		t.Fatalf("after Space twice: step %d, want 2", s)
	}
	if l := g.lab.Loss(); l == loss0 || math.IsNaN(l) {
		t.Errorf("after two steps: loss %v, want another finite loss than %v", l, loss0)
	}

	run := keyFor(t, viz.IntentRunToggle)
	dev.keys = []ebiten.Key{run}
	update(t, g, 10)
	if !g.lab.Running() || g.lab.Steps() < 10 {
		t.Errorf("after %v and 10 frames: running %v, step %d; want running, at least 10 steps", run, g.lab.Running(), g.lab.Steps())
	}
	dev.keys = []ebiten.Key{run}
	update(t, g, 1)
	steps := g.lab.Steps()
	update(t, g, 5)
	if g.lab.Running() || g.lab.Steps() != steps {
		t.Errorf("after %v again: running %v, steps %d → %d; want paused", run, g.lab.Running(), steps, g.lab.Steps())
	}

	// → twice, then ←: back to the stage after the first →.
	dev.keys = []ebiten.Key{ebiten.KeyArrowRight}
	update(t, g, 1)
	stage := g.lab.Stage()
	dev.keys = []ebiten.Key{ebiten.KeyArrowRight}
	update(t, g, 1)
	if g.lab.Stage() == stage {
		t.Errorf("→ left the stage at %v", stage)
	}
	dev.keys = []ebiten.Key{ebiten.KeyArrowLeft}
	update(t, g, 1)
	if g.lab.Stage() != stage {
		t.Errorf("→ → ←: stage %v, want %v", g.lab.Stage(), stage)
	}
}

// TestKeysGoToSample: digits typed on the top row or the keypad, then
// Enter, go to that sample without a step; 0 no longer resets; Backspace
// edits; Esc cancels; Enter with nothing typed steps.
func TestKeysGoToSample(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	dev.keys = []ebiten.Key{ebiten.KeySpace}
	update(t, g, 1)
	for _, keys := range [][]ebiten.Key{
		{ebiten.KeyDigit1, ebiten.KeyNumpad2},
		{ebiten.KeyDigit9, ebiten.KeyBackspace},
		{ebiten.KeyNumpad0},
	} {
		dev.keys = keys
		update(t, g, 1)
	}
	if d, open := g.lab.Entry(); !open || d != "120" {
		t.Fatalf("after 1, keypad 2, 9, Backspace, keypad 0: entry %q open %v, want 120 open", d, open)
	}
	if g.lab.Steps() != 1 {
		t.Errorf("typing digits changed the step count to %d, want 1 (0 is not reset)", g.lab.Steps())
	}
	dev.keys = []ebiten.Key{ebiten.KeyEnter}
	update(t, g, 1)
	if g.lab.Sample() != 120 || g.lab.Steps() != 1 {
		t.Errorf("after 120 Enter: sample %d step %d, want sample 120 and no step", g.lab.Sample(), g.lab.Steps())
	}
	dev.keys = []ebiten.Key{ebiten.KeyDigit7, ebiten.KeyEscape, ebiten.KeyNumpadEnter}
	update(t, g, 1)
	// The step finishes the one that going to 120 began, on 120.
	if _, open := g.lab.Entry(); open || g.lab.Sample() != 120 || g.lab.Steps() != 2 {
		t.Errorf("7 Esc keypad-Enter: entry open %v, sample %d, step %d; want closed, a step on 120", open, g.lab.Sample(), g.lab.Steps())
	}
	dev.keys = []ebiten.Key{ebiten.KeyDigit9, ebiten.KeyDigit9, ebiten.KeyDigit9, ebiten.KeyDigit9, ebiten.KeyDigit9, ebiten.KeyEnter}
	update(t, g, 1)
	if g.lab.Sample() != 120 || g.lab.Steps() != 2 || !strings.Contains(g.lab.Message(), "sample 99999 does not exist") {
		t.Errorf("99999 Enter: sample %d step %d message %q; want 120 kept, no step, and a message", g.lab.Sample(), g.lab.Steps(), g.lab.Message())
	}
}

// keyFor is the key that viz.Bindings gives intent.
func keyFor(t *testing.T, intent viz.Intent) ebiten.Key {
	t.Helper()
	for _, b := range viz.Bindings() {
		if b.Intent == intent {
			var k ebiten.Key
			if err := k.UnmarshalText([]byte(b.Key)); err != nil {
				t.Fatal(err)
			}
			return k
		}
	}
	t.Fatalf("no key for %v", intent)
	return 0
}

func TestEveryBindingAndAliasReachesTheLab(t *testing.T) {
	in := NewInput(&fakeDevice{})
	for _, b := range viz.Bindings() {
		var k ebiten.Key
		if err := k.UnmarshalText([]byte(b.Key)); err != nil {
			t.Fatalf("binding %q: %v", b.Key, err)
		}
		if got := in.keymap[k]; got != b.Intent {
			t.Errorf("key %s gives %v, want %v", b.Key, got, b.Intent)
		}
	}
	for k, want := range aliases {
		if got := in.keymap[k]; got != want && !bound(k) {
			t.Errorf("alias %s gives %v, want %v", k, got, want)
		}
	}
}

func bound(k ebiten.Key) bool {
	for _, b := range viz.Bindings() {
		if strings.EqualFold(b.Key, k.String()) {
			return true
		}
	}
	return false
}

// TestTapOnStepButton finds the step button through the view's own
// hit-testing, taps it as a mouse click or a touch would, and sees one step.
func TestTapOnStepButton(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	var at image.Point
	found := false
	for y := 0; y < 800 && !found; y += 4 {
		for x := 0; x < 1280 && !found; x += 4 {
			if in, ok := g.view.HitButton(x, y); ok && in == viz.IntentStep {
				at, found = image.Pt(x, y), true
			}
		}
	}
	if !found {
		t.Fatal("no step button on a 1280×800 screen")
	}
	dev.taps = []image.Point{at}
	update(t, g, 1)
	if s := g.lab.Steps(); s != 1 {
		t.Errorf("after a tap on the step button at %v: step %d, want 1", at, s)
	}
	// A tap off the buttons hovers there and changes nothing else.
	dev.taps = []image.Point{{1, 1}}
	update(t, g, 1)
	if s := g.lab.Steps(); s != 1 {
		t.Errorf("after a tap at (1, 1): step %d, want still 1", s)
	}
}

// TestResizedToNothing: a window can be resized to 0×0 (or minimised); the
// game keeps a 1×1 screen, keeps running, and draws again when it grows.
func TestResizedToNothing(t *testing.T) {
	g, _ := newTestGame(t, 1280, 800)
	update(t, g, 1)
	for _, size := range []image.Point{{0, 0}, {0, 500}, {-3, 7}, {1, 1}, {2, 2}} {
		w, h := g.Layout(size.X, size.Y)
		if w < 1 || h < 1 {
			t.Fatalf("Layout(%d, %d) = %d, %d, want at least 1×1", size.X, size.Y, w, h)
		}
		update(t, g, 2)
		draw(t, g, w, h)
	}
	w, h := g.Layout(1280, 800)
	update(t, g, 1)
	if n := distinctColours(draw(t, g, w, h)); n < 200 {
		t.Errorf("grown back to 1280×800: %d distinct colours, want a drawn lab", n)
	}
	if w, h := g.Layout(100000, 100000); w > maxSide || h > maxSide {
		t.Errorf("Layout(100000, 100000) = %d, %d, want at most %d a side", w, h, maxSide)
	}
}

// TestIdleFramesAllocateNothing: when nothing changes, Update and Draw make
// no images and copy no pixels (the canvas is not dirty).
func TestIdleFramesAllocateNothing(t *testing.T) {
	g, _ := newTestGame(t, 1280, 800)
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	update(t, g, 1)
	g.Draw(screen)
	allocs := testing.AllocsPerRun(20, func() {
		g.Update()
		g.Draw(screen)
	})
	if allocs > 2 {
		t.Errorf("an idle frame allocates %.0f times, want none of its own", allocs)
	}
	if g.dirty {
		t.Error("an idle frame left the canvas dirty")
	}
}

func TestBadSettingsAreRefusedInWords(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-lr", "5"}, "learning rate"},
		{[]string{"-lr", "NaN"}, "learning rate"},
		{[]string{"-lr", "0"}, "learning rate"},
		{[]string{"-lr", "abc"}, "lr=abc is not a number"},
		{[]string{"-seed", "-3"}, "seed=-3 is not a whole number"},
		{[]string{"-sample", "two"}, "sample=two is not a whole number"},
		{[]string{"-sample", "-1"}, "sample -1 does not exist"},
		{[]string{"-sample", "4000"}, "sample 4000 does not exist"},
		{[]string{"-fast"}, "fast is not defined: the settings are seed, lr and sample"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		opt, err := parseOptions(tc.args, io.Discard)
		if err == nil {
			_, err = NewGame(opt, &fakeDevice{})
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %q: error %v, want one saying %q", tc.args, err, tc.want)
		}
	}
	opt, err := parseOptions([]string{"-seed", "7", "-lr", "0.03", "-sample", "12"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGame(opt, &fakeDevice{})
	if err != nil {
		t.Fatal(err)
	}
	if g.lab.Seed() != 7 || g.lab.LR() != 0.03 || g.lab.Sample() != 12 {
		t.Errorf("seed %d, lr %v, sample %d; want 7, 0.03, 12", g.lab.Seed(), g.lab.LR(), g.lab.Sample())
	}
}

// TestReadmeListsEveryKey keeps the README's key table true to the key map.
func TestReadmeListsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range viz.Bindings() {
		if !strings.Contains(string(readme), "`"+b.Label+"`") {
			t.Errorf("README.md does not list the key `%s` (%s)", b.Label, b.Help)
		}
	}
}

// TestFullSpeedTrains: at the fastest speed each frame trains for its
// budget (frames here take 20 ms of "painting" besides, and keep within
// frameTarget, so the budget grows), and paints at most every
// paintInterval; pausing stops the training.
func TestFullSpeedTrains(t *testing.T) {
	g, _ := newTestGame(t, 1280, 800)
	for range 20 {
		g.lab.Apply(viz.IntentSpeedUp)
	}
	g.lab.Apply(viz.IntentRun)
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	start := time.Now()
	for range 10 {
		update(t, g, 1)
		g.Draw(screen)
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	if g.trainBusy < elapsed/4 {
		t.Errorf("full speed trained %v of %v, want at least a quarter", g.trainBusy, elapsed)
	}
	if g.lab.Steps() < 50 || g.paints < 1 || g.paints > 10 {
		t.Errorf("10 frames at full speed: %d steps, %d paints; want at least 50 steps and 1 to 10 paints", g.lab.Steps(), g.paints)
	}
	g.lab.Apply(viz.IntentPause)
	steps := g.lab.Steps()
	update(t, g, 3)
	if g.lab.Steps() != steps {
		t.Errorf("after pausing: steps %d → %d, want no training", steps, g.lab.Steps())
	}
}

// TestFullSpeedAnswersInput: at full speed new pictures are rationed, but a
// pointer move (a hover) is painted at the next frame.
func TestFullSpeedAnswersInput(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	g.lab.Apply(viz.IntentRun)
	for range 20 {
		g.lab.Apply(viz.IntentSpeedUp)
	}
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	g.paintMs = 100 // as on a software GPU: a new picture every second
	update(t, g, 1)
	g.Draw(screen)
	paints := g.paints
	update(t, g, 1)
	g.Draw(screen)
	if g.paints != paints {
		t.Fatalf("full speed, no input: paints %d → %d within %v, want none", paints, g.paints, g.paintInterval())
	}
	dev.mouse, dev.cursor = true, image.Pt(300, 200)
	update(t, g, 1)
	g.Draw(screen)
	if g.paints != paints+1 {
		t.Errorf("full speed, after a pointer move: paints %d → %d, want one at once", paints, g.paints)
	}
}
