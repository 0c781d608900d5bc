package viz

import (
	"fmt"
	"image"
	"image/draw"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/lab"
)

// classFixture is the three-step fixture in the class mode with cell
// selected.
func classFixture(t testing.TB, cell lab.Cell) *fixture {
	f := threeSteps(t)
	f.status.Mode = lab.ModeClass
	f.status.Selected = cell
	f.status.Steps = 3
	return f
}

// TestGoldenEquationPanel: the panel for a conv cell, a pool cell and a
// ∂L/∂W cell, on a projector-sized screen.
func TestGoldenEquationPanel(t *testing.T) {
	for _, c := range []struct {
		name string
		cell lab.Cell
	}{
		{"conv", lab.Cell{Tensor: "Z", Index: 300}},
		{"pool", lab.Cell{Tensor: "P", Index: 100}},
		{"dW", lab.Cell{Tensor: "dW", Index: 12}},
	} {
		f := classFixture(t, c.cell)
		v := NewView(core.MNIST)
		v.Resize(1280, 720)
		dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
		v.Render(dst, f)
		if v.Mode() != ModeClass || v.lay.equation.Empty() {
			t.Fatalf("%s: mode %v, equation panel %v", c.name, v.Mode(), v.lay.equation)
		}
		r := v.lay.equation
		panel := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		draw.Draw(panel, panel.Rect, dst, r.Min, draw.Src)
		checkGolden(t, "equation_"+c.name, panel)
	}
}

// TestEquationTermsAddUp: the panel lists Z's 25 products and b, and
// their sum is the cell's value as the panel and the tooltip show it.
func TestEquationTermsAddUp(t *testing.T) {
	f := classFixture(t, lab.Cell{Tensor: "Z", Index: 300})
	text, _ := equationText(nil, core.MNIST, Cell{QuantityZ, 300}, f)
	s := string(text)
	if !strings.Contains(s, "its 25 terms:") || strings.Count(s, "W[0,0,") != 25 {
		t.Errorf("Z[0,12,12]'s panel does not list 25 products W·X:\n%s", s)
	}
	z := string(appendNum(nil, f.net.Act.Z.Data[300], 4))
	if !strings.Contains(s, "+ b[0] = "+z+"\n") {
		t.Errorf("the terms' sum is not Z[0,12,12] = %s:\n%s", z, s)
	}
	// s sums 1152 products: the largest are shown, the others summed.
	text, _ = equationText(nil, core.MNIST, Cell{QuantityS, 3}, f)
	if s := string(text); !strings.Contains(s, "the largest 6 of its 1,152 terms") || !strings.Contains(s, "the other 1,146") {
		t.Errorf("s[3]'s panel:\n%s", s)
	}
	// At the update: −lr·∂L/∂W, W′ and the loss before and after.
	text, _ = equationText(nil, core.MNIST, Cell{QuantityW, 7}, f)
	if s := string(text); !strings.Contains(s, "−lr·∂L/∂θ") || !strings.Contains(s, "after\n") {
		t.Errorf("W[0,0,1,2]'s panel at the update:\n%s", s)
	}
}

// TestGradientCheckInThePanel: for a weight, the panel's central
// difference agrees with ∂L/∂W.
func TestGradientCheckInThePanel(t *testing.T) {
	f := classFixture(t, lab.Cell{Tensor: "dW", Index: 12})
	text, _ := equationText(nil, core.MNIST, Cell{QuantityDW, 12}, f)
	s := string(text)
	i := strings.Index(s, "relative error ")
	if i < 0 {
		t.Fatalf("no gradient check in ∂L/∂W[0,0,2,2]'s panel:\n%s", s)
	}
	rel, err := strconv.ParseFloat(strings.NewReplacer("−", "-", "e", "e").Replace(strings.Fields(s[i+len("relative error "):])[0]), 64)
	if err != nil || rel > 1e-5 && !strings.Contains(s, "kink") {
		t.Errorf("relative error %v (%v) without a kink:\n%s", rel, err, s)
	}
}

