package viz

import (
	"math"
	"testing"
)

func TestAppendNum(t *testing.T) {
	for _, c := range []struct {
		v    float64
		sig  int
		want string
	}{
		{0, 3, "0"},
		{1, 3, "1.00"},
		{-0.5234, 2, "−0.52"},
		{0.001234, 3, "0.00123"},
		{123.456, 3, "123"},
		{9999, 3, "9999"},
		{1.234e-5, 2, "1.2e−5"},
		{-2.5e12, 3, "−2.50e12"},
		{math.NaN(), 3, "NaN"},
		{math.Inf(-1), 3, "−Inf"},
	} {
		if got := string(appendNum(nil, c.v, c.sig)); got != c.want {
			t.Errorf("appendNum(%v, %d) = %q, want %q", c.v, c.sig, got, c.want)
		}
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-60000, "−60,000"}} {
		if got := string(appendGrouped(nil, c.n)); got != c.want {
			t.Errorf("appendGrouped(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
