package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// layoutSizes samples the screens we promise: a grid from 1024×640 to
// 2560×1440, common laptop and projector sizes, and a portrait tablet.
func layoutSizes() []image.Point {
	var s []image.Point
	for w := 1024; w <= 2560; w += 128 {
		for h := 640; h <= 1440; h += 100 {
			s = append(s, image.Pt(w, h))
		}
	}
	return append(s, image.Pt(2560, 1440), image.Pt(1366, 768), image.Pt(1280, 720), image.Pt(1280, 800),
		image.Pt(1920, 1080), image.Pt(1024, 768), image.Pt(768, 1024), image.Pt(810, 1080), image.Pt(1024, 1366))
}

func TestLayoutFitsWithoutOverlap(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range layoutSizes() {
		v.Resize(sz.X, sz.Y)
		name := fmt.Sprintf("%d×%d", sz.X, sz.Y)
		if !checkLayout(t, name, v) {
			continue
		}
		L := &v.lay
		cell := func(q Quantity) int { return L.boxes[L.gridOf[q]].g.scale }
		if sz.X >= 1280 && sz.Y >= 800 && !L.focused {
			if s := cell(QuantityZ); s < 2 {
				t.Errorf("%s: Z cells are %d px, want at least 2", name, s)
			}
		}
	}
}

// The presenter scale's larger type and strokes still leave every panel
// on the screen, apart, and readable.
func TestPresenterLayoutFits(t *testing.T) {
	v := NewView(core.MNIST)
	v.st.Presenter = true // as a source in the presenter view would say
	for _, p := range []float64{1.5, 2} {
		if err := v.SetPresenter(p); err != nil {
			t.Fatal(err)
		}
		if v.opts.presenter != p {
			t.Fatalf("SetPresenter(%g) in the presenter view: the layout's scale is %g", p, v.opts.presenter)
		}
		for _, sz := range layoutSizes() {
			v.Resize(sz.X, sz.Y)
			checkLayout(t, fmt.Sprintf("presenter %g, %d×%d", p, sz.X, sz.Y), v)
		}
	}
}

// checkLayout checks v's layout: the pipeline shows, every panel lies on
// the screen without overlapping another, every part of a box inside it,
// every quantity is shown, and cells, text and curves are large enough to
// see. It reports whether the pipeline shows.
func checkLayout(t *testing.T, name string, v *View) bool {
	t.Helper()
	if v.TooSmall() {
		t.Errorf("%s: window too small, want the pipeline", name)
		return false
	}
	L := &v.lay
	screen := image.Rect(0, 0, v.w, v.h)
	rs := L.panels()
	for i, r := range rs {
		if r.Empty() || !r.In(screen) {
			t.Errorf("%s: panel %d at %v is empty or off the screen", name, i, r)
		}
		for j := i + 1; j < len(rs); j++ {
			if r.Overlaps(rs[j]) {
				t.Errorf("%s: panels %d %v and %d %v overlap", name, i, r, j, rs[j])
			}
		}
	}
	// Every part of a box lies inside its frame.
	for _, b := range L.boxes {
		parts := []image.Rectangle{b.title, b.legend}
		if b.kind == boxGrid {
			parts = append(parts, b.g.r, b.note)
		} else {
			parts = append(parts, b.rows, b.labels, b.footer)
			for _, bc := range b.bars[:b.nbars] {
				parts = append(parts, bc.r)
			}
		}
		for _, p := range parts {
			if !p.Empty() && !p.In(b.r) {
				t.Errorf("%s: a part %v of the box %v lies outside it", name, p, b.r)
			}
		}
	}
	// Every quantity is shown (in the focus arrangement, as a panel or as
	// a chip of the strip), and cells are squares large enough to see.
	for q := Quantity(0); q < numQuantities; q++ {
		if _, chip := L.chipOf(q); L.gridOf[q] < 0 && !(L.focused && chip) {
			t.Errorf("%s: %v is not on the screen", name, q)
			return true
		}
	}
	cell := func(q Quantity) int {
		if L.gridOf[q] < 0 {
			return 1 << 10 // a chip: opened large when selected
		}
		return L.boxes[L.gridOf[q]].g.scale
	}
	if s := cell(QuantityX); s < 3 {
		t.Errorf("%s: X cells are %d px, want at least 3", name, s)
	}
	if s := cell(QuantityW); s < 4 {
		t.Errorf("%s: W cells are %d px, want at least 4", name, s)
	}
	if !L.focused && (cell(QuantityZ) != cell(QuantityA) || cell(QuantityZ) != cell(QuantityDeltaZ)) {
		t.Errorf("%s: Z, A, δᶻ at different scales", name)
	}
	if v.f.text.size < minFont || v.f.small.size < 12 {
		t.Errorf("%s: text at %d px, legends at %d px; want at least %d and 12", name, v.f.text.size, v.f.small.size, minFont)
	}
	for _, b := range L.buttons {
		if L.presenter == 1 && (b.r.Dx() < minTarget || b.r.Dy() < minTarget) {
			t.Errorf("%s: the button %q is %v, want at least %d px a side for a finger", name, b.label, b.r.Size(), minTarget)
		}
	}
	if L.loss.Dy() < 3*v.f.small.height {
		t.Errorf("%s: the loss curve is %d px high", name, L.loss.Dy())
	}
	if !L.help.In(screen) || L.help.Dx() < screen.Dx()/2 || L.help.Dy() < screen.Dy()/2 {
		t.Errorf("%s: the help overlay is centred on %v, want most of the screen", name, L.help)
	}
	return true
}

