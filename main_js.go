//go:build js

package main

import (
	"image"
	"io"
	"log"
	"net/url"
	"strings"
	"sync"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/lab"
)

// platform is the browser glue: the JS API's functions and the DOM's event
// listeners (kept, so that they stay valid), the events they queue, whether
// the page has been told that the program runs, and the address as last
// written.
type platform struct {
	ready   bool
	readyMs float64 // performance.now() at the first Update
	funcs   []js.Func

	shown lab.Settings // the settings the address shows
	extra string       // the address's own pairs that are not settings, kept as they were
	url   string       // the address as last written
	// urlFrame is the frame of the last write.
	urlFrame int

	dom  *domDevice
	mode string // the mode the page was last told of (main_js_pad.go)

	data  dataLoad  // all of MNIST arriving (main_js_data.go)
	speak announcer // the screen reader's live region (main_js_access.go)

	// canvas is what the page's WebGL2 context was made with, once it
	// exists: it cannot change after, and asking the DOM for it was a third
	// of each state()'s time.
	canvas any
}

// platformSettings reads the settings from the page's address: ?seed=3&lr=0.03.
// A value that cannot be used is one of the problems; it never fails.
func platformSettings([]string, io.Writer) (lab.Settings, []error, error) {
	search := strings.TrimPrefix(js.Global().Get("location").Get("search").String(), "?")
	s, problems := lab.ParseQuery(search)
	return s, problems, nil
}

// fatal shows err on the page, in words (index.html's backpropLabFailed),
// then prints it and exits with status 1.
func fatal(err error) {
	if f := js.Global().Get("backpropLabFailed"); f.Type() == js.TypeFunction {
		f.Invoke("Backprop Lab could not run: " + err.Error())
	}
	log.Fatal(err)
}

// platformDevice is the DOM's own events for presses (ebiten polls its
// input once a frame, so a click, tap or key whose press and release fall
// between two frames would be lost) and ebiten's cursor for hovering.
func (g *Game) platformDevice() Device {
	g.plat.dom = &domDevice{}
	return g.plat.dom
}

// domDevice queues the DOM's keydown and pointerdown events as they come,
// and hands them to Input once a frame.
type domDevice struct {
	mu     sync.Mutex
	queued []Event
	down   int  // the pointerId held down on the canvas (main_js_pad.go)
	isDown bool // whether one is
	touch  bool // the last press was a finger or a pen: there is no pointer to hover
	pinch  pinch
}

// finger plays a finger's change on the canvas to the pinch recogniser
// (which AppendEvents asks once a frame, and finger before a release),
// and reports whether t is a second finger's press (the start of a
// pinch, not a tap).
func (d *domDevice) finger(t Touch) (second bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	second, e, ok := d.pinch.follow(t)
	if ok && len(d.queued) < maxQueued {
		d.queued = append(d.queued, e)
	}
	return second
}

// fingersDown reports whether a finger pressed on the canvas is down.
func (d *domDevice) fingersDown() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pinch.n > 0
}

// canvasPoint is where the pointer event e is on the canvas, in CSS
// pixels from its top left; false if there is no canvas.
func canvasPoint(e js.Value) (image.Point, bool) {
	canvas := js.Global().Get("document").Call("querySelector", "canvas")
	if !canvas.Truthy() {
		return image.Point{}, false
	}
	r := canvas.Call("getBoundingClientRect")
	return image.Pt(int(e.Get("clientX").Float()-r.Get("left").Float()), int(e.Get("clientY").Float()-r.Get("top").Float())), true
}

// settle queues the pinch the fingers complete, if any; d.mu is held.
func (d *domDevice) settle() {
	if e, ok := d.pinch.settle(); ok && len(d.queued) < maxQueued {
		d.queued = append(d.queued, e)
	}
}

// maxQueued bounds the queue: a page in a background tab gets no frames
// but may still get events. A stroke's moves come a few a frame.
const maxQueued = 1024

func (d *domDevice) push(e Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.queued) < maxQueued {
		d.queued = append(d.queued, e)
	}
}

func (d *domDevice) AppendEvents(evs []Event) []Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.settle()
	evs = append(evs, d.queued...)
	d.queued = d.queued[:0]
	return evs
}

