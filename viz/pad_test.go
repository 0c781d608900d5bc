package viz

import (
	"encoding/json"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"backproplab/assets"
	"backproplab/core"
	"backproplab/ink"
	"backproplab/lab"
)

// A two drawn as a person would, in pad units: one stroke, a hook, a
// diagonal and a base.
var padTwo = [][][2]float64{{
	{0.30, 0.30}, {0.36, 0.22}, {0.46, 0.18}, {0.57, 0.19}, {0.65, 0.26}, {0.67, 0.36},
	{0.62, 0.47}, {0.52, 0.58}, {0.42, 0.68}, {0.33, 0.77}, {0.45, 0.77}, {0.58, 0.77}, {0.70, 0.77},
}}

// padLab is a live lab on synthData with the pretrained weights, on the pad.
func padLab(tb testing.TB) *lab.Lab {
	tb.Helper()
	l := newTestLab(tb)
	cfg, p, err := assets.Pretrained()
	if err != nil {
		tb.Fatal(err)
	}
	if err := l.UsePretrained(cfg, &p); err != nil {
		tb.Fatal(err)
	}
	if err := l.Apply(lab.Command{Name: "mode", Arg: "pad"}); err != nil {
		tb.Fatal(err)
	}
	return l
}

func drawCmd(tb testing.TB, strokes [][][2]float64) lab.Command {
	b, err := json.Marshal(strokes)
	if err != nil {
		tb.Fatal(err)
	}
	return lab.Command{Name: "draw", Arg: string(b)}
}

// padFixture is a frozen pad Source: a pad and a status written out here,
// so that the goldens follow neither core's rounding nor the weights file.
type padFixture struct {
	net    *core.Net
	before core.Params
	status lab.Status
	hist   lab.History
	pad    lab.Pad
}

func (f *padFixture) Net() *core.Net        { return f.net }
func (f *padFixture) Before() *core.Params  { return &f.before }
func (f *padFixture) Status() lab.Status    { return f.status }
func (f *padFixture) History() *lab.History { return &f.hist }
func (f *padFixture) Pad() *lab.Pad         { return &f.pad }

// newPadFixture is the pad with padTwo drawn, ŷ and ∂L/∂X made up: ŷ
// mostly on 2, ∂L/∂X negative on the ink's edges and positive beside.
func newPadFixture(tb testing.TB) *padFixture {
	n, err := core.New(core.MNIST, nil)
	if err != nil {
		tb.Fatal(err)
	}
	f := &padFixture{net: n, before: core.NewParams(core.MNIST),
		status: lab.Status{Mode: lab.ModePad, Weights: lab.WeightsPretrained, LR: 0.01, Seed: 1, Prediction: -1}}
	p := &f.pad
	for _, s := range padTwo {
		var st ink.Stroke
		for _, q := range s {
			st = append(st, ink.Point{X: q[0], Y: q[1]})
		}
		p.Strokes = append(p.Strokes, st)
		p.Pens = append(p.Pens, ink.DefaultPen)
	}
	p.Pen, p.Label, p.Prediction = ink.DefaultPen, -1, 2
	p.X = make([]float64, 784)
	var err2 error
	if p.Frame, err2 = ink.FromPenStrokes(p.X, p.Strokes, p.Pens); err2 != nil {
		tb.Fatal(err2)
	}
	p.Yhat = []float64{0.01, 0.02, 0.81, 0.05, 0.01, 0.01, 0.02, 0.04, 0.02, 0.01}
	p.Before = []float64{0.01, 0.02, 0.61, 0.25, 0.01, 0.01, 0.02, 0.04, 0.02, 0.01}
	p.DX = make([]float64, 784)
	for i := range p.DX {
		u, v := i/28, i%28
		p.DX[i] = math.Sin(float64(u)/3) * math.Cos(float64(v)/4) * 0.02
	}
	p.Saliency, p.SaliencyLabel = true, 2
	return f
}

func renderPad(v *View, src Source, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	v.Resize(w, h)
	v.Render(dst, src)
	return dst
}

func TestPadGoldens(t *testing.T) {
	f := newPadFixture(t)
	checkGolden(t, "pad-two-1280x800", renderPad(NewView(core.MNIST), f, 1280, 800))
	f.pad.Label = 2
	checkGolden(t, "pad-taught-1024x640", renderPad(NewView(core.MNIST), f, 1024, 640))
	empty := newPadFixture(t)
	empty.pad = lab.Pad{Pen: ink.DefaultPen, Empty: true, Prediction: -1, Label: -1,
		X: make([]float64, 784), Yhat: make([]float64, 10), Before: make([]float64, 10), DX: make([]float64, 784)}
	checkGolden(t, "pad-empty-1280x800", renderPad(NewView(core.MNIST), empty, 1280, 800))
}

