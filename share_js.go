//go:build js

package main

import (
	"encoding/json"
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

// export downloads <name>.json and <name>.png.
func (g *Game) export() string {
	name := g.lab.ExportName()
	data, err := g.lab.Trace()
	if err != nil {
		return "export: " + err.Error()
	}
	download(name+".json", "application/json", data)
	if pic, err := g.viewPNG(); err == nil {
		download(name+".png", "image/png", pic)
	}
	return "exported " + name + ".json and " + name + ".png (downloads)"
}

func download(name, mime string, data []byte) {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	opts := js.Global().Get("Object").New()
	opts.Set("type", mime)
	blob := js.Global().Get("Blob").New([]any{arr}, opts)
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
		m["linkNote"] = g.lab.LinkNote() // what url leaves out, "" if nothing
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
		obj := js.FuncOf(func(this js.Value, args []js.Value) any {
			g.mu.Lock()
			defer g.mu.Unlock()
			b, err := g.lab.Trace()
			if err != nil || !json.Valid(b) {
				return js.Null()
			}
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
