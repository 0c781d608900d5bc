package ink

import (
	"fmt"
	"math"
)

// Point is a point on the pad: (0, 0) is its top left corner, (1, 1) its
// bottom right, x to the right and y down.
type Point struct{ X, Y float64 }

// Stroke is the path of one pen-down, in the order it was drawn.
type Stroke []Point

// DefaultPen is the pen width, in pad units: a tenth of the pad, with
// which a digit drawn at a natural size (0.6 to 0.7 of the pad's side)
// comes out with MNIST's strokes. Measured with StrokeWidth, the 60,000
// MNIST training digits have strokes 2.45 pixels wide on average
// (standard deviation 0.61); the test drawings come out at 2.71 (a 2, 0.6
// high), 2.39 (a 1, 0.7 high) and 2.34 (a 0, 0.7 wide), 2.48 on average
// (TestPenMatchesMNIST), against 2.28 with a pen of 0.09 and 2.00 with
// 0.08. A digit drawn smaller comes out thicker, as in MNIST, whose
// writers used one pen for digits of every size: the small 7 of the tests,
// 0.25 high, is 4.98 pixels wide.
const DefaultPen = 0.1

// supersample is how many canvas pixels an output pixel spans on each
// axis when strokes are drawn: 3, so the digit's box is drawn 60 pixels
// on its long side and area-averaged to Box. The canvas's coverage is
// anti-aliased itself, so little is gained beyond: against a canvas 8
// times finer than the output, the test drawings differ by at most 0.03
// (0.14 drawn at the output's own resolution, 0.017 at 4 times), and the
// time goes as its square.
const supersample = 3

// FromStrokes writes into dst (Side·Side values, as core's Dataset.Sample
// gives them: 0 the background, 1 full ink) the MNIST normalisation of a
// drawing: each stroke drawn with a round pen of width pen (pad units),
// each point joined to the one before by a capsule (so a fast hand leaves
// no gaps; a stroke of one point is a dot), anti-aliased, on a canvas
// that spans the ink's bounding box with supersample·Box pixels on its
// long side; then see fit. Points outside the pad are drawn as well: only
// the ink's box matters.
//
// It returns ErrEmpty if there is no point, and an error sentence, leaving
// dst alone, for a pen width that is not a positive number or a point
// that is not finite. FromPenStrokes is the same with a pen for each
// stroke, and says where the image lies on the pad.
func FromStrokes(dst []float64, strokes []Stroke, pen float64) error {
	if !(pen > 0) || math.IsInf(pen, 0) { // even with no stroke to draw
		return fmt.Errorf("ink: pen width %v, want a positive number of pad units (the default is %g)", pen, DefaultPen)
	}
	_, err := fromStrokes(dst, strokes, func(int) float64 { return pen })
	return err
}

// FromPenStrokes is FromStrokes with stroke i drawn with the pen width
// pens[i] (pad units; pens has one width per stroke), and returns the
// Frame that maps dst's pixels back onto the pad (the zero Frame with an
// error).
func FromPenStrokes(dst []float64, strokes []Stroke, pens []float64) (Frame, error) {
	if len(pens) != len(strokes) {
		return Frame{}, fmt.Errorf("ink: %d pen widths for %d strokes, want one for each", len(pens), len(strokes))
	}
	return fromStrokes(dst, strokes, func(i int) float64 { return pens[i] })
}

// Frame is where a Side×Side image that FromPenStrokes made lies on the
// pad: the inverse of the preprocessing's scaling and shift. Its pixel
// (u, v) (row u, column v) covers the pad's square from (X0 + v·S,
// Y0 + u·S) to (X0 + (v+1)·S, Y0 + (u+1)·S), in pad units; so a map over
// the image, such as ∂L/∂X, can be drawn over the strokes it came from.
type Frame struct{ X0, Y0, S float64 }

// Cell is the pad's square under pixel (u, v): its top left corner and
// its bottom right one.
func (f Frame) Cell(u, v int) (x0, y0, x1, y1 float64) {
	return f.X0 + float64(v)*f.S, f.Y0 + float64(u)*f.S, f.X0 + float64(v+1)*f.S, f.Y0 + float64(u+1)*f.S
}

// Pixel is the image's point under the pad's point p, in pixel units
// (pixel (u, v) spans [v, v+1) × [u, u+1)).
func (f Frame) Pixel(p Point) (x, y float64) {
	return (p.X - f.X0) / f.S, (p.Y - f.Y0) / f.S
}

