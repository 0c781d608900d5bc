package viz

import (
	"image"
	"strconv"

	"backproplab/core"
	"backproplab/lab"
)

func (v *View) drawStatus(dst *image.RGBA) {
	f := v.f.text
	r := v.lay.status
	l1 := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+f.height)
	l2 := image.Rect(r.Min.X, l1.Max.Y, r.Max.X, l1.Max.Y+f.height)
	// On a phone both lines are one text in the small face, broken over
	// the three lines of the status (placeStatus).
	small := v.lay.statusSmall

	b := append(v.buf[:0], "step "...)
	b = appendGrouped(b, v.st.Step)
	b = append(b, "   sample "...)
	if v.st.Sample >= 0 {
		b = appendGrouped(b, v.st.Sample)
	} else {
		b = append(b, "drawing"...)
	}
	b = append(b, "   label "...)
	b = appendInt(b, v.st.Label)
	b = append(b, "   prediction "...)
	if p := v.st.Prediction; p >= 0 {
		b = appendInt(b, p)
		if p == v.st.Label {
			b = append(b, " (right)"...)
		} else {
			b = append(b, " (wrong)"...)
		}
	} else {
		b = append(b, "—"...)
	}
	b = append(b, "   loss "...)
	b = appendLoss(b, &v.st)
	b = append(b, "   accuracy "...)
	frac, n := v.st.Accuracy, v.st.AccuracyN
	b = appendPercent(b, frac)
	b = append(b, " of last "...)
	b = appendInt(b, n)
	v.buf = b
	if small {
		b = append(b, "   lr "...)
	} else {
		lf, lb := fitLine(f, v.f.small, b, l1.Dx())
		v.drawBytesIn(dst, lf, l1, lb, -1, colText)
		b = append(v.buf[:0], "lr "...)
	}
	b = strconv.AppendFloat(b, v.st.LR, 'g', -1, 64)
	b = append(b, "   speed "...)
	b = append(b, v.st.Speed.String()...)
	if v.st.Running {
		b = append(b, "   running"...)
	} else {
		b = append(b, "   paused"...)
	}
	b = append(b, "   stage "...)
	s := v.st.Stage
	b = appendInt(b, int(s)+1)
	b = append(b, '/')
	b = appendInt(b, core.NumStages)
	b = append(b, ' ')
	b = append(b, s.String()...)
	b = v.appendRun(b)
	v.buf = b
	if small {
		v.drawStatusLine(dst, v.f.small, r, b)
	} else {
		lf, lb := fitLine(f, v.f.small, b, l2.Dx())
		v.drawBytesIn(dst, lf, l2, lb, -1, colText)
	}

	// The message line: an error, else the last stage's equation, else
	// the keys to start with.
	m := v.lay.message
	switch msg, eq := v.st.Message, s.Equation(); {
	case v.st.EntryOpen:
		v.drawEntry(dst, m)
	case msg != "":
		fillRect(dst, m, colMessageBg)
		v.f.big.drawIn(dst, m.Inset(v.lay.pad), msg, -1, colMessage)
	case eq != "":
		ef := v.f.big
		if ef.width(eq) > m.Dx() {
			ef = v.f.text // a phone: the equation whole rather than large
		}
		ef.drawIn(dst, m, eq, -1, colHint)
	default:
		v.f.text.drawIn(dst, m, "Space: one step   P: run   → ←: one stage   H: help   point at a cell for its equation", -1, colHint)
	}
}

