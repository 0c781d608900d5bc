//go:build js

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"backproplab/core"
	"backproplab/lab"
	"backproplab/viz"
)

// The page for a screen reader and for browser automation: the canvas
// gets a role and a label; index.html's aria-live region (#announce) is
// told, in words, the stage just run, the prediction and loss after a
// step, the selected cell's explanation and every message; the controls
// exist as real, labelled HTML buttons (#controls, visually hidden until
// one has focus) that press through the JS API's command road.

// announcer keeps what was last said and the status it was said about.
type announcer struct {
	started bool
	last    lab.Status
	said    string
}

// control is one of the page's HTML buttons: its spoken label and the
// command, as the JS API takes it (name and words).
type control struct {
	label string
	cmd   lab.Command
}

var controls = [...]control{
	{"One training step", lab.Do("step")},
	{"Next stage", lab.Do("stage-next")},
	{"Previous stage", lab.Do("stage-prev")},
	{"Run or pause training", lab.Do("run-pause")},
	{"Next sample", lab.Command{Name: "sample", Arg: "next"}},
	{"Previous sample", lab.Command{Name: "sample", Arg: "prev"}},
	{"Select a cell in the next panel", lab.Command{Name: "cursor", Arg: "next"}},
	{"Select a cell in the previous panel", lab.Command{Name: "cursor", Arg: "prev"}},
	{"Selected cell: left", lab.Command{Name: "cursor", Arg: "left"}},
	{"Selected cell: right", lab.Command{Name: "cursor", Arg: "right"}},
	{"Selected cell: up", lab.Command{Name: "cursor", Arg: "up"}},
	{"Selected cell: down", lab.Command{Name: "cursor", Arg: "down"}},
	{"Clear the selection, the message and the help", lab.Do("dismiss")},
	{"Reset", lab.Do("reset")},
	{"Slower", lab.Command{Name: "speed", Arg: "down"}},
	{"Faster", lab.Command{Name: "speed", Arg: "up"}},
	{"Learning rate down", lab.Command{Name: "lr", Arg: "down"}},
	{"Learning rate up", lab.Command{Name: "lr", Arg: "up"}},
	{"Colour scale: per layer, per map or shared", lab.Do("scope")},
	{"Seed down: new weights", lab.Command{Name: "seed", Arg: "down"}},
	{"Seed up: new weights", lab.Command{Name: "seed", Arg: "up"}},
	{"Zoom the selected panel", lab.Do("zoom")},
	{"Presenter view", lab.Do("presenter")},
	{"High-contrast colours", lab.Do("colors")},
	{"Open a weights file", lab.Do("open-weights")},
	{"Open a PNG or JPEG of a digit for the drawing pad", lab.Do("open-image")},
	{"Save the weights (a download)", lab.Do("save-weights")},
	{"Help: every key", lab.Do("help")},
}

func init() {
	updateParts = append(updateParts, (*Game).announce)
	stateParts = append(stateParts, accessState)
}

// accessState adds to state() what was last announced, the selected cell
// ("Z.300", "" if none), and where each tensor's panel is, for a test or a
// course page to point at.
func accessState(g *Game, m map[string]any) {
	m["announced"] = g.plat.speak.said
	m["selected"] = g.lab.Status().Selected.String()
	m["colors"] = g.lab.Status().Colors.String()
	m["zoom"] = g.lab.Status().Zoom
	panels := map[string]any{}
	for _, name := range lab.Tensors() {
		if c, ok := viz.CellOf(lab.Cell{Tensor: name}); ok {
			if r := g.view.PanelRect(c.Q); !r.Empty() {
				panels[name] = map[string]any{"x": r.Min.X, "y": r.Min.Y, "w": r.Dx(), "h": r.Dy()}
			}
		}
	}
	m["panels"] = panels
}

// keyFor is the key that does c, as the help labels it, "" if none.
func keyFor(c lab.Command) string {
	for _, b := range lab.Bindings() {
		if b.Command == c {
			return b.Label
		}
	}
	return ""
}

// setUpAccess labels the canvas and builds the HTML buttons.
func (g *Game) setUpAccess() {
	doc := js.Global().Get("document")
	if canvas := doc.Call("querySelector", "canvas"); canvas.Truthy() {
		canvas.Call("setAttribute", "role", "application")
		canvas.Call("setAttribute", "aria-label", "Backprop Lab: one training step of a small convolutional network, drawn. "+
			"Keys: H lists them. The controls are also buttons after this.")
		canvas.Call("setAttribute", "aria-describedby", "announce")
	}
	bar := doc.Call("getElementById", "controls")
	if !bar.Truthy() {
		return
	}
	for _, c := range controls {
		b := doc.Call("createElement", "button")
		b.Set("type", "button")
		b.Set("textContent", c.label)
		if k := keyFor(c.cmd); k != "" {
			b.Set("title", c.label+" (key "+k+")")
		}
		b.Get("dataset").Set("command", c.cmd.String())
		args := []any{c.cmd.Name}
		if c.cmd.Arg != "" {
			for _, w := range strings.Fields(c.cmd.Arg) {
				args = append(args, w)
			}
		}
		click := js.FuncOf(func(this js.Value, _ []js.Value) any {
			// The JS API's road, as a course page's script would press it.
			js.Global().Get("backpropLab").Call("command", args...)
			return nil
		})
		g.plat.funcs = append(g.plat.funcs, click)
		b.Call("addEventListener", "click", click)
		bar.Call("appendChild", b)
	}
}

