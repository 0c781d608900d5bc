package main

import (
	"image"
	"runtime"
	"testing"

	"backproplab/lab"
)

// TestFramesKeepNothing: a paused frame keeps nothing, whether it is idle
// (nothing changes) or repainted (the pointer moves over the lab): Update
// and the view's Render allocate nothing, and Go's heap after a collection
// is as large after 500 more frames as before, so a page left on all day
// does not grow through the app's own code. (A painting Draw also uploads
// the canvas through ebiten, which can only be measured inside ebiten's
// frame: web's BenchmarkPageSoak measures it. A running frame keeps what
// the lab's journal keeps of each step, 9 bytes and its checkpoints, up to
// the journal's bound: lab/journal.go.)
func TestFramesKeepNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		move bool // the pointer moves every frame: every frame repaints
	}{
		{name: "paused"},
		{name: "repainted", move: true},
		{name: "running"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, dev := newTestGame(t, 640, 480)
			running := tc.name == "running"
			if running {
				g.apply(lab.Do("run"))
			}
			dev.mouse = true
			n, renders := 0, 0
			frame := func() {
				n++
				if tc.move {
					dev.cursor = image.Pt(100+n%200, 100+n%150)
				}
				g.Update()
				if g.dirty {
					g.view.Render(g.canvas, g.lab)
					renders++
					g.dirty, g.asked = false, false
				}
			}
			warm := 20 // the first frames make what the view keeps: its layout, its caches
			if tc.name == "running" {
				warm = 600 // and, running, the test measurement's own network, made once when it first starts
			}
			for range warm {
				frame()
			}
			// A running frame journals its step (lab/journal.go): that, and
			// only that, grows, within the journal's bounds.
			if allocs := testing.AllocsPerRun(50, frame); allocs != 0 && !running {
				t.Errorf("a %s frame allocates %.1f times, want 0", tc.name, allocs)
			}
			heap := func() uint64 {
				var m runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m)
				return m.HeapAlloc
			}
			before, journal := heap(), g.lab.JournalBytes()
			step, rendered := g.lab.Status().Step, renders
			const frames = 500
			for range frames {
				frame()
			}
			grown := int64(heap()) - int64(before) - int64(g.lab.JournalBytes()-journal)
			// Running, the test accuracy's measurements (a few a minute, at
			// most lab's maxTestPoints) may add a little too.
			if limit := int64(1024); grown > limit && !(running && grown < 8*limit) {
				t.Errorf("after %d %s frames Go's heap holds %d bytes more than the journal's growth (%.1f a frame), want none",
					frames, tc.name, grown, float64(grown)/frames)
			}
			if painting := tc.name != "paused"; painting != (renders-rendered == frames) {
				t.Errorf("%s: %d of %d frames rendered", tc.name, renders-rendered, frames)
			}
			if got := g.lab.Status().Step - step; running != (got >= frames) || !running && got != 0 {
				t.Errorf("%s: %d steps in %d frames", tc.name, got, frames)
			}
		})
	}
}