func (d *domDevice) Cursor() (image.Point, bool) {
	d.mu.Lock()
	touch := d.touch
	d.mu.Unlock()
	if touch {
		// A tap selects (Input's pick); the mouse events a browser makes up
		// after it must not leave a tooltip hovering where the finger was.
		return image.Pt(-1, -1), true
	}
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y), true
}

// listen adds the DOM listeners that feed dom: keys by their code (KeyP →
// P, as ebiten names keys), without repeats and without Ctrl, Alt or Meta
// (Ctrl+R reloads the page, it does not reset the lab); pointer presses (a
// mouse's left button, a touch, a pen) at their place on ebiten's canvas,
// in CSS pixels, which are the game's logical pixels.
func (g *Game) listen(dom *domDevice) {
	win := js.Global()
	key := js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("repeat").Bool() || e.Get("ctrlKey").Bool() || e.Get("altKey").Bool() || e.Get("metaKey").Bool() {
			return nil
		}
		if t := e.Get("target"); t.Truthy() && !t.Get("closest").IsUndefined() &&
			!t.Call("closest", "#controls, button, input, select, textarea, a, [contenteditable]").IsNull() {
			return nil // the page's own controls take their keys (Space presses a focused button, Tab moves on)
		}
		code := e.Get("code").String()
		if k, ok := strings.CutPrefix(code, "Key"); ok && len(k) == 1 {
			code = k
		}
		if code == "Tab" {
			e.Call("preventDefault") // the cell cursor's key, not the browser's focus
			if e.Get("shiftKey").Bool() {
				code = ShiftTab
			}
		}
		dom.push(Event{Key: code})
		return nil
	})
	pointer := js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("pointerType").String() == "mouse" && e.Get("button").Int() != 0 {
			return nil
		}
		if e.Get("target").Call("closest", "canvas").IsNull() {
			return nil // a press on the page's own controls, not on the lab
		}
		at, ok := canvasPoint(e)
		if !ok {
			return nil
		}
		dom.mu.Lock()
		dom.touch = e.Get("pointerType").String() != "mouse"
		dom.mu.Unlock()
		if e.Get("isPrimary").Bool() {
			dom.mu.Lock()
			dom.pinch = pinch{} // no other finger is down, whatever was missed (a release off the page)
			dom.mu.Unlock()
		}
		if e.Get("pointerType").String() == "touch" && dom.finger(Touch{e.Get("pointerId").Int(), at, Press}) {
			return nil // a second finger: a pinch begins (listenPinch), not a tap
		}
		dom.push(Event{At: at})
		dom.pressed(e)
		return nil
	})
	capture := map[string]any{"capture": true}
	win.Call("addEventListener", "keydown", key, capture)
	win.Call("addEventListener", "pointerdown", pointer, capture)
	g.plat.funcs = append(g.plat.funcs, key, pointer)
	g.listenPad(dom)
	g.listenPinch(dom)
}

// listenPinch follows the fingers that went down on the canvas, wherever
// they move, for the pinch recogniser (gesture.go): the pointer listener
// above plays it their presses.
func (g *Game) listenPinch(dom *domDevice) {
	win := js.Global()
	follow := func(kind EventKind) js.Func {
		return js.FuncOf(func(this js.Value, args []js.Value) any {
			e := args[0]
			if e.Get("pointerType").String() != "touch" || !dom.fingersDown() {
				return nil // no finger pressed on the canvas to follow
			}
			if p, ok := canvasPoint(e); ok {
				dom.finger(Touch{e.Get("pointerId").Int(), p, kind})
			}
			return nil
		})
	}
	move, up := follow(Move), follow(Release)
	capture := map[string]any{"capture": true}
	win.Call("addEventListener", "pointermove", move, capture)
	win.Call("addEventListener", "pointerup", up, capture)
	win.Call("addEventListener", "pointercancel", up, capture)
	g.plat.funcs = append(g.plat.funcs, move, up)
}

