//go:build js

package main

import (
	"encoding/base64"
	"image"
	"syscall/js"

	"backproplab/lab"
)

// The drawing pad's browser glue: the pointer's moves and release while it
// is held down (every position, the browser's coalesced ones too, so that
// a stroke loses nothing between frames), images opened with its file input, JSON for the JS API's strokes and images,
// and the pad's part of state().

// pressed notes the pointer that went down on the canvas.
func (d *domDevice) pressed(e js.Value) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.down, d.isDown = e.Get("pointerId").Int(), true
}

// held reports whether e is the pointer held down; release forgets it.
func (d *domDevice) held(e js.Value, release bool) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	ok := d.isDown && e.Get("pointerId").Int() == d.down
	if ok && release {
		d.isDown = false
	}
	return ok
}

func (g *Game) listenPad(dom *domDevice) {
	win := js.Global()
	doc := win.Get("document")
	at := func(e js.Value) image.Point {
		p, _ := canvasPoint(e)
		return p
	}
	move := js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if !dom.held(e, false) {
			return nil
		}
		if f := e.Get("getCoalescedEvents"); f.Type() == js.TypeFunction {
			if evs := e.Call("getCoalescedEvents"); evs.Length() > 0 {
				for i := 0; i < evs.Length(); i++ {
					dom.push(Event{At: at(evs.Index(i)), Kind: Move})
				}
				return nil
			}
		}
		dom.push(Event{At: at(e), Kind: Move})
		return nil
	})
	up := js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if dom.held(e, true) {
			dom.push(Event{At: at(e), Kind: Release})
		}
		return nil
	})
	capture := map[string]any{"capture": true}
	win.Call("addEventListener", "pointermove", move, capture)
	win.Call("addEventListener", "pointerup", up, capture)
	win.Call("addEventListener", "pointercancel", up, capture)

	// Images chosen with index.html's file input (#open-image); a dropped
	// file comes through ebiten's DroppedFiles (weights.go).
	chosen := js.FuncOf(func(this js.Value, args []js.Value) any {
		input := args[0].Get("target")
		if files := input.Get("files"); files.Length() > 0 {
			g.readFile(files.Index(0))
		}
		input.Set("value", "") // the same file may be chosen again
		return nil
	})
	if in := doc.Call("getElementById", "open-image"); in.Truthy() {
		in.Call("addEventListener", "change", chosen)
	}
	g.plat.funcs = append(g.plat.funcs, move, up, chosen)
}

// readFile reads a File from the page and puts it on the pad; one that is
// too large is refused before it is read.
func (g *Game) readFile(f js.Value) {
	name := f.Get("name").String()
	if size := f.Get("size").Float(); size > maxImageFile {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.refuse(imageTooLarge(name, size))
		return
	}
	var then, fail js.Func
	then = js.FuncOf(func(this js.Value, args []js.Value) any {
		defer then.Release()
		defer fail.Release()
		buf := win().Get("Uint8Array").New(args[0])
		data := make([]byte, buf.Length())
		js.CopyBytesToGo(data, buf)
		g.mu.Lock()
		defer g.mu.Unlock()
		g.openImage(name, data)
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		defer then.Release()
		defer fail.Release()
		g.mu.Lock()
		defer g.mu.Unlock()
		g.apply(lab.Command{Name: "say", Arg: name + " could not be read"})
		return nil
	})
	f.Call("arrayBuffer").Call("then", then, fail)
}

func win() js.Value { return js.Global() }

// jsonOf writes a JS array or object as JSON for the lab: an image's data
// that is a typed array as base64 (JSON.stringify would spell it as an
// object of indices), the rest by JSON.stringify.
func jsonOf(v js.Value) jsonText {
	if d := v.Get("data"); d.Type() == js.TypeObject && (d.InstanceOf(win().Get("Uint8Array")) || d.InstanceOf(win().Get("Uint8ClampedArray"))) {
		b := make([]byte, d.Length())
		js.CopyBytesToGo(b, d)
		o := win().Get("Object").Call("assign", win().Get("Object").New(), v)
		o.Set("data", base64.StdEncoding.EncodeToString(b))
		v = o
	}
	s := win().Get("JSON").Call("stringify", v)
	if s.Type() != js.TypeString {
		return ""
	}
	return jsonText(s.String())
}

// padUpdate tells the page which mode shows (<html data-backprop-mode="pad">),
// for index.html to show its file input on the pad only.
func (g *Game) padUpdate() {
	mode := g.lab.Status().Mode.String()
	if mode != g.plat.mode {
		g.plat.mode = mode
		js.Global().Get("document").Get("documentElement").Get("dataset").Set("backpropMode", mode)
	}
}

func init() {
	stateParts = append(stateParts, padState)
}

// padState adds the pad to state(): on the pad, prediction is the
// drawing's (null when empty) and probabilities its ŷ.
func padState(g *Game, m map[string]any) {
	s := g.lab.Status()
	p := g.lab.Pad()
	m["weights"] = s.Weights.String()
	if s.Mode != lab.ModePad {
		return
	}
	probs := make([]any, len(p.Yhat))
	for i, y := range p.Yhat {
		probs[i] = y
	}
	m["probabilities"] = probs
	if p.Empty {
		m["prediction"] = nil
	} else {
		m["prediction"] = p.Prediction
	}
	m["padLabel"] = p.Label
	m["padStrokes"] = len(p.Strokes)
	m["padImage"] = p.Image
	m["eraser"] = p.Eraser
	m["pen"] = p.Pen
	if p.Label >= 0 {
		before := make([]any, len(p.Before))
		for i, y := range p.Before {
			before[i] = y
		}
		m["probabilitiesBefore"] = before
	}
	if r := padRect(g); r != nil {
		m["pad"] = r
	}
}

// padRect is the pad's square on the canvas, in CSS pixels, for tests
// and course pages that draw with real pointer events.
func padRect(g *Game) map[string]any {
	r := g.view.PadRect()
	if r.Empty() {
		return nil
	}
	return map[string]any{"x": r.Min.X, "y": r.Min.Y, "w": r.Dx(), "h": r.Dy()}
}
