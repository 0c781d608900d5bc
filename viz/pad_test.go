package viz

import (
	"encoding/json"
	"image"
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
	}
	p.Pen, p.Label, p.Prediction = ink.DefaultPen, -1, 2
	p.X = make([]float64, 784)
	if err := ink.FromStrokes(p.X, p.Strokes, p.Pen); err != nil {
		tb.Fatal(err)
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
