package viz

import (
	"image"
	"strings"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// longData is a Source whose data message is the page's longest.
type longData struct {
	Source
	presenter bool
}

const longMessage = "all of MNIST could not be loaded (the server answered 404 Not Found): training on the 4,000 embedded digits"

func (s longData) Status() lab.Status {
	st := s.Source.Status()
	st.Run.DataMessage = longMessage
	st.Presenter = s.presenter
	return st
}

// The status's second line carries the data's message, the longest field:
// at every classroom size it stays on the screen, whole in a smaller face
// when it fits there, else cut at a word with "…", never in a face below
// the screen's least, and never running off the window's edge.
func TestStatusLineFitsTheWindow(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	for _, sz := range accessSizes {
		src := longData{l, sz.presenter}
		v.st = lab.Status{Presenter: sz.presenter}
		v.Resize(sz.w, sz.h)
		v.follow()
		dst := image.NewRGBA(image.Rect(0, 0, sz.w, sz.h))
		v.Render(dst, src)
		if v.lay.statusSmall {
			// A phone breaks the status over its three lines
			// (drawStatusLine); the last is cut at a word.
			last := image.Rect(v.lay.status.Max.X-3, v.lay.status.Max.Y-v.f.small.height, v.lay.status.Max.X, v.lay.status.Max.Y)
			if inked(dst, last) {
				t.Errorf("%v: the status's last line runs into the window's right edge", sz)
			}
			continue
		}
		st := src.Status()
		v.st = st
		b := v.appendRun(append([]byte(nil), "lr 0.01   speed 1 step / frame   paused   stage 0/13 "...))
		f, line := fitLine(v.f.text, v.f.small, b, v.lay.status.Dx())
		if w := f.widthBytes(line); w > v.lay.status.Dx() {
			t.Errorf("%v: the status line is %d px wide in a %d px status", sz, w, v.lay.status.Dx())
		}
		least := minFont * 7 / 8
		if sz.presenter {
			least = presenterFont(sz.h) * 7 / 8
		}
		if f.size < least {
			t.Errorf("%v: the status line is in %d px type, want at least %d", sz, f.size, least)
		}
		if s := string(line); !strings.Contains(s, "all of MNIST could not be") ||
			(!strings.HasSuffix(s, longMessage) && !strings.HasSuffix(s, "…")) {
			t.Errorf("%v: the status line reads %q: want the message whole or cut with …", sz, s)
		}
		// What was drawn: no text in the status's last columns at the
		// window's right edge (text cut off by the edge leaves ink there).
		l2 := image.Rect(v.lay.status.Max.X-3, v.lay.status.Min.Y+v.f.text.height, v.lay.status.Max.X, v.lay.status.Min.Y+2*v.f.text.height)
		if inked(dst, l2) {
			t.Errorf("%v: the status's second line runs into the window's right edge", sz)
		}
	}
}

// inked reports whether r holds a pixel of text colour.
func inked(img *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if c.R < 128 && c.G < 128 && c.B < 128 {
				return true
			}
		}
	}
	return false
}
