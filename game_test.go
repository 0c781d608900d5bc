package main

// The desktop smoke tests need live ebiten images, and so a running game and
// a display: make test runs them under Xvfb (xvfb-run -a go test ./...).
// TestMain starts a game whose first Update runs the tests and ends it.

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"math"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
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

// fakeDevice is input that a test scripts: presses for the next Update
// only, and a cursor.
type fakeDevice struct {
	evs    []Event
	cursor image.Point
	mouse  bool
}

func (d *fakeDevice) AppendEvents(evs []Event) []Event {
	evs = append(evs, d.evs...)
	d.evs = nil
	return evs
}

func (d *fakeDevice) Cursor() (image.Point, bool) { return d.cursor, d.mouse }

// press queues keys, by name, for the next Update.
func (d *fakeDevice) press(keys ...string) {
	for _, k := range keys {
		d.evs = append(d.evs, Event{Key: k})
	}
}

// tap queues a tap at p for the next Update.
func (d *fakeDevice) tap(p image.Point) { d.evs = append(d.evs, Event{At: p}) }

func newTestGame(t *testing.T, w, h int) (*Game, *fakeDevice) {
	t.Helper()
	return newGameAt(t, w, h, "")
}

// newGameAt is a game opened at an address's query.
func newGameAt(t *testing.T, w, h int, query string) (*Game, *fakeDevice) {
	t.Helper()
	dev := &fakeDevice{}
	s, problems := lab.ParseQuery(query)
	g, err := NewGame(s, problems, dev)
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
	loss0 := g.lab.Status().Loss

	dev.press("Space")
	update(t, g, 1)
	dev.press("Space")
	update(t, g, 1)
	if s := g.lab.Status().Step; s != 2 {
		t.Fatalf("after Space twice: step %d, want 2", s)
	}
	if l := g.lab.Status().Loss; l == loss0 || math.IsNaN(l) {
		t.Errorf("after two steps: loss %v, want another finite loss than %v", l, loss0)
	}

	dev.press("P")
	update(t, g, 10)
	if !g.lab.Running() || g.lab.Status().Step < 10 {
		t.Errorf("after P and 10 frames: running %v, step %d; want running, at least 10 steps", g.lab.Running(), g.lab.Status().Step)
	}
	dev.press("P")
	update(t, g, 1)
	steps := g.lab.Status().Step
	update(t, g, 5)
	if g.lab.Running() || g.lab.Status().Step != steps {
		t.Errorf("after P again: running %v, steps %d → %d; want paused", g.lab.Running(), steps, g.lab.Status().Step)
	}

	// → twice, then ←: back to the stage after the first →.
	dev.press("ArrowRight")
	update(t, g, 1)
	stage := g.lab.Stage()
	dev.press("ArrowRight")
	update(t, g, 1)
	if g.lab.Stage() == stage {
		t.Errorf("→ left the stage at %v", stage)
	}
	dev.press("ArrowLeft")
	update(t, g, 1)
	if g.lab.Stage() != stage {
		t.Errorf("→ → ←: stage %v, want %v", g.lab.Stage(), stage)
	}
}

// TestPressesInOneFrameAllAct: presses that arrive between two frames (a
// fast click and a key, as the DOM queues them) each act once, in order.
func TestPressesInOneFrameAllAct(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	step := buttonAt(t, g, lab.Do("step"))
	dev.tap(step)
	dev.press("Space")
	dev.tap(step)
	update(t, g, 1)
	if s := g.lab.Status().Step; s != 3 {
		t.Errorf("a tap, Space and a tap in one frame: step %d, want 3", s)
	}
	update(t, g, 2)
	if s := g.lab.Status().Step; s != 3 {
		t.Errorf("frames after: step %d, want still 3 (each press once)", s)
	}
}

