//go:build js

package main

import (
	"runtime"
	"syscall/js"
	"time"
)

// The page's memory, for the soak benchmark (web/soak_test.go) and anyone
// who wonders whether a page left on all day grows: state().mem is Go's own
// heap, and backpropLab.collectGarbage() runs Go's collector (and returns how long
// one collection took, in milliseconds), so that a
// measurement can tell what is kept from what is garbage not yet collected.
// (The wasm memory and the number of JS values Go holds are index.html's
// backpropLabMemory(): only the page sees them.)
func init() {
	go collectPeriodically()
	stateParts = append(stateParts, func(g *Game, m map[string]any) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m["mem"] = map[string]any{
			"heapAlloc":  float64(ms.HeapAlloc),  // bytes of live and not yet collected objects
			"heapSys":    float64(ms.HeapSys),    // bytes of heap the runtime has taken
			"sys":        float64(ms.Sys),        // bytes the runtime has taken in all
			"totalAlloc": float64(ms.TotalAlloc), // bytes allocated since the start
			"mallocs":    float64(ms.Mallocs),    // objects allocated since the start
			"numGC":      float64(ms.NumGC),
		}
	})
	jsParts = append(jsParts, func(g *Game, api js.Value) {
		f := js.FuncOf(func(js.Value, []js.Value) any {
			start := time.Now()
			runtime.GC()
			ms := float64(time.Since(start).Microseconds()) / 1000
			runtime.GC() // the second collects what the first one's finalizers released
			return ms
		})
		g.plat.funcs = append(g.plat.funcs, f)
		api.Set("collectGarbage", f)
	})
}

// collectEvery is the longest the page goes without Go's collector.
//
// Each frame, ebiten and syscall/js allocate a little (about 180 bytes
// paused, 1.3 KB running at full speed) and hand Go about three JS values
// (the animation frame's event and its arguments, navigator.getGamepads()'s
// array), which wasm_exec.js keeps until Go's collector finalises them.
// Nothing of it is kept, but with a live heap of about 16 MB (the digits,
// the weights, the canvas) Go's collector would wait for 16 MB of garbage,
// over 90,000 paused frames, and on wasm the runtime has no sysmon and so
// none of the collections it forces every two minutes elsewhere: meanwhile
// the wasm memory grows (it never shrinks) and the JS heap with it. One
// collection every collectEvery bounds both to a few hundred kilobytes
// above the live heap (measured in headless Chromium: the wasm memory then
// grows 0 bytes a frame), and costs one frame 4–9 ms every ten seconds.
const collectEvery = 10 * time.Second

func collectPeriodically() {
	for range time.Tick(collectEvery) {
		runtime.GC()
	}
}
