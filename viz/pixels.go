package viz

import (
	"encoding/binary"
	"image"
	"unsafe"
)

// littleEndian reports whether a uint32 stored in memory lays out its low
// byte first, as on amd64, arm64 and wasm: then a packed colour
// (rgb.packed) is one store of R, G, B, A.
var littleEndian = binary.NativeEndian.Uint32([]byte{1, 0, 0, 0}) == 1

// words views dst's pixels as one uint32 each, so that a pixel is written
// in one store: the Go compiler does not merge four byte stores into one on
// wasm, where this makes heat maps several times faster. It returns nil on
// a big-endian machine, or if Pix is not 4-byte aligned; callers then write
// bytes.
func words(dst *image.RGBA) []uint32 {
	if !littleEndian || len(dst.Pix) < 4 || dst.Stride%4 != 0 || uintptr(unsafe.Pointer(&dst.Pix[0]))%4 != 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&dst.Pix[0])), len(dst.Pix)/4)
}
