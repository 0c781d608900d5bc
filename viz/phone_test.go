package viz

import (
	"fmt"
	"image"
	"path/filepath"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// portraitSizes are phones and tablets held upright: an iPhone 12 to 15, a
// large one, an iPad (a 360×740 Android is below the least size the lab
// can be drawn at; TestPortraitStripReadsDown has larger tablets).
var portraitSizes = []accessSize{{390, 844, false}, {430, 932, false}, {768, 1024, false}}

// On a phone or a tablet held upright the lab reads top to bottom in the
// pipeline's order: at every stage, with no cell selected or one of U's,
// ŷ's or ∂L/∂X's, and zoomed, each of the strip's chips (X, W and b, Z,
// A, P, U, the class table, then the backward pass from δˢ back to
// ∂L/∂X) lies below the last one's bottom and in the same column, with a
// ↓ between them; the stage's panels lie beside the strip, what it read above what
// it wrote with a ↓ between (or → beside them), and every text is at
// least 14 px.
func TestPortraitReadsTopToBottomInOrder(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range portraitSizes {
		for s := core.StageNone; s <= core.StageUpdate; s++ {
			for _, sel := range []string{"", "U", "yhat", "dX"} {
				for _, zoom := range []bool{false, true} {
					if zoom && sel != "" && sel != "U" {
						continue // a zoom is one panel: two kinds of it are enough
					}
					v.st = lab.Status{Stage: s, Zoom: zoom}
					if sel != "" {
						v.st.Selected = lab.Cell{Tensor: sel, Index: 0}
					}
					v.Resize(sz.w, sz.h)
					v.follow()
					name := fmt.Sprintf("%v at %v, selected %q, zoom %v", sz, s, sel, zoom)
					if !checkLayout(t, name, v) {
						continue
					}
					if v.f.text.size < minFont {
						t.Errorf("%s: text %d px, want at least %d", name, v.f.text.size, minFont)
					}
					checkPhoneColumn(t, name, v)
				}
			}
		}
	}
}

// checkPhoneColumn checks the one column of chips in the pipeline's order
// and the stage's panels beside it.
func checkPhoneColumn(t *testing.T, name string, v *View) {
	t.Helper()
	L := &v.lay
	// The pipeline's order: the forward stacks, then the backward ones
	// from the loss back to the input.
	fwd, bwd := stripStacks()
	order := fwd
	for i := len(bwd) - 1; i >= 0; i-- {
		order = append(order, bwd[i])
	}
	if want := len(order); len(L.chips) != want {
		t.Errorf("%s: %d chips, want the pipeline's %d stacks", name, len(L.chips), want)
		return
	}
	var strip image.Rectangle
	for i, qs := range order {
		r, ok := L.chipOf(qs[0])
		if !ok {
			t.Errorf("%s: no chip for %v", name, qs[0])
			return
		}
		strip = strip.Union(r)
		if i == 0 {
			continue
		}
		last, _ := L.chipOf(order[i-1][0])
		if r.Min.Y < last.Max.Y || r.Min.X >= last.Max.X || r.Max.X <= last.Min.X {
			t.Errorf("%s: the chip of %v at %v is not under the chip of %v at %v", name, qs[0], r, order[i-1][0], last)
		}
		found := false
		for _, a := range L.stripArrows {
			g := a.r.Inset(-1)
			found = found || a.text == "↓" && g.Overlaps(last) && g.Overlaps(r)
		}
		if !found {
			t.Errorf("%s: no ↓ from %v to %v", name, order[i-1][0], qs[0])
		}
	}
	// The panels beside the strip; what the stage read above (or before)
	// what it wrote, with its arrow between.
	in, out := stageGroups(v.opts.focus.stage)
	if v.opts.focus.zoom {
		in = nil
	}
	var read, wrote image.Rectangle
	for _, b := range L.boxes {
		if b.r.Min.X < strip.Max.X {
			t.Errorf("%s: a panel at %v is not beside the strip %v", name, b.r, strip)
		}
	}
	frames := func(gs []column) image.Rectangle {
		var r image.Rectangle
		for _, g := range gs {
			for _, q := range append([]Quantity{g.lead()}, g.fwd...) {
				if i := L.gridOf[q]; i >= 0 {
					r = r.Union(L.boxes[i].r)
				}
			}
		}
		return r
	}
	read, wrote = frames(in), frames(out)
	if read.Empty() || wrote.Empty() {
		return
	}
	want := "↓"
	if wrote.Min.Y < read.Max.Y {
		want = "→"
		if wrote.Min.X < read.Max.X {
			t.Errorf("%s: what the stage wrote, %v, is neither under nor after what it read, %v", name, wrote, read)
			return
		}
	}
	found := false
	for _, a := range L.arrows {
		g := a.r.Inset(-1)
		found = found || a.text == want && g.Overlaps(read) && g.Overlaps(wrote)
	}
	if !found {
		t.Errorf("%s: no %s from what the stage read, %v, to what it wrote, %v", name, want, read, wrote)
	}
}

// TestPhoneScreens writes a phone's frames at every stage to look at
// (go test ./viz -run PhoneScreens -screens /tmp/x).
func TestPhoneScreens(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	l := newTestLab(t)
	for _, sz := range []image.Point{{390, 844}, {768, 1024}, {1024, 1366}} {
		v := NewView(core.MNIST)
		for i := 0; i <= 9; i++ {
			dst := renderAt(v, l, sz.X, sz.Y)
			writePNG(t, filepath.Join(*screens, fmt.Sprintf("phone-%dx%d-%02d.png", sz.X, sz.Y, i)), dst)
			l.Apply(lab.Do("stage-next"))
		}
	}
}

// benchColumnStage measures a stage change on a w×h portrait screen: the
// column's panels are planned again and its base redrawn.
func benchColumnStage(b *testing.B, w, h int) {
	l := threeSteps(b)
	v := NewView(core.MNIST)
	dst := renderAt(v, l, w, h)
	if !v.lay.focused {
		b.Fatalf("%d×%d: not in focus", w, h)
	}
	stages := []core.Stage{core.StageDeltaA, core.StageDeltaZ}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.status.Stage = stages[i%2]
		i++
		v.Render(dst, l)
	}
}

func BenchmarkColumnStageChange390(b *testing.B) { benchColumnStage(b, 390, 844) }

func BenchmarkColumnStageChange768(b *testing.B) { benchColumnStage(b, 768, 1024) }