// TestKeysGoToSample: digits typed on the top row or the keypad, then
// Enter, go to that sample without a step; 0 no longer resets; Backspace
// edits; Esc cancels; Enter with nothing typed steps.
func TestKeysGoToSample(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	dev.press("Space")
	update(t, g, 1)
	for _, keys := range [][]string{{"Digit1", "Numpad2"}, {"Digit9", "Backspace"}, {"Numpad0"}} {
		dev.press(keys...)
		update(t, g, 1)
	}
	if st := g.lab.Status(); !st.EntryOpen || st.Entry != "120" {
		t.Fatalf("after 1, keypad 2, 9, Backspace, keypad 0: entry %q open %v, want 120 open", st.Entry, st.EntryOpen)
	}
	if g.lab.Status().Step != 1 {
		t.Errorf("typing digits changed the step count to %d, want 1 (0 is not reset)", g.lab.Status().Step)
	}
	dev.press("Enter")
	update(t, g, 1)
	if st := g.lab.Status(); st.Sample != 120 || st.Step != 1 {
		t.Errorf("after 120 Enter: sample %d step %d, want sample 120 and no step", st.Sample, st.Step)
	}
	dev.press("Digit7", "Escape", "NumpadEnter")
	update(t, g, 1)
	// The step finishes the one that going to 120 began, on 120.
	if st := g.lab.Status(); st.EntryOpen || st.Sample != 120 || st.Step != 2 {
		t.Errorf("7 Esc keypad-Enter: entry open %v, sample %d, step %d; want closed, a step on 120", st.EntryOpen, st.Sample, st.Step)
	}
	dev.press("Digit9", "Digit9", "Digit9", "Digit9", "Digit9", "Enter")
	update(t, g, 1)
	if st := g.lab.Status(); st.Sample != 120 || st.Step != 2 || !strings.Contains(st.Message, "sample 99999 does not exist") {
		t.Errorf("99999 Enter: sample %d step %d message %q; want 120 kept, no step, and a message", st.Sample, st.Step, st.Message)
	}
}

func TestEveryKeyNameIsEbitens(t *testing.T) {
	for _, b := range append(lab.Bindings(), lab.Aliases()...) {
		var k ebiten.Key
		if err := k.UnmarshalText([]byte(b.Key)); err != nil || k.String() != b.Key {
			t.Errorf("key %q: ebiten reads it as %v (%v): the desktop would never send it", b.Key, k, err)
		}
	}
}

// buttonAt finds the button for c through the view's own hit-testing.
func buttonAt(t *testing.T, g *Game, c lab.Command) image.Point {
	t.Helper()
	for y := 0; y < g.h; y += 4 {
		for x := 0; x < g.w; x += 4 {
			if got, ok := g.view.HitButton(x, y); ok && got == c {
				return image.Pt(x, y)
			}
		}
	}
	t.Fatalf("no %v button on a %d×%d screen", c, g.w, g.h)
	return image.Point{}
}

// TestTapOnStepButton taps the step button as a mouse click or a touch
// would, and sees one step.
func TestTapOnStepButton(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	at := buttonAt(t, g, lab.Do("step"))
	dev.tap(at)
	update(t, g, 1)
	if s := g.lab.Status().Step; s != 1 {
		t.Errorf("after a tap on the step button at %v: step %d, want 1", at, s)
	}
	// A tap off the buttons hovers there and changes nothing else.
	dev.tap(image.Pt(1, 1))
	update(t, g, 1)
	if s := g.lab.Status().Step; s != 1 {
		t.Errorf("after a tap at (1, 1): step %d, want still 1", s)
	}
}

// snapshot is what a user can see of a lab's state: its settings, step,
// stage, loss and parameters.
type snapshot struct {
	settings lab.Settings
	step     int
	stage    string
	loss     float64
	params   [4]float64 // the sums of W, b, U, c
}

func snap(g *Game) snapshot {
	st := g.lab.Status()
	p := &g.lab.Net().Params
	var sums [4]float64
	for i, d := range [][]float64{p.W.Data, p.B.Data, p.U.Data, p.C.Data} {
		for _, v := range d {
			sums[i] += v
		}
	}
	return snapshot{g.lab.Settings(), st.Step, st.Stage.String(), st.Loss, sums}
}