// TestClassClicks: in the class mode a press on a cell selects it, and one
// on the timeline or the loss curve goes to that step.
func TestClassClicks(t *testing.T) {
	f := classFixture(t, lab.Cell{})
	f.status.Steps = 1000
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Render(dst, f)
	r := v.lay.boxes[v.lay.gridOf[QuantityZ]].g.cellRect(300)
	if c, ok := v.HitButton(r.Min.X, r.Min.Y); !ok || c != (lab.Command{Name: "select", Arg: "Z.300"}) {
		t.Errorf("a press on Z[0,12,12]: %v %v, want select Z.300", c, ok)
	}
	tr := v.timelineTrack()
	mid := (tr.Min.Y + tr.Max.Y) / 2
	perPx := 1000/(tr.Dx()-1) + 1 // a pixel of the track is this many steps
	for _, c := range []struct{ x, want int }{{tr.Min.X, 0}, {tr.Max.X - 1, 1000}, {(tr.Min.X + tr.Max.X) / 2, 500}} {
		cmd, ok := v.HitButton(c.x, mid)
		got, err := strconv.Atoi(cmd.Arg)
		if !ok || cmd.Name != "goto" || err != nil || got < c.want-perPx || got > c.want+perPx {
			t.Errorf("a press on the timeline at x %d: %v %v, want goto %d (±%d)", c.x, cmd, ok, c.want, perPx)
		}
	}
	plot := v.curvePlot(v.lay.loss)
	if cmd, ok := v.HitButton(plot.Max.X-1, plot.Min.Y+2); !ok || cmd != (lab.Command{Name: "goto", Arg: "1000"}) {
		t.Errorf("a press at the loss curve's right end: %v %v, want goto 1000", cmd, ok)
	}
}

// TestClassScreens writes the class mode's frames to look at (go test
// ./viz -run ClassScreens -screens /tmp/x [-mnist dir]).
func TestClassScreens(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	l := newTestLab(t)
	steps := 30
	if *mnist != "" {
		var err error
		if l, err = lab.New(core.MNIST, readMNIST(t, *mnist)); err != nil {
			t.Fatal(err)
		}
		steps = 2000
	}
	l.Apply(lab.Command{Name: "speed", Arg: "max"})
	l.Apply(lab.Do("run"))
	for l.Status().Step < steps-1 {
		l.Tick(lab.DefaultFrameBudget, time.Now)
	}
	l.Apply(lab.Do("pause"))
	l.Apply(lab.Do("step"))
	l.Apply(lab.Command{Name: "mode", Arg: "class"})
	back := fmt.Sprint(steps - 300)
	for _, c := range []struct{ stage, cell string }{
		{"conv", "Z.300"}, {"pool", "P.100"}, {"conv_grad", "dW.12"}, {"delta_A", "delta_A.254"},
		{"delta_Z", "delta_Z.254"}, {"update", "W.12"}, {"fc", "s.3"}, {"delta_P", "delta_P.40"},
	} {
		l.Apply(lab.Command{Name: "goto", Arg: back + " " + c.stage})
		l.Apply(lab.Command{Name: "select", Arg: c.cell})
		for _, sz := range []image.Point{{1280, 720}, {1920, 1080}, {768, 1024}} {
			v := NewView(l.Config())
			v.Resize(sz.X, sz.Y)
			dst := image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))
			v.Render(dst, l)
			writePNG(t, filepath.Join(*screens, fmt.Sprintf("class-%s-%dx%d.png", c.stage, sz.X, sz.Y)), dst)
		}
	}
}

// TestGoldenFilterUpdate: at the update with no cell selected, the panel
// shows filter 0's W, −lr·∂L/∂W and W′ and this sample's loss before and
// after; with a cell of filter 5 selected, filter 5's.
func TestGoldenFilterUpdate(t *testing.T) {
	f := classFixture(t, lab.Cell{})
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Render(dst, f)
	r := v.lay.equation
	panel := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(panel, panel.Rect, dst, r.Min, draw.Src)
	checkGolden(t, "equation_filter_update", panel)
	if f.status.Stage != core.StageUpdate {
		t.Fatalf("the fixture is at %v, want the update", f.status.Stage)
	}
	for _, c := range []struct {
		cell lab.Cell
		want int
	}{{lab.Cell{}, 0}, {lab.Cell{Tensor: "Z", Index: 5*24*24 + 3}, 5}, {lab.Cell{Tensor: "dW", Index: 3*25 + 7}, 3}, {lab.Cell{Tensor: "s", Index: 2}, 0}} {
		got, ok := v.selectedOf(c.cell)
		if filterOf(core.MNIST, got, ok) != c.want {
			t.Errorf("the filter shown for %v: %d, want %d", c.cell, filterOf(core.MNIST, got, ok), c.want)
		}
	}
}

