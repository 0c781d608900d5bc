package ink

import (
	"errors"
	"fmt"
	"math"
)

// ErrEmpty is returned for a pad or an image with no ink: there is no
// digit to classify, and a blank 28×28 image would still get a class.
var ErrEmpty = errors.New("ink: there is no ink: nothing to classify")

// MaxImageSide bounds the width and the height of an image given to
// FromGrey, so that memory and time stay bounded by a sane input.
const MaxImageSide = 4096

// Centre is where the centre of mass of a digit lies in the Side×Side
// image, in the coordinates of pixel indices (pixel (u, v), row u and
// column v, is the point (v, u)): the centre of the field as MNIST put it
// ("centered in a 28×28 image by computing the center of mass of the
// pixels, and translating the image so as to position this point at the
// center of the 28×28 field", LeCun et al.). Measured over the 60,000
// MNIST training digits, the mean centre of mass is at (x, y) =
// (14.007, 13.996) in these coordinates (TestMNISTCentre), so MNIST's
// centre is pixel (14, 14), not the field's geometric middle, 13.5.
const Centre = Side / 2

// fit is MNIST's normalisation of an ink map (values in [0, 1], ink high)
// whose ink lies in the bw×bh box starting at row 0 of what row gives
// (row(u, buf) fills buf with the bw values of the box's row u): the box
// is scaled, keeping its aspect ratio, so that its long side is Box
// pixels, anti-aliased by area averaging (each output pixel is the mean
// of the input over its square), and placed in dst (Side·Side values) so
// that its centre of mass is at (Centre, Centre), shifted by the rounded
// offset as MNIST did, so the box keeps whole-pixel edges. Ink that the
// shift would put outside the field is cut off. It returns the shift, the
// box's top left corner in dst (ox, oy), and the scale s, output pixels
// per input pixel.
func fit(dst []float64, bw, bh int, row func(u int, buf []float64)) (ox, oy int, s float64) {
	s = float64(Box) / float64(max(bw, bh)) // output pixels per input pixel
	ow := min(Box, int(math.Ceil(float64(bw)*s-1e-9)))
	oh := min(Box, int(math.Ceil(float64(bh)*s-1e-9)))
	// small is the scaled box, oh×ow; acc one output row being summed.
	var small [Box * Box]float64
	buf := make([]float64, bw)
	line := make([]float64, ow)
	for u := range bh {
		row(u, buf)
		clear(line)
		spread(line, buf, s)
		// Input row u covers output rows [u·s, (u+1)·s).
		lo, hi := float64(u)*s, float64(u+1)*s
		for i := int(lo); i < oh && float64(i) < hi; i++ {
			w := min(hi, float64(i+1)) - max(lo, float64(i))
			if w <= 0 {
				continue
			}
			axpy(small[i*Box:i*Box+ow], w, line)
		}
	}
	// The centre of mass of the box, in pixel indices.
	var m, mx, my float64
	for i := range oh {
		for j := range ow {
			a := small[i*Box+j]
			m += a
			mx += a * float64(j)
			my += a * float64(i)
		}
	}
	clear(dst)
	if !(m > 0) {
		return 0, 0, s
	}
	ox = int(math.Round(Centre - mx/m))
	oy = int(math.Round(Centre - my/m))
	for i := range oh {
		for j := range ow {
			u, v := i+oy, j+ox
			if u >= 0 && u < Side && v >= 0 && v < Side {
				dst[u*Side+v] = min(1, small[i*Box+j])
			}
		}
	}
	return ox, oy, s
}

// spread adds to out (output pixels) the input row in, whose pixel v
// covers [v·s, (v+1)·s) of out, each output pixel getting the input's
// mean over it: the area weights of one axis.
func spread(out, in []float64, s float64) {
	for v, a := range in {
		if a == 0 {
			continue
		}
		lo, hi := float64(v)*s, float64(v+1)*s
		for j := int(lo); j < len(out) && float64(j) < hi; j++ {
			w := min(hi, float64(j+1)) - max(lo, float64(j))
			if w > 0 {
				out[j] += w * a
			}
		}
	}
}

func axpy(dst []float64, a float64, x []float64) {
	for i, v := range x {
		dst[i] += a * v
	}
}

// FromGrey writes into dst (Side·Side values, as core's Dataset.Sample
// gives them: 0 the background, 1 full ink) the MNIST normalisation of a
// grey image of w×h pixels, pix row-major, one byte a pixel. Either
// polarity is understood: the median of the border pixels is taken as the
// paper, and the ink is whatever departs from it towards the other end of
// the range (dark on light if the paper is above 127, else light on dark),
// scaled so that the far end is 1. Departures below a tenth of that
// (inkFloor) count as paper, so that a scan's noise or a photo's grain
// does not stretch the digit's box. Then see fit.
//
// It returns ErrEmpty if no pixel is ink, and an error sentence, leaving
// dst alone, for an image that is empty, larger than MaxImageSide on a
// side, or whose pixels are not w·h.
func FromGrey(dst []float64, pix []uint8, w, h int) error {
	mustLen("FromGrey dst", len(dst))
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("ink: the image is %d×%d pixels: it is empty", w, h)
	case w > MaxImageSide || h > MaxImageSide:
		return fmt.Errorf("ink: the image is %d×%d pixels, larger than the %d×%d accepted: scale it down first", w, h, MaxImageSide, MaxImageSide)
	case len(pix) != w*h:
		return fmt.Errorf("ink: a %d×%d image has %d pixels, got %d values", w, h, w*h, len(pix))
	}
	paper := borderMedian(pix, w, h)
	var lut [256]float64
	for b := range lut {
		var a float64
		if paper > 127 {
			a = float64(int(paper)-b) / float64(paper)
		} else {
			a = float64(b-int(paper)) / float64(255-int(paper))
		}
		if a >= inkFloor {
			lut[b] = min(1, a)
		}
	}
	// The box of the ink.
	x0, y0, x1, y1 := w, h, -1, -1
	for u := range h {
		for v, b := range pix[u*w : (u+1)*w] {
			if lut[b] > 0 {
				x0, x1 = min(x0, v), max(x1, v)
				y0, y1 = min(y0, u), max(y1, u)
			}
		}
	}
	if x1 < 0 {
		clear(dst)
		return ErrEmpty
	}
	fit(dst, x1-x0+1, y1-y0+1, func(u int, buf []float64) {
		for v, b := range pix[(y0+u)*w+x0 : (y0+u)*w+x1+1] {
			buf[v] = lut[b]
		}
	})
	return nil
}

// inkFloor is the smallest departure from the paper, as a share of the
// range, that counts as ink in FromGrey: 0.1, about 25 grey levels, above
// a scan's or a camera's noise, and below the faint edges of a stroke that
// matter (MNIST digits upscaled and read back keep their accuracy: see
// TestUpscaledMNIST).
const inkFloor = 0.1

// borderMedian is the median of the pixels on the image's edge (each
// counted once), the paper's grey for a digit that does not touch it.
func borderMedian(pix []uint8, w, h int) uint8 {
	var count [256]int
	n := 0
	add := func(b uint8) { count[b]++; n++ }
	for v := range w {
		add(pix[v])
		if h > 1 {
			add(pix[(h-1)*w+v])
		}
	}
	for u := 1; u < h-1; u++ {
		add(pix[u*w])
		if w > 1 {
			add(pix[u*w+w-1])
		}
	}
	half := (n + 1) / 2
	for b, c := range count {
		half -= c
		if half <= 0 {
			return uint8(b)
		}
	}
	return 255
}
