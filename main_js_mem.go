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
	apiParts = append(apiParts, func(g *Game, api js.Value) js.Func {
		f := js.FuncOf(func(js.Value, []js.Value) any {
			start := time.Now()
			runtime.GC()
			ms := float64(time.Since(start).Microseconds()) / 1000
			runtime.GC() // the second collects what the first one's finalizers released
			return ms
		})
		api.Set("collectGarbage", f)
		return f
	})
}