func TestTinySizesDoNotPanic(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	for _, sz := range []image.Point{{0, 0}, {1, 1}, {2, 3}, {100, 50}, {300, 200}, {479, 800}, {800, 319}, {480, 320}, {500, 2000}, {4000, 300}, {-5, 10}} {
		v.Resize(sz.X, sz.Y)
		w, h := max(sz.X, 0), max(sz.Y, 0)
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		v.Hover(w/2, h/2)
		v.Render(dst, l)
		v.HitButton(w/2, h/2)
		v.HitCell(w/2, h/2)
		if (w < minW || h < minH) && !v.TooSmall() {
			t.Errorf("%d×%d: not reported too small", w, h)
		}
	}
	// The message is drawn where there is room for it.
	v.Resize(300, 200)
	dst := image.NewRGBA(image.Rect(0, 0, 300, 200))
	v.Render(dst, l)
	if countNot(dst, colBackground) == 0 {
		t.Error("300×200: nothing drawn, want a \"window too small\" message")
	}
}

func countNot(img *image.RGBA, c rgb) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] != c.r || img.Pix[i+1] != c.g || img.Pix[i+2] != c.b {
			n++
		}
	}
	return n
}

func TestRenderIntoOffsetImage(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	v.Resize(1024, 640)
	a := image.NewRGBA(image.Rect(0, 0, 1024, 640))
	v.Render(a, l)
	big := image.NewRGBA(image.Rect(-10, -20, 1100, 700))
	b := big.SubImage(image.Rect(40, 30, 1064, 670)).(*image.RGBA)
	v.Render(b, l)
	for y := 0; y < 640; y++ {
		for x := 0; x < 1024; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x+40, y+30) {
				t.Fatalf("pixel (%d,%d) differs when drawn into a sub-image", x, y)
			}
		}
	}
}

func TestHitButtons(t *testing.T) {
	v := NewView(core.MNIST)
	for _, sz := range []image.Point{{1280, 800}, {768, 1024}, {2560, 1440}} {
		v.Resize(sz.X, sz.Y)
		seen := map[lab.Command]bool{}
		for _, b := range v.lay.buttons {
			c := b.r.Min.Add(b.r.Max).Div(2)
			in, ok := v.HitButton(c.X, c.Y)
			if !ok || in != b.cmd {
				t.Errorf("%v: HitButton at the centre of %q = %v, %v; want %v", sz, b.label, in, ok, b.cmd)
			}
			seen[b.cmd] = true
		}
		for _, want := range []lab.Command{lab.Do("step"), lab.Do("run-pause"), lab.Do("stage-prev"), lab.Do("stage-next"), lab.Command{Name: "speed", Arg: "down"}, lab.Command{Name: "speed", Arg: "up"},
			lab.Command{Name: "lr", Arg: "down"}, lab.Command{Name: "lr", Arg: "up"}, lab.Do("reset"), lab.Command{Name: "sample", Arg: "next"}, lab.Command{Name: "sample", Arg: "prev"}, lab.Do("scope"), lab.Do("help")} {
			if !seen[want] {
				t.Errorf("%v: no button for %v", sz, want)
			}
		}
		if _, ok := v.HitButton(sz.X/2, sz.Y/3); ok {
			t.Errorf("%v: a button in the middle of the pipeline", sz)
		}
	}
}

