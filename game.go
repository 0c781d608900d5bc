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

	// lastUpdate is when the last Update began, lastTick how long its
	// training took; trainBusy is the time spent training so far, and
	// trainBusyAtPaint its value at the last paint.
	lastUpdate                  time.Time
	lastTick                    time.Duration
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
		lab:   lab,
		view:  viz.NewView(core.MNIST),
		input: NewInput(dev),
		dirty: true,
	}
	g.initPlatform()
	return g, nil
}

// fullSpeed reports whether the lab runs at its fastest setting, "as fast
// as the machine allows".
func (g *Game) fullSpeed() bool { return g.lab.Running() && g.lab.Speed() == "max" }

// maxBudget bounds the training time of one frame at full speed, so that
// input is answered within a few frames even on a slow machine.
const maxBudget = 30 * time.Millisecond

// Update reads the input, applies its intents, and lets the lab train for
// this frame. It never draws.
func (g *Game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frame++
	for _, in := range g.input.Update(screenTarget{g}) {
		g.lab.Apply(in)
		g.dirty = true
	}
	now := time.Now()
	if g.lab.Running() {
		// At full speed, train about as long as the rest of the frame took
		// (painting, the browser's compositing, waiting for the screen),
		// so that rendering never takes more than half of the time;
		// between viz.DefaultFrameBudget and maxBudget. At the other
		// speeds the lab counts steps per frame within its default budget.
		budget := viz.DefaultFrameBudget
		if g.fullSpeed() && !g.lastUpdate.IsZero() {
			rest := now.Sub(g.lastUpdate) - g.lastTick
			budget = min(max(rest, viz.DefaultFrameBudget), maxBudget)
		}
		g.lab.SetFrameBudget(budget)
		g.lab.Tick()
		g.lastTick = time.Since(now)
		g.trainBusy += g.lastTick
		averageMs(&g.tickMs, g.lastTick)
		g.dirty = true
	} else {
		g.lastTick = 0
	}
	g.lastUpdate = now
	g.platformUpdate()
	return nil
}

// screenTarget is the view as Input sees it: a hover changes what the view
// shows, so it marks the canvas dirty (Input calls Hover only when the
// pointer moves or taps).
type screenTarget struct{ g *Game }

func (s screenTarget) HitButton(x, y int) (viz.Intent, bool) { return s.g.view.HitButton(x, y) }

func (s screenTarget) Hover(x, y int) {
	s.g.view.Hover(x, y)
	s.g.dirty = true
}

// Draw paints the canvas when something changed: viz renders it into the
// long-lived RGBA, which is written into the one ebiten image and drawn.
// Otherwise it paints nothing, and the screen keeps the last picture (main
// sets SetScreenClearedEveryFrame(false)); on a software GPU (SwiftShader,
// in a browser without a GPU) an unchanged frame is then nearly free.
//
// At full speed the picture changes every frame, and painting, which costs
// little on a GPU but tens of milliseconds on a software one, would take
// the time that training needs. So at full speed Draw paints at most every
// paintInterval: about 30 times a second on a GPU, less where a paint costs
// more (down to 4), so that training keeps most of the time.
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
	if g.fullSpeed() && now.Sub(g.lastPaint) < g.paintInterval() {
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
	g.painted, g.lastPaint, g.trainBusyAtPaint = true, now, g.trainBusy
}

// paintInterval is the shortest time between two paints at full speed:
// twice what a paint costs, so that painting takes at most half of the
// time, but at least 33 ms (30 pictures a second are plenty to watch
// training) and at most 250 ms (fewer than 4 would look frozen).
func (g *Game) paintInterval() time.Duration {
	d := time.Duration(2 * g.paintMs * float64(time.Millisecond))
	return min(max(d, 33*time.Millisecond), 250*time.Millisecond)
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
