package viz

import (
	"fmt"
	"image"
	"math"
	"strings"
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

// benchFocusStage measures a stage change in the presenter view at w×h,
// of the lab mode or the class mode: the focus is laid out again and its
// base redrawn (and in the class mode the equation panel's text found).
func benchFocusStage(b *testing.B, w, h int, mode lab.Mode) {
	l := threeSteps(b)
	l.status.Presenter, l.status.Mode = true, mode
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

func BenchmarkFocusStageChange1280(b *testing.B) { benchFocusStage(b, 1280, 720, lab.ModeLab) }

func BenchmarkFocusStageChange1920(b *testing.B) { benchFocusStage(b, 1920, 1080, lab.ModeLab) }

func BenchmarkClassPresenterStageChange1280(b *testing.B) {
	benchFocusStage(b, 1280, 720, lab.ModeClass)
}

func BenchmarkClassPresenterStageChange1920(b *testing.B) {
	benchFocusStage(b, 1920, 1080, lab.ModeClass)
}

// classPresenterSizes are the projected screens of the class mode's
// presenter view: 16:9 projectors, a 4:3 one and a tablet upright.
var classPresenterSizes = []accessSize{{1280, 720, true}, {1920, 1080, true}, {1024, 768, true}, {768, 1024, true}}

// classPresenterFont is the least body text of the class mode's presenter
// view at sz: 1/32 of the height on a 16:9 screen (23 px at 1280×720,
// 34 px at 1920×1080). A 4:3 or portrait screen has that at the stages
// that fit it (24 px at 1024×768 but at those that show a class table of
// ten rows large); at every stage it has at least the presenter scale on
// the class mode's own type there, 1.5 × 14 = 21 px.
func classPresenterFont(sz accessSize) int {
	if sz.w*9 >= sz.h*16 {
		return presenterFont(sz.h)
	}
	return int(math.Round(presenterScale * float64(fontSize(sz.w, sz.h))))
}

// classSelections are the cells the class mode's presenter view is
// checked with: none, a conv cell (25 terms), a ∂L/∂W cell (576 terms, a
// contributions map, a gradient check) and a δᶻ cell (a gate).
var classSelections = []lab.Cell{{}, {Tensor: "Z", Index: 300}, {Tensor: "dW", Index: 12}, {Tensor: "delta_Z", Index: 254}}

// In the class mode's presenter view, on each projected screen, at every
// stage, with no cell and with each kind of cell selected: the screen is
// in focus, nothing overlaps or leaves the screen, the body text is at
// least classPresenterFont and the equation panel's (the small face) at
// least 7/8 of it, every button is a finger's size (44 px on its short
// side), the timeline as high as a line of text, the stage's outputs are panels, the
// selected cell's tensor is a panel or a chip, the strip reads in order
// with every arrow, and the equation panel is there whenever a cell is
// selected, with room for 7 lines of its text at least, 14 em wide.
func TestClassPresenterSizesAtEveryStage(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range classPresenterSizes {
		least := classPresenterFont(sz)
		sizes := map[int]int{} // text size: how many screens have it
		for s := core.StageNone; s <= core.StageUpdate; s++ {
			for _, sel := range classSelections {
				v.st = lab.Status{Mode: lab.ModeClass, Presenter: true, Stage: s, Selected: sel}
				v.Resize(sz.w, sz.h)
				v.follow()
				name := fmt.Sprintf("class %v at %v, selected %v", sz, s, sel)
				if v.Mode() != ModeClass || !checkLayout(t, name, v) {
					continue
				}
				sizes[v.f.text.size]++
				if !v.lay.focused {
					t.Errorf("%s: not in focus", name)
				}
				if v.f.text.size < least || v.f.small.size < least*7/8 {
					t.Errorf("%s: text %d px, equation panel and legends %d px; want at least %d and %d", name, v.f.text.size, v.f.small.size, least, least*7/8)
				}
				for _, b := range v.lay.buttons {
					if min(b.r.Dx(), b.r.Dy()) < minTarget {
						t.Errorf("%s: the button %q is %v, want at least %d px a side", name, b.label, b.r.Size(), minTarget)
					}
				}
				if tr := v.timelineTrack(); tr.Dy() < v.f.text.height || tr.Dx() < 4*minTarget {
					t.Errorf("%s: the timeline's track is %v, want a line of text high and %d px wide", name, tr.Size(), 4*minTarget)
				}
				_, out := stageGroups(s)
				for _, g := range out {
					if q := g.lead(); v.lay.gridOf[q] < 0 {
						t.Errorf("%s: %v, what the stage wrote, is not a panel", name, q)
					}
				}
				if c, ok := CellOf(sel); ok && v.PanelRect(c.Q).Empty() {
					t.Errorf("%s: the selected cell's %v is neither a panel nor a chip", name, c.Q)
				}
				checkStrip(t, name, v)
				if sel.Tensor != "" {
					eq := v.lay.equation
					text, _ := v.equationBody(eq, true)
					if lines := text.Dy() / v.f.small.height; lines < 7 || eq.Dx() < eqMinEms*v.f.small.size {
						t.Errorf("%s: the equation panel is %v, %d lines of its text; want at least 7 lines, %d em wide", name, eq, lines, eqMinEms)
					}
				}
			}
		}
		t.Logf("class %v: body text px: screens %v (least %d)", sz, sizes, least)
	}
}

// In the presenter's equation panel, with a conv cell, a ∂L/∂W cell or a
// δᶻ cell selected at every stage that computed it, and a weight at the
// update, on each projected screen: its text fits the panel down to the
// line that makes the point (the terms' sum, which shows that they make
// the cell; a weight's loss after its update; a δᶻ's gate, its whole
// text), and a sum of many terms lists the largest that fit.
func TestClassPresenterEquationShowsTheSum(t *testing.T) {
	cells := []struct {
		cell lab.Cell
		mark string // the end of the line that must show; "": all
	}{{classSelections[1], "Σ = "}, {classSelections[2], "Σ = "}, {classSelections[3], ""}, {lab.Cell{Tensor: "W", Index: 7}, " after\n"}}
	for _, sz := range classPresenterSizes {
		for _, sc := range cells {
			f := classFixture(t, sc.cell)
			f.status.Presenter = true
			c, _ := CellOf(sc.cell)
			from := quantities[c.Q].stage
			if quantities[c.Q].param {
				from = core.StageUpdate
			}
			for s := from; s <= core.StageUpdate; s++ {
				f.status.Stage = s
				v := NewView(core.MNIST)
				dst := image.NewRGBA(image.Rect(0, 0, sz.w, sz.h))
				v.Resize(sz.w, sz.h)
				v.Render(dst, f)
				name := fmt.Sprintf("class %v at %v, %v selected", sz, s, sc.cell)
				text, _ := v.equationBody(v.lay.equation, v.eq.noFoot)
				if v.lay.equation.Empty() || text.Dy() < v.f.small.height {
					t.Errorf("%s: the equation panel is %v", name, v.lay.equation)
					continue
				}
				body := string(v.eq.text)
				end := len(body)
				if sc.mark != "" {
					i := strings.Index(body, sc.mark)
					if i < 0 {
						t.Errorf("%s: no %q in the panel:\n%s", name, sc.mark, body)
						continue
					}
					end = i + strings.IndexByte(body[i:], '\n') + 1
				}
				if n, room := lineCount(v.f.small, []byte(body[:end]), text.Dx()), text.Dy()/v.f.small.height; n > room {
					t.Errorf("%s: the text down to its point takes %d lines, the panel holds %d:\n%s", name, n, room, body)
				}
			}
		}
	}
}
