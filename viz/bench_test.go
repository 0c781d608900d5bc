package viz

import (
	"image"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// frameSetup returns the fixture of a lab after three steps and a view at
// w×h pointing at a Z cell, so that the tooltip is drawn too.
func frameSetup(tb testing.TB, w, h int) (*fixture, *View, *image.RGBA) {
	l := threeSteps(tb)
	v := NewView(core.MNIST)
	v.Resize(w, h)
	r := v.lay.boxes[v.lay.gridOf[QuantityZ]].g.cellRect(300)
	v.Hover(r.Min.X, r.Min.Y)
	return l, v, image.NewRGBA(image.Rect(0, 0, w, h))
}

func TestRenderAllocatesNothing(t *testing.T) {
	l, v, dst := frameSetup(t, 1280, 800)
	for _, sc := range []lab.Scope{lab.ScopeLayer, lab.ScopeMap, lab.ScopeShared} {
		l.setScope(sc)
		v.Render(dst, l) // warm-up: glyphs are rasterised on first use
		if n := testing.AllocsPerRun(5, func() { v.Render(dst, l) }); n != 0 {
			t.Errorf("Render with scope %v: %v allocations per frame, want 0", sc, n)
		}
	}
	// Every kind of tooltip formats into the view's own buffer.
	for q := Quantity(0); q < numQuantities; q++ {
		c := Cell{q, 1}
		v.tip = appendExplain(v.tip[:0], c, l)
		if n := testing.AllocsPerRun(5, func() { v.tip = appendExplain(v.tip[:0], c, l) }); n != 0 {
			t.Errorf("the tooltip of %v: %v allocations, want 0", q, n)
		}
	}
	l.setHelp(true)
	v.Render(dst, l)
	if n := testing.AllocsPerRun(5, func() { v.Render(dst, l) }); n != 0 {
		t.Errorf("Render with help: %v allocations per frame, want 0", n)
	}
	l.setHelp(false)
	l.setEntry("42")
	v.Render(dst, l)
	if n := testing.AllocsPerRun(5, func() { v.Render(dst, l) }); n != 0 {
		t.Errorf("Render with a sample number being typed: %v allocations per frame, want 0", n)
	}
}

func benchRender(b *testing.B, w, h int) {
	l, v, dst := frameSetup(b, w, h)
	v.Render(dst, l)
	b.ReportAllocs()
	for b.Loop() {
		v.Render(dst, l)
	}
}

func BenchmarkRenderFrame(b *testing.B) { benchRender(b, 1280, 800) }

func BenchmarkRenderFrame1920(b *testing.B) { benchRender(b, 1920, 1080) }