// TestFilterUpdateAddsUp: the panel's W′ is W + (−lr·∂L/∂W), weight by
// weight, and its loss after is lower than before for a small step.
func TestFilterUpdateAddsUp(t *testing.T) {
	f := classFixture(t, lab.Cell{})
	n, pb := f.Net(), f.Before()
	for i, w := range pb.W.Data {
		if got := w - f.status.LR*n.Grad.DW.Data[i]; got != n.Params.W.Data[i] {
			t.Fatalf("W′[%d] = %v, want W − lr·∂L/∂W = %v", i, n.Params.W.Data[i], got)
		}
	}
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	v.Render(image.NewRGBA(image.Rect(0, 0, 1280, 720)), f)
	if !(v.eq.after < f.status.Loss) {
		t.Errorf("this sample's loss after the update %v, before %v: want lower", v.eq.after, f.status.Loss)
	}
}

// classCells are the selections the class mode's render is measured with:
// a conv cell (25 terms listed), a ∂L/∂W cell (its contributions map and
// a gradient check), a weight at the update (the loss after, the filter's
// update) and none.
var classCells = []struct {
	name string
	cell lab.Cell
}{{"conv", lab.Cell{Tensor: "Z", Index: 300}}, {"dW", lab.Cell{Tensor: "dW", Index: 12}}, {"W", lab.Cell{Tensor: "W", Index: 7}}, {"none", lab.Cell{}}}

// TestClassRenderAllocatesNothing: with a cell selected and the equation
// panel open, a repaint of the same step allocates nothing after the
// first (the panel is computed once per step shown), in the presenter
// view too (its focus is laid out once per stage and selection).
func TestClassRenderAllocatesNothing(t *testing.T) {
	for _, presenter := range []bool{false, true} {
		for _, c := range classCells {
			f := classFixture(t, c.cell)
			f.status.Presenter = presenter
			v := NewView(core.MNIST)
			v.Resize(1280, 720)
			dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
			v.Render(dst, f)
			if presenter && !v.lay.focused {
				t.Fatalf("class mode, presenter: not in focus")
			}
			if n := testing.AllocsPerRun(5, func() { v.Render(dst, f) }); n != 0 {
				t.Errorf("class mode, presenter %v, %s selected: %v allocations per frame, want 0", presenter, c.name, n)
			}
		}
	}
}

// TestClassPresenterTaps: in the class mode's presenter view a tap on a
// chip of the strip selects its first cell, which opens its panel; a tap
// on a cell of a panel selects it; one on the timeline goes to a step.
func TestClassPresenterTaps(t *testing.T) {
	f := classFixture(t, lab.Cell{})
	f.status.Presenter, f.status.Steps = true, 1000
	v := NewView(core.MNIST)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Resize(1280, 720)
	v.Render(dst, f)
	r := v.PanelRect(QuantityZ)
	if v.lay.gridOf[QuantityZ] >= 0 || r.Empty() {
		t.Fatalf("at the update: Z's panel %v, index %d; want a chip", r, v.lay.gridOf[QuantityZ])
	}
	cmd, ok := v.HitButton(r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2)
	if !ok || cmd != (lab.Command{Name: "select", Arg: "Z.0"}) {
		t.Fatalf("a tap on Z's chip: %v %v; want select Z.0", cmd, ok)
	}
	f.status.Selected = lab.Cell{Tensor: "Z", Index: 0}
	v.Render(dst, f)
	gi := v.lay.gridOf[QuantityZ]
	if gi < 0 {
		t.Fatal("Z selected: its panel is still a chip")
	}
	c := v.lay.boxes[gi].g.cellRect(300)
	if cmd, ok := v.HitButton(c.Min.X, c.Min.Y); !ok || cmd != (lab.Command{Name: "select", Arg: "Z.300"}) {
		t.Errorf("a tap on Z[0,12,12]: %v %v, want select Z.300", cmd, ok)
	}
	tr := v.timelineTrack()
	if cmd, ok := v.HitButton(tr.Max.X-1, (tr.Min.Y+tr.Max.Y)/2); !ok || cmd != (lab.Command{Name: "goto", Arg: "1000"}) {
		t.Errorf("a tap at the timeline's right end: %v %v, want goto 1000", cmd, ok)
	}
}

