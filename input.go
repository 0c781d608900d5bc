package main

import (
	"image"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"backproplab/lab"
)

// Event is one press a Device saw: a key by name (as ebiten.Key's String
// and the DOM's KeyboardEvent.code without "Key" spell it: "Space", "P",
// "BracketRight"), or, with Key "", a tap or left click at At; or, with
// Kind Move or Release, where a pointer held down since its press moved
// or was lifted, so that a stroke on the pad loses no position; or, with
// Kind PinchOut or PinchIn, two fingers that moved apart or together from
// either side of At (gesture.go).
type Event struct {
	Key  string
	At   image.Point
	Kind EventKind
}

// EventKind is what a pointer did.
type EventKind int

const (
	Press    EventKind = iota // a key, or a pointer going down
	Move                      // the pointer held down moved to At
	Release                   // the pointer held down was lifted at At
	PinchOut                  // two fingers moved apart, from either side of At (gesture.go)
	PinchIn                   // two fingers moved together, from either side of At
)

// ShiftTab is the one chord a Device reports, as its own key name: the
// cell cursor's way back (the help lists it with Tab). ebiten has no name
// for it, so it is not in lab's key map.
const ShiftTab = "Shift+Tab"

// Device is the one small interface through which Input reads the keys,
// the mouse and touches: ebitenDevice on the desktop, domDevice in the
// browser (main_js.go), a fake in tests (ebiten cannot inject input).
type Device interface {
	// AppendEvents appends the presses since the last call, in order, each
	// once however short it was.
	AppendEvents(evs []Event) []Event
	// Cursor is the mouse position, and false when there is no mouse.
	Cursor() (image.Point, bool)
}

// Input turns what a Device reports into Commands: keys through the key
// map (lab.Bindings, the list the help shows, and lab.Aliases), taps and
// clicks through the view's buttons or, on a cell, into a pick (select it,
// or clear it when it is selected), and the pointer's position into the
// view's hover.
type Input struct {
	dev    Device
	keymap map[string]lab.Command
	evs    []Event
	cmds   []lab.Command
	cursor image.Point
	hasCur bool

	// A stroke on the pad: pressed there and not yet released; the points
	// since the last command, and the last point given.
	drawing bool
	pts     []byte
	last    image.Point
}

// NewInput returns an Input reading dev.
func NewInput(dev Device) *Input {
	in := &Input{dev: dev, keymap: make(map[string]lab.Command)}
	for _, b := range append(lab.Aliases(), lab.Bindings()...) {
		in.keymap[b.Key] = b.Command
	}
	in.keymap[ShiftTab] = lab.Command{Name: "cursor", Arg: "prev"}
	return in
}

// Target is what Input asks about the screen: the view's buttons, cells,
// hover, and the drawing pad (PadAt: the point in pad units, clamped to
// the pad, and whether (x, y) is on it).
type Target interface {
	HitButton(x, y int) (lab.Command, bool)
	CellAt(x, y int) (lab.Cell, bool)
	Hover(x, y int)
	PadAt(x, y int) (px, py float64, on bool)
}

// Update reads the input since the last call and returns its Commands, in
// the order they came. The slice is reused by the next call. Pointer moves
// go to t.Hover.
func (in *Input) Update(t Target) []lab.Command {
	in.cmds = in.cmds[:0]
	if p, ok := in.dev.Cursor(); ok && (!in.hasCur || p != in.cursor) {
		in.cursor, in.hasCur = p, true
		t.Hover(p.X, p.Y)
	}
	in.evs = in.dev.AppendEvents(in.evs[:0])
	for _, e := range in.evs {
		switch {
		case e.Key != "":
			in.flush()
			if c, ok := in.keymap[e.Key]; ok {
				in.cmds = append(in.cmds, c)
			}
		case e.Kind == Move:
			if in.drawing {
				in.point(t, e.At)
			}
		case e.Kind == PinchOut || e.Kind == PinchIn:
			if !in.drawing {
				in.cmds = in.pinch(t, e)
			}
		case e.Kind == Release:
			if in.drawing {
				in.point(t, e.At)
				in.flush()
				in.cmds = append(in.cmds, lab.Do("stroke-end"))
				in.drawing = false
			}
		default:
			in.flush()
			if c, ok := t.HitButton(e.At.X, e.At.Y); ok {
				in.cmds = append(in.cmds, c)
			} else if x, y, on := t.PadAt(e.At.X, e.At.Y); on {
				in.drawing, in.last = true, e.At
				in.cmds = append(in.cmds, lab.Command{Name: "stroke-begin", Arg: string(appendXY(nil, x, y))})
			} else if cell, ok := t.CellAt(e.At.X, e.At.Y); ok {
				// A tap on a cell picks it (a second tap clears it); a tap
				// elsewhere clears the selection.
				in.cmds = append(in.cmds, lab.Command{Name: "pick", Arg: cell.String()})
			} else {
				in.cmds = append(in.cmds, lab.Command{Name: "pick", Arg: "none"})
			}
		}
	}
	in.flush()
	return in.cmds
}

