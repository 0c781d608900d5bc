package main

import (
	"fmt"
	"image"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/assets"
	"backproplab/core"
	"backproplab/viz"
)

// Options are the app's settings: flags on the desktop, the URL query in
// the browser (?seed=3&lr=0.03&sample=12).
type Options struct {
	Seed   uint64  // seed of the initial weights
	LR     float64 // learning rate
	Sample int     // first training digit shown
}

// DefaultOptions are the settings when none are given.
var DefaultOptions = Options{Seed: 1, LR: 0.01, Sample: 0}

// maxSide bounds the screen's logical size: beyond it ebiten scales the
// picture up rather than the app allocating an ever larger canvas.
const maxSide = 4096

// Game is the ebiten game. It owns the lab (network, training, settings),
// the view (layout and rendering), the input, one long-lived RGBA canvas
// and the one ebiten image it is copied into. Update changes state; Draw
// only paints.
type Game struct {
	// mu guards everything below against the page's JS API, whose calls
	// arrive outside ebiten's Update and Draw.
	mu sync.Mutex

	lab   *viz.Lab
	view  *viz.View
	input *Input

	canvas *image.RGBA   // what viz renders into, the layout's size
	img    *ebiten.Image // canvas on the GPU, written only when dirty
	w, h   int           // layout size, at least 1×1
	dirty  bool          // the canvas is out of date

	frame  int // Updates so far
	draws  int // Draws so far
	paints int // Draws that painted a new picture

	lastPaint time.Time // when the last paint began
	painted   bool      // the last Draw painted
	asked     bool      // input since the last paint: paint at the next frame

	// At full speed: budget is how long a frame trains, adjusted so that
	// frames keep to frameTarget; lastTrain is when the last frame's
	// training began, drawsAtTrain the Draw count then (ebiten may run two
	// Updates in one frame: only the first trains), and drawsAtPaint the
	// Draw count at the last paint.
	budget                     time.Duration
	lastTrain                  time.Time
	drawsAtTrain, drawsAtPaint int

	// trainBusy is the time spent training so far, and trainBusyAtPaint
	// its value at the last paint.
	trainBusy, trainBusyAtPaint time.Duration

	// Moving averages, in milliseconds, of the lab's Tick, the view's
	// Render, the upload (WritePixels and DrawImage) and a whole paint
	// (from the start of a painting Draw to the next Draw).
	tickMs, renderMs, uploadMs, paintMs float64

	plat platform // browser glue (main_js.go); empty on the desktop
}

// NewGame builds the lab on the embedded MNIST subset with opt's settings.
// dev is the input device; nil means ebiten's keyboard, mouse and touch.
// Bad settings are refused with an error that says what to change.
func NewGame(opt Options, dev Device) (*Game, error) {
	data, err := assets.Train()
	if err != nil {
		return nil, err
	}
	if opt.Sample < 0 || opt.Sample >= data.Len() {
		return nil, fmt.Errorf("settings: sample %d does not exist: choose one from 0 to %d", opt.Sample, data.Len()-1)
	}
	if err := core.ValidLR(opt.LR); err != nil {
		return nil, fmt.Errorf("settings: %v", err)
	}
	lab, err := viz.NewLab(core.MNIST, data, opt.Seed, opt.LR)
	if err != nil {
		return nil, err
	}
	if opt.Sample != 0 {
		if err := lab.SelectSample(opt.Sample); err != nil {
			return nil, err
		}
	}
	if dev == nil {
		dev = &ebitenDevice{}
	}
	g := &Game{
		lab:    lab,
		view:   viz.NewView(core.MNIST),
		input:  NewInput(dev),
		dirty:  true,
		budget: maxBudget / 2,
	}
	g.initPlatform()
	return g, nil
}

// fullSpeed reports whether the lab runs at its fastest setting, "as fast
// as the machine allows".
func (g *Game) fullSpeed() bool { return g.lab.Running() && g.lab.FullSpeed() }

// At full speed a frame trains for most of frameTarget, a frame of 30 Hz
// (two frames of a 60 Hz screen): frames come at 30 a second, and training
// has nearly all of each. maxBudget bounds the training of one frame, and
// frameSlack is how late a frame may begin and still count as on time.
const (
	frameTarget = time.Second / 30
	maxBudget   = 30 * time.Millisecond
	frameSlack  = 6 * time.Millisecond
)

// Update reads the input, applies its intents, and lets the lab train for
// this frame. It never draws.
func (g *Game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frame++
	for _, in := range g.input.Update(screenTarget{g}) {
		g.lab.Apply(in)
		g.dirty, g.asked = true, true
	}
	switch {
	case g.fullSpeed():
		g.trainFullSpeed()
	case g.lab.Running():
		// The lab counts steps per frame, within its default budget.
		start := time.Now()
		g.lab.SetFrameBudget(viz.DefaultFrameBudget)
		g.lab.Tick()
		g.trained(start)
	default:
		g.lastTrain = time.Time{}
	}
	g.platformUpdate()
	return nil
}

