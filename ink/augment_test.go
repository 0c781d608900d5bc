package ink

import (
	"math"
	"slices"
	"testing"

	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// Augment's distortions are small: each digit stays in the field, its
// centre of mass moves by at most the shift and what the scaling and
// rotation do to it, and its ink neither vanishes nor floods. The same
// seed gives the same digits.
func TestAugment(t *testing.T) {
	d := mnisttest.Set(t, "train", core.ReadDataset)
	x := make([]float64, Side*Side)
	y := make([]float64, Side*Side)
	tmp := make([]float64, Side*Side)
	r := core.NewRand(7)
	for i := range 500 {
		d.Sample(x, i)
		Augment(y, x, tmp, r)
		cx, cy, m := CentreOfMass(x)
		ax, ay, am := CentreOfMass(y)
		// The centre moves by the shift (up to 2√2) plus the turn and
		// scaling of its offset from the image's centre (13.5, 13.5).
		off := math.Hypot(cx-13.5, cy-13.5)
		limit := AugShift*math.Sqrt2 + off*(AugScaleHi-1+AugRotate*math.Pi/180) + 0.5
		if dist := math.Hypot(ax-cx, ay-cy); dist > limit {
			t.Errorf("digit %d: the centre of mass moved %.2f pixels, want at most %.2f", i, dist, limit)
		}
		if am < 0.4*m || am > 1.8*m {
			t.Errorf("digit %d: ink %.1f after, %.1f before: want the same digit, at most a pixel thicker or thinner", i, am, m)
		}
		for _, v := range y {
			if v < 0 || v > 1 {
				t.Fatalf("digit %d: value %v outside [0, 1]", i, v)
			}
		}
	}
	a, b := make([]float64, Side*Side), make([]float64, Side*Side)
	d.Sample(x, 0)
	Augment(a, x, tmp, core.NewRand(3))
	Augment(b, x, tmp, core.NewRand(3))
	if !slices.Equal(a, b) {
		t.Error("Augment with the same seed gave two different images")
	}
	if slices.Equal(a, x) {
		t.Error("Augment left the digit exactly as it was")
	}
}
