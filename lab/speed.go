package lab

import (
	"fmt"
	"strings"
)

// Speed is a notch of how fast Run trains: every frames per step for the
// slow notches, perFrame steps a frame for the fast ones, and "max": as
// many as the frame's budget allows.
type Speed int

type speedNotch struct {
	every, perFrame int    // perFrame 0: as many as the budget allows
	word, label     string // in the address; on screen
}

var speeds = [...]speedNotch{
	{60, 1, "1/60", "1 step / 60 frames"},
	{15, 1, "1/15", "1 step / 15 frames"},
	{4, 1, "1/4", "1 step / 4 frames"},
	{1, 1, "1", "1 step / frame"},
	{1, 2, "2", "2 / frame"},
	{1, 5, "5", "5 / frame"},
	{1, 10, "10", "10 / frame"},
	{1, 20, "20", "20 / frame"},
	{1, 50, "50", "50 / frame"},
	{1, 100, "100", "100 / frame"},
	{1, 200, "200", "200 / frame"},
	{1, 500, "500", "500 / frame"},
	{1, 0, "max", "max"},
}

const (
	defaultSpeed Speed = 3 // one step a frame: what a class watches
	maxSpeed           = Speed(len(speeds) - 1)
)

// Speeds lists every notch, slowest first.
func Speeds() []Speed {
	s := make([]Speed, len(speeds))
	for i := range s {
		s[i] = Speed(i)
	}
	return s
}

// Word is the speed as the address spells it: "1/4", "10", "max".
func (s Speed) Word() string { return speeds[s].word }

// String is the speed as the screen shows it: "10 / frame".
func (s Speed) String() string { return speeds[s].label }

// Full reports whether s is "max".
func (s Speed) Full() bool { return s == maxSpeed }

func speedWords() string {
	w := make([]string, len(speeds))
	for i, sp := range speeds {
		w[i] = sp.word
	}
	return strings.Join(w, ", ")
}

func parseSpeed(v string) (Speed, error) {
	v = strings.TrimSpace(v)
	for i, sp := range speeds {
		if v == sp.word || v == sp.label {
			return Speed(i), nil
		}
	}
	return 0, fmt.Errorf("speed %q is not one of %s", clip(v), speedWords())
}

// lrs are the notches of "lr up" and "lr down", a 1–3 ladder up to
// core.MaxLR.
var lrs = [...]float64{0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1}

// Scope is what a colour scale is normalised over.
type Scope int

const (
	ScopeLayer  Scope = iota // one range per tensor (all its maps)
	ScopeMap                 // one range per 2-D map
	ScopeShared              // one range per row: forward values, gradients
	numScopes
)

var scopeNames = [numScopes]string{"layer", "map", "shared"}

func (s Scope) String() string {
	if s < 0 || s >= numScopes {
		return fmt.Sprintf("Scope(%d)", int(s))
	}
	return scopeNames[s]
}

func parseScope(v string) (Scope, error) {
	for i, n := range scopeNames {
		if strings.TrimSpace(v) == n {
			return Scope(i), nil
		}
	}
	return 0, fmt.Errorf("scope %q is not layer, map or shared", clip(v))
}
