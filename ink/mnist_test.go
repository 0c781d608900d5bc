package ink

import (
	"math"
	"testing"

	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// MNIST's digits have their centre of mass at pixel (Centre, Centre) and
// the box of their ink 20 pixels on its long side: what fit makes.
func TestMNISTCentre(t *testing.T) {
	d := mnisttest.Set(t, "train", core.ReadDataset)
	x := make([]float64, Side*Side)
	var sx, sy float64
	long := 0
	for i := range d.Len() {
		d.Sample(x, i)
		cx, cy, _ := CentreOfMass(x)
		sx += cx
		sy += cy
		if b := inkBox(x); max(b.Dx(), b.Dy()) == Box {
			long++
		}
	}
	n := float64(d.Len())
	if math.Abs(sx/n-Centre) > 0.1 || math.Abs(sy/n-Centre) > 0.1 {
		t.Errorf("MNIST's mean centre of mass is (%.3f, %.3f), want within 0.1 of (%d, %d)", sx/n, sy/n, Centre, Centre)
	}
	if long < d.Len()*999/1000 {
		t.Errorf("%d of %d MNIST digits have a box whose long side is %d, want nearly all", long, d.Len(), Box)
	}
}

// The default pen gives digits drawn at a natural size the stroke width
// of MNIST's digits, to within a tenth.
func TestPenMatchesMNIST(t *testing.T) {
	d := mnisttest.Set(t, "train", core.ReadDataset)
	x := make([]float64, Side*Side)
	var mnist float64
	for i := range d.Len() {
		d.Sample(x, i)
		mnist += StrokeWidth(x)
	}
	mnist /= float64(d.Len())
	var pad float64
	natural := [][]Stroke{two(step), one(), zero()}
	for _, dr := range natural {
		if err := FromStrokes(x, dr, DefaultPen); err != nil {
			t.Fatal(err)
		}
		pad += StrokeWidth(x)
	}
	pad /= float64(len(natural))
	t.Logf("stroke width: MNIST %.2f pixels, the pad's drawings %.2f", mnist, pad)
	if math.Abs(pad-mnist) > mnist/10 {
		t.Errorf("the pad's strokes are %.2f pixels wide at the default pen %g, MNIST's %.2f: want them within a tenth", pad, DefaultPen, mnist)
	}
}
