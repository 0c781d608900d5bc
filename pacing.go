package main

import (
	"time"

	"backproplab/lab"
)

// At full speed a frame trains for most of frameTarget, a frame of 30 Hz
// (two frames of a 60 Hz screen): frames come at 30 a second, and training
// has nearly all of each. maxBudget bounds the training of one frame, and
// frameSlack is how late a frame may begin and still count as on time.
const (
	frameTarget = time.Second / 30
	maxBudget   = 30 * time.Millisecond
	frameSlack  = 6 * time.Millisecond
)

// pacer decides how long each frame trains and when a new picture is
// painted, from a clock it is given (time.Now in the app, a fake in
// tests). It keeps moving averages of what the frames cost, for the JS
// API's state().
type pacer struct {
	now func() time.Time

	// ticked is set once the lab has ticked, and drawsAtTick is the Draw
	// count then: the lab ticks once a frame, a frame being a Draw, so
	// that "1 step / frame" is one step for each picture (ebiten calls
	// Update once a frame with TPS SyncWithFPS, which main sets; at its
	// default 60 TPS it ran two Updates in a frame that took two 60 Hz
	// periods, and the lab trained steps that were never shown).
	ticked      bool
	drawsAtTick int

	// At full speed: budget is how long a frame trains, adjusted so that
	// frames keep to frameTarget; lastTrain is when the last frame's
	// training began, and drawsAtPaint the Draw count at the last paint.
	budget       time.Duration
	lastTrain    time.Time
	drawsAtPaint int

	// trainBusy is the time spent training so far, trainBusyAtPaint its
	// value at the last paint.
	trainBusy, trainBusyAtPaint time.Duration

	lastPaint time.Time // when the last paint began
	painted   bool      // the last Draw painted

	// Moving averages, in milliseconds, of the lab's Tick, the view's
	// Render, the upload (comparing with the last picture and writing the
	// changed tiles: uploader) and a whole paint
	// (from the start of a painting Draw to the next Draw).
	tickMs, renderMs, uploadMs, paintMs float64
}

func newPacer(now func() time.Time) pacer {
	return pacer{now: now, budget: maxBudget / 2}
}

// train lets l train for this frame, draws being the Draw count so far,
// once a frame: a second Update before the next Draw does nothing. Before
// the first Draw every Update is a frame (ebiten's first frame, and tests
// that run Updates alone). It reports whether l changed.
func (p *pacer) train(l *lab.Lab, draws int) bool {
	if p.ticked && draws == p.drawsAtTick && draws > 0 {
		return false
	}
	p.ticked, p.drawsAtTick = true, draws // unless none of the cases below ticks
	switch {
	case l.Replaying():
		// A link's run, a slice a frame at the most budget. Its picture
		// (the progress line) is new about once a second, and at the end:
		// on a software GPU each picture costs several frames' time.
		start := p.now()
		l.Tick(maxBudget, p.now)
		p.trained(start)
		return !l.Replaying() || start.Sub(p.lastPaint) >= time.Second
	case l.FullSpeed():
		return p.trainFullSpeed(l, draws)
	case l.Running():
		start := p.now()
		l.Tick(lab.DefaultFrameBudget, p.now)
		p.trained(start)
		return true
	case l.Animating(): // a frame of the class mode's animation
		l.Tick(lab.DefaultFrameBudget, p.now)
		return true
	case l.Measuring():
		return l.Measure(p.now) // the test digits, a slice a frame
	}
	p.ticked, p.lastTrain = false, time.Time{}
	return false
}

// trainFullSpeed trains for this frame's budget, once a frame. The budget
// follows the frames: it grows by 0.5 ms while frames begin on time (within
// frameTarget plus frameSlack of each other) and shrinks by 2 ms when one is
// late, between lab.DefaultFrameBudget and maxBudget. Frames that present a
// new picture are left out: ebiten presents the screen in the frame that
// paints and the three after it, which on a software GPU take far longer
// than any budget (see Game.Draw).
func (p *pacer) trainFullSpeed(l *lab.Lab, draws int) bool {
	now := p.now()
	if !p.lastTrain.IsZero() && draws-p.drawsAtPaint > 4 {
		if now.Sub(p.lastTrain) <= frameTarget+frameSlack {
			p.budget += time.Millisecond / 2
		} else {
			p.budget -= 2 * time.Millisecond
		}
		p.budget = min(max(p.budget, lab.DefaultFrameBudget), maxBudget)
	}
	p.lastTrain = now
	l.Tick(p.budget, p.now)
	p.trained(now)
	return true
}

// trained books a Tick that began at start.
func (p *pacer) trained(start time.Time) {
	d := p.now().Sub(start)
	p.trainBusy += d
	averageMs(&p.tickMs, d)
}

// drawn books the start of a Draw: a paint's cost shows in how long the
// next frame waits for it, less the time spent training meanwhile.
func (p *pacer) drawn() time.Time {
	now := p.now()
	if p.painted {
		averageMs(&p.paintMs, now.Sub(p.lastPaint)-(p.trainBusy-p.trainBusyAtPaint))
		p.painted = false
	}
	return now
}

// shouldPaint reports whether a Draw at now paints a new picture. At full
// speed the picture changes every frame, and painting, which costs little
// on a GPU but tens of milliseconds on a software one, would take the time
// that training needs: so a new picture comes every paintInterval, or at
// the next frame after any input (asked), so that a hover, a key or a
// button is answered at once.
func (p *pacer) shouldPaint(now time.Time, fullSpeed, asked bool) bool {
	return !fullSpeed || asked || now.Sub(p.lastPaint) >= p.paintInterval()
}

// painting books a paint that began at start, whose render ended at
// rendered and upload at uploaded.
func (p *pacer) painting(start, rendered, uploaded time.Time, draws int) {
	averageMs(&p.renderMs, rendered.Sub(start))
	averageMs(&p.uploadMs, uploaded.Sub(rendered))
	p.painted, p.lastPaint = true, start
	p.trainBusyAtPaint, p.drawsAtPaint = p.trainBusy, draws
}

// paintInterval is the time between two new pictures at full speed: ten
// times what a paint costs, so that painting takes a tenth of the time or
// less, but at least 33 ms (30 pictures a second are plenty to watch
// training) and at most one second. ebiten presents the screen in the
// frame that paints and in the three after it (internal/ui's
// maxSkipCount), and in a browser without a GPU each present makes the
// page read the canvas back from SwiftShader (about 60–90 ms at 1280×800,
// on the main thread), so a paint there costs about four times what
// paintMs measures: one new picture a second then leaves training about
// two thirds of the time.
func (p *pacer) paintInterval() time.Duration {
	d := time.Duration(10 * p.paintMs * float64(time.Millisecond))
	return min(max(d, 33*time.Millisecond), time.Second)
}

// averageMs folds d into the moving average *ms (milliseconds, over about
// the last 16 values).
func averageMs(ms *float64, d time.Duration) {
	v := float64(d.Microseconds()) / 1000
	if *ms == 0 {
		*ms = v
		return
	}
	*ms += (v - *ms) / 16
}