// trainFullSpeed trains for this frame's budget, once a frame. The budget
// follows the frames: it grows by 0.5 ms while frames begin on time (within
// frameTarget plus frameSlack of each other) and shrinks by 2 ms when one is
// late, between viz.DefaultFrameBudget and maxBudget. Frames that present a
// new picture are left out: ebiten presents the screen in the frame that
// paints and the three after it, which on a software GPU take far longer
// than any budget (see Draw).
func (g *Game) trainFullSpeed() {
	if g.draws == g.drawsAtTrain && !g.lastTrain.IsZero() {
		return // a second Update in the same frame, as ebiten catches up
	}
	now := time.Now()
	if !g.lastTrain.IsZero() && g.draws-g.drawsAtPaint > 4 {
		if now.Sub(g.lastTrain) <= frameTarget+frameSlack {
			g.budget += time.Millisecond / 2
		} else {
			g.budget -= 2 * time.Millisecond
		}
		g.budget = min(max(g.budget, viz.DefaultFrameBudget), maxBudget)
	}
	g.lastTrain, g.drawsAtTrain = now, g.draws
	g.lab.SetFrameBudget(g.budget)
	g.lab.Tick()
	g.trained(now)
}

// trained books a Tick that began at start.
func (g *Game) trained(start time.Time) {
	d := time.Since(start)
	g.trainBusy += d
	averageMs(&g.tickMs, d)
	g.dirty = true
}

// screenTarget is the view as Input sees it: a hover changes what the view
// shows, so it marks the canvas dirty (Input calls Hover only when the
// pointer moves or taps).
type screenTarget struct{ g *Game }

func (s screenTarget) HitButton(x, y int) (viz.Intent, bool) { return s.g.view.HitButton(x, y) }

func (s screenTarget) Hover(x, y int) {
	s.g.view.Hover(x, y)
	s.g.dirty, s.g.asked = true, true
}

// Draw paints the canvas when something changed: viz renders it into the
// long-lived RGBA, which is written into the one ebiten image and drawn.
// Otherwise it paints nothing, and the screen keeps the last picture (main
// sets SetScreenClearedEveryFrame(false)); on a software GPU (SwiftShader,
// in a browser without a GPU) an unchanged frame is then nearly free.
//
// At full speed the picture changes every frame, and painting, which costs
// little on a GPU but tens of milliseconds on a software one, would take
// the time that training needs. So at full speed Draw paints a new picture
// every paintInterval (30 a second on a GPU, one a second on a software
// one), and at the next frame after any input, so that a hover, a key or a
// button is answered at once.
func (g *Game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.draws++
	now := time.Now()
	if g.painted {
		// A paint's cost shows in how long the next frame waits for it,
		// less the time spent training meanwhile.
		cost := now.Sub(g.lastPaint) - (g.trainBusy - g.trainBusyAtPaint)
		averageMs(&g.paintMs, cost)
		g.painted = false
	}
	if g.img == nil || !g.dirty {
		return
	}
	if g.fullSpeed() && !g.asked && now.Sub(g.lastPaint) < g.paintInterval() {
		return
	}
	g.view.Render(g.canvas, g.lab)
	average(&g.renderMs, now)
	t := time.Now()
	g.img.WritePixels(g.canvas.Pix)
	g.dirty = false
	screen.DrawImage(g.img, nil)
	average(&g.uploadMs, t)
	g.paints++
	g.painted, g.asked, g.lastPaint = true, false, now
	g.trainBusyAtPaint, g.drawsAtPaint = g.trainBusy, g.draws
}

// paintInterval is the time between two new pictures at full speed: ten
// times what a paint costs, so that painting takes a tenth of the time or
// less, but at least 33 ms (30 pictures a second are plenty to watch
// training) and at most one second. ebiten presents the screen in the
// frame that paints and in the three after it (internal/ui's
// maxSkipCount), and in a browser without a GPU each present makes the
// page read the canvas back from SwiftShader (about 60–90 ms at 1280×800,
// on the main thread), so a paint there costs about four times what
// paintMs measures: one new picture a second then leaves training about
// two thirds of the time.
func (g *Game) paintInterval() time.Duration {
	d := time.Duration(10 * g.paintMs * float64(time.Millisecond))
	return min(max(d, 33*time.Millisecond), time.Second)
}

// average folds the time since start into the moving average *ms.
func average(ms *float64, start time.Time) { averageMs(ms, time.Since(start)) }

// averageMs folds d into the moving average *ms (milliseconds, over about
// the last 16 values).
func averageMs(ms *float64, d time.Duration) {
	v := float64(d.Microseconds()) / 1000
	if *ms == 0 {
		*ms = v
		return
	}
	*ms += (v - *ms) / 16
}

// Layout makes the screen the window's size in logical pixels (so the
// view's cells stay crisp squares), at least 1×1 (a window can be resized
// to nothing) and at most maxSide a side. The canvas and the ebiten image
// are reallocated only when the size changes.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	w := min(max(outsideWidth, 1), maxSide)
	h := min(max(outsideHeight, 1), maxSide)
	if w != g.w || h != g.h || g.img == nil {
		g.w, g.h = w, h
		g.view.Resize(w, h)
		g.canvas = image.NewRGBA(image.Rect(0, 0, w, h))
		if g.img != nil {
			g.img.Deallocate()
		}
		g.img = ebiten.NewImage(w, h)
		g.dirty = true
	}
	return w, h
}
