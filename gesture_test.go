package main

import (
	"image"
	"slices"
	"testing"

	"backproplab/lab"
	"backproplab/viz"
)

// pinchTouches are two fingers going down either side of c, d0 apart
// (across), and moving in five frames until they are d1 apart.
func pinchTouches(c image.Point, d0, d1 int) [][]Touch {
	fs := [][]Touch{{{1, c.Add(image.Pt(-d0/2, 0)), Press}, {2, c.Add(image.Pt(d0-d0/2, 0)), Press}}}
	for i := 1; i <= 5; i++ {
		d := d0 + (d1-d0)*i/5
		fs = append(fs, []Touch{{1, c.Add(image.Pt(-d/2, 0)), Move}, {2, c.Add(image.Pt(d-d/2, 0)), Move}})
	}
	return append(fs, []Touch{{1, c.Add(image.Pt(-d1/2, 0)), Release}, {2, c.Add(image.Pt(d1-d1/2, 0)), Release}})
}

func TestPinchIsRecognised(t *testing.T) {
	c := image.Pt(200, 300)
	then := func(a, b [][]Touch) [][]Touch { return append(append([][]Touch(nil), a...), b...) }
	frames := func(ts ...Touch) [][]Touch { // a touch a frame
		var fs [][]Touch
		for _, t := range ts {
			fs = append(fs, []Touch{t})
		}
		return fs
	}
	for _, tc := range []struct {
		name string
		ts   [][]Touch
		want []Event
	}{
		{"apart", pinchTouches(c, 40, 160), []Event{{At: c, Kind: PinchOut}}},
		{"together", pinchTouches(c, 200, 60), []Event{{At: c, Kind: PinchIn}}},
		{"apart, then together with the same fingers", then(pinchTouches(c, 40, 160)[:6], [][]Touch{{{1, c.Add(image.Pt(-10, 0)), Move}, {2, c.Add(image.Pt(10, 0)), Move}}}),
			[]Event{{At: c, Kind: PinchOut}}}, // once a pinch: lift the fingers for the next
		{"apart twice", then(pinchTouches(c, 40, 160), pinchTouches(c, 40, 160)), []Event{{At: c, Kind: PinchOut}, {At: c, Kind: PinchOut}}},
		{"a tremble: 1.5 times, but 10 px", pinchTouches(c, 20, 30), nil},
		{"far apart, moved 20 px", pinchTouches(c, 200, 220), nil},
		{"one finger", frames(Touch{1, c, Press}, Touch{1, c.Add(image.Pt(150, 0)), Move}, Touch{1, c.Add(image.Pt(150, 0)), Release}), nil},
		{"two fingers dragged together, side by side", [][]Touch{{{1, c, Press}, {2, c.Add(image.Pt(40, 0)), Press}},
			{{1, c.Add(image.Pt(0, 200)), Move}, {2, c.Add(image.Pt(40, 200)), Move}}}, nil},
		{"one finger held, the other moved away", frames(Touch{1, c.Add(image.Pt(-20, 0)), Press}, Touch{2, c.Add(image.Pt(20, 0)), Press},
			Touch{2, c.Add(image.Pt(60, 0)), Move}, Touch{2, c.Add(image.Pt(100, 0)), Move}), []Event{{At: c, Kind: PinchOut}}},
		{"apart in the frame the fingers are lifted", [][]Touch{{{1, c.Add(image.Pt(-20, 0)), Press}, {2, c.Add(image.Pt(20, 0)), Press}},
			{{1, c.Add(image.Pt(-80, 0)), Move}, {2, c.Add(image.Pt(80, 0)), Move}, {1, c.Add(image.Pt(-80, 0)), Release}, {2, c.Add(image.Pt(80, 0)), Release}}},
			[]Event{{At: c, Kind: PinchOut}}},
		{"a finger that went down elsewhere moves", frames(Touch{1, c, Press}, Touch{2, c.Add(image.Pt(40, 0)), Press}, Touch{7, c.Add(image.Pt(300, 0)), Move}), nil},
		{"the second finger lifted, a third pinches from where the first is", frames(Touch{1, c, Press}, Touch{2, c.Add(image.Pt(40, 0)), Press},
			Touch{2, c.Add(image.Pt(40, 0)), Release}, Touch{1, c.Add(image.Pt(-20, 0)), Move}, Touch{3, c.Add(image.Pt(20, 0)), Press}, Touch{3, c.Add(image.Pt(120, 0)), Move}),
			[]Event{{At: c, Kind: PinchOut}}},
	} {
		if got := recognise(tc.ts); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
	// The second finger's press starts a pinch: it is not a tap.
	var g pinch
	for i, want := range []bool{false, true, true} {
		if second := g.touch(Touch{i, c, Press}); second != want {
			t.Errorf("finger %d's press: second %v, want %v", i+1, second, want)
		}
	}
}

// A pinch apart over a panel is the two commands a tap on its cell and the
// Zoom button give, through Input like every press; a pinch together
// closes the zoom and keeps the cell.
func TestPinchZoomsOnePanel(t *testing.T) {
	g, dev := newTestGame(t, 1280, 800)
	update(t, g, 1)
	z := g.view.PanelRect(viz.QuantityZ)
	cell, ok := g.view.CellAt(z.Min.X+z.Dx()/5, z.Min.Y+z.Dy()/3)
	if !ok {
		t.Fatalf("no cell of Z at a fifth across and a third down %v", z)
	}
	at := image.Pt(z.Min.X+z.Dx()/5, z.Min.Y+z.Dy()/3)
	dev.evs = recognise(pinchTouches(at, 40, 200))
	got := slices.Clone(g.input.Update(screenTarget{g}))
	want := []lab.Command{{Name: "select", Arg: cell.String()}, {Name: "zoom", Arg: "on"}}
	if !slices.Equal(got, want) {
		t.Fatalf("a pinch apart over %v: %v, want %v", cell, got, want)
	}
	for _, c := range got {
		g.apply(c)
	}
	draw(t, g, 1280, 800)
	if st := g.lab.Status(); !st.Zoom || st.Selected != cell {
		t.Errorf("after a pinch apart: zoom %v, selected %v; want zoomed on %v", st.Zoom, st.Selected, cell)
	}
	// The same lab as by the JS API's select and zoom on (TestEveryRoadIsOneCommand): its
	// settings, the selected cell among them, and the zoom.
	h, _ := newTestGame(t, 1280, 800)
	update(t, h, 1)
	for _, args := range [][]any{{"select", cell.String()}, {"zoom", "on"}} {
		c, err := commandOf(args[0], args[1:]...)
		if err == nil {
			err = h.apply(c)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if a, b := snap(g), snap(h); a != b || g.lab.Status().Zoom != h.lab.Status().Zoom {
		t.Errorf("a pinch apart: %+v; select and zoom on by the JS API: %+v", a, b)
	}
	if r := g.view.PanelRect(viz.QuantityZ); r.Dx()*r.Dy() <= z.Dx()*z.Dy() {
		t.Errorf("zoomed by a pinch: Z is %v, %v in the pipeline; want larger", r.Size(), z.Size())
	}
	dev.evs = recognise(pinchTouches(image.Pt(640, 400), 300, 60))
	update(t, g, 1)
	draw(t, g, 1280, 800)
	if st := g.lab.Status(); st.Zoom || st.Selected != cell {
		t.Errorf("after a pinch together: zoom %v, selected %v; want the zoom closed, %v still selected", st.Zoom, st.Selected, cell)
	}
	// A pinch apart on no panel zooms the stage's output, as Zoom does.
	dev.evs = []Event{{At: image.Pt(2, 2), Kind: PinchOut}}
	if got := g.input.Update(screenTarget{g}); !slices.Equal(got, []lab.Command{{Name: "zoom", Arg: "on"}}) {
		t.Errorf("a pinch apart off the panels: %v, want zoom on alone", got)
	}
}

// recognise plays a sequence of frames of touches to a new recogniser as
// the page's device does (follow, and settle after each frame) and returns the
// pinches it recognised, in order.
func recognise(frames [][]Touch) []Event {
	var g pinch
	var evs []Event
	settle := func() {
		if e, ok := g.settle(); ok {
			evs = append(evs, e)
		}
	}
	for _, ts := range frames {
		for _, t := range ts {
			if _, e, ok := g.follow(t); ok {
				evs = append(evs, e)
			}
		}
		settle()
	}
	return evs
}
