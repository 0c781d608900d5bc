package viz

import (
	"fmt"
	"image"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// A window too small for the pipeline is told a size that is larger than
// it and at which the pipeline does show.
func TestTooSmallNamesASizeThatFits(t *testing.T) {
	for _, sz := range []image.Point{{640, 480}, {800, 600}, {390, 844}, {300, 200}, {479, 800}, {4000, 300}, {100, 50}} {
		v := NewView(core.MNIST)
		v.Resize(sz.X, sz.Y)
		if !v.TooSmall() {
			continue // it fits: nothing to tell
		}
		w, h := v.least.X, v.least.Y
		if w < sz.X || h < sz.Y || (w == sz.X && h == sz.Y) {
			t.Errorf("%v: the message asks for %d×%d, not larger than the window", sz, w, h)
		}
		u := NewView(core.MNIST)
		if u.Resize(w, h); u.TooSmall() {
			t.Errorf("%v: the message asks for %d×%d, which is too small too", sz, w, h)
		}
	}
}

// The first screen: the forward pass has run, and every panel of the
// backward pass says "not computed yet" instead of showing the last
// sample's numbers; after the first backward stage the welcome card is
// gone.
func TestFirstScreenShowsNothingStale(t *testing.T) {
	l := newTestLab(t)
	// A whole step on sample 0, then the next sample: the gradients still
	// hold sample 0's values.
	l.Apply(lab.Do("step"))
	l.Apply(lab.Command{Name: "sample", Arg: "next"})
	l.Apply(lab.Do("reset"))
	l.Apply(lab.Do("step"))
	l.Apply(lab.Do("reset"))
	v := NewView(core.MNIST)
	for _, sz := range []image.Point{{1280, 800}, {1024, 768}, {768, 1024}} {
		dst := renderAt(v, l, sz.X, sz.Y)
		card := v.welcomeRect()
		if !v.welcoming() || card.Empty() {
			t.Fatalf("%v: no welcome card on the first screen", sz)
		}
		for q := Quantity(0); q < numQuantities; q++ {
			if v.lay.gridOf[q] < 0 {
				continue // a chip of the focus's strip: no numbers at all
			}
			b := &v.lay.boxes[v.lay.gridOf[q]]
			if b.kind != boxGrid || q.computed(l.Status().Stage) {
				continue
			}
			// Every map pixel outside the card and the label is the blank fill.
			label, _ := labelRect(v.f.small, b.g.r, notComputedShort(v.f.small, b.g.r.Dx()-4))
			for m := 0; m < b.g.n; m++ {
				o := b.g.mapAt(m)
				mr := image.Rectangle{o, o.Add(image.Pt(b.g.mw*b.g.scale, b.g.mh*b.g.scale))}
				for y := mr.Min.Y; y < mr.Max.Y; y++ {
					for x := mr.Min.X; x < mr.Max.X; x++ {
						p := image.Pt(x, y)
						if p.In(card) || p.In(label) {
							continue
						}
						c := dst.RGBAAt(x, y)
						if got := (rgb{c.R, c.G, c.B}); got != colNotYet {
							t.Fatalf("%v: %v not computed yet, but its map has colour %v at %v", sz, q, got, p)
						}
					}
				}
			}
		}
	}
	l.Apply(lab.Do("stage-next"))
	renderAt(v, l, 1280, 800)
	if v.welcoming() {
		t.Error("after the first backward stage the welcome card still shows")
	}
}

// Every size of the classroom fits, with body text at least minFont.
func TestClassroomSizes(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range []image.Point{{1024, 768}, {1280, 720}, {768, 1024}} {
		v.Resize(sz.X, sz.Y)
		checkLayout(t, fmt.Sprintf("%d×%d", sz.X, sz.Y), v)
	}
}
