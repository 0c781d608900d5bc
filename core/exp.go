// The algorithm and constants below are those of Go's math/exp.go (BSD
// licence, Copyright 2009 The Go Authors), which took them from FreeBSD's
// e_exp.c (Copyright (C) 2004 by Sun Microsystems, Inc.: "Permission to
// use, copy, modify, and distribute this software is freely granted,
// provided that this notice is preserved.").

package core

import "math"

// exp is e^x, computed the same way on every platform. math.Exp runs
// assembly on amd64 and this pure-Go algorithm elsewhere (wasm); the two
// can differ in the last bit, which after a few training steps breaks
// near-ties in the pool differently, so that the same seed would train
// differently in the browser and on the desktop. The error is below 1 ulp
// (FreeBSD's bound); math.Exp on amd64 differs from it by a few ulp at most.
func exp(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		log2e     = 1.44269504088896338700e+00
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28) // 2⁻²⁸

		p1 = 1.66666666666666657415e-01
		p2 = -2.77777777770155933842e-03
		p3 = 6.61375632143793436117e-05
		p4 = -1.65339022054652515390e-06
		p5 = 4.13813679705723846039e-08
	)
	switch {
	case math.IsNaN(x):
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	// x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi − lo for precision.
	var k int
	switch {
	case x < 0:
		k = int(log2e*x - 0.5)
	case x > 0:
		k = int(log2e*x + 0.5)
	}
	hi := x - float64(k)*ln2Hi
	lo := float64(k) * ln2Lo
	r := hi - lo
	t := r * r
	c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return math.Ldexp(y, k)
}
