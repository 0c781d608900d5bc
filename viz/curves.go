package viz

import (
	"image"
	"math"

	"backproplab/lab"
)

// drawCurve draws the run's loss (or running accuracy) against steps.
func (v *View) drawCurve(dst *image.RGBA, r image.Rectangle, h *lab.History, acc bool) {
	f := v.f.small
	pad := v.lay.pad
	in := r.Inset(pad)
	head := image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+f.height)
	foot := image.Rect(in.Min.X, in.Max.Y-f.height, in.Max.X, in.Max.Y)
	plot := image.Rect(in.Min.X+f.width("100%")+pad, head.Max.Y+1, in.Max.X, foot.Min.Y-1)
	n := h.Len()
	top := 1.0
	col := colAccCurve
	if !acc {
		col = colLossCurve
		top = 0
		for i := 0; i < n; i++ {
			l, _ := h.At(i)
			if !math.IsNaN(l) && !math.IsInf(l, 0) {
				top = max(top, l)
			}
		}
		if top == 0 {
			top = 1
		}
	}
	// Axis ends.
	if acc {
		f.drawIn(dst, image.Rect(in.Min.X, plot.Min.Y, plot.Min.X, plot.Min.Y+f.height), "100%", -1, colTextDim)
	} else {
		v.buf = appendNum(v.buf[:0], top, 2)
		v.drawBytesIn(dst, f, image.Rect(in.Min.X, plot.Min.Y, plot.Min.X, plot.Min.Y+f.height), v.buf, -1, colTextDim)
	}
	if plot.Dy() >= 2*f.height {
		f.drawIn(dst, image.Rect(in.Min.X, plot.Max.Y-f.height, plot.Min.X, plot.Max.Y), "0", -1, colTextDim)
	}
	v.buf = append(v.buf[:0], "steps 0 – "...)
	v.buf = appendGrouped(v.buf, n*h.Per())
	v.drawBytesIn(dst, f, foot, v.buf, 1, colTextDim)
	t := v.lay.stroke(1)
	fillRect(dst, image.Rect(plot.Min.X, plot.Max.Y-t, plot.Max.X, plot.Max.Y), colMapEdge)
	fillRect(dst, image.Rect(plot.Min.X, plot.Min.Y, plot.Min.X+t, plot.Max.Y), colMapEdge)
	if n == 0 || plot.Dx() < 2 || plot.Dy() < 2 {
		return
	}
	// The loss of single steps is noisy: it is drawn faint, and its mean
	// over about the last 100 steps strong, as the accuracy already is.
	if !acc {
		v.plot(dst, plot, h, top, false, 1, col.mix(colPanel, 0.65))
		v.plot(dst, plot, h, top, false, max(1, lab.AccuracyWindow/h.Per()), col)
	} else {
		v.plot(dst, plot, h, top, true, 1, col)
		v.plotTests(dst, plot, h, head)
	}
}

// plot draws history h (loss, or accuracy if acc) in r, scaled so that top
// is r's top, as the running mean over window points.
func (v *View) plot(dst *image.RGBA, r image.Rectangle, h *lab.History, top float64, acc bool, window int, col rgb) {
	n := h.Len()
	px, py := -1, -1
	t := v.lay.stroke(2)
	sum, cnt := 0.0, 0
	for i := 0; i < n; i++ {
		y := pointValue(h, i, acc)
		if y-y != 0 { // NaN or ±Inf: skip it
			continue
		}
		sum += y
		cnt++
		if i >= window {
			if old := pointValue(h, i-window, acc); old-old == 0 {
				sum -= old
				cnt--
			}
		}
		mean := sum / float64(cnt)
		x := r.Min.X
		if n > 1 {
			x += i * (r.Dx() - 1) / (n - 1)
		}
		yy := r.Max.Y - 1 - int(min(max(mean/top, 0), 1)*float64(r.Dy()-1))
		if px >= 0 {
			line(dst, px, py, x, yy, t, col)
		} else {
			fillRect(dst, image.Rect(x-t/2, yy-t/2, x-t/2+t, yy-t/2+t), col)
		}
		px, py = x, yy
	}
}

func pointValue(h *lab.History, i int, acc bool) float64 {
	l, a := h.At(i)
	if acc {
		return a
	}
	return l
}

// plotTests draws the test accuracy's measurements on the running
// accuracy's axes, each at the step of the weights it measured, and names
// the two curves in the head.
func (v *View) plotTests(dst *image.RGBA, r image.Rectangle, h *lab.History, head image.Rectangle) {
	tests := h.Tests()
	f := v.f.small
	steps := h.Len() * h.Per()
	if len(tests) == 0 || steps == 0 {
		return
	}
	f.drawIn(dst, head, "test digits", 1, colTestCurve)
	t := v.lay.stroke(2)
	px, py := -1, -1
	for _, p := range tests {
		x := r.Min.X + int(int64(min(p.Step, steps))*int64(r.Dx()-1)/int64(steps))
		y := r.Max.Y - 1 - int(min(max(p.Accuracy, 0), 1)*float64(r.Dy()-1))
		if px >= 0 {
			line(dst, px, py, x, y, t, colTestCurve)
		}
		fillRect(dst, image.Rect(x-t, y-t, x+t+1, y+t+1), colTestCurve)
		px, py = x, y
	}
}
