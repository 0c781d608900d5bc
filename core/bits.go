package core

import "unsafe"

// This file holds the tricks on the bits of float64 values. The pool, the
// ReLU and the search for nonzero pixels compare and select values whose
// outcome is a coin toss (the sign of Z, a block's winner, whether a pixel
// is 0 along a stroke), so a branch would mispredict about every other
// time; integer operations on the IEEE 754 bit patterns do the same
// without a branch, and asBits reads the values as bits at no cost on any
// platform. Each is exact: the same values and the same tie rule as
// package plain.

// asBits views v's memory as the IEEE 754 bit patterns of its values: the
// same elements, read and written as int64s. The max-pool, the ReLU and the
// search for nonzero pixels work on bits. math.Float64bits does the same
// one value at a time, and natively it costs nothing, but Go's wasm code
// moves each value through memory to convert it; a view needs no
// conversion on any platform.
func asBits(v []float64) []int64 {
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}

// relu is max(0, z) on z's bits: clearing every bit where the sign bit is
// set maps a negative z (and −0) to +0 and keeps a positive z, without a
// branch (the signs of Z are unpredictable).
func relu(b int64) int64 { return b &^ (b >> 63) }

// nonzeroBits returns a mask with bit y set where row[y] ≠ 0 (len(row) ≤ 64).
func nonzeroBits(row []float64) uint64 {
	// Branch-free: whether a pixel is zero is unpredictable along a stroke.
	// Without the sign bit, a value's bits are 0 exactly when it is ±0;
	// (b | −b) has its top bit set exactly when b ≠ 0.
	var m uint64
	for y, v := range asBits(row) {
		b := uint64(v) << 1
		m |= (b | -b) >> 63 << y
	}
	return m
}
