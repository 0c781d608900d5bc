package lab

import (
	"math"
	"slices"
	"strings"
	"testing"

	"backproplab/assets"
	"backproplab/core"
	"backproplab/ink"
)

// padTestLab is a lab with the pretrained weights, on the pad.
func padTestLab(t *testing.T) *Lab {
	t.Helper()
	l := newTestLab(t)
	cfg, p, err := assets.Pretrained()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.UsePretrained(cfg, &p); err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(Command{"mode", "pad"}); err != nil {
		t.Fatal(err)
	}
	return l
}

const seven = `[[[0.3, 0.22], [0.7, 0.22], [0.45, 0.82]]]`

func TestPadStartsPretrainedAndClassifies(t *testing.T) {
	l := padTestLab(t)
	if s := l.Status(); s.Weights != WeightsPretrained {
		t.Fatalf("mode pad on a fresh lab: weights %v, want pretrained", s.Weights)
	}
	if p := l.Pad(); !p.Empty || p.Prediction != -1 {
		t.Fatalf("an empty pad: empty %v, prediction %d; want no prediction", p.Empty, p.Prediction)
	}
	if err := l.Apply(Command{"label", "3"}); err == nil || !strings.Contains(err.Error(), "nothing on the pad") {
		t.Errorf("label on an empty pad = %v, want a sentence that there is nothing to teach", err)
	}
	// The same 7 by the pointer's road (begin, to, end) and by draw.
	l.Apply(Command{"stroke-begin", "0.3 0.22"})
	l.Apply(Command{"stroke-to", "0.5 0.22 0.7 0.22"})
	if p := l.Pad(); p.Prediction < 0 {
		t.Errorf("while drawing: no prediction")
	}
	l.Apply(Command{"stroke-to", "0.45 0.82"})
	l.Apply(Do("stroke-end"))
	byPointer := append([]float64(nil), l.Pad().X...)
	if p := l.Pad(); p.Prediction != 7 || !p.Saliency {
		t.Errorf("a 7 drawn: prediction %d, saliency %v; want 7 and ∂L/∂X", p.Prediction, p.Saliency)
	}
	l.Apply(Do("clear"))
	if err := l.Apply(Command{"draw", seven}); err != nil {
		t.Fatal(err)
	}
	for i, v := range l.Pad().X {
		if v != byPointer[i] {
			t.Fatalf("X[%d] = %v by draw, %v by the pointer's commands", i, v, byPointer[i])
		}
	}
}

// TestTeachingRaisesTheLabel: one step on the drawing with true class d
// ends with ŷ[d] higher, and is the lab's step in progress (the lab's views
// show it; stepping back restores the parameters).
func TestTeachingRaisesTheLabel(t *testing.T) {
	l := padTestLab(t)
	l.Apply(Command{"draw", seven})
	before := l.Pad().Yhat[1]
	p0 := cloneParams(&l.net.Params, l.cfg)
	if err := l.Apply(Command{"label", "1"}); err != nil {
		t.Fatal(err)
	}
	p := l.Pad()
	if !(p.Yhat[1] > before) || p.Before[1] != before {
		t.Errorf("taught 1: ŷ[1] %g → %g (before shown %g); want it higher", before, p.Yhat[1], p.Before[1])
	}
	if s := l.Status(); s.Sample != -1 || s.Stage != core.StageUpdate || s.Label != 1 || s.Step != 1 {
		t.Errorf("after teaching: sample %d, stage %v, label %d, step %d; want the drawing's step, done, label 1, step 1", s.Sample, s.Stage, s.Label, s.Step)
	}
	l.Apply(Do("stage-prev"))
	if !paramsEqual(&l.net.Params, p0) {
		t.Error("stepping back over the teaching step's update did not restore the parameters")
	}
}

