package viz

import (
	"math"
	"testing"
)

// Colour-vision deficiency, simulated after Machado, Oliveira and
// Fernandes (2009), "A physiologically-based model for simulation of
// color vision deficiency", severity 1 (a full dichromat): a 3×3 matrix on
// linear sRGB.
var (
	protanopia = [3][3]float64{
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	}
	deuteranopia = [3][3]float64{
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	}
	normalVision = [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
)

func linear(c uint8) float64 {
	x := float64(c) / 255
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}

// cieLab is c as seen through m, in CIE L*a*b* (D65).
func cieLab(c rgb, m [3][3]float64) [3]float64 {
	in := [3]float64{linear(c.r), linear(c.g), linear(c.b)}
	var s [3]float64
	for i := range s {
		for j := range in {
			s[i] += m[i][j] * in[j]
		}
		s[i] = min(max(s[i], 0), 1)
	}
	x := (0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]) / 0.95047
	y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
	z := (0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// The diverging map's steps stay apart for a reader with protanopia or
// deuteranopia, not only with normal colour vision: every pair of its 11
// stops differs by ΔE*76 ≥ 10 (about four just-noticeable differences of
// 2.3), and two stops of equal size and opposite sign (+x and −x, which
// mean opposite things) by ΔE ≥ 15, even the palest pair, ±10% of the
// range. A red–green map fails this: its opposite stops fall together
// for these readers.
func TestDivergingMapReadsForColourBlindness(t *testing.T) {
	for _, m := range []struct {
		name  string
		stops []rgb
	}{{"RdBu", rdbu[:]}, {"the high-contrast map", contrastDiverging[:]}} {
		t.Run(m.name, func(t *testing.T) { checkDiverging(t, m.stops) })
	}
}

func checkDiverging(t *testing.T, rdbu []rgb) {
	const minPair, minOpposite = 10, 15
	for _, v := range []struct {
		name string
		m    [3][3]float64
	}{{"normal vision", normalVision}, {"protanopia", protanopia}, {"deuteranopia", deuteranopia}} {
		least := math.Inf(1)
		for i := range rdbu {
			for j := i + 1; j < len(rdbu); j++ {
				d := deltaE(cieLab(rdbu[i], v.m), cieLab(rdbu[j], v.m))
				least = min(least, d)
				if d < minPair {
					t.Errorf("%s: stops %d %v and %d %v differ by ΔE %.1f, want at least %d", v.name, i, rdbu[i], j, rdbu[j], d, minPair)
				}
				if i+j == len(rdbu)-1 && d < minOpposite {
					t.Errorf("%s: opposite stops %d and %d differ by ΔE %.1f, want at least %d", v.name, i, j, d, minOpposite)
				}
			}
		}
		t.Logf("%s: the closest two stops differ by ΔE %.1f", v.name, least)
	}
	// The test can fail: a red and a green of a red–green map, ΔE 85 apart
	// with normal vision, fall together with deuteranopia.
	red, green := rgb{0xd0, 0x50, 0x30}, rgb{0x60, 0x94, 0x20}
	if d := deltaE(cieLab(red, deuteranopia), cieLab(green, deuteranopia)); d >= minPair {
		t.Errorf("the simulation leaves red and green %.1f apart for deuteranopia: it simulates nothing", d)
	}
}