func TestHitCellsRoundTrip(t *testing.T) {
	v := NewView(core.MNIST)
	cfg := core.MNIST
	for _, sz := range []image.Point{{1280, 800}, {768, 1024}, {1920, 1080}} {
		v.Resize(sz.X, sz.Y)
		for q := Quantity(0); q < numQuantities; q++ {
			if v.lay.gridOf[q] < 0 {
				continue // a chip of the focus's strip
			}
			b := &v.lay.boxes[v.lay.gridOf[q]]
			n := 1
			for _, d := range q.shape(cfg) {
				n *= d
			}
			for _, i := range []int{0, 1, n / 3, n / 2, n - 1} {
				var p image.Point
				if b.kind == boxGrid {
					r := b.g.cellRect(i)
					p = r.Min.Add(r.Max).Div(2)
				} else {
					for _, bc := range b.bars[:b.nbars] {
						if bc.q == q {
							p = image.Pt((bc.r.Min.X+bc.r.Max.X)/2, b.rowTop(i)+b.pitch/2)
						}
					}
				}
				c, ok := v.HitCell(p.X, p.Y)
				if !ok || c != (Cell{q, i}) {
					t.Errorf("%v: HitCell at the centre of %v[%d] = %v, %v", sz, q, i, c, ok)
				}
			}
		}
	}
}

func renderAt(v *View, l Source, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	v.Resize(w, h)
	v.Render(dst, l)
	return dst
}

// At presenter scale 1.5 the text is larger and the panels' frames,
// 1 px at scale 1, are 2 px thick.
func TestPresenterThickensTypeAndFrames(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	frame := func() (text int, edge bool) {
		dst := renderAt(v, l, 1920, 1080)
		r := v.PanelRect(QuantityW)
		return v.f.text.size, dst.RGBAAt(r.Min.X+1, r.Min.Y+r.Dy()/2) == color.RGBA{colPanelEdge.r, colPanelEdge.g, colPanelEdge.b, 0xff}
	}
	text1, thick1 := frame()
	if err := v.SetPresenter(1.5); err != nil {
		t.Fatal(err)
	}
	l.Apply(lab.Command{Name: "presenter", Arg: "on"})
	text15, thick15 := frame()
	if text15 <= text1 {
		t.Errorf("presenter 1.5: text at %d px, at 1 %d px: want larger", text15, text1)
	}
	if thick1 || !thick15 {
		t.Errorf("the second pixel of W's frame is the frame's colour: %v at scale 1, %v at 1.5; want false, true", thick1, thick15)
	}
}

// Going back to presenter scale 1, or choosing the lab mode a view is
// in, gives the screen of a new view exactly.
func TestPresenterAndModeRoundTrip(t *testing.T) {
	l := newTestLab(t)
	want := renderAt(NewView(core.MNIST), l, 1280, 800)
	v := NewView(core.MNIST)
	if err := v.SetPresenter(2); err != nil {
		t.Fatal(err)
	}
	l.Apply(lab.Command{Name: "presenter", Arg: "on"})
	if got := renderAt(v, l, 1280, 800); string(got.Pix) == string(want.Pix) {
		t.Error("presenter 2 draws the screen of scale 1")
	}
	l.Apply(lab.Command{Name: "presenter", Arg: "off"})
	if got := renderAt(v, l, 1280, 800); string(got.Pix) != string(want.Pix) {
		t.Error("with the presenter view off again, the screen differs from a new view's")
	}
	if v.Mode() != ModeLab {
		t.Errorf("Mode = %v; want lab", v.Mode())
	}
}

func TestBadPresenterChangesNothing(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	if err := v.SetPresenter(1.5); err != nil {
		t.Fatal(err)
	}
	l.Apply(lab.Command{Name: "presenter", Arg: "on"})
	want := renderAt(v, l, 1280, 800)
	for _, s := range []float64{0, -1, 0.5, 3.5, math.NaN(), math.Inf(1)} {
		err := v.SetPresenter(s)
		if err == nil || !strings.Contains(err.Error(), "presenter scale") {
			t.Errorf("SetPresenter(%g) = %v, want an error that names the presenter scale", s, err)
		}
		if v.Presenter() != 1.5 {
			t.Errorf("after SetPresenter(%g): presenter %g, want 1.5 kept", s, v.Presenter())
		}
	}
	if got := renderAt(v, l, 1280, 800); string(got.Pix) != string(want.Pix) {
		t.Error("refused presenter scales changed the screen")
	}
}