// initPlatform exposes the JS API for course pages and tests, and listens
// to the DOM's input:
//
//	window.backpropLab.state()   → {ready, step, stage, sample, label, prediction, loss, url, …}
//	window.backpropLab.command(name, ...args) → undefined, or a sentence saying what was wrong
func (g *Game) initPlatform() {
	g.plainCanvas()
	if g.plat.dom != nil {
		g.listen(g.plat.dom)
	}
	search := strings.TrimPrefix(js.Global().Get("location").Get("search").String(), "?")
	g.plat.extra = otherPairs(search)
	g.plat.shown = lab.DefaultSettings
	state := js.FuncOf(func(this js.Value, args []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.jsState()
	})
	command := js.FuncOf(func(this js.Value, args []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		c, err := jsCommand(args)
		if err == nil {
			err = g.apply(c)
		}
		if err != nil {
			return err.Error()
		}
		if c.Name == "save-weights" {
			return bytesToJS(g.saved)
		}
		return js.Undefined()
	})
	g.plat.funcs = append(g.plat.funcs, state, command)
	api := js.Global().Get("Object").New()
	api.Set("state", state)
	api.Set("command", command)
	for _, part := range jsParts {
		part(g, api)
	}
	js.Global().Set("backpropLab", api)
}

// plainCanvas asks for ebiten's WebGL2 context without antialiasing,
// alpha, depth or stencil, before ebiten asks for it (RunGame, after
// NewGame). ebiten asks with the defaults but for stencil, and so gets a
// multisampled canvas with an alpha channel, a depth and a stencil buffer.
// It only ever draws one opaque, axis-aligned picture into it, which comes
// out the same without any of them; and in headless Chromium with software
// WebGL (SwiftShader), every frame that changes the picture makes the page
// wait, on its main thread, for all of the frame's GPU work and then read
// the canvas back for its compositor: a multisampled canvas has to be
// resolved first, and a translucent one blended (measured with web's
// BenchmarkPageStep and a Chromium trace: GLES2::ReadPixels). The canvas
// the page holds is ebiten's (it adds the page's only <canvas> in its
// init); the attributes it got are state().canvas.
func (g *Game) plainCanvas() {
	canvas := js.Global().Get("document").Call("querySelector", "canvas")
	if !canvas.Truthy() {
		return
	}
	getContext := canvas.Get("getContext")
	f := js.FuncOf(func(this js.Value, args []js.Value) any {
		a := make([]any, len(args))
		for i, v := range args {
			a[i] = v
		}
		if len(args) > 0 && args[0].String() == "webgl2" {
			attr := js.Global().Get("Object").New()
			if len(args) > 1 && args[1].Type() == js.TypeObject {
				js.Global().Get("Object").Call("assign", attr, args[1])
			}
			attr.Set("antialias", false)
			attr.Set("alpha", false)
			attr.Set("depth", false)
			attr.Set("stencil", false)
			a = append(a[:1], attr)
		}
		return getContext.Call("apply", this, js.Global().Get("Array").Call("of", a...))
	})
	g.plat.funcs = append(g.plat.funcs, f)
	canvas.Set("getContext", f)
}

// platformUpdate tells the page, on the first Update, that the program runs
// (<html data-backprop-ready="1">, which hides the loader), and keeps the
// address a link to what is on screen: when a setting changes, the address
// follows (history.replaceState, so the back button is not filled).
func (g *Game) platformUpdate() {
	g.dataUpdate()
	if !g.plat.ready {
		g.plat.ready = true
		g.plat.readyMs = js.Global().Get("performance").Call("now").Float()
		js.Global().Get("document").Get("documentElement").Get("dataset").Set("backpropReady", "1")
	}
	g.padUpdate()
	// While training runs the sample moves every step: the address follows
	// at most once a second then (browsers throttle replaceState called
	// every frame, and it costs a frame's time), and at once when it stops.
	// Only the address waits: the parts below (the screen reader's
	// announcements among them) run every frame.
	if g.lab.Running() && g.frame-g.plat.urlFrame < 60 {
		// the address waits
	} else if s := g.lab.Settings(); s != g.plat.shown || g.plat.url == "" {
		g.plat.shown, g.plat.urlFrame = s, g.frame
		loc := js.Global().Get("location")
		q := s.Values().Encode()
		if g.plat.extra != "" {
			q += "&" + g.plat.extra
		}
		g.plat.url = loc.Get("pathname").String() + "?" + q + loc.Get("hash").String()
		js.Global().Get("history").Call("replaceState", js.Null(), "", g.plat.url)
	}
	for _, part := range updateParts {
		part(g)
	}
}

// updateParts run at the end of every platformUpdate: each part of the
// page with work of its own per frame registers one, in its own file.
var updateParts []func(g *Game)