// TestPadSaliencyIsDLDX checks the pad's ∂L/∂X against central differences
// of the loss for the saliency's class, at pixels away from ReLU and pool
// kinks (one-sided slopes that differ by more than 0.1% skip a pixel).
func TestPadSaliencyIsDLDX(t *testing.T) {
	l := padTestLab(t)
	l.Apply(Command{"draw", seven})
	p := l.Pad()
	n, _ := core.New(l.cfg, nil)
	n.Params.CopyFrom(&l.net.Params)
	loss := func(x []float64) float64 { n.SetInput(x, p.SaliencyLabel); n.Forward(); return n.Act.L }
	x := append([]float64(nil), p.X...)
	const h = 1e-5
	checked := 0
	for _, i := range []int{200, 300, 350, 400, 434, 460, 500, 600} {
		x0 := x[i]
		x[i] = x0 + h
		up := loss(x)
		x[i] = x0 - h
		down := loss(x)
		x[i] = x0
		mid := loss(x)
		if r, l := up-mid, mid-down; math.Abs(r-l) > 1e-3*max(math.Abs(r), math.Abs(l)) {
			continue // a kink within ±h: a ReLU gate or a pool's tie on the blank paper
		}
		fd := (up - down) / (2 * h)
		if d := math.Abs(fd - p.DX[i]); d > 1e-6+1e-4*math.Abs(fd) {
			t.Errorf("∂L/∂X[%d] = %g, central difference %g", i, p.DX[i], fd)
		}
		checked++
	}
	if checked < 4 {
		t.Errorf("only %d pixels away from kinks checked", checked)
	}
}

func TestPadUndoEraserAndBadImages(t *testing.T) {
	l := padTestLab(t)
	l.Apply(Command{"draw", `[[[0.5, 0.2], [0.5, 0.8]]]`})
	l.Apply(Command{"draw", `[[[0.2, 0.5], [0.3, 0.5]]]`})
	if n := len(l.Pad().Strokes); n != 2 {
		t.Fatalf("%d strokes, want 2", n)
	}
	l.Apply(Command{"eraser", "on"})
	l.Apply(Command{"stroke-begin", "0.25 0.5"})
	l.Apply(Do("stroke-end"))
	if s := l.Pad().Strokes; len(s) != 1 || s[0][0].X != 0.5 {
		t.Errorf("erasing at the short stroke: %v, want the long one kept", s)
	}
	l.Apply(Do("undo"))
	if n := len(l.Pad().Strokes); n != 2 {
		t.Errorf("undo of the erasure: %d strokes, want 2", n)
	}
	want := append([]float64(nil), l.Pad().X...)
	for _, arg := range []string{`not json`, `{"width":2,"height":2,"data":[1,2,3]}`, `{"width":2,"height":2,"data":[9,9,9,9]}`,
		`{"width":5000,"height":1,"data":[]}`, `{"width":1,"height":1,"data":[300]}`} {
		if err := l.Apply(Command{"image", arg}); err == nil {
			t.Errorf("image %s: no error", arg)
		}
		for i, v := range l.Pad().X {
			if v != want[i] {
				t.Fatalf("a refused image %s changed the pad", arg)
			}
		}
	}
	if err := l.Apply(Command{"draw", `[[[0.5, 1.5]]]`}); err == nil || !strings.Contains(err.Error(), "0 to 1") {
		t.Errorf("draw off the pad = %v, want a sentence", err)
	}
}

func TestPadWeightsInTheAddress(t *testing.T) {
	for _, c := range []struct {
		query string
		want  Weights
	}{{"mode=pad", WeightsPretrained}, {"mode=pad&weights=seed", WeightsSeed}, {"", WeightsSeed}, {"weights=pretrained", WeightsPretrained}} {
		s, problems := ParseQuery(c.query)
		if len(problems) > 0 || s.Weights != c.want {
			t.Errorf("ParseQuery(%q): weights %v (%v), want %v", c.query, s.Weights, problems, c.want)
		}
		l := newTestLab(t)
		cfg, p, _ := assets.Pretrained()
		l.UsePretrained(cfg, &p)
		for _, cmd := range s.Commands() {
			l.Apply(cmd)
		}
		if got := l.Settings().Weights; got != c.want {
			t.Errorf("?%s replayed: weights %v, want %v", c.query, got, c.want)
		}
	}
}

