//go:build !js

package web

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// memSample is the page's memory at one moment: the wasm memory and the JS
// values Go holds (index.html's backpropLabMemory), Go's own heap
// (state().mem, main_js_mem.go), and the JS heap after a JS collection.
type memSample struct {
	Draws, Paints, Step int
	WasmBytes, JSValues float64
	GoHeap, GoSys       float64
	GoTotalAlloc        float64
	GoMallocs, GoNumGC  float64
	JSHeap              float64
	T                   float64 // performance.now(), ms
}

// memory samples the page's memory. With goGC, Go's collector runs first
// (and the frames that follow let its finalizers hand the JS values back),
// so the sample shows what is kept rather than what is not yet collected;
// the JS heap is always measured after a JS collection.
func (p tab) memory(goGC bool) memSample {
	p.t.Helper()
	if goGC {
		ms := eval[float64](p, `window.backpropLab.collectGarbage()`)
		p.t.Logf("Go's collector took %.1f ms", ms)
		time.Sleep(200 * time.Millisecond) // a few frames: the finalizers run between them
	}
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		p.t.Fatalf("HeapProfiler.collectGarbage: %v", err)
	}
	type mem struct {
		HeapAlloc, Sys, TotalAlloc, Mallocs, NumGC float64
	}
	v := eval[struct {
		S struct {
			Draws, Paints, Step int
			Mem                 mem
		}
		M struct{ WasmBytes, JSValues float64 }
		T float64
	}](p, `({S: window.backpropLab.state(), M: window.backpropLabMemory(), T: performance.now()})`)
	heap, err := chromedp.Call(ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		p.t.Fatalf("Runtime.getHeapUsage: %v", err)
	}
	return memSample{
		Draws: v.S.Draws, Paints: v.S.Paints, Step: v.S.Step,
		WasmBytes: v.M.WasmBytes, JSValues: v.M.JSValues,
		GoHeap: v.S.Mem.HeapAlloc, GoSys: v.S.Mem.Sys, GoTotalAlloc: v.S.Mem.TotalAlloc,
		GoMallocs: v.S.Mem.Mallocs, GoNumGC: v.S.Mem.NumGC,
		JSHeap: heap.UsedSize, T: v.T,
	}
}

// waitDraws waits until the page has drawn n frames since s, asking the
// page rarely (each state() is itself work for both heaps): it sleeps for
// the frames still to come at the rate seen so far.
func (p tab) waitDraws(s memSample, n int, progress func(memSample)) memSample {
	p.t.Helper()
	last := s
	for {
		time.Sleep(20 * time.Second)
		now := p.memory(false)
		if progress != nil {
			progress(now)
		}
		if now.Draws-s.Draws >= n {
			return now
		}
		rate := float64(now.Draws-last.Draws) / ((now.T - last.T) / 1000)
		if rate > 0 {
			left := time.Duration(float64(n-(now.Draws-s.Draws)) / rate * float64(time.Second))
			if left < 20*time.Second {
				time.Sleep(left)
			}
		}
		last = now
	}
}

// soakFrames is the number of frames each phase of BenchmarkPageSoak
// measures: 10,000, or BACKPROP_SOAK_FRAMES (216000 is an hour at 60 frames/s).
func soakFrames(b *testing.B) int {
	n := 10000
	if s := os.Getenv("BACKPROP_SOAK_FRAMES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("BACKPROP_SOAK_FRAMES=%q: give a number of frames, such as 216000", s)
		}
		n = v
	}
	return n
}