// BenchmarkRenderClass is a repaint of the class mode at 1280×720 with
// the equation panel open on each kind of cell, and in the presenter
// view ("presenter-conv" …).
func BenchmarkRenderClass(b *testing.B) {
	for _, c := range classCells {
		b.Run(c.name, func(b *testing.B) { benchRenderClass(b, c.cell, false) })
	}
	for _, c := range classCells {
		b.Run("presenter-"+c.name, func(b *testing.B) { benchRenderClass(b, c.cell, true) })
	}
}

func benchRenderClass(b *testing.B, cell lab.Cell, presenter bool) {
	f := classFixture(b, cell)
	f.status.Presenter = presenter
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Render(dst, f)
	b.ReportAllocs()
	for b.Loop() {
		v.Render(dst, f)
	}
}

// TestClassPortrait: the class mode fits a tablet held upright, 768×1024,
// with its equation panel beside the pipeline's last band, every panel on
// screen and none overlapping another.
func TestClassPortrait(t *testing.T) {
	f := classFixture(t, lab.Cell{Tensor: "dW", Index: 12})
	v := NewView(core.MNIST)
	v.Resize(768, 1024)
	v.Render(image.NewRGBA(image.Rect(0, 0, 768, 1024)), f)
	if !v.lay.ok || v.lay.equation.Dx() < 200 || v.lay.equation.Dy() < 300 {
		t.Fatalf("768×1024: laid out %v, equation panel %v", v.lay.ok, v.lay.equation)
	}
	rs := v.lay.panels()
	for i, a := range rs {
		if !a.In(image.Rect(0, 0, 768, 1024)) {
			t.Errorf("panel %v is off the screen", a)
		}
		for _, b := range rs[i+1:] {
			if a.Overlaps(b) {
				t.Errorf("panels %v and %v overlap", a, b)
			}
		}
	}
}

// TestGoldenClassPresenter: the class mode's presenter view at 1280×720
// at the update with a ∂L/∂W cell selected: the strip, ∂L/∂W → W, b large
// with ∂L/∂W's panel, the equation panel with its sum and the update's
// foot, the curve, the timeline and the buttons.
func TestGoldenClassPresenter(t *testing.T) {
	f := classFixture(t, lab.Cell{Tensor: "dW", Index: 12})
	f.status.Presenter = true
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Render(dst, f)
	if !v.lay.focused || v.lay.equation.Empty() {
		t.Fatalf("focused %v, equation panel %v", v.lay.focused, v.lay.equation)
	}
	checkGolden(t, "class_presenter_1280x720", dst)
}

// TestPresenterRouteCrossesNoPanel: in the presenter view δᴾ, A → δᴬ lie
// in a row, A between: δᴾ's values land in δᴬ in place, map after map,
// and no frame of the routing draws over A's panel.
func TestPresenterRouteCrossesNoPanel(t *testing.T) {
	frame := func(left int) (*image.RGBA, image.Rectangle) {
		f := midStep(t)
		f.status.Mode, f.status.Presenter, f.status.Route = lab.ModeClass, true, left
		v := NewView(core.MNIST)
		v.Resize(1280, 720)
		dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
		v.Render(dst, f)
		gi := v.lay.gridOf[QuantityA]
		if !v.lay.focused || gi < 0 || v.lay.gridOf[QuantityDeltaA] < 0 || v.lay.gridOf[QuantityDeltaP] < 0 {
			t.Fatalf("presenter at %v: focused %v, A %d, δᴬ %d, δᴾ %d", f.status.Stage, v.lay.focused, gi, v.lay.gridOf[QuantityDeltaA], v.lay.gridOf[QuantityDeltaP])
		}
		return dst, v.lay.boxes[gi].r
	}
	still, a := frame(0)
	for _, left := range []int{lab.RouteTicks, lab.RouteTicks / 2, 1} {
		moving, _ := frame(left)
		for y := a.Min.Y; y < a.Max.Y; y++ {
			i, j := still.PixOffset(a.Min.X, y), still.PixOffset(a.Max.X, y)
			if string(still.Pix[i:j]) != string(moving.Pix[i:j]) {
				t.Fatalf("%d frames before the routing's end: A's panel differs from the still frame's in row %d", left, y)
			}
		}
	}
}