// TestEveryRoadIsOneCommand: the same command from a key, a button, the JS
// API and the address leaves the lab in the same state.
func TestEveryRoadIsOneCommand(t *testing.T) {
	type road func(t *testing.T, g *Game, dev *fakeDevice)
	keys := func(k ...string) road {
		return func(t *testing.T, g *Game, dev *fakeDevice) { dev.press(k...); update(t, g, 1) }
	}
	button := func(c lab.Command, times int) road {
		return func(t *testing.T, g *Game, dev *fakeDevice) {
			at := buttonAt(t, g, c)
			for range times {
				dev.tap(at)
			}
			update(t, g, 1)
		}
	}
	js := func(name any, args ...any) road {
		return func(t *testing.T, g *Game, dev *fakeDevice) {
			c, err := commandOf(name, args...)
			if err == nil {
				err = g.apply(c)
			}
			if err != nil {
				t.Fatalf("command(%v, %v): %v", name, args, err)
			}
		}
	}
	for _, c := range []struct {
		name    string
		address string // "" where the address has no such setting
		roads   []road
	}{
		{"one step", "", []road{keys("Space"), button(lab.Do("step"), 1), js("step")}},
		{"lr up", "lr=0.03", []road{keys("BracketRight"), button(lab.Command{Name: "lr", Arg: "up"}, 1), js("lr", "up"), js("lr", 0.03)}},
		{"lr down twice", "lr=0.001", []road{keys("BracketLeft", "BracketLeft"), button(lab.Command{Name: "lr", Arg: "down"}, 2), js("lr", 0.001)}},
		{"speed max", "speed=max", []road{keys("Equal", "Equal", "Equal", "Equal", "Equal", "Equal", "Equal", "Equal", "Equal"), button(lab.Command{Name: "speed", Arg: "up"}, 9), js("speed", "max")}},
		{"sample 12", "sample=12", []road{keys("Digit1", "Digit2", "Enter"), js("sample", 12.0), js("sample", "12")}},
		{"scope map", "scope=map", []road{keys("S"), button(lab.Do("scope"), 1), js("scope"), js("scope", "map")}},
		{"seed 3", "seed=3", []road{js("reset", 3.0), js("seed", 3.0)}},
		{"a stage forward", "", []road{keys("ArrowRight"), button(lab.Do("stage-next"), 1), js("stage-next")}},
	} {
		var want *snapshot
		check := func(how string, g *Game) {
			got := snap(g)
			if want == nil {
				want = &got
				return
			}
			if got != *want {
				t.Errorf("%s by %s: %+v, want %+v", c.name, how, got, *want)
			}
		}
		for i, r := range c.roads {
			g, dev := newTestGame(t, 1280, 800)
			update(t, g, 1)
			r(t, g, dev)
			check(fmt.Sprintf("road %d", i), g)
		}
		if c.address != "" {
			g, _ := newGameAt(t, 1280, 800, c.address)
			update(t, g, 1)
			check("the address ?"+c.address, g)
		}
	}
}