// pinch appends a pinch's Commands: apart over a panel, select the cell
// under At (or a chip's first cell) and zoom on, as a tap on the cell and
// the Zoom button do; together, zoom off.
func (in *Input) pinch(t Target, e Event) []lab.Command {
	if e.Kind == PinchIn {
		return append(in.cmds, lab.Command{Name: "zoom", Arg: "off"})
	}
	if cell, ok := t.CellAt(e.At.X, e.At.Y); ok {
		in.cmds = append(in.cmds, lab.Command{Name: "select", Arg: cell.String()})
	} else if c, ok := t.HitButton(e.At.X, e.At.Y); ok && c.Name == "select" {
		in.cmds = append(in.cmds, c) // a chip: its panel
	}
	return append(in.cmds, lab.Command{Name: "zoom", Arg: "on"})
}

// point adds a position of the stroke being drawn, unless the pointer is
// where it was: every position is kept, and the lab joins each to the last.
func (in *Input) point(t Target, p image.Point) {
	if p == in.last {
		return
	}
	in.last = p
	x, y, _ := t.PadAt(p.X, p.Y)
	if len(in.pts) > 0 {
		in.pts = append(in.pts, ' ')
	}
	in.pts = appendXY(in.pts, x, y)
}

// flush turns the stroke's points since the last command into one
// stroke-to, so that the drawing is classified once a frame, not once a
// pointer event.
func (in *Input) flush() {
	if len(in.pts) > 0 {
		in.cmds = append(in.cmds, lab.Command{Name: "stroke-to", Arg: string(in.pts)})
		in.pts = in.pts[:0]
	}
}

// appendXY appends "x y" with four decimals: a ten-thousandth of the pad
// is far below a pixel.
func appendXY(b []byte, x, y float64) []byte {
	b = strconv.AppendFloat(b, x, 'f', 4, 64)
	b = append(b, ' ')
	return strconv.AppendFloat(b, y, 'f', 4, 64)
}

// ebitenDevice reads ebiten's input state once a tick; call it from Update
// only. On the desktop GLFW's sticky keys and buttons (which ebiten turns
// on) hold a press until it is read, so a press and release within one
// tick still shows as just pressed.
type ebitenDevice struct {
	keys    []ebiten.Key
	touches []ebiten.TouchID

	// The pointer held down: the mouse's left button, or the first touch.
	mouseDown bool
	touch     ebiten.TouchID
	touchDown bool
	at        image.Point
}

func (d *ebitenDevice) AppendEvents(evs []Event) []Event {
	d.keys = inpututil.AppendJustPressedKeys(d.keys[:0])
	for _, k := range d.keys {
		name := k.String()
		if k == ebiten.KeyTab && ebiten.IsKeyPressed(ebiten.KeyShift) {
			name = ShiftTab
		}
		evs = append(evs, Event{Key: name})
	}
	// A stroke's position once a tick (the lab joins each to the last).
	if d.mouseDown || d.touchDown {
		p := image.Pt(ebiten.CursorPosition())
		if d.touchDown {
			p = image.Pt(ebiten.TouchPosition(d.touch))
		}
		if p != d.at && (!d.touchDown || p != (image.Point{})) {
			d.at = p
			evs = append(evs, Event{At: p, Kind: Move})
		}
	}
	if d.mouseDown && inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
		d.mouseDown = false
		evs = append(evs, Event{At: d.at, Kind: Release})
	}
	if d.touchDown && inpututil.IsTouchJustReleased(d.touch) {
		d.touchDown = false
		evs = append(evs, Event{At: d.at, Kind: Release})
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := ebiten.CursorPosition()
		evs = append(evs, Event{At: image.Pt(x, y)})
		d.mouseDown, d.at = true, image.Pt(x, y)
	}
	d.touches = inpututil.AppendJustPressedTouchIDs(d.touches[:0])
	for _, id := range d.touches {
		x, y := ebiten.TouchPosition(id)
		evs = append(evs, Event{At: image.Pt(x, y)})
		if !d.touchDown && !d.mouseDown {
			d.touch, d.touchDown, d.at = id, true, image.Pt(x, y)
		}
	}
	return evs
}

func (d *ebitenDevice) Cursor() (image.Point, bool) {
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y), true
}
