package ink

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// checkImage fails unless x is a Side×Side image in [0, 1] (all 0 for
// ErrEmpty), what the network may be given.
func checkImage(t *testing.T, x []float64, err error) {
	t.Helper()
	if len(x) != Side*Side {
		t.Fatalf("%d values, want %d", len(x), Side*Side)
	}
	ink := 0.0
	for i, v := range x {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("pixel %d is %v, want a value in [0, 1] (err %v)", i, v, err)
		}
		ink += v
	}
	if errors.Is(err, ErrEmpty) && ink != 0 {
		t.Fatalf("ErrEmpty with ink %v in the image", ink)
	}
}

// strokesFrom reads a drawing from b: a byte of pen width, then points of
// two bytes each on the pad (a hand's drawing, a little beyond the pad's
// edges too), a 0xff byte ending a stroke; an 0xfe byte makes the next
// coordinate an arbitrary float64 from the 8 bytes after it (huge, tiny,
// NaN or infinite).
func strokesFrom(b []byte) (pen float64, strokes []Stroke) {
	if len(b) == 0 {
		return DefaultPen, nil
	}
	pen = float64(b[0]) / 255 * 0.4
	b = b[1:]
	var s Stroke
	coord := func() (float64, bool) {
		if len(b) == 0 {
			return 0, false
		}
		if b[0] == 0xfe && len(b) >= 9 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(b[1:9]))
			b = b[9:]
			return v, true
		}
		v := float64(b[0])/250*1.2 - 0.1
		b = b[1:]
		return v, true
	}
	for len(b) > 0 {
		if b[0] == 0xff {
			b = b[1:]
			strokes = append(strokes, s)
			s = nil
			continue
		}
		x, ok1 := coord()
		y, ok2 := coord()
		if !ok1 || !ok2 {
			break
		}
		s = append(s, Point{x, y})
	}
	return pen, append(strokes, s)
}

// Any strokes, with any pen, give a Side×Side image in [0, 1] or an error
// sentence, never a panic; a drawing that FromPenStrokes accepts has a
// Frame of positive, finite scale.
func FuzzFromStrokes(f *testing.F) {
	f.Add([]byte{25, 50, 50, 200, 200, 0xff, 60, 190, 190, 60})
	f.Add([]byte{0, 1, 2})
	f.Add([]byte{255, 125, 125})
	f.Add([]byte{10, 0xfe, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 3, 4, 5})                  // +Inf
	f.Add([]byte{10, 0xfe, 1, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0})   // a denormal
	f.Add([]byte{10, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f, 10, 10}) // the largest float64
	f.Fuzz(func(t *testing.T, b []byte) {
		pen, strokes := strokesFrom(b)
		x := make([]float64, Side*Side)
		err := FromStrokes(x, strokes, pen)
		checkImage(t, x, err)
		pens := make([]float64, len(strokes))
		for i := range pens {
			pens[i] = pen * float64(1+i%3) / 2
		}
		fr, err := FromPenStrokes(x, strokes, pens)
		checkImage(t, x, err)
		if err == nil && !(fr.S > 0 && !math.IsInf(fr.S, 0)) {
			t.Fatalf("frame %+v for an accepted drawing", fr)
		}
	})
}

// Any grey image gives a Side×Side image in [0, 1] or an error sentence,
// never a panic.
func FuzzFromGrey(f *testing.F) {
	f.Add(uint16(3), uint16(3), []byte{255, 255, 255, 255, 0, 255, 255, 255, 255})
	f.Add(uint16(1), uint16(1), []byte{7})
	f.Add(uint16(60), uint16(2), []byte{0, 10, 250})
	f.Add(uint16(0), uint16(5), []byte{})
	f.Add(uint16(5000), uint16(1), []byte{1})
	f.Fuzz(func(t *testing.T, w, h uint16, b []byte) {
		x := make([]float64, Side*Side)
		n := int(w) * int(h)
		if n > 1<<22 {
			n = 0 // beyond MaxImageSide² the pixels are not read: give none
		}
		pix := make([]uint8, n)
		for i := range pix {
			if len(b) > 0 {
				pix[i] = b[i%len(b)] ^ uint8(i/len(b))
			}
		}
		err := FromGrey(x, pix, int(w), int(h))
		checkImage(t, x, err)
		if int(w) > MaxImageSide || int(h) > MaxImageSide || w == 0 || h == 0 {
			if err == nil {
				t.Fatalf("a %d×%d image accepted", w, h)
			}
		}
	})
}