// announce tells the live region what changed since the last frame, in
// words; while training runs it stays quiet until the pause (a screen
// reader cannot keep up with 30 steps a second).
func (g *Game) announce() {
	a := &g.plat.speak
	s := g.lab.Status()
	var parts []string
	if !a.started {
		a.started = true
		g.setUpAccess()
		parts = append(parts, viz.Welcome())
	} else {
		parts = changes(a.last, s)
		if s.Selected != a.last.Selected && s.Selected.Tensor != "" {
			if c, ok := viz.CellOf(s.Selected); ok {
				parts = append(parts, "Selected "+strings.ReplaceAll(g.view.Explain(c, g.lab), "\n", "; ")+".")
			}
		}
	}
	a.last = s
	if len(parts) == 0 {
		return
	}
	text := strings.Join(parts, " ")
	if el := js.Global().Get("document").Call("getElementById", "announce"); el.Truthy() {
		el.Set("textContent", text)
	}
	a.said = text
}

// changes says what changed from was to now, in sentences.
func changes(was, now lab.Status) []string {
	var out []string
	switch {
	case now.Running && !was.Running:
		out = append(out, "Training runs.")
	case now.Running:
		// quiet while training
	case was.Running:
		out = append(out, "Paused at step "+strconv.Itoa(now.Step)+"."+result(now))
	case now.Step != was.Step || now.Sample != was.Sample || now.Seed != was.Seed && now.Step == 0:
		on := "sample " + strconv.Itoa(now.Sample) + ", label " + strconv.Itoa(now.Label)
		if now.Step > was.Step {
			out = append(out, "Step "+strconv.Itoa(now.Step)+" done on "+on+"."+result(now))
		} else {
			out = append(out, "Now "+on+"."+result(now))
		}
	case now.Stage != was.Stage:
		out = append(out, stageWords(now.Stage))
		if now.Stage == core.StageLoss {
			out = append(out, result(now))
		}
	}
	if now.Message != was.Message && now.Message != "" {
		out = append(out, now.Message)
	}
	if now.Help != was.Help {
		if now.Help {
			out = append(out, "Help shown: H or Esc closes it.")
		} else {
			out = append(out, "Help closed.")
		}
	}
	if now.Presenter != was.Presenter {
		out = append(out, map[bool]string{true: "Presenter view on.", false: "Presenter view off."}[now.Presenter])
	}
	if now.Colors != was.Colors {
		out = append(out, map[bool]string{true: "High-contrast colours.", false: "Standard colours."}[now.Colors == lab.ColorsContrast])
	}
	if now.Zoom != was.Zoom {
		out = append(out, map[bool]string{true: "Zoomed on one panel: G or Zoom goes back.", false: "Zoom off."}[now.Zoom])
	}
	if now.Selected != was.Selected && now.Selected.Tensor == "" {
		out = append(out, "Selection cleared.")
	}
	if now.LR != was.LR {
		out = append(out, "Learning rate "+strconv.FormatFloat(now.LR, 'g', -1, 64)+".")
	}
	if now.Speed != was.Speed {
		out = append(out, "Speed "+now.Speed.Word()+".")
	}
	if now.Scope != was.Scope {
		out = append(out, "Colour scale "+now.Scope.String()+".")
	}
	return out
}

// stageWords is "Stage 6 of 13 ran, δˢ: δˢ = ŷ − y." (or that the
// step is back at its start).
func stageWords(s core.Stage) string {
	if s == core.StageNone {
		return "Back at the start of the step: nothing computed."
	}
	w := "Stage " + strconv.Itoa(int(s)+1) + " of " + strconv.Itoa(core.NumStages) + " ran, " + s.String()
	if eq := s.Equation(); eq != "" {
		w += ": " + eq
	}
	return w + "."
}

// result is " Prediction 3, wrong; loss 2.23." once the forward pass has
// run, else "".
func result(s lab.Status) string {
	if s.Prediction < 0 {
		return ""
	}
	right := "wrong"
	if s.Prediction == s.Label {
		right = "right"
	}
	return " Prediction " + strconv.Itoa(s.Prediction) + ", " + right + "; loss " + strconv.FormatFloat(s.Loss, 'f', 3, 64) + "."
}
