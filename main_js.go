//go:build js

package main

import (
	"fmt"
	"log"
	"math"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"backproplab/viz"
)

// platform is the browser glue: the JS API's functions (kept, so that they
// stay valid) and whether the page has been told that the program runs.
type platform struct {
	ready   bool
	readyMs float64 // performance.now() at the first Update
	funcs   []js.Func
}

// platformArgs turns the page's URL query into flags: ?seed=3&lr=0.03&sample=12
// gives -seed=3 -lr=0.03 -sample=12. Other parameters are ignored.
func platformArgs() []string {
	search := js.Global().Get("location").Get("search").String()
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err != nil {
		return nil
	}
	var args []string
	for _, k := range []string{"seed", "lr", "sample"} {
		if q.Has(k) {
			args = append(args, "-"+k+"="+q.Get(k))
		}
	}
	return args
}

// fatal shows err on the page, in words (index.html's backpropLabFailed),
// then prints it and exits with status 1.
func fatal(err error) {
	if f := js.Global().Get("backpropLabFailed"); f.Type() == js.TypeFunction {
		f.Invoke("Backprop Lab could not run: " + err.Error())
	}
	log.Fatal(err)
}

// initPlatform exposes the JS API for course pages and tests:
//
//	window.backpropLab.state()   → {ready, step, stage, sample, label, prediction, loss, frame, …}
//	window.backpropLab.command(name, ...args) → undefined, or an error string
func (g *Game) initPlatform() {
	state := js.FuncOf(func(this js.Value, args []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.jsState()
	})
	command := js.FuncOf(func(this js.Value, args []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		if msg := g.jsCommand(args); msg != "" {
			return msg
		}
		return nil
	})
	g.plat.funcs = append(g.plat.funcs, state, command)
	api := js.Global().Get("Object").New()
	api.Set("state", state)
	api.Set("command", command)
	js.Global().Set("backpropLab", api)
}

// platformUpdate tells the page, on the first Update, that the program runs:
// <html data-backprop-ready="1">, which hides the loader.
func (g *Game) platformUpdate() {
	if g.plat.ready {
		return
	}
	g.plat.ready = true
	g.plat.readyMs = js.Global().Get("performance").Call("now").Float()
	js.Global().Get("document").Get("documentElement").Get("dataset").Set("backpropReady", "1")
}

// jsState is the lab's state as a JS object. A loss or accuracy that does
// not exist yet is NaN (null in JSON).
func (g *Game) jsState() any {
	l := g.lab
	acc, _ := l.Accuracy()
	return map[string]any{
		"ready":      g.plat.ready,
		"step":       l.Steps(),
		"stage":      l.Stage().String(),
		"stageIndex": int(l.Stage()),
		"sample":     l.Sample(),
		"label":      l.Label(),
		"prediction": l.Prediction(),
		"loss":       l.Loss(),
		"accuracy":   acc,
		"running":    l.Running(),
		"speed":      l.Speed(),
		"lr":         l.LR(),
		"seed":       float64(l.Seed()),
		"message":    l.Message(),
		"frame":      g.frame,
		"draws":      g.draws,
		"paints":     g.paints,
		"fps":        ebiten.ActualFPS(),
		"tps":        ebiten.ActualTPS(),
		"readyMs":    g.plat.readyMs,
		"tickMs":     g.tickMs,
		"renderMs":   g.renderMs,
		"uploadMs":   g.uploadMs,
		"paintMs":    g.paintMs,
		"budgetMs":   float64(g.budget.Microseconds()) / 1000,
	}
}

// commands are the names jsCommand takes, for its error message.
var commands = []string{"step", "run", "pause", "reset [seed]", "stage-next", "stage-prev",
	"lr <rate>", "sample [index]", "speed up|down|min|max", "scope", "help", "dismiss"}

var simpleCommands = map[string]viz.Intent{
	"step":       viz.IntentStep,
	"run":        viz.IntentRun,
	"pause":      viz.IntentPause,
	"stage-next": viz.IntentStageNext,
	"stage-prev": viz.IntentStagePrev,
	"scope":      viz.IntentScope,
	"help":       viz.IntentHelp,
	"dismiss":    viz.IntentDismiss,
}

// jsCommand carries out command(name, ...args) and returns "" or the error
// (or the lab's new message, when the command set one: e.g. training has
// diverged).
func (g *Game) jsCommand(args []js.Value) string {
	if len(args) == 0 || args[0].Type() != js.TypeString {
		return `command: give a command name, such as "step"`
	}
	name, rest := args[0].String(), args[1:]
	before := g.lab.Message()
	g.dirty, g.asked = true, true
	if in, ok := simpleCommands[name]; ok {
		g.lab.Apply(in)
	} else {
		switch name {
		case "reset":
			if len(rest) == 0 {
				g.lab.Apply(viz.IntentReset)
				break
			}
			seed, err := integer(rest[0], "reset: seed")
			if err != nil {
				return err.Error()
			}
			g.lab.Reset(uint64(seed))
		case "lr":
			if len(rest) == 0 {
				return "lr: give a learning rate, such as 0.01"
			}
			lr, err := number(rest[0], "lr")
			if err != nil {
				return err.Error()
			}
			if err := g.lab.SetLR(lr); err != nil {
				return err.Error()
			}
		case "sample":
			if len(rest) == 0 {
				g.lab.Apply(viz.IntentNextSample)
				break
			}
			i, err := integer(rest[0], "sample")
			if err != nil {
				return err.Error()
			}
			if err := g.lab.SelectSample(i); err != nil {
				return err.Error()
			}
		case "speed":
			arg := ""
			if len(rest) > 0 {
				arg = rest[0].String()
			}
			in, n := viz.IntentSpeedUp, 1
			switch arg {
			case "up":
			case "down":
				in = viz.IntentSpeedDown
			case "max":
				n = 100
			case "min":
				in, n = viz.IntentSpeedDown, 100
			default:
				return `speed: give "up", "down", "min" or "max"`
			}
			for range n {
				g.lab.Apply(in)
			}
		default:
			return fmt.Sprintf("unknown command %q: want one of %s", name, strings.Join(commands, ", "))
		}
	}
	if msg := g.lab.Message(); msg != "" && msg != before {
		return msg
	}
	return ""
}

// number reads a JS number, or a string holding one.
func number(v js.Value, what string) (float64, error) {
	switch v.Type() {
	case js.TypeNumber:
		return v.Float(), nil
	case js.TypeString:
		if x, err := strconv.ParseFloat(strings.TrimSpace(v.String()), 64); err == nil {
			return x, nil
		}
	}
	return 0, fmt.Errorf("%s: %q is not a number", what, v.String())
}

// integer reads a whole number from 0 to 2⁵³ (the integers a JS number holds exactly).
func integer(v js.Value, what string) (int, error) {
	x, err := number(v, what)
	if err != nil {
		return 0, err
	}
	if x != math.Trunc(x) || x < 0 || x > 1<<53 {
		return 0, fmt.Errorf("%s: %v is not a whole number from 0 up", what, x)
	}
	return int(x), nil
}
