//go:build js

package main

import (
	"syscall/js"
)

// copyLink puts the link to what is shown on the clipboard (where the
// browser allows it) and on the message line.
func (g *Game) copyLink() string {
	loc := js.Global().Get("location")
	link := loc.Get("origin").String() + loc.Get("pathname").String() + g.query()
	if clip := js.Global().Get("navigator").Get("clipboard"); clip.Truthy() {
		clip.Call("writeText", link)
		return "link copied: " + link
	}
	return "link (copy it from here or the address bar): " + link
}

// export downloads <name>.json and <name>.png, the picture encoded by the
// browser (a canvas's toBlob), so that the wasm does not carry Go's PNG
// encoder.
func (g *Game) export() string {
	name := g.lab.ExportName()
	data, err := g.lab.Trace()
	if err != nil {
		return "export: " + err.Error()
	}
	download(name+".json", "application/json", data)
	pic := g.viewImage() // opaque: premultiplied or not, the same bytes
	w, h := pic.Rect.Dx(), pic.Rect.Dy()
	canvas := js.Global().Get("document").Call("createElement", "canvas")
	canvas.Set("width", w)
	canvas.Set("height", h)
	ctx := canvas.Call("getContext", "2d")
	img := ctx.Call("createImageData", w, h)
	js.CopyBytesToJS(img.Get("data"), pic.Pix)
	ctx.Call("putImageData", img, 0, 0)
	var done js.Func
	done = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer done.Release()
		if blob := args[0]; blob.Truthy() {
			downloadBlob(name+".png", blob)
		}
		return nil
	})
	canvas.Call("toBlob", done, "image/png")
	return "exported " + name + ".json and " + name + ".png (downloads)"
}

func download(name, mime string, data []byte) {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	opts := js.Global().Get("Object").New()
	opts.Set("type", mime)
	downloadBlob(name, js.Global().Get("Blob").New([]any{arr}, opts))
}

func downloadBlob(name string, blob js.Value) {
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := js.Global().Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Call("click")
	js.Global().Get("URL").Call("revokeObjectURL", url)
}

func init() {
	stateParts = append(stateParts, func(g *Game, m map[string]any) {
		st := g.lab.Status()
		m["steps"] = st.Steps
		m["linkNote"] = g.lab.LinkNote()   // what url leaves out, "" if nothing
		m["replaying"] = g.lab.Replaying() // a link's run, or waiting for the digits it needs
	})
}

// trace() in the JS API: the step shown, as backprop trace writes it,
// parsed (JSON.parse of the same bytes); traceText() is the bytes.
func init() {
	jsParts = append(jsParts, func(g *Game, api js.Value) {
		text := js.FuncOf(func(this js.Value, args []js.Value) any {
			g.mu.Lock()
			defer g.mu.Unlock()
			b, err := g.lab.Trace()
			if err != nil {
				return err.Error()
			}
			return string(b)
		})
		obj := js.FuncOf(func(this js.Value, args []js.Value) (v any) {
			g.mu.Lock()
			defer g.mu.Unlock()
			b, err := g.lab.Trace()
			if err != nil {
				return js.Null()
			}
			defer func() {
				if recover() != nil { // JSON.parse threw: not JSON
					v = js.Null()
				}
			}()
			return js.Global().Get("JSON").Call("parse", string(b))
		})
		traceCase := js.FuncOf(func(this js.Value, args []js.Value) any {
			g.mu.Lock()
			defer g.mu.Unlock()
			return string(g.lab.TraceCase())
		})
		g.plat.funcs = append(g.plat.funcs, text, obj, traceCase)
		api.Set("trace", obj)
		api.Set("traceText", text)
		api.Set("traceCase", traceCase)
	})
}

// choose opens a file chooser, index.html's file input for k (#open-weights,
// whose file comes back as load-weights; #open-image, whose image comes back
// as image). Browsers open one only within a few seconds of a click, a tap
// or a key (the button's press is one); without it, the message says what
// works.
func (g *Game) choose(k fileKind) string {
	in := js.Global().Get("document").Call("getElementById", k.input)
	if !in.Truthy() {
		return "this page has no file chooser: drop " + k.what + " on the page to open it"
	}
	if ua := js.Global().Get("navigator").Get("userActivation"); ua.Truthy() && !ua.Get("isActive").Bool() {
		return "the browser opens a file chooser only right after a click, a tap or a key: press the button again, or drop " + k.what + " on the page"
	}
	in.Call("click")
	return "choose " + k.what + ", or drop one on the page"
}