// TestPadLive writes the pad of a live lab, to look at: go test ./viz -run PadLive -screens /tmp/x.
func TestPadLive(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	l := padLab(t)
	v := NewView(core.MNIST)
	writePNG(t, filepath.Join(*screens, "pad-empty.png"), renderPad(v, l, 1280, 800))
	l.Apply(drawCmd(t, padTwo))
	writePNG(t, filepath.Join(*screens, "pad-two.png"), renderPad(v, l, 1280, 800))
	l.Apply(lab.Command{Name: "label", Arg: "3"})
	writePNG(t, filepath.Join(*screens, "pad-taught3.png"), renderPad(v, l, 1280, 800))
	l.Apply(lab.Command{Name: "mode", Arg: "lab"})
	writePNG(t, filepath.Join(*screens, "pad-lab.png"), renderPad(v, l, 1280, 800))
	l.Apply(lab.Command{Name: "mode", Arg: "pad"})
	l.Apply(lab.Do("clear"))
	l.Apply(drawCmd(t, [][][2]float64{{{0.1, 0.1}, {0.9, 0.2}, {0.2, 0.5}, {0.8, 0.9}, {0.1, 0.8}, {0.5, 0.1}}}))
	writePNG(t, filepath.Join(*screens, "pad-scribble.png"), renderPad(v, l, 1280, 800))
	writePNG(t, filepath.Join(*screens, "pad-scribble-768x1024.png"), renderPad(NewView(core.MNIST), l, 768, 1024))
}

// BenchmarkPadRender is the pad's repaint at 1280×800 with a digit drawn:
// the frame a stroke's new points are painted in.
func BenchmarkPadRender(b *testing.B) {
	f := newPadFixture(b)
	v := NewView(core.MNIST)
	dst := renderPad(v, f, 1280, 800)
	b.ReportAllocs()
	for b.Loop() {
		v.Render(dst, f)
	}
}

// ∂L/∂X is drawn over the drawing itself: a small 7 in the pad's top left
// corner gets the map's colours on and around its strokes, within the
// square of the pad that the 28×28 image came from, and the rest of the pad
// stays paper; while a stroke is being drawn, the drawing is shown bare.
func TestPadSaliencyOnTheDrawing(t *testing.T) {
	l := padLab(t)
	seven := [][][2]float64{{{0.08, 0.1}, {0.18, 0.1}, {0.28, 0.1}, {0.24, 0.18}, {0.20, 0.26}, {0.16, 0.35}}}
	l.Apply(drawCmd(t, seven))
	p := l.Pad()
	if !p.Saliency {
		t.Fatal("no ∂L/∂X after drawing")
	}
	v := NewView(core.MNIST)
	dst := renderPad(v, l, 1280, 800)
	a := v.PadRect()
	side := float64(a.Dx())
	// The field: the pad's square under the 28×28 image, on the screen.
	x0, y0, _, _ := p.Frame.Cell(0, 0)
	_, _, x1, y1 := p.Frame.Cell(27, 27)
	field := image.Rect(a.Min.X+int(x0*side)-1, a.Min.Y+int(y0*side)-1, a.Min.X+int(math.Ceil(x1*side))+1, a.Min.Y+int(math.Ceil(y1*side))+1)
	tinted, onInk := 0, 0
	for y := a.Min.Y; y < a.Max.Y; y++ {
		for x := a.Min.X; x < a.Max.X; x++ {
			c := dst.RGBAAt(x, y)
			if int(c.R)-int(c.B) > 12 || int(c.B)-int(c.R) > 12 { // red or blue
				tinted++
				if !image.Pt(x, y).In(field) {
					t.Fatalf("a colour of ∂L/∂X at (%d, %d), outside the field %v that the drawing's image covers", x, y, field)
				}
				if c.R < 0xa0 && c.B < 0xa0 {
					onInk++ // a dark colour: the ink with the map on it
				}
			} else if !image.Pt(x, y).In(field) && c != (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
				t.Fatalf("pad pixel (%d, %d) outside the field is %v, want the paper", x, y, c)
			}
		}
	}
	if tinted < 500 || onInk < 50 {
		t.Errorf("%d pixels of the pad coloured by ∂L/∂X, %d of them on the ink; want the map on and around the strokes", tinted, onInk)
	}
	if field.Max.X > a.Min.X+a.Dx()/2 || field.Max.Y > a.Min.Y+a.Dy()/2 {
		t.Errorf("the field %v of a 7 in the top left corner reaches past the pad's middle (pad %v)", field, a)
	}
	// While drawing: no map over the strokes.
	l.Apply(lab.Command{Name: "stroke-begin", Arg: "0.6 0.6"})
	l.Apply(lab.Command{Name: "stroke-to", Arg: "0.7 0.7"})
	dst = renderPad(v, l, 1280, 800)
	for y := a.Min.Y; y < a.Max.Y; y++ {
		for x := a.Min.X; x < a.Max.X; x++ {
			if c := dst.RGBAAt(x, y); c.R != c.G || c.G != c.B {
				t.Fatalf("while a stroke is drawn, pad pixel (%d, %d) is %v, want the bare grey drawing", x, y, c)
			}
		}
	}
}
