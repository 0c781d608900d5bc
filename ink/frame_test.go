package ink

import (
	"math"
	"testing"
)

// The Frame maps the 28×28 image back onto the pad where the strokes
// are: every point a stroke passes through falls on an inked pixel of
// the image, and a point of the pad far from every stroke on a blank one.
// So a map over the image (∂L/∂X) drawn through the Frame lies on the
// drawing.
func TestFrameLandsOnTheStrokes(t *testing.T) {
	cases := append(drawings, struct {
		name string
		d    []Stroke
	}{"two-and-seven", append(two(step), seven()...)})
	for _, c := range cases {
		pens := make([]float64, len(c.d))
		for i := range pens {
			pens[i] = DefaultPen
		}
		if c.name == "two-and-seven" {
			pens[0], pens[1] = 0.15, 0.05 // a wide 2 and a thin 7
		}
		x := make([]float64, Side*Side)
		f, err := FromPenStrokes(x, c.d, pens)
		if err != nil {
			t.Fatal(err)
		}
		at := func(p Point) float64 {
			px, py := f.Pixel(p)
			u, v := int(math.Floor(py)), int(math.Floor(px))
			if u < 0 || u >= Side || v < 0 || v >= Side {
				return -1 // off the image
			}
			return x[u*Side+v]
		}
		for i, s := range c.d {
			for j, p := range s {
				if a := at(p); a < 0.5 {
					t.Errorf("%s: point %d of stroke %d, %v, is on a pixel of ink %.2f, want a stroke's inside (≥ 0.5)", c.name, j, i, p, a)
				}
			}
		}
		// Points of the pad's grid farther than a pen and two pixels from
		// every stroke are blank.
		far := 0
		for gy := 0.0; gy <= 1; gy += 0.01 {
			for gx := 0.0; gx <= 1; gx += 0.01 {
				q := Point{gx, gy}
				d := math.Inf(1)
				for _, s := range c.d {
					for j := range s {
						a := s[max(0, j-1)]
						d = min(d, segPoint(q, a, s[j]))
					}
				}
				if d > 0.15/2+2*f.S {
					far++
					if a := at(q); a > 0 {
						t.Errorf("%s: %v is %.3f from the strokes, and on a pixel of ink %.2f", c.name, q, d, a)
					}
				}
			}
		}
		if far == 0 {
			t.Errorf("%s: no point of the pad far from the strokes", c.name)
		}
		// The scale: the ink's box is Box pixels on its long side.
		if f.S <= 0 {
			t.Errorf("%s: frame %+v", c.name, f)
		}
		x0, y0, x1, y1 := f.Cell(0, 0)
		if math.Abs((x1-x0)-f.S) > 1e-12 || math.Abs((y1-y0)-f.S) > 1e-12 {
			t.Errorf("%s: cell (0, 0) is %v×%v, want %v square", c.name, x1-x0, y1-y0, f.S)
		}
	}
}

// segPoint is the distance from p to the segment ab.
func segPoint(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if ll := dx*dx + dy*dy; ll > 0 {
		t = min(1, max(0, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/ll))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// One pen for each stroke, or a sentence.
func TestFromPenStrokesWantsAPenEach(t *testing.T) {
	x := make([]float64, Side*Side)
	if _, err := FromPenStrokes(x, zero(), []float64{0.1, 0.1}); err == nil {
		t.Error("two pen widths for one stroke: no error")
	}
	if _, err := FromPenStrokes(x, append(two(step), seven()...), []float64{0.1, -1}); err == nil {
		t.Error("a pen width of −1: no error")
	}
}
