package core

import "unsafe"

// asBits views v's memory as the IEEE 754 bit patterns of its values: the
// same elements, read and written as int64s. The max-pool, the ReLU and the
// search for nonzero pixels work on bits. math.Float64bits does the same
// one value at a time, and natively it costs nothing, but Go's wasm code
// moves each value through memory to convert it; a view needs no
// conversion on any platform.
func asBits(v []float64) []int64 {
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}
