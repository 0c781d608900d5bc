package viz

import (
	"fmt"
	"image"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// accessSize is a screen of the classroom: a laptop, a projector in the
// presenter view, a tablet, a phone.
type accessSize struct {
	w, h      int
	presenter bool
}

func (s accessSize) String() string {
	p := ""
	if s.presenter {
		p = " presenter"
	}
	return fmt.Sprintf("%d×%d%s", s.w, s.h, p)
}

var accessSizes = []accessSize{
	{800, 600, false}, {1024, 768, false}, {1280, 720, true}, {1920, 1080, true},
	{768, 1024, false}, {390, 844, false},
}

// The presenter view of a short screen, 1024×768, cannot have 1/32 of its
// height at every stage (the class table's ten rows): it stays in focus,
// with larger type than the lab's.
func TestShortPresenterStaysInFocus(t *testing.T) {
	v := NewView(core.MNIST)
	v.Resize(1024, 768)
	lab := v.f.text.size
	for s := core.StageNone; s <= core.StageUpdate; s++ {
		viewAt(v, accessSize{1024, 768, true}, s, "")
		name := fmt.Sprintf("1024×768 presenter at %v", s)
		t.Logf("%s: text %d px", name, v.f.text.size)
		if checkLayout(t, name, v) && (!v.lay.focused || v.f.text.size <= lab) {
			t.Errorf("%s: focused %v, text %d px; want in focus, larger than the lab's %d px", name, v.lay.focused, v.f.text.size, lab)
		}
	}
}

// viewAt is a view of the lab's MNIST network at sz, showing stage s with
// the cell sel selected ("" for none), as a lab in that state would.
func viewAt(v *View, sz accessSize, s core.Stage, sel string) {
	v.st = lab.Status{Presenter: sz.presenter, Stage: s}
	if sel != "" {
		v.st.Selected = lab.Cell{Tensor: sel, Index: 0}
	}
	v.Resize(sz.w, sz.h)
	v.follow()
}

// At every size of the classroom, at every stage of a step, with no cell
// selected and with one of U's or ∂L/∂X's: the screen shows, nothing
// overlaps or leaves the screen, every text is at least its least size
// (1/32 of the height in the presenter view, 23 px at 1280×720 and 34 px
// at 1920×1080; else 14 px), every button is a finger's size (but on a
// projector), the stage's outputs and the selected cell's tensor are
// panels, and the rest at least chips of the strip.
func TestAccessSizesAtEveryStage(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range accessSizes {
		least := minFont
		if sz.presenter {
			least = presenterFont(sz.h)
		}
		for s := core.StageNone; s <= core.StageUpdate; s++ {
			for _, sel := range []string{"", "U", "dX", "yhat"} {
				viewAt(v, sz, s, sel)
				name := fmt.Sprintf("%v at %v, selected %q", sz, s, sel)
				if !checkLayout(t, name, v) {
					continue
				}
				if v.f.text.size < least || v.f.small.size < least*7/8 {
					t.Errorf("%s: text %d px, small text %d px; want at least %d and %d", name, v.f.text.size, v.f.small.size, least, least*7/8)
				}
				if sz.presenter && !v.lay.focused {
					t.Errorf("%s: the presenter view is not in focus", name)
				}
				_, out := stageGroups(s)
				for _, g := range out {
					qs := g.fwd
					if g.classes {
						qs = []Quantity{QuantityYhat}
						if g.gradTable {
							qs = []Quantity{QuantityDeltaS}
						}
					}
					for _, q := range qs {
						if v.lay.gridOf[q] < 0 {
							t.Errorf("%s: %v, what the stage wrote, is not a panel", name, q)
						}
					}
				}
				if c, ok := CellOf(v.st.Selected); ok && v.lay.gridOf[c.Q] < 0 {
					t.Errorf("%s: the selected cell's %v is not a panel", name, c.Q)
				}
				if v.lay.focused {
					checkStrip(t, name, v)
				}
			}
		}
	}
}

// checkStrip checks that the focus's strip reads in the pipeline's order
// with every arrow: from each chip to the next an arrow lies between them
// that points from the one to the other.
func checkStrip(t *testing.T, name string, v *View) {
	t.Helper()
	fwd, bwd := stripStacks()
	var order []image.Rectangle
	for _, qs := range fwd {
		r, _ := v.lay.chipOf(qs[0])
		order = append(order, r)
	}
	for i := len(bwd) - 1; i >= 0; i-- {
		r, _ := v.lay.chipOf(bwd[i][0])
		order = append(order, r)
	}
	for i := 0; i+1 < len(order); i++ {
		a, b := order[i], order[i+1]
		var want string
		switch {
		case b.Min.X >= a.Max.X:
			want = "→"
		case b.Max.X <= a.Min.X:
			want = "←"
		case b.Min.Y >= a.Max.Y:
			want = "↓"
		default:
			want = "↑"
		}
		found := false
		for _, ar := range v.lay.stripArrows {
			g := ar.r.Inset(-1)
			if ar.text == want && g.Overlaps(a) && g.Overlaps(b) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s from chip %d %v to chip %d %v", name, want, i, a, i+1, b)
		}
	}
}

// On a portrait screen with room for it, the strip reads top to bottom:
// the forward pass down, each chip under the last.
func TestPortraitStripReadsDown(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range []accessSize{{768, 1024, false}, {810, 1080, false}, {1024, 1366, false}} {
		viewAt(v, sz, core.StageConv, "")
		fwd, _ := stripStacks()
		last := image.Rectangle{}
		for i, qs := range fwd {
			r, ok := v.lay.chipOf(qs[0])
			if !ok {
				t.Fatalf("%v: no chip for %v", sz, qs[0])
			}
			if i > 0 && r.Min.Y < last.Max.Y {
				t.Errorf("%v: the chip of %v at %v is not under the last, %v", sz, qs[0], r, last)
			}
			last = r
		}
	}
}

// A tap on a chip selects its first cell, and the panel opens large.
func TestTapOnAChipOpensItsPanel(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	dst := renderAt(v, l, 390, 844)
	r := v.PanelRect(QuantityU)
	if v.lay.gridOf[QuantityU] >= 0 || r.Empty() {
		t.Fatalf("390×844 on the first screen: U's panel %v; want a chip", r)
	}
	cmd, ok := v.HitButton(r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2)
	if !ok || cmd != (lab.Command{Name: "select", Arg: "U.0"}) {
		t.Fatalf("a tap on U's chip: %v %v; want select U.0", cmd, ok)
	}
	if err := l.Apply(cmd); err != nil {
		t.Fatal(err)
	}
	v.Render(dst, l)
	if v.lay.gridOf[QuantityU] < 0 {
		t.Fatal("U selected: its panel is still a chip")
	}
	if c, ok := v.HitCell(v.lay.boxes[v.lay.gridOf[QuantityU]].g.cellRect(5).Min.X, v.lay.boxes[v.lay.gridOf[QuantityU]].g.cellRect(5).Min.Y); !ok || c != (Cell{QuantityU, 5}) {
		t.Errorf("U opened: the cell at U[5]'s square is %v %v", c, ok)
	}
}

// The zoom (a button, G, or command("zoom")) shows the selected cell's
// panel alone and larger than in the pipeline; with none selected, the
// stage's output; off again, the screen of a new view.
func TestZoomOpensOnePanelLarge(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	want := renderAt(v, l, 1280, 800)
	before := v.lay.boxes[v.lay.gridOf[QuantityU]].g.scale
	for _, c := range []lab.Command{{Name: "select", Arg: "U.7"}, lab.Do("zoom")} {
		if err := l.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	renderAt(v, l, 1280, 800)
	checkLayout(t, "zoomed on U", v)
	if !v.lay.focused || v.lay.gridOf[QuantityU] < 0 {
		t.Fatalf("zoomed on U: focused %v, U's panel %d", v.lay.focused, v.lay.gridOf[QuantityU])
	}
	if n := len(v.lay.boxes); n != 1 {
		t.Errorf("zoomed on U: %d panels, want U's alone", n)
	}
	if after := v.lay.boxes[v.lay.gridOf[QuantityU]].g.scale; after <= before {
		t.Errorf("zoomed on U: its cells are %d px, %d px in the pipeline; want larger", after, before)
	}
	// The selected cell is still the one under its square.
	r := v.lay.boxes[v.lay.gridOf[QuantityU]].g.cellRect(7)
	if c, ok := v.HitCell(r.Min.X, r.Min.Y); !ok || c != (Cell{QuantityU, 7}) {
		t.Errorf("zoomed: the cell at U[7]'s square is %v %v", c, ok)
	}
	l.Apply(lab.Do("dismiss"))
	renderAt(v, l, 1280, 800)
	if v.lay.gridOf[QuantityYhat] < 0 || len(v.lay.boxes) != 1 {
		t.Errorf("zoomed with none selected at %v: %d panels, ŷ's %d; want the stage's output alone", l.Status().Stage, len(v.lay.boxes), v.lay.gridOf[QuantityYhat])
	}
	l.Apply(lab.Do("zoom"))
	if got := renderAt(v, l, 1280, 800); string(got.Pix) != string(want.Pix) {
		t.Error("zoom off: the screen differs from the pipeline's")
	}
}

// A frame of the focus arrangement allocates nothing while its focus
// stays (the presenter view at 1280×720 and a phone, the contrast theme
// too): the layout changes only with the stage or the selection.
func TestFocusRenderAllocatesNothing(t *testing.T) {
	l := threeSteps(t)
	for _, c := range []struct {
		w, h      int
		presenter bool
		colors    lab.Colors
	}{{1280, 720, true, lab.ColorsStandard}, {390, 844, false, lab.ColorsContrast}} {
		l.status.Presenter, l.status.Colors = c.presenter, c.colors
		v := NewView(core.MNIST)
		dst := renderAt(v, l, c.w, c.h)
		if !v.lay.focused {
			t.Fatalf("%d×%d: not in focus", c.w, c.h)
		}
		v.Render(dst, l)
		if n := testing.AllocsPerRun(5, func() { v.Render(dst, l) }); n != 0 {
			t.Errorf("%d×%d: %v allocations per frame, want 0", c.w, c.h, n)
		}
	}
}

// benchFocusStage measures a stage change in the presenter view at w×h:
// the focus is laid out again and its base redrawn.
func benchFocusStage(b *testing.B, w, h int) {
	l := threeSteps(b)
	l.status.Presenter = true
	v := NewView(core.MNIST)
	dst := renderAt(v, l, w, h)
	stages := []core.Stage{core.StageDeltaA, core.StageDeltaZ}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.status.Stage = stages[i%2]
		i++
		v.Render(dst, l)
	}
}

func BenchmarkFocusStageChange1280(b *testing.B) { benchFocusStage(b, 1280, 720) }

func BenchmarkFocusStageChange1920(b *testing.B) { benchFocusStage(b, 1920, 1080) }
