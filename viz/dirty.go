package viz

import (
	"bytes"
	"image"
)

// Shown is what a screen shows, kept tile by tile, so that a new picture
// need only send the screen the tiles in which it differs. A frame at one
// step a frame changes the status's numbers, the sample's maps and the
// plots, but most of the screen (titles, frames, legends, maps of what the
// step leaves alone) comes out byte for byte as before.
type Shown struct {
	img  image.RGBA // the picture as shown; Pix nil until the first Sync
	tile image.Point
	dirt []bool // per tile, row-major: differs in this Sync
	all  bool   // the screen has lost its picture: every tile is sent
}

// NewShown returns a Shown of tiles of w×h pixels (both at least 1).
func NewShown(w, h int) *Shown {
	if w < 1 || h < 1 {
		panic("viz: NewShown: tiles must be at least 1×1")
	}
	return &Shown{tile: image.Pt(w, h), all: true}
}

// Tile is the tile size.
func (s *Shown) Tile() image.Point { return s.tile }

// Forget says that the screen no longer shows the picture (it was made
// anew, or resized): the next Sync reports every tile.
func (s *Shown) Forget() { s.all = true }

// Sync compares now with what is shown, copies the tiles in which they
// differ into what is shown, and appends those tiles' rectangles (clipped
// to now's bounds) to dst, in rows from the top, left to right. It reports
// every tile after NewShown, Forget or a change of now's bounds. After the
// first Sync at a size, it allocates nothing but dst's growth.
func (s *Shown) Sync(dst []image.Rectangle, now *image.RGBA) []image.Rectangle {
	r := now.Rect
	if r.Empty() {
		return dst
	}
	tw, th := s.tile.X, s.tile.Y
	nx, ny := (r.Dx()+tw-1)/tw, (r.Dy()+th-1)/th
	if s.img.Rect != r || s.img.Pix == nil {
		s.img = image.RGBA{Pix: make([]byte, 4*r.Dx()*r.Dy()), Stride: 4 * r.Dx(), Rect: r}
		s.dirt = make([]bool, nx*ny)
		s.all = true
	}
	for ty := range ny {
		y0, y1 := r.Min.Y+ty*th, min(r.Min.Y+(ty+1)*th, r.Max.Y)
		dirt := s.dirt[ty*nx : (ty+1)*nx]
		clear(dirt)
		left := nx // tiles of this row not yet found to differ
		if s.all {
			for i := range dirt {
				dirt[i] = true
			}
			left = 0
		}
		for y := y0; y < y1 && left > 0; y++ {
			a, b := s.row(now, y), s.row(&s.img, y)
			if bytes.Equal(a, b) {
				continue // most rows: one comparison decides
			}
			for tx := range nx {
				if dirt[tx] {
					continue
				}
				i0, i1 := 4*tx*tw, min(4*(tx+1)*tw, len(a))
				if !bytes.Equal(a[i0:i1], b[i0:i1]) {
					dirt[tx] = true
					left--
				}
			}
		}
		for tx, d := range dirt {
			if !d {
				continue
			}
			t := image.Rect(r.Min.X+tx*tw, y0, min(r.Min.X+(tx+1)*tw, r.Max.X), y1)
			for y := y0; y < y1; y++ {
				i := now.PixOffset(t.Min.X, y)
				j := s.img.PixOffset(t.Min.X, y)
				copy(s.img.Pix[j:j+4*t.Dx()], now.Pix[i:i+4*t.Dx()])
			}
			dst = append(dst, t)
		}
	}
	s.all = false
	return dst
}

// row is row y of m, within m's bounds.
func (*Shown) row(m *image.RGBA, y int) []byte {
	i := m.PixOffset(m.Rect.Min.X, y)
	return m.Pix[i : i+4*m.Rect.Dx()]
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