// TestAddressIsTheSettings: the settings of a lab, written as an address
// and opened again, give the same lab; a bad value costs only its setting
// and is said on screen.
func TestAddressIsTheSettings(t *testing.T) {
	g, dev := newGameAt(t, 1280, 800, "lr=abc&seed=2")
	update(t, g, 1)
	st := g.lab.Status()
	if st.Seed != 2 || st.LR != lab.DefaultSettings.LR || !strings.Contains(st.Message, `"abc"`) {
		t.Errorf("?lr=abc&seed=2: seed %d, lr %v, message %q; want seed 2, the default lr and a sentence about lr", st.Seed, st.LR, st.Message)
	}
	dev.press("BracketRight", "Digit5", "Enter", "S")
	update(t, g, 1)
	q := g.lab.Settings().Values().Encode()
	h, _ := newGameAt(t, 1280, 800, q)
	update(t, h, 1)
	if a, b := snap(g), snap(h); a != b {
		t.Errorf("reopening ?%s: %+v, want %+v", q, b, a)
	}
	if v, _ := url.ParseQuery(q); v.Get("lr") != "0.03" || v.Get("sample") != "5" || v.Get("seed") != "2" || v.Get("scope") != "map" {
		t.Errorf("the address after ], 5 Enter, S is ?%s", q)
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

// TestResizedHugeAndBackReleasesMemory: a window made as large as it goes
// and then small again does not keep the large one's memory.
func TestResizedHugeAndBackReleasesMemory(t *testing.T) {
	g, _ := newTestGame(t, 1280, 800)
	update(t, g, 1)
	draw(t, g, 1280, 800)
	var small, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&small)
	w, h := g.Layout(8000, 8000)
	update(t, g, 1)
	draw(t, g, w, h)
	g.Layout(1280, 800)
	update(t, g, 1)
	draw(t, g, 1280, 800)
	runtime.ReadMemStats(&after)
	held := func(m *runtime.MemStats) uint64 { return m.HeapSys - m.HeapReleased }
	if grown := int64(held(&after)) - int64(held(&small)); grown > 64<<20 {
		t.Errorf("after 8000×8000 and back to 1280×800 the heap holds %d MB more than before (%d MB), want the large canvases released",
			grown>>20, held(&small)>>20)
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

func TestBadFlagsAreSaid(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in the problem or the error
	}{
		{[]string{"-lr", "5"}, "learning rate"},
		{[]string{"-lr", "NaN"}, "learning rate"},
		{[]string{"-lr", "abc"}, `learning rate "abc" is not a number`},
		{[]string{"-seed", "-3"}, `seed "-3" is not a whole number`},
		{[]string{"-sample", "two"}, `sample "two" is not a whole number`},
		{[]string{"-sample", "4000"}, "sample 4000 does not exist"},
		{[]string{"-fast"}, "flag provided but not defined: -fast"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		s, problems, err := parseFlags(tc.args, io.Discard)
		if err != nil {
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("flags %q: error %v, want one saying %q", tc.args, err, tc.want)
			}
			continue
		}
		g, err := NewGame(s, problems, &fakeDevice{})
		if err != nil {
			t.Fatal(err)
		}
		if msg := g.lab.Status().Message; !strings.Contains(msg, tc.want) {
			t.Errorf("flags %q: message %q, want it to say %q", tc.args, msg, tc.want)
		}
	}
	s, problems, err := parseFlags([]string{"-seed", "7", "-lr", "0.03", "-sample", "12"}, io.Discard)
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	g, err := NewGame(s, nil, &fakeDevice{})
	if err != nil {
		t.Fatal(err)
	}
	if st := g.lab.Status(); st.Seed != 7 || st.LR != 0.03 || st.Sample != 12 {
		t.Errorf("seed %d, lr %v, sample %d; want 7, 0.03, 12", st.Seed, st.LR, st.Sample)
	}
}

// TestReadmeListsEveryKey keeps the README's key table true to the key map.
func TestReadmeListsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range lab.Bindings() {
		if !strings.Contains(string(readme), "`"+b.Label+"`") {
			t.Errorf("README.md does not list the key `%s` (%s)", b.Label, b.Help)
		}
	}
}

// fakeClock makes every training step take stepTime, and the rest of a
// frame whatever the test adds to base: time that follows the work, not
// the machine, so that no test needs a quiet one.
type fakeClock struct {
	base     time.Time
	stepTime time.Duration
	lab      *lab.Lab
}

func (c *fakeClock) now() time.Time {
	return c.base.Add(time.Duration(c.lab.Status().Step) * c.stepTime)
}

// TestFullSpeedTrainsWithinTheBudget: at the fastest speed each frame
// trains for its budget and no longer, the budget grows while frames keep
// to frameTarget, new pictures are spaced out, and pausing stops it.
func TestFullSpeedTrainsWithinTheBudget(t *testing.T) {
	g, _ := newTestGame(t, 1280, 800)
	clock := &fakeClock{stepTime: 50 * time.Microsecond, lab: g.lab}
	g.pace.now = clock.now
	g.apply(lab.Command{Name: "speed", Arg: "max"})
	g.apply(lab.Do("run"))
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	update(t, g, 1)
	g.Draw(screen)
	paints := g.paints
	for range 40 {
		before := g.lab.Status().Step
		update(t, g, 1)
		if trained := time.Duration(g.lab.Status().Step-before) * clock.stepTime; trained > g.pace.budget+2*clock.stepTime {
			t.Fatalf("a frame trained %v, past its budget %v", trained, g.pace.budget)
		}
		g.Draw(screen)
		clock.base = clock.base.Add(4 * time.Millisecond) // drawing and the browser
	}
	if g.pace.budget <= lab.DefaultFrameBudget {
		t.Errorf("budget %v after 40 frames on time, want it grown past %v", g.pace.budget, lab.DefaultFrameBudget)
	}
	if n := g.paints - paints; n < 1 || n > 40/2 {
		t.Errorf("40 frames at full speed painted %d new pictures, want some but at most one in two", n)
	}
	g.apply(lab.Do("pause"))
	steps := g.lab.Status().Step
	update(t, g, 3)
	if g.lab.Status().Step != steps {
		t.Errorf("after pausing: steps %d → %d, want no training", steps, g.lab.Status().Step)
	}
}

// TestFullSpeedAnswersInput: at full speed new pictures are rationed, but a
// pointer move (a hover) is painted at the next frame.
func TestFullSpeedAnswersInput(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	clock := &fakeClock{stepTime: 50 * time.Microsecond, lab: g.lab}
	g.pace.now = clock.now
	g.apply(lab.Command{Name: "speed", Arg: "max"})
	g.apply(lab.Do("run"))
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	update(t, g, 1)
	g.Draw(screen)
	g.pace.paintMs = 100 // as on a software GPU: a new picture every second
	paints := g.paints
	update(t, g, 1)
	g.Draw(screen)
	if g.paints != paints {
		t.Fatalf("full speed, no input: paints %d → %d within %v, want none", paints, g.paints, g.pace.paintInterval())
	}
	dev.mouse, dev.cursor = true, image.Pt(300, 200)
	update(t, g, 1)
	g.Draw(screen)
	if g.paints != paints+1 {
		t.Errorf("full speed, after a pointer move: paints %d → %d, want one at once", paints, g.paints)
	}
}

// TestTapSelectsACell: a tap on a cell selects it, a second tap on it
// clears it; a tap off every cell and button clears a selection too.
func TestTapSelectsACell(t *testing.T) {
	g, dev := newTestGame(t, 1024, 768)
	update(t, g, 1)
	r := g.view.PanelRect(viz.QuantityZ)
	at := r.Min.Add(r.Max).Div(2)
	want, ok := g.view.CellAt(at.X, at.Y)
	for ; !ok && at.X < r.Max.X; at.X++ { // off the gaps between maps
		want, ok = g.view.CellAt(at.X, at.Y)
	}
	if !ok || want.Tensor != "Z" {
		t.Fatalf("no Z cell at the middle of Z's panel %v: %v %v", r, want, ok)
	}
	for i, w := range []lab.Cell{want, {}, want} {
		dev.tap(at)
		update(t, g, 1)
		if got := g.lab.Status().Selected; got != w {
			t.Errorf("tap %d on %v: selected %v, want %v", i+1, at, got, w)
		}
	}
	dev.tap(image.Pt(1, 1))
	update(t, g, 1)
	if got := g.lab.Status().Selected; got.Tensor != "" {
		t.Errorf("a tap at (1, 1): %v still selected", got)
	}
}

// TestCellCursorByKeys: Tab selects a cell in the next panel, Shift+Tab
// goes back, arrows move the cell while one is selected, Esc clears it,
// and then → is the stage key again.
func TestCellCursorByKeys(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	dev.press("Tab", "Tab", "Tab", ShiftTab, "ArrowRight", "ArrowDown")
	update(t, g, 1)
	// Tab Tab Tab: X, W, b; Shift+Tab: W's middle, W.12 (row 2, column 2 of a 5×5 filter).
	if got := g.lab.Status().Selected; got != (lab.Cell{Tensor: "W", Index: 12 + 1 + 5}) {
		t.Errorf("Tab Tab Tab Shift+Tab → ↓: selected %v, want W.18", got)
	}
	stage := g.lab.Status().Stage
	dev.press("Escape", "ArrowRight")
	update(t, g, 1)
	if st := g.lab.Status(); st.Selected.Tensor != "" || st.Stage != stage+1 {
		t.Errorf("Esc →: selected %v, stage %v; want none and %v", st.Selected, st.Stage, stage+1)
	}
}

// TestScreenShowsEveryChange: the screen is written only where a new
// picture differs from the last (uploader), and yet, frame after frame,
// while training runs at one step a frame, the pointer hovers over panels,
// a cell is selected, the stage moves and the window is resized, the
// screen shows exactly the picture the view rendered whole: no panel left
// stale. And most frames write only part of the screen.
func TestScreenShowsEveryChange(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	dev.mouse = true
	screen := ebiten.NewImage(1280, 800)
	defer func() { screen.Deallocate() }()
	shown := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	update(t, g, 1)
	g.apply(lab.Do("run"))
	partial, frames, sent, writes := 0, 0, 0, 0
	check := func(what string) {
		t.Helper()
		paints := g.paints
		g.Draw(screen)
		if g.paints == paints {
			return
		}
		frames++
		if g.up.sent < g.up.total {
			partial++
			sent += g.up.sent
			writes += g.up.writes
		}
		screen.ReadPixels(shown.Pix)
		if want := g.up.shown; !bytes.Equal(shown.Pix, want.Pix) {
			n := 0
			for i := 0; i < len(shown.Pix); i += 4 {
				if !bytes.Equal(shown.Pix[i:i+4], want.Pix[i:i+4]) {
					n++
				}
			}
			t.Fatalf("%s (frame %d, %d of %d tiles sent): the screen differs from the picture in %d pixels",
				what, frames, g.up.sent, g.up.total, n)
		}
	}
	z := g.view.PanelRect(viz.QuantityZ)
	for i := range 40 {
		switch {
		case i%5 == 0: // hover somewhere new: a tooltip comes and goes
			dev.cursor = image.Pt(z.Min.X+(i*37)%z.Dx(), z.Min.Y+(i*23)%z.Dy())
		case i == 12:
			dev.cursor = image.Pt(-1, -1)
		case i == 20:
			dev.tap(z.Min.Add(z.Max).Div(2))
		case i == 30:
			dev.press("ArrowRight")
		}
		update(t, g, 1)
		check(fmt.Sprintf("running, frame %d", i))
	}
	g.apply(lab.Do("pause"))
	update(t, g, 1)
	check("paused")
	// A new size: ebiten makes a new screen, which starts blank.
	g.Layout(1024, 768)
	screen.Deallocate()
	screen = ebiten.NewImage(1024, 768)
	shown = image.NewRGBA(image.Rect(0, 0, 1024, 768))
	update(t, g, 1)
	check("resized")
	dev.press("Space")
	update(t, g, 1)
	check("stepped after the resize")
	if frames < 40 {
		t.Errorf("%d frames painted a new picture, want at least 40", frames)
	}
	if partial < frames/2 {
		t.Errorf("%d of %d new pictures wrote only part of the screen, want most", partial, frames)
	} else {
		t.Logf("%d of %d new pictures wrote part of the screen: %.0f tiles of 500 in %.0f writes on average",
			partial, frames, float64(sent)/float64(partial), float64(writes)/float64(partial))
	}
}
