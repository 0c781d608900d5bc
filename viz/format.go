package viz

import (
	"math"
	"strconv"
)

// Number formatting into reused byte buffers: no allocation, the true minus
// sign (−, U+2212) and short exponents ("1.2e−5"), readable when projected.

func appendInt(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, "−"...)
		n = -n
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// appendGrouped writes n with thin groups of three digits: 12,345.
func appendGrouped(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, "−"...)
		n = -n
	}
	if n < 1000 {
		return strconv.AppendInt(b, int64(n), 10)
	}
	b = appendGrouped(b, n/1000)
	r := n % 1000
	b = append(b, ',', byte('0'+r/100), byte('0'+r/10%10), byte('0'+r%10))
	return b
}

// appendNum writes v with sig significant digits: fixed point from 0.001
// to 10⁴, else with an exponent; NaN and ±Inf by name.
func appendNum(b []byte, v float64, sig int) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "−Inf"...)
	case v == 0:
		return append(b, '0')
	}
	if v < 0 {
		b = append(b, "−"...)
		v = -v
	}
	if v >= 1e-3 && v < 1e4 {
		dec := sig - 1 - int(math.Floor(math.Log10(v)))
		if dec < 0 {
			dec = 0
		}
		// Rounding can carry into a new digit (0.0999 → 0.100): fine.
		return strconv.AppendFloat(b, v, 'f', dec, 64)
	}
	start := len(b)
	b = strconv.AppendFloat(b, v, 'e', sig-1, 64)
	// Rewrite the exponent "e-05" as "e−5" and "e+12" as "e12".
	e := start
	for e < len(b) && b[e] != 'e' {
		e++
	}
	if e+1 >= len(b) {
		return b
	}
	neg := b[e+1] == '-'
	exp := b[e+2:]
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	var tmp [4]byte
	n := copy(tmp[:], exp)
	b = b[:e+1]
	if neg {
		b = append(b, "−"...)
	}
	return append(b, tmp[:n]...)
}

// appendPercent writes f (a fraction) as a whole percentage.
func appendPercent(b []byte, f float64) []byte {
	if math.IsNaN(f) {
		return append(b, "—"...)
	}
	b = strconv.AppendInt(b, int64(math.Round(100*f)), 10)
	return append(b, '%')
}
