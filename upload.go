package main

import (
	"image"

	"backproplab/viz"
)

// The tiles the canvas is compared and uploaded in. Small tiles send fewer
// unchanged pixels around a change (a number in the status, a bar); the
// changed ones are merged into rectangles before they are sent (viz.Merge),
// so their number costs little. At 1280×800 these are 20×25 = 500 tiles;
// a frame at one step a frame changes about 290 of them (a new sample
// changes every map of the step), sent in about 33 rectangles; a hover or
// a paused frame, a few.
const tileW, tileH = 64, 32

// maxSubs bounds the rectangles of the screen the uploader keeps.
const maxSubs = 1024

// screenWriter is the screen as the uploader writes it: an *ebiten.Image
// (whose SubImage is an *ebiten.Image too), or a test's fake.
type screenWriter interface {
	WritePixels(pix []byte)
	SubImage(r image.Rectangle) image.Image
}

// pixelWriter is what screenWriter.SubImage returns.
type pixelWriter interface{ WritePixels(pix []byte) }

// uploader writes into the screen only the tiles of a new picture that
// differ from what the screen shows (viz.Changed).
//
// Measured in headless Chromium with software WebGL (SwiftShader) at
// 1280×800 (a Chromium trace): a frame that changes the screen costs,
// besides the Go that paints it, all of the frame's GPU work and then the
// page reading the whole canvas back for its compositor, on the page's
// main thread, before the next frame can start (GLES2::ReadPixels, most of
// it waiting in ContextVk::finishImpl). Writing the whole canvas every
// frame into an image of our own made that work a 4 MB upload (copied
// twice in Go first, by ebiten), a full-screen draw into ebiten's screen
// and ebiten's full-screen draw into the canvas. Writing only the changed
// tiles, straight into ebiten's screen (which keeps its picture:
// SetScreenClearedEveryFrame(false)), leaves the upload of what changed
// and ebiten's draw into the canvas, which it makes for every frame it
// presents; with plainCanvas (main_js.go) that frame's readback took about
// a third of the time it took before (226 → 76 ms a frame, on a loaded
// machine).
type uploader struct {
	// shown is the picture the screen shows: the last canvas sent, kept
	// whole (every tile that differed was sent), so that the next can be
	// compared with it. Nil while the screen shows none.
	shown  *image.RGBA
	tiles  []image.Rectangle // the changed tiles, reused
	buf    []byte            // one tile's pixels, packed
	target screenWriter      // the screen last written
	// subs are target's rectangles as last written (pixelWriters made by
	// its SubImage), kept for the next frames, which change much the same
	// rectangles, up to maxSubs.
	subs map[image.Rectangle]pixelWriter

	// sent is how many tiles the last send wrote, of total, in writes
	// rectangles.
	sent, total, writes int
}

// resize forgets what the screen shows, for a new canvas size.
func (u *uploader) resize() {
	u.shown, u.target = nil, nil
	clear(u.subs)
}

// send writes into s the tiles of canvas that differ from what s shows,
// and returns the canvas to render the next picture into: the one s
// showed until now (the two are swapped, so that nothing is copied but
// what is sent), or a new one the first time. A screen it has not written
// before (ebiten makes a new one when the window's size changes) gets the
// whole canvas. s must be canvas's size.
func (u *uploader) send(s screenWriter, canvas *image.RGBA) (next *image.RGBA) {
	b := canvas.Rect
	nx, ny := (b.Dx()+tileW-1)/tileW, (b.Dy()+tileH-1)/tileH
	was := u.shown
	if s != u.target {
		u.target = s
		clear(u.subs)
		was = nil
	}
	u.tiles = viz.Changed(u.tiles[:0], was, canvas, image.Pt(tileW, tileH))
	u.sent, u.total, u.writes = len(u.tiles), nx*ny, 1
	if len(u.tiles) == nx*ny {
		s.WritePixels(canvas.Pix) // the whole screen: one call, no packing
	} else {
		// Each write is a call into WebGL (texSubImage2D) from Go through
		// syscall/js: a changed panel goes in one.
		u.tiles = viz.Merge(u.tiles)
		u.writes = len(u.tiles)
		if u.subs == nil || len(u.subs) > maxSubs {
			u.subs = make(map[image.Rectangle]pixelWriter)
		}
		for _, r := range u.tiles {
			w, ok := u.subs[r]
			if !ok {
				w = s.SubImage(r).(pixelWriter)
				u.subs[r] = w
			}
			u.buf = viz.Pack(u.buf, canvas, r)
			w.WritePixels(u.buf)
		}
	}
	next, u.shown = u.shown, canvas
	if next == nil || next.Rect != b {
		next = image.NewRGBA(b)
	}
	return next
}
