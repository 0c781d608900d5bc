package main

import (
	"image"
	"math"
)

// A pinch on the canvas zooms one panel: two fingers that move apart over
// a panel open it alone and large (its cell selected, then the zoom on:
// what a tap on the cell and the Zoom button do), and two that move
// together close the zoom. The recogniser is plain arithmetic on the
// fingers' positions, so that a test can play any sequence of touches to
// it; the browser's glue (main_js.go) feeds it the canvas's touch
// pointers as they come and asks it once a frame for a PinchOut or
// PinchIn Event, which Input turns into Commands like every other press.

// Touch is one finger's change: Press where it went down, Move where it
// moved to, Release where it was lifted. ID tells the fingers apart, as
// the DOM's pointerId does.
type Touch struct {
	ID   int
	At   image.Point
	Kind EventKind
}

// A pinch counts once the fingers' distance has changed by both a ratio
// and a length: the ratio so that two fingers far apart need a real
// movement, the length so that two fingers close together do not zoom
// with a tremble (30 px is about a centimetre on a phone).
const (
	pinchRatio = 1.3
	pinchSlop  = 30
)

// pinch follows the first two fingers on the canvas, from the second's
// press to the release of either: where each went down and where it is.
type pinch struct {
	ids   [2]int
	start [2]image.Point
	now   [2]image.Point
	n     int  // fingers down, counting only the first two
	done  bool // this pinch has given its gesture; the next needs new fingers
}

// touch follows t; second reports that t is the press of a second
// finger (or a third), which is the start of a pinch and not a tap.
func (g *pinch) touch(t Touch) (second bool) {
	switch t.Kind {
	case Press:
		if g.n >= 2 {
			return true // a third finger: still not a tap
		}
		g.ids[g.n], g.start[g.n], g.now[g.n] = t.ID, t.At, t.At
		g.n++
		if g.n == 2 {
			// The pinch starts now: from where the first finger is.
			g.start[0], g.done = g.now[0], false
			return true
		}
	case Move:
		if i := g.index(t.ID); i >= 0 {
			g.now[i] = t.At
		}
	case Release:
		i := g.index(t.ID)
		if i < 0 {
			return false
		}
		// The other finger stays down alone: a new pinch needs a new
		// second finger, and starts from where this one is now.
		g.ids[i], g.now[i] = g.ids[1-i], g.now[1-i]
		g.start[0] = g.now[0]
		g.n--
		g.done = false
	}
	return false
}

// settle returns the pinch that the fingers' positions complete, if any:
// an Event of Kind PinchOut or PinchIn At the point between where the
// fingers were when the second went down, once a pinch. It is asked once
// a frame (and before a finger is lifted), not at each finger's move: a
// two-finger drag moves one finger, then the other, and half-way it
// would look like a pinch.
func (g *pinch) settle() (Event, bool) {
	if g.n < 2 || g.done {
		return Event{}, false
	}
	d0, d1 := dist(g.start[0], g.start[1]), dist(g.now[0], g.now[1])
	var kind EventKind
	switch {
	case d1 >= d0*pinchRatio && d1-d0 >= pinchSlop:
		kind = PinchOut
	case d1*pinchRatio <= d0 && d0-d1 >= pinchSlop:
		kind = PinchIn
	default:
		return Event{}, false
	}
	g.done = true
	return Event{At: g.start[0].Add(g.start[1]).Div(2), Kind: kind}, true
}

// index is the slot of finger id, or -1 if it is not followed.
func (g *pinch) index(id int) int {
	for i := range g.n {
		if g.ids[i] == id {
			return i
		}
	}
	return -1
}

func dist(a, b image.Point) float64 {
	d := a.Sub(b)
	return math.Hypot(float64(d.X), float64(d.Y))
}

// follow is touch as the page's device calls it: a release first settles
// the pinch the fingers complete (e, ok: a finger may lift in the frame
// it moved), then t is followed. The device settles once a frame too.
func (g *pinch) follow(t Touch) (second bool, e Event, ok bool) {
	if t.Kind == Release {
		e, ok = g.settle()
	}
	return g.touch(t), e, ok
}