// BenchmarkPageSoak leaves the page (1280×800) paused, then running at full
// speed, for soakFrames frames each, and reports what each frame costs in
// memory, in bytes per frame:
//
//   - wasm-B/frame: growth of the wasm memory (it never shrinks: this is
//     what a page left on all day takes),
//   - js-B/frame: growth of the JS heap, after a JS collection,
//   - go-kept-B/frame: growth of Go's heap after Go's collection (what is
//     truly kept),
//   - go-alloc-B/frame and go-allocs/frame: what Go allocates (the garbage
//     that makes Go's heap, and so the wasm memory, grow until it collects),
//   - jsvalues/frame: JS values that Go holds,
//
// and the wasm memory and JS heap after an hour at that rate (MB-1h), from
// the end of the phase. Run it alone, it takes minutes:
//
//	go test -run '^$' -bench PageSoak ./web
func BenchmarkPageSoak(b *testing.B) {
	needChromium(b)
	frames := soakFrames(b)
	url, _ := serve(b, buildPage(b))
	bctx := browser(b)
	p, console := openReady(b, bctx, url, 1280, 800)
	for b.Loop() {
		for _, phase := range []struct {
			name  string
			setup []string
		}{
			{"paused", []string{`"pause"`}},
			{"running", []string{`"speed", "max"`, `"run"`}},
		} {
			for _, c := range phase.setup {
				if msg := p.command(c); msg != "" {
					b.Fatalf("command(%s) = %q", c, msg)
				}
			}
			time.Sleep(5 * time.Second) // settle: the first frames of a phase allocate its buffers
			// The kept bytes are measured from one collection of Go's to
			// another; the rest from samples taken as the page runs on its own.
			kept0 := p.memory(true)
			s0 := p.memory(false)
			s1 := p.waitDraws(s0, frames, func(s memSample) {
				b.Logf("%s: %6d frames: wasm %.2f MB, JS heap %.2f MB, Go heap %.2f MB (sys %.2f), %d JS values, %d GCs",
					phase.name, s.Draws-s0.Draws, s.WasmBytes/1e6, s.JSHeap/1e6, s.GoHeap/1e6, s.GoSys/1e6, int(s.JSValues), int(s.GoNumGC-s0.GoNumGC))
			})
			s2 := p.memory(true)
			n := float64(s1.Draws - s0.Draws)
			fps := n / ((s1.T - s0.T) / 1000)
			hour := fps * 3600
			per := func(a, z float64) float64 { return (z - a) / n }
			b.Logf("%s: %.0f frames in %.0f s (%.1f frames/s): wasm %.2f → %.2f MB, JS heap %.2f → %.2f MB, "+
				"Go heap after GC %.2f → %.2f MB, JS values %d → %d (%d and JS heap %.2f MB after Go's GC), %d Go GCs",
				phase.name, n, (s1.T-s0.T)/1000, fps, s0.WasmBytes/1e6, s1.WasmBytes/1e6, s0.JSHeap/1e6, s1.JSHeap/1e6,
				kept0.GoHeap/1e6, s2.GoHeap/1e6, int(s0.JSValues), int(s1.JSValues), int(s2.JSValues), s2.JSHeap/1e6, int(s1.GoNumGC-s0.GoNumGC))
			b.ReportMetric(per(s0.WasmBytes, s1.WasmBytes), phase.name+"-wasm-B/frame")
			b.ReportMetric(per(s0.JSHeap, s1.JSHeap), phase.name+"-js-B/frame")
			b.ReportMetric(per(kept0.GoHeap, s2.GoHeap), phase.name+"-go-kept-B/frame")
			b.ReportMetric(per(s0.GoTotalAlloc, s1.GoTotalAlloc), phase.name+"-go-alloc-B/frame")
			b.ReportMetric(per(s0.GoMallocs, s1.GoMallocs), phase.name+"-go-allocs/frame")
			b.ReportMetric(per(s0.JSValues, s1.JSValues), phase.name+"-jsvalues/frame")
			b.ReportMetric((s1.WasmBytes+per(s0.WasmBytes, s1.WasmBytes)*max(hour-n, 0))/1e6, phase.name+"-wasm-MB-1h")
			b.ReportMetric((s1.JSHeap+per(s0.JSHeap, s1.JSHeap)*max(hour-n, 0))/1e6, phase.name+"-js-MB-1h")
		}
	}
	for _, e := range console.errors() {
		b.Errorf("console: %s", e)
	}
}
