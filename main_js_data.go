//go:build js

package main

import (
	"fmt"
	"io"
	"syscall/js"
	"time"

	"backproplab/lab"
)

// The browser's part of data and weights: all of MNIST fetched after the
// start (index.html's fetchMNIST, which the browser unpacks), decoded into
// Go a slice a frame (mnistfull.go) and handed to the lab without losing
// the run; the
// weights as a download; and the run's fields of state().

// dataLoad is the state of all of MNIST arriving.
type dataLoad struct {
	phase  int // loadWaiting, loadDecoding, loadDone
	dec    *mnistDecoder
	shown  string
	failed bool
}

const (
	loadWaiting = iota
	loadDecoding
	loadDone
)

// decodeBudget is a frame's time for copying all of MNIST in: with the
// rest of a paused frame's work (about 1 ms), well inside a 60 Hz frame.
const decodeBudget = 4 * time.Millisecond

// jsChunks reads a file as the page received it, an Array of Uint8Array
// chunks, dropping each chunk once copied so that the browser can free it.
type jsChunks struct {
	arr  js.Value
	n    int // chunks
	i    int // the chunk being read
	at   int // bytes of it read
	size int // the chunk's size
}

func (c *jsChunks) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && c.i < c.n {
		chunk := c.arr.Index(c.i)
		if c.at == 0 {
			c.size = chunk.Get("byteLength").Int()
		}
		k := min(len(p)-n, c.size-c.at)
		if c.at > 0 || k < c.size {
			chunk = chunk.Call("subarray", c.at, c.at+k)
		}
		js.CopyBytesToGo(p[n:n+k], chunk)
		n, c.at = n+k, c.at+k
		if c.at == c.size {
			c.arr.SetIndex(c.i, js.Null())
			c.i, c.at = c.i+1, 0
		}
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// dataUpdate moves the loading of all of MNIST on by one frame's worth.
// backpropLabData (index.html) gains decodeStart and decodeEnd (the
// performance.now() of the first and last frame that decoded) and
// decodeWorstMs (the longest a frame spent decoding), for the benchmark.
func (g *Game) dataUpdate() {
	d := &g.plat.data
	if d.phase == loadDone {
		return
	}
	src := js.Global().Get("backpropLabData")
	if !src.Truthy() {
		return
	}
	fail := func(err error) {
		d.phase, d.failed, d.dec = loadDone, true, nil
		src.Set("files", js.Null())
		g.say(fmt.Sprintf("all of MNIST could not be used (%v): %s", err, g.embeddedNote()))
		g.lab.NoMoreData("all of MNIST could not be used")
	}
	perf := js.Global().Get("performance")
	switch d.phase {
	case loadWaiting:
		if e := src.Get("error").String(); e != "" {
			d.phase, d.failed = loadDone, true
			g.say(fmt.Sprintf("all of MNIST could not be loaded (%s): %s", e, g.embeddedNote()))
			g.lab.NoMoreData("all of MNIST could not be loaded: " + e)
			return
		}
		files, sizes := src.Get("files"), src.Get("sizes")
		if files.IsNull() || files.IsUndefined() {
			if total := src.Get("total").Float(); total > 0 {
				// In tenths: each new message is a new picture, which costs
				// a software GPU some 100 ms.
				tenth := int(10 * src.Get("loaded").Float() / total)
				g.say(loadingMessage(10*tenth, src.Get("download").Float(), g.embeddedNote()))
			} else {
				g.say("loading all of MNIST (" + g.embeddedNote() + " until then)")
			}
			return
		}
		src.Set("decodeStart", perf.Call("now"))
		var in [4]idxFile
		for i := range in {
			arr := files.Index(i)
			in[i] = idxFile{&jsChunks{arr: arr, n: arr.Length()}, sizes.Index(i).Int()}
		}
		dec, err := newMNISTDecoder(in)
		if err != nil {
			fail(err)
			return
		}
		d.dec, d.phase = dec, loadDecoding
		// No message while decoding: each would be a new picture.
	case loadDecoding:
		done, err := d.dec.decodeFor(decodeBudget, time.Now)
		src.Set("decodeWorstMs", float64(d.dec.worst)/float64(time.Millisecond))
		if err != nil {
			fail(err)
			return
		}
		if !done {
			return
		}
		train, test, err := d.dec.datasets()
		if err == nil {
			err = g.lab.SetData(train, test)
		}
		src.Set("decodeEnd", perf.Call("now"))
		if err != nil {
			fail(err)
			return
		}
		d.phase, d.dec = loadDone, nil
		src.Set("files", js.Null())
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
	// Revoked later (a download may start after click returns), by the
	// browser's own function bound to the URL: no Go function to release.
	URL := js.Global().Get("URL")
	js.Global().Call("setTimeout", URL.Get("revokeObjectURL").Call("bind", URL, url), 10000)
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
		m["measureWorstMs"] = float64(r.MeasureWorst) / float64(time.Millisecond)
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

// Weights opened from the page: index.html's file input (#open-weights,
// out of sight, opened by the Open weights… button (command open-weights,
// share_js.go) and by Ctrl+O or ⌘O, which opens it within the key's event,
// as browsers require) reads the file and hands it to load-weights, the
// road that a dropped file and command("load-weights", bytes) take (an
// image goes to the pad, as when dropped).
func init() {
	jsParts = append(jsParts, func(g *Game, api js.Value) {
		doc := js.Global().Get("document")
		in := doc.Call("getElementById", "open-weights")
		if !in.Truthy() {
			return
		}
		chosen := js.FuncOf(func(this js.Value, args []js.Value) any {
			files := in.Get("files")
			if files.Length() == 0 {
				return nil
			}
			f := files.Index(0)
			in.Set("value", "") // the same file may be chosen again
			g.openWeights(f)
			return nil
		})
		key := js.FuncOf(func(this js.Value, args []js.Value) any {
			e := args[0]
			if (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) && e.Get("code").String() == "KeyO" {
				e.Call("preventDefault")
				e.Call("stopPropagation") // not the O key (the pretrained weights) as well
				in.Call("click")
			}
			return nil
		})
		in.Call("addEventListener", "change", chosen)
		js.Global().Call("addEventListener", "keydown", key, map[string]any{"capture": true})
		g.plat.funcs = append(g.plat.funcs, chosen, key)
	})
}

// maxWeightsFile bounds a weights file read from the page: F = 16, K = 9
// is some 300 KB.
const maxWeightsFile = 16 << 20

// openWeights reads a File chosen on the page and loads it.
func (g *Game) openWeights(f js.Value) {
	name := f.Get("name").String()
	if size := f.Get("size").Float(); size > maxWeightsFile {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.apply(lab.Command{Name: "say", Arg: fmt.Sprintf("%s is %.0f MB, not a weights file (those are under 1 MB): the current weights are kept", name, size/(1<<20))})
		return
	}
	var then, fail js.Func
	release := func() { then.Release(); fail.Release() }
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		b, _ := jsBytes(args[0])
		g.mu.Lock()
		defer g.mu.Unlock()
		g.openFile(name, b)
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		defer release()
		g.mu.Lock()
		defer g.mu.Unlock()
		g.apply(lab.Command{Name: "say", Arg: name + " could not be read: the current weights are kept"})
		return nil
	})
	f.Call("arrayBuffer").Call("then", then, fail)
}

// startData: the page fetches all of MNIST itself (index.html's
// fetchMNIST) once the program is ready, and dataUpdate copies it in.
func (g *Game) startData() {}