// drawEntry draws the sample number being typed on the message line:
// "go to sample: 123▏", then what the keys do and the numbers that exist,
// as much of it as fits.
func (v *View) drawEntry(dst *image.RGBA, m image.Rectangle) {
	fillRect(dst, m, colButtonOn)
	strokeRect(dst, m, v.lay.stroke(1), colButtonEdge)
	in := m.Inset(v.lay.pad)
	big := v.f.big
	v.buf = append(v.buf[:0], "go to sample: "...)
	v.buf = append(v.buf, v.st.Entry...)
	base := in.Min.Y + (in.Dy()+big.ascent-big.descent)/2
	sub := clipTo(dst, in)
	x := big.drawBytes(&sub, in.Min.X, base, v.buf, colText)
	// The caret, a bar as tall as a digit.
	cw := max(2, big.size/8)
	fillRect(&sub, image.Rect(x+1, base-big.ascent+big.descent/2, x+1+cw, base+big.descent/2), colText)
	x += 1 + cw + big.size
	f := v.f.text
	v.buf = append(v.buf[:0], "Enter: go   Backspace: erase   Esc: cancel"...)
	keys := len(v.buf)
	if v.st.Samples > 0 {
		v.buf = append(v.buf, "   (0 to "...)
		v.buf = appendGrouped(v.buf, v.st.Samples-1)
		v.buf = append(v.buf, ')')
	}
	if x+f.widthBytes(v.buf) > in.Max.X {
		v.buf = v.buf[:keys]
	}
	f.drawBytes(&sub, x, base, v.buf, colText)
}

// appendRun writes the run's part of the status: the network's size, the
// epoch and the step in it, the test accuracy and the data's state.
func (v *View) appendRun(b []byte) []byte {
	r := &v.st.Run
	b = append(b, "   F "...)
	b = appendInt(b, v.cfg.F)
	b = append(b, " K "...)
	b = appendInt(b, v.cfg.K)
	if r.Schedule == lab.ScheduleLinear && r.TrainSize > 0 {
		b = append(b, "   epoch "...)
		b = appendInt(b, min(r.Epoch, r.Epochs))
		b = append(b, '/')
		b = appendInt(b, r.Epochs)
		b = append(b, ": step "...)
		in := r.InEpoch
		if r.Ended {
			in = r.TrainSize
		}
		b = appendGrouped(b, in)
		b = append(b, " of "...)
		b = appendGrouped(b, r.TrainSize)
	}
	b = append(b, "   test "...)
	if a := r.TestAccuracy; a-a == 0 && r.TestN > 0 {
		b = appendPercent(b, a)
		b = append(b, " of "...)
		b = appendGrouped(b, r.TestN)
	} else {
		b = append(b, "—"...)
	}
	if r.DataMessage != "" {
		b = append(b, "   "...)
		b = append(b, r.DataMessage...)
	}
	return b
}

// ellipsis ends a status line cut to fit.
var ellipsis = []byte("…")

// fitLine gives the face and the bytes of b to draw on a line w wide: b in
// f if it fits, else in the smaller face, else cut after the last word
// that fits the smaller face, ending in "…" (the data's message, the last
// field, runs long: "loading all of MNIST: 90% of 11.6 MB (training on …").
// The cut writes into b's array.
func fitLine(f, small *face, b []byte, w int) (*face, []byte) {
	if f.widthBytes(b) <= w {
		return f, b
	}
	if small.widthBytes(b) <= w {
		return small, b
	}
	n := fitBytes(small, b, w-small.widthBytes(ellipsis))
	for n > 0 && b[n-1] == ' ' {
		n--
	}
	return small, append(b[:n], ellipsis...)
}

// drawStatusLine draws a status line b in r: on one line if it fits, else
// broken after the fields ("   " apart) that fit, over as many lines as r
// holds.
func (v *View) drawStatusLine(dst *image.RGBA, f *face, r image.Rectangle, b []byte) {
	line := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+f.height)
	for len(b) > 0 {
		if f.widthBytes(b) <= r.Dx() || line.Max.Y+f.height > r.Max.Y {
			_, b = fitLine(f, f, b, r.Dx()) // the last line: cut at a word, with …
			v.drawBytesIn(dst, f, line, b, -1, colText)
			return
		}
		cut := -1
		for i := 0; i+3 <= len(b); i++ {
			if b[i] == ' ' && b[i+1] == ' ' && b[i+2] == ' ' {
				if f.widthBytes(b[:i]) > r.Dx() && cut >= 0 {
					break
				}
				cut = i
			}
		}
		if cut < 0 {
			v.drawBytesIn(dst, f, line, b, -1, colText)
			return
		}
		v.drawBytesIn(dst, f, line, b[:cut], -1, colText)
		b = b[cut+3:]
		line = line.Add(image.Pt(0, f.height))
	}
}
