package viz

import (
	"image"
	"unsafe"
)

// Changed appends to dst the tiles (tile.X×tile.Y pixels, from now's
// top-left corner; those at the right and bottom edges cut to now's
// bounds) in which now differs from was, in rows from the top, left to
// right, and returns dst. When was is nil or of other bounds, every tile
// has changed. It allocates nothing but dst's growth.
//
// A frame at one step a frame changes the status's numbers, the sample's
// maps and the plots, but much of the screen (titles, frames, legends,
// maps that the step leaves alone) comes out byte for byte as before: a
// screen that shows was need only be sent these tiles to show now.
func Changed(dst []image.Rectangle, was, now *image.RGBA, tile image.Point) []image.Rectangle {
	if tile.X < 1 || tile.Y < 1 {
		panic("viz: Changed: tiles must be at least 1×1")
	}
	r := now.Rect
	all := was == nil || was.Rect != r
	for y0 := r.Min.Y; y0 < r.Max.Y; y0 += tile.Y {
		y1 := min(y0+tile.Y, r.Max.Y)
		// The tiles of this row found to differ, one bit each (64 tiles
		// of 64 pixels are 4096, maxSide: more tiles share the last bit,
		// and are then sent together).
		var dirt uint64
		bit := func(x int) uint64 { return 1 << min((x-r.Min.X)/tile.X, 63) }
		full := bit(r.Max.X-1)<<1 - 1
		if all {
			dirt = full
		}
		for y := y0; y < y1 && dirt != full; y++ {
			a, b := rowOf(now, y), rowOf(was, y)
			if samePix(a, b) {
				continue // most rows of an unchanged band: one comparison decides
			}
			for x := r.Min.X; x < r.Max.X; x += tile.X {
				if dirt&bit(x) != 0 {
					continue
				}
				i0, i1 := 4*(x-r.Min.X), 4*(min(x+tile.X, r.Max.X)-r.Min.X)
				if !samePix(a[i0:i1], b[i0:i1]) {
					dirt |= bit(x)
				}
			}
		}
		for x := r.Min.X; x < r.Max.X; x += tile.X {
			if dirt&bit(x) != 0 {
				dst = append(dst, image.Rect(x, y0, min(x+tile.X, r.Max.X), y1))
			}
		}
	}
	return dst
}

// Merge joins the tiles that Changed reports into fewer rectangles that
// cover the same pixels, in place, and returns them: tiles side by side in
// a row become one run, and a run with the same left and right edges as a
// rectangle ending just above it extends that rectangle down. rs must be
// in Changed's order (rows from the top, left to right, rows of one
// height but the last). A changed panel, a few tiles wide and tall, is
// then sent in one call instead of one a tile.
func Merge(rs []image.Rectangle) []image.Rectangle {
	out := rs[:0]
	open := 0 // out[open:] are the rectangles that reach the row above
	for i := 0; i < len(rs); {
		// The runs of one row of tiles: rs[i:j].
		j, y := i, rs[i].Max.Y // read before out, which shares rs's array, overwrites it
		for j < len(rs) && rs[j].Max.Y == y {
			j++
		}
		rowStart := len(out)
		for k := i; k < j; {
			run := rs[k]
			for k++; k < j && rs[k].Min.X == run.Max.X; k++ {
				run.Max.X = rs[k].Max.X
			}
			extended := false
			for o := open; o < rowStart; o++ {
				if out[o].Max.Y == run.Min.Y && out[o].Min.X == run.Min.X && out[o].Max.X == run.Max.X {
					out[o].Max.Y = run.Max.Y
					extended = true
					break
				}
			}
			if !extended {
				out = append(out, run)
			}
		}
		// Rectangles that did not reach this row cannot grow any more:
		// move those that did to the end, after the finished ones.
		w := open
		for o := open; o < len(out); o++ {
			if out[o].Max.Y != y {
				out[w], out[o] = out[o], out[w]
				w++
			}
		}
		open = w
		i = j
	}
	return out
}

// rowOf is row y of m, within m's bounds.
func rowOf(m *image.RGBA, y int) []byte {
	i := m.PixOffset(m.Rect.Min.X, y)
	return m.Pix[i : i+4*m.Rect.Dx()]
}

// samePix reports whether a and b (of one length) hold the same bytes.
// A 1280×800 frame is 4 MB, and on wasm bytes.Equal compares one byte at a
// time (about 0.4 GB/s in Node): this compares 32 bytes a turn, as four
// words, without bounds checks (about 1.2 GB/s).
func samePix(a, b []byte) bool {
	b = b[:len(a)]
	n := len(a) &^ 31
	pa, pb := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b))
	for i := 0; i < n; i += 32 {
		x := *(*uint64)(unsafe.Add(pa, i)) ^ *(*uint64)(unsafe.Add(pb, i))
		x |= *(*uint64)(unsafe.Add(pa, i+8)) ^ *(*uint64)(unsafe.Add(pb, i+8))
		x |= *(*uint64)(unsafe.Add(pa, i+16)) ^ *(*uint64)(unsafe.Add(pb, i+16))
		x |= *(*uint64)(unsafe.Add(pa, i+24)) ^ *(*uint64)(unsafe.Add(pb, i+24))
		if x != 0 {
			return false
		}
	}
	return string(a[n:]) == string(b[n:])
}

// Pack copies the pixels of r (within m's bounds) into buf, rows one after
// another without gaps, as ebiten's WritePixels takes them, and returns
// them (buf grown if it was too small).
func Pack(buf []byte, m *image.RGBA, r image.Rectangle) []byte {
	n := 4 * r.Dx() * r.Dy()
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	w := 4 * r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := m.PixOffset(r.Min.X, y)
		copy(buf[(y-r.Min.Y)*w:], m.Pix[i:i+w])
	}
	return buf
}