// otherPairs is the pairs of an address's query that are not settings, as
// they were written, for the address to keep.
func otherPairs(query string) string {
	names := lab.DefaultSettings.Values()
	var keep []string
	for _, pair := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
		k, _, _ := strings.Cut(pair, "=")
		if key, err := url.QueryUnescape(k); err == nil && names.Has(key) {
			continue
		}
		keep = append(keep, pair)
	}
	return strings.Join(keep, "&")
}

// jsCommand turns command(name, ...args) into a lab Command (commandOf).
func jsCommand(args []js.Value) (lab.Command, error) {
	if len(args) == 0 {
		return commandOf(nil)
	}
	vals := make([]any, len(args))
	for i, a := range args {
		switch a.Type() {
		case js.TypeNumber:
			vals[i] = a.Float()
		case js.TypeString:
			vals[i] = a.String()
		case js.TypeBoolean:
			vals[i] = a.Bool()
		case js.TypeObject:
			if b, ok := jsBytes(a); ok {
				vals[i] = string(b) // a file's bytes, such as load-weights takes
			} else {
				vals[i] = jsonOf(a) // strokes, an image: JSON text (main_js_pad.go)
			}
		}
		// Anything else (an object, undefined) stays nil: refused in words.
	}
	return commandOf(vals[0], vals[1:]...)
}

// jsParts add their own functions to window.backpropLab, each from its
// own file.
var jsParts []func(g *Game, api js.Value)

// stateParts add their own fields to state(): each part of the app with
// state of its own (a mode's, the data's) registers one, in its own file.
var stateParts []func(g *Game, m map[string]any)

// canvasAttributes is what the page's WebGL2 context was made with
// (antialias, alpha: plainCanvas), or null before it exists.
func (g *Game) canvasAttributes() any {
	if g.plat.canvas == nil {
		g.plat.canvas = askCanvasAttributes()
	}
	return g.plat.canvas
}

func askCanvasAttributes() any {
	canvas := js.Global().Get("document").Call("querySelector", "canvas")
	if !canvas.Truthy() {
		return nil
	}
	gl := canvas.Call("getContext", "webgl2")
	if !gl.Truthy() {
		return nil
	}
	a := gl.Call("getContextAttributes")
	return map[string]any{"antialias": a.Get("antialias").Bool(), "alpha": a.Get("alpha").Bool()}
}

// jsState is the lab's state as a JS object. A loss or accuracy that does
// not exist yet is NaN (null in JSON).
func (g *Game) jsState() any {
	m := g.baseState()
	for _, part := range stateParts {
		part(g, m)
	}
	return m
}

func (g *Game) baseState() map[string]any {
	s := g.lab.Status()
	p := &g.pace
	var buttons []any
	for _, b := range g.view.Buttons() {
		buttons = append(buttons, map[string]any{
			"command": b.Command.String(), "label": b.Label,
			"x": b.Rect.Min.X, "y": b.Rect.Min.Y, "w": b.Rect.Dx(), "h": b.Rect.Dy(),
		})
	}
	return map[string]any{
		"buttons":    buttons,
		"ready":      g.plat.ready,
		"step":       s.Step,
		"stage":      s.Stage.String(),
		"stageIndex": int(s.Stage),
		"sample":     s.Sample,
		"label":      s.Label,
		"prediction": s.Prediction,
		"loss":       s.Loss,
		"accuracy":   s.Accuracy,
		"running":    s.Running,
		"speed":      s.Speed.Word(),
		"lr":         s.LR,
		"seed":       float64(s.Seed), // at most 2⁵³: exact
		"scope":      s.Scope.String(),
		"mode":       s.Mode.String(),
		"presenter":  s.Presenter,
		"message":    s.Message,
		"died":       s.Died,
		"url":        js.Global().Get("location").Get("origin").String() + g.plat.url,
		"frame":      g.frame,
		"draws":      g.draws,
		"paints":     g.paints,
		"fps":        ebiten.ActualFPS(),
		"tps":        ebiten.ActualTPS(),
		"readyMs":    g.plat.readyMs,
		"tickMs":     p.tickMs,
		"renderMs":   p.renderMs,
		"uploadMs":   p.uploadMs,
		"paintMs":    p.paintMs,
		"budgetMs":   float64(p.budget.Microseconds()) / 1000,
		"tilesSent":  g.up.sent,
		"tiles":      g.up.total,
		"writes":     g.up.writes,
		"canvas":     g.canvasAttributes(),
	}
}