// BenchmarkPadClassify is what a frame of drawing costs the lab: a point
// added to a 13-point stroke, MNIST's preprocessing of the drawing and the
// forward pass (the stroke is undone each time, so that it stays the same).
func BenchmarkPadClassify(b *testing.B) {
	l := newTestLab(b)
	l.Apply(Command{"mode", "pad"})
	l.Apply(Command{"stroke-begin", "0.30 0.30"})
	l.Apply(Command{"stroke-to", "0.36 0.22 0.46 0.18 0.57 0.19 0.65 0.26 0.67 0.36 0.62 0.47 0.52 0.58 0.42 0.68 0.33 0.77 0.45 0.77 0.58 0.77"})
	b.ReportAllocs()
	for b.Loop() {
		l.Apply(Command{"stroke-to", "0.70 0.77"})
		p := &l.pad
		p.Strokes[0] = p.Strokes[0][:len(p.Strokes[0])-1]
		p.points--
	}
}

// Each stroke keeps the pen it was drawn with: a new width changes neither
// what is drawn nor X, only the strokes after it; undo and the eraser keep
// each remaining stroke's width.
func TestPadPenPerStroke(t *testing.T) {
	l := padTestLab(t)
	l.Apply(Command{"draw", `[[[0.5, 0.2], [0.5, 0.8]]]`}) // pen 0.1
	thin := append([]float64(nil), l.Pad().X...)
	if err := l.Apply(Command{"pen", "0.2"}); err != nil {
		t.Fatal(err)
	}
	for i, v := range l.Pad().X {
		if v != thin[i] {
			t.Fatalf("a new pen width changed X[%d] of the stroke drawn before it: %v → %v", i, thin[i], v)
		}
	}
	l.Apply(Command{"stroke-begin", "0.3 0.5"})
	l.Apply(Command{"stroke-to", "0.7 0.5"})
	l.Apply(Do("stroke-end"))
	p := l.Pad()
	if len(p.Pens) != 2 || p.Pens[0] != ink.DefaultPen || p.Pens[1] != 0.2 {
		t.Fatalf("pens %v, want [%g 0.2]: each stroke's own", p.Pens, ink.DefaultPen)
	}
	mixed := make([]float64, len(p.X))
	if _, err := ink.FromPenStrokes(mixed, p.Strokes, []float64{ink.DefaultPen, 0.2}); err != nil {
		t.Fatal(err)
	}
	wide := make([]float64, len(p.X))
	ink.FromStrokes(wide, p.Strokes, 0.2)
	if !slices.Equal(p.X, mixed) || slices.Equal(p.X, wide) {
		t.Errorf("X of a thin stroke and a wide one is not ink's drawing of them each with its pen")
	}
	l.Apply(Do("undo"))
	if p := l.Pad(); !slices.Equal(p.X, thin) || len(p.Pens) != 1 || p.Pen != 0.2 {
		t.Errorf("undo of the wide stroke: pens %v, X the thin stroke's %v; want [%g], the thin stroke as drawn, and the pen still 0.2",
			p.Pens, slices.Equal(p.X, thin), ink.DefaultPen)
	}
	l.Apply(Do("clear"))
	l.Apply(Command{"pen", "0.1"})
	l.Apply(Command{"draw", `[[[0.5, 0.2], [0.5, 0.8]]]`})
	l.Apply(Command{"pen", "0.05"})
	l.Apply(Command{"draw", `[[[0.2, 0.5], [0.3, 0.5]]]`})
	l.Apply(Command{"eraser", "on"})
	l.Apply(Command{"stroke-begin", "0.5 0.3"})
	l.Apply(Do("stroke-end"))
	if p := l.Pad(); len(p.Strokes) != 1 || len(p.Pens) != 1 || p.Pens[0] != 0.05 {
		t.Errorf("erasing the first stroke: %d strokes, pens %v; want the second one with its pen 0.05", len(p.Strokes), p.Pens)
	}
}