func fromStrokes(dst []float64, strokes []Stroke, pen func(i int) float64) (Frame, error) {
	mustLen("FromStrokes dst", len(dst))
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, s := range strokes {
		w := pen(i)
		if !(w > 0) || math.IsInf(w, 0) {
			return Frame{}, fmt.Errorf("ink: pen width %v, want a positive number of pad units (the default is %g)", w, DefaultPen)
		}
		r := w / 2
		for j, p := range s {
			if math.IsNaN(p.X) || math.IsInf(p.X, 0) || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				return Frame{}, fmt.Errorf("ink: point %d of stroke %d is (%v, %v), want finite coordinates", j, i, p.X, p.Y)
			}
			x0, x1 = min(x0, p.X-r), max(x1, p.X+r)
			y0, y1 = min(y0, p.Y-r), max(y1, p.Y+r)
		}
	}
	if !(x1 >= x0 && y1 >= y0) || math.IsInf(x1-x0, 0) || math.IsInf(y1-y0, 0) {
		clear(dst)
		if x1 < x0 {
			return Frame{}, ErrEmpty
		}
		return Frame{}, fmt.Errorf("ink: the drawing spans %v×%v pad units, too far to draw", x1-x0, y1-y0)
	}
	k := float64(supersample*Box) / max(x1-x0, y1-y0) // canvas pixels per pad unit
	if math.IsInf(k, 0) {
		clear(dst)
		return Frame{}, fmt.Errorf("ink: the drawing spans %v×%v pad units, too small to draw", x1-x0, y1-y0)
	}
	cw := max(1, min(supersample*Box, int(math.Ceil((x1-x0)*k-1e-9))))
	ch := max(1, min(supersample*Box, int(math.Ceil((y1-y0)*k-1e-9))))
	c := canvas{w: cw, h: ch, pix: make([]float64, cw*ch)}
	// In canvas pixels, whose pixel (u, v) has its centre at (v+½, u+½).
	at := func(p Point) (float64, float64) { return (p.X - x0) * k, (p.Y - y0) * k }
	for i, s := range strokes {
		if len(s) == 0 {
			continue
		}
		R := pen(i) / 2 * k
		ax, ay := at(s[0])
		c.capsule(ax, ay, ax, ay, R)
		for _, p := range s[1:] {
			bx, by := at(p)
			c.capsule(ax, ay, bx, by, R)
			ax, ay = bx, by
		}
	}
	ox, oy, s := fit(dst, cw, ch, func(u int, buf []float64) { copy(buf, c.pix[u*cw:(u+1)*cw]) })
	// Output pixel (u, v) is the scaled box's (u−oy, v−ox), which covers
	// canvas pixels from (v−ox)/s, that is pad units from x0 + (v−ox)/(s·k).
	S := 1 / (s * k)
	return Frame{X0: x0 - float64(ox)*S, Y0: y0 - float64(oy)*S, S: S}, nil
}

// canvas is a w×h coverage map, row-major, 1 where the pen covered all of
// a pixel.
type canvas struct {
	w, h int
	pix  []float64
}

// capsule inks the points within R of the segment from (ax, ay) to (bx, by)
// (canvas pixels), anti-aliased: a pixel whose centre is at distance d gets
// coverage R+½−d clamped to [0, 1], the area of a unit pixel inside a
// straight edge that crosses it at right angles, and the canvas keeps the
// larger of what it had and that (strokes overlap; ink does not add up).
func (c *canvas) capsule(ax, ay, bx, by, R float64) {
	u0 := max(0, int(math.Floor(min(ay, by)-R-1)))
	u1 := min(c.h-1, int(math.Ceil(max(ay, by)+R+1)))
	v0 := max(0, int(math.Floor(min(ax, bx)-R-1)))
	v1 := min(c.w-1, int(math.Ceil(max(ax, bx)+R+1)))
	dx, dy := bx-ax, by-ay
	inv := 0.0 // 1/|b−a|², 0 for a dot
	if ll := dx*dx + dy*dy; ll > 0 {
		inv = 1 / ll
	}
	// Coverage is 0 beyond R+½ and 1 within R−½: only the ring between
	// needs a square root.
	out, in := (R+0.5)*(R+0.5), max(0, R-0.5)*max(0, R-0.5)
	for u := u0; u <= u1; u++ {
		py := float64(u) + 0.5 - ay
		row := c.pix[u*c.w : (u+1)*c.w]
		for v := v0; v <= v1; v++ {
			if row[v] == 1 {
				continue // already full: the strokes' many overlaps
			}
			px := float64(v) + 0.5 - ax
			// The nearest point of the segment: the projection, clamped.
			t := min(1, max(0, (px*dx+py*dy)*inv))
			ex, ey := px-t*dx, py-t*dy
			dd := ex*ex + ey*ey
			switch {
			case dd >= out:
			case dd <= in:
				row[v] = 1
			default:
				row[v] = max(row[v], min(1, R+0.5-math.Sqrt(dd)))
			}
		}
	}
}
