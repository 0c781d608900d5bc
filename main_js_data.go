//go:build js

package main

import (
	"bytes"
	"fmt"
	"syscall/js"

	"backproplab/core"
)

// The browser's part of data and weights: all of MNIST fetched after the
// start (index.html's fetchMNIST, which the browser unpacks), copied into
// Go a slice a frame and handed to the lab without losing the run; the
// weights as a download; and the run's fields of state().

// dataLoad is the state of all of MNIST arriving.
type dataLoad struct {
	phase  int         // loadWaiting, loadCopying, loadDone
	files  [4]js.Value // train images, train labels, test images, test labels
	bufs   [4][]byte
	file   int // the file being copied
	at     int // bytes of it copied
	shown  string
	failed bool
}

const (
	loadWaiting = iota
	loadCopying
	loadParsing
	loadDone
)

// copyPerFrame is how many bytes a frame copies from JavaScript: about
// 2 ms of copying in wasm, so no frame is held up.
const copyPerFrame = 4 << 20

// dataUpdate moves the loading of all of MNIST on by one frame's worth.
func (g *Game) dataUpdate() {
	d := &g.plat.data
	if d.phase == loadDone {
		return
	}
	src := js.Global().Get("backpropLabData")
	if !src.Truthy() {
		return
	}
	embedded := fmt.Sprintf("training on the %s embedded digits", grouped(g.lab.Status().Samples))
	switch d.phase {
	case loadWaiting:
		if e := src.Get("error").String(); e != "" {
			d.phase, d.failed = loadDone, true
			g.say(fmt.Sprintf("all of MNIST could not be loaded (%s): %s", e, embedded))
			return
		}
		files := src.Get("files")
		if files.IsNull() || files.IsUndefined() {
			if total := src.Get("total").Float(); total > 0 {
				// In tenths: each new message is a new picture, which costs
				// a software GPU some 100 ms.
				tenth := int(10 * src.Get("loaded").Float() / total)
				g.say(fmt.Sprintf("loading all of MNIST: %d%% of %.0f MB (%s until then)", 10*tenth, total/1e6, embedded))
			} else {
				g.say("loading all of MNIST (" + embedded + " until then)")
			}
			return
		}
		for i := range d.files {
			d.files[i] = files.Index(i)
			d.bufs[i] = make([]byte, d.files[i].Get("byteLength").Int())
		}
		d.phase = loadCopying
		fallthrough
	case loadCopying:
		for budget := copyPerFrame; budget > 0 && d.file < len(d.files); {
			f, buf := d.files[d.file], d.bufs[d.file]
			n := min(budget, len(buf)-d.at)
			js.CopyBytesToGo(buf[d.at:d.at+n], f.Call("subarray", d.at, d.at+n))
			d.at += n
			budget -= n
			if d.at == len(buf) {
				d.file, d.at = d.file+1, 0
			}
		}
		if d.file < len(d.files) {
			return
		}
		d.phase = loadParsing
		src.Set("files", js.Null()) // the browser may free its copy
		g.say("reading all of MNIST…")
	case loadParsing:
		d.phase = loadDone
		train, err := core.ReadDataset(bytes.NewReader(d.bufs[0]), bytes.NewReader(d.bufs[1]))
		if err == nil {
			var test *core.Dataset
			if test, err = core.ReadDataset(bytes.NewReader(d.bufs[2]), bytes.NewReader(d.bufs[3])); err == nil {
				err = g.lab.SetData(train, test)
			}
		}
		d.bufs = [4][]byte{}
		if err != nil {
			d.failed = true
			g.say(fmt.Sprintf("all of MNIST could not be used (%v): %s", err, embedded))
			return
		}
		g.say(fmt.Sprintf("all of MNIST (%s + %s digits)", grouped(g.lab.Status().Samples), grouped(g.lab.Status().Run.TestSize)))
	}
}

// say sets the data's message when it changes, and asks for a new picture.
func (g *Game) say(s string) {
	if d := &g.plat.data; s != d.shown {
		d.shown = s
		g.lab.SetDataMessage(s)
		g.dirty = true
	}
}

// deliverWeights offers a saved weights file as a download.
func (g *Game) deliverWeights(name string, b []byte) error {
	doc := js.Global().Get("document")
	arr := bytesToJS(b)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": "application/octet-stream"})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	js.Global().Call("setTimeout", js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		return nil
	}), 10000)
	return nil
}

func bytesToJS(b []byte) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	return arr
}

// jsBytes reads a Uint8Array or an ArrayBuffer.
func jsBytes(v js.Value) ([]byte, bool) {
	if v.InstanceOf(js.Global().Get("ArrayBuffer")) {
		v = js.Global().Get("Uint8Array").New(v)
	}
	if !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return nil, false
	}
	b := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(b, v)
	return b, true
}

func init() {
	stateParts = append(stateParts, func(g *Game, m map[string]any) {
		s := g.lab.Status()
		r := s.Run
		var acc any // null until measured
		if a := r.TestAccuracy; a-a == 0 {
			acc = a
		}
		m["trainSize"] = r.TrainSize
		m["testSize"] = r.TestSize
		m["testAccuracy"] = acc
		m["testStep"] = r.TestStep
		m["testN"] = r.TestN
		m["measuring"] = r.Measuring
		m["epoch"] = r.Epoch
		m["epochs"] = r.Epochs
		m["schedule"] = r.Schedule.String()
		m["runEnded"] = r.Ended
		m["rate"] = r.Rate
		m["F"] = g.lab.Config().F
		m["K"] = g.lab.Config().K
		m["dataMessage"] = r.DataMessage
		m["dataFailed"] = g.plat.data.failed
	})
}
