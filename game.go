package main

import (
	"image"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/assets"
	"backproplab/core"
	"backproplab/lab"
	"backproplab/viz"
)

// maxSide bounds the screen's logical size: beyond it ebiten scales the
// picture up rather than the app allocating an ever larger canvas.
const maxSide = 4096

// Game is the ebiten game. It owns the lab, the view (layout and
// rendering), the input, the frame pacing, one long-lived RGBA canvas and
// what of it the screen shows (uploader). Update changes state; Draw only
// paints.
type Game struct {
	// mu guards everything below against the page's JS API and DOM events,
	// whose calls arrive outside ebiten's Update and Draw.
	mu sync.Mutex

	lab   *lab.Lab
	view  *viz.View
	input *Input
	pace  pacer

	canvas *image.RGBA // what viz renders into, the layout's size
	w, h   int         // layout size, at least 1×1
	dirty  bool        // the canvas is out of date
	asked  bool        // input since the last paint: paint at the next frame

	// up sends the screen only the tiles of the canvas that changed.
	up uploader

	frame  int // Updates so far
	draws  int // Draws so far
	paints int // Draws that painted a new picture

	saved []byte // the weights file last saved, for the JS API to return

	plat platform // browser glue (main_js.go); empty on the desktop
	done lab.Asks // the copy-link and export asks carried out (share.go)
}

// NewGame builds the lab on the embedded MNIST subset and applies s's
// commands to it, then problems (settings that were refused, in words) as
// the message. dev is the input device; nil means the platform's own.
func NewGame(s lab.Settings, problems []error, dev Device) (*Game, error) {
	data, err := assets.Train()
	if err != nil {
		return nil, err
	}
	l, err := lab.New(core.MNIST, data)
	if err != nil {
		return nil, err
	}
	cfg, pre, err := assets.Pretrained()
	if err != nil {
		return nil, err
	}
	if err := l.UsePretrained(cfg, &pre); err != nil {
		return nil, err
	}
	test, err := assets.Test()
	if err != nil {
		return nil, err
	}
	if err := l.SetData(data, test); err != nil {
		return nil, err
	}
	l.SetPretrained(assets.PretrainedFile())
	g := &Game{
		lab:   l,
		view:  viz.NewView(core.MNIST),
		pace:  newPacer(time.Now),
		dirty: true,
	}
	var said []string
	for _, c := range s.Commands() {
		if err := l.Apply(c); err != nil {
			said = append(said, err.Error())
		}
	}
	for _, p := range problems {
		said = append(said, p.Error())
	}
	if len(said) > 0 {
		l.Apply(lab.Command{Name: "say", Arg: strings.Join(said, "; ")})
	}
	g.follow() // the address may have chosen another F and K
	if dev == nil {
		dev = g.platformDevice()
	}
	g.input = NewInput(dev)
	g.initPlatform()
	return g, nil
}

// apply carries out one command from any road, and asks for a new picture.
func (g *Game) apply(c lab.Command) error {
	g.dirty, g.asked = true, true
	err := g.lab.Apply(c)
	g.follow()
	g.carryOut()
	return err
}

// follow keeps the view made for the network's size (a new F or K lays
// every panel out afresh), and hands saved weights to the platform.
func (g *Game) follow() {
	if cfg := g.lab.Config(); cfg != g.view.Config() {
		g.view = viz.NewView(cfg)
		if g.w > 0 && g.h > 0 {
			g.view.Resize(g.w, g.h)
		}
	}
	if b := g.lab.Saved(); b != nil {
		g.saved = b
		if err := g.deliverWeights(g.lab.SavedName(), b); err != nil {
			g.lab.Apply(lab.Command{Name: "say", Arg: err.Error()})
		}
	}
}

// Update reads the input, applies its commands, and lets the lab train for
// this frame. It never draws.
func (g *Game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frame++
	for _, c := range g.input.Update(screenTarget{g}) {
		g.apply(c)
	}
	g.droppedWeights()
	if g.pace.train(g.lab, g.draws) {
		g.dirty = true
	}
	g.platformUpdate()
	return nil
}

// screenTarget is the view as Input sees it: a hover changes what the view
// shows, so it marks the canvas dirty (Input calls Hover only when the
// pointer moves or taps).
type screenTarget struct{ g *Game }

func (s screenTarget) HitButton(x, y int) (lab.Command, bool) { return s.g.view.HitButton(x, y) }

func (s screenTarget) PadAt(x, y int) (float64, float64, bool) { return s.g.view.PadAt(x, y) }
func (s screenTarget) CellAt(x, y int) (lab.Cell, bool)        { return s.g.view.CellAt(x, y) }

func (s screenTarget) Hover(x, y int) {
	s.g.view.Hover(x, y)
	s.g.dirty, s.g.asked = true, true
}

// Draw paints the canvas when something changed: viz renders it into the
// long-lived RGBA, and the tiles of it that differ from what the screen
// shows are written into the screen (uploader). Otherwise it paints
// nothing, and the screen keeps the last picture (main sets
// SetScreenClearedEveryFrame(false)); on a software GPU (SwiftShader, in a
// browser without a GPU) an unchanged frame is then nearly free, and a
// frame that changes costs what its changed tiles cost, and one present
// (see uploader). At full speed the pacer spaces the pictures out
// (pacer.shouldPaint).
func (g *Game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.draws++
	start := g.pace.drawn()
	if g.canvas == nil || !g.dirty || !g.pace.shouldPaint(start, g.lab.FullSpeed(), g.asked) {
		return
	}
	g.view.Render(g.canvas, g.lab)
	rendered := g.pace.now()
	g.canvas = g.up.send(screen, g.canvas)
	g.pace.painting(start, rendered, g.pace.now(), g.draws)
	g.dirty, g.asked = false, false
	g.paints++
}

// Layout makes the screen the window's size in logical pixels (so the
// view's cells stay crisp squares), at least 1×1 (a window can be resized
// to nothing) and at most maxSide a side. The canvas and the ebiten image
// are reallocated only when the size changes, and the old ones released.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	w := min(max(outsideWidth, 1), maxSide)
	h := min(max(outsideHeight, 1), maxSide)
	if w != g.w || h != g.h || g.canvas == nil {
		shrunk := 4*w*h < g.w*g.h
		g.w, g.h = w, h
		g.view.Resize(w, h)
		g.canvas = nil // before the new one: both at once may not fit
		g.up.resize()
		g.canvas = image.NewRGBA(image.Rect(0, 0, w, h))
		g.dirty = true
		if shrunk {
			// A window made huge and then small again would keep the huge
			// canvases' memory until the runtime's scavenger got to it,
			// minutes later: hand it back now, once.
			debug.FreeOSMemory()
		}
	}
	return w, h
}
