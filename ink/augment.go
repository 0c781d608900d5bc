package ink

import (
	"math"
	"math/rand/v2"
)

// Augmentation ranges, the usual ones for MNIST: small enough that every
// digit stays what it was (a 6 turned by 12° is still a 6, a 1 is not a
// 7), large enough to cover how people place, size, slant and ink a
// digit on a pad.
const (
	AugShift     = 2.0     // pixels, each way, on each axis
	AugScaleLo   = 0.9     // smallest scaling about the centre
	AugScaleHi   = 1.1     // largest
	AugRotate    = 12.0    // degrees, each way
	AugThickness = 1.0 / 3 // the share of digits whose strokes are thickened or thinned
)

// Augment writes into dst a random small distortion of the Side×Side
// image src (values in [0, 1], ink high, as Dataset.Sample gives them),
// drawn from r: a shift of up to ±AugShift pixels on each axis, a scaling
// by AugScaleLo to AugScaleHi and a rotation of up to ±AugRotate degrees
// about the image's centre, sampled bilinearly; then, for a share
// AugThickness of the digits, a grey-scale dilation (thicker strokes) or
// erosion (thinner), by up to a pixel in stroke width.
// tmp is scratch space of Side·Side values. The same r gives the same
// images on every platform. dst, src and tmp must not overlap; lengths
// other than Side·Side panic.
func Augment(dst, src, tmp []float64, r *rand.Rand) {
	mustLen("Augment dst", len(dst))
	mustLen("Augment src", len(src))
	mustLen("Augment tmp", len(tmp))
	// Draw every number, always in the same order, so that one digit's
	// choices do not change how many numbers the next one reads.
	dx := (2*r.Float64() - 1) * AugShift
	dy := (2*r.Float64() - 1) * AugShift
	scale := AugScaleLo + (AugScaleHi-AugScaleLo)*r.Float64()
	theta := (2*r.Float64() - 1) * AugRotate * math.Pi / 180
	thick := r.Float64()
	strength := r.Float64() / 2

	// The inverse map: for each destination pixel centre p, the source
	// point is R(−θ)(p − c − d)/scale + c, c the image's centre.
	const c = Side/2 - 0.5 // 13.5: the centre between pixels 13 and 14
	cos, sin := math.Cos(theta)/scale, math.Sin(theta)/scale
	out := dst
	if thick < AugThickness {
		out = tmp
	}
	for u := range Side {
		for v := range Side {
			x, y := float64(v)-c-dx, float64(u)-c-dy
			sx := cos*x + sin*y + c
			sy := -sin*x + cos*y + c
			out[u*Side+v] = bilinear(src, sx, sy)
		}
	}
	if thick >= AugThickness {
		return
	}
	// Half the thickened share is dilated, half eroded.
	morph(dst, tmp, thick < AugThickness/2, strength)
}

// bilinear samples the Side×Side image at (x, y) (pixel centres at
// integers), with 0 outside.
func bilinear(img []float64, x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	u, v := int(y0), int(x0)
	at := func(u, v int) float64 {
		if u < 0 || u >= Side || v < 0 || v >= Side {
			return 0
		}
		return img[u*Side+v]
	}
	top := at(u, v)*(1-fx) + at(u, v+1)*fx
	bot := at(u+1, v)*(1-fx) + at(u+1, v+1)*fx
	return top*(1-fy) + bot*fy
}

// morph writes into dst src moved by t ∈ [0, 1] of the way towards its
// grey-scale dilation (the maximum over the pixel and its four
// neighbours) if dilate, else its erosion (the minimum). The full step
// widens (or narrows) a stroke by two pixels, a pixel on each side, which
// would take most of an MNIST stroke (2.45 pixels wide, see DefaultPen)
// away; Augment takes t ≤ ½, up to a pixel. The cross rather than the
// 3×3 square keeps corners from rounding into blobs.
func morph(dst, src []float64, dilate bool, t float64) {
	at := func(u, v int) float64 {
		if u < 0 || u >= Side || v < 0 || v >= Side {
			return 0
		}
		return src[u*Side+v]
	}
	for u := range Side {
		for v := range Side {
			x := src[u*Side+v]
			m := x
			for _, n := range [4]float64{at(u-1, v), at(u+1, v), at(u, v-1), at(u, v+1)} {
				if dilate {
					m = max(m, n)
				} else {
					m = min(m, n)
				}
			}
			dst[u*Side+v] = x + t*(m-x)
		}
	}
}
