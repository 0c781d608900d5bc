package ink

import "math"

// StrokeWidth estimates the mean width, in pixels, of the strokes of the
// Side×Side image img (ink high): 2·ink / perimeter. A stroke of width w
// and length ℓ has area w·ℓ and an outline of about 2ℓ; for a grey image
// the area is the sum of the values and the outline is the total
// variation, the sum of the gradient's length (the coarea formula: the
// mean over grey levels of each level's outline), taken with forward
// differences and 0 outside. It needs no skeleton, so it reads the same
// on MNIST's grey digits and the pad's anti-aliased ones. It returns 0
// for an image with no ink.
func StrokeWidth(img []float64) float64 {
	mustLen("StrokeWidth img", len(img))
	at := func(u, v int) float64 {
		if u < 0 || u >= Side || v < 0 || v >= Side {
			return 0
		}
		return img[u*Side+v]
	}
	var area, tv float64
	// From −1 so that the ink's left and top edges are counted too.
	for u := -1; u < Side; u++ {
		for v := -1; v < Side; v++ {
			a := at(u, v)
			area += a
			gx, gy := at(u, v+1)-a, at(u+1, v)-a
			tv += math.Sqrt(gx*gx + gy*gy)
		}
	}
	if tv == 0 {
		return 0
	}
	return 2 * area / tv
}

// CentreOfMass is the centre of mass of the Side×Side image img, in the
// coordinates of Centre (pixel (u, v) is the point (v, u)), and its mass,
// the sum of its values.
func CentreOfMass(img []float64) (x, y, mass float64) {
	mustLen("CentreOfMass img", len(img))
	for u := range Side {
		for v := range Side {
			a := img[u*Side+v]
			mass += a
			x += a * float64(v)
			y += a * float64(u)
		}
	}
	if mass == 0 {
		return 0, 0, 0
	}
	return x / mass, y / mass, mass
}
