package viz

import (
	"errors"
	"fmt"
	"math"
	"time"

	"backproplab/core"
)

// Intent is a user command, from a key, a button or the page's JS API.
// The app turns input into intents; Lab.Apply carries them out.
type Intent int

const (
	IntentNone       Intent = iota
	IntentStep              // finish the current training step, or run the next one whole
	IntentRunToggle         // run if paused, pause if running
	IntentRun               // train continuously, Speed steps per frame
	IntentPause             // stop training
	IntentStageNext         // run one more stage of the step (core.Stepper.Next)
	IntentStagePrev         // undo the last stage, parameters restored exactly
	IntentReset             // new weights from the seed, step 0, first sample
	IntentNextSample        // the next MNIST digit, forward pass shown
	IntentPrevSample        // the previous MNIST digit
	IntentLRUp              // learning rate up one notch (×3 or ×10/3)
	IntentLRDown            // learning rate down one notch
	IntentSpeedUp           // more steps per frame
	IntentSpeedDown         // fewer steps per frame
	IntentScope             // cycle the colour scale's scope: layer, map, shared
	IntentHelp              // show or hide the help overlay
	IntentDismiss           // cancel the sample number being typed, or close the help overlay and clear the message
	IntentBackspace         // erase the last digit of the sample number being typed
	IntentConfirm           // go to the sample number typed; with none being typed, IntentStep
	// IntentDigit0 … IntentDigit0+9 type a digit of a sample number to go
	// to (see Lab.Entry): IntentDigit0+d is digit d.
	IntentDigit0
	numIntents = IntentDigit0 + 10
)

var intentNames = [...]string{
	IntentNone:       "none",
	IntentStep:       "step",
	IntentRunToggle:  "run/pause",
	IntentRun:        "run",
	IntentPause:      "pause",
	IntentStageNext:  "stage next",
	IntentStagePrev:  "stage back",
	IntentReset:      "reset",
	IntentNextSample: "next sample",
	IntentPrevSample: "previous sample",
	IntentLRUp:       "lr up",
	IntentLRDown:     "lr down",
	IntentSpeedUp:    "speed up",
	IntentSpeedDown:  "speed down",
	IntentScope:      "scope",
	IntentHelp:       "help",
	IntentDismiss:    "dismiss",
	IntentBackspace:  "backspace",
	IntentConfirm:    "confirm",
}

func (in Intent) String() string {
	if in >= IntentDigit0 && in < numIntents {
		return "digit " + string(rune('0'+in-IntentDigit0))
	}
	if in < 0 || int(in) >= len(intentNames) {
		return fmt.Sprintf("Intent(%d)", int(in))
	}
	return intentNames[in]
}

// Digit is the digit that in types, and false if in is not a digit.
func (in Intent) Digit() (int, bool) {
	if in >= IntentDigit0 && in < numIntents {
		return int(in - IntentDigit0), true
	}
	return 0, false
}

// Binding is one key of the keyboard map: Key is the key's name as ebiten
// spells it (ebiten.Key's String and UnmarshalText), Label how the help
// overlay shows it.
type Binding struct {
	Key    string
	Label  string
	Intent Intent
	Help   string
}

// Bindings lists every key, in the order the help overlay shows them. The
// app maps each Key to its Intent; the help overlay is drawn from this list,
// so the two cannot disagree. Keys that share a Label and Help (the digits
// 0–9) are one line of the overlay.
func Bindings() []Binding { return bindings[:] }

const digitHelp = "go to a sample: type its number (top row or keypad)"

var bindings = [...]Binding{
	{"Space", "Space", IntentStep, "one training step (finishes a stepped one)"},
	{"P", "P", IntentRunToggle, "run / pause training"},
	{"ArrowRight", "→", IntentStageNext, "next stage of the step"},
	{"ArrowLeft", "←", IntentStagePrev, "previous stage (undoes it exactly)"},
	{"N", "N", IntentNextSample, "next MNIST digit"},
	{"B", "B", IntentPrevSample, "previous MNIST digit"},
	{"Digit0", "0–9", IntentDigit0, digitHelp},
	{"Digit1", "0–9", IntentDigit0 + 1, digitHelp},
	{"Digit2", "0–9", IntentDigit0 + 2, digitHelp},
	{"Digit3", "0–9", IntentDigit0 + 3, digitHelp},
	{"Digit4", "0–9", IntentDigit0 + 4, digitHelp},
	{"Digit5", "0–9", IntentDigit0 + 5, digitHelp},
	{"Digit6", "0–9", IntentDigit0 + 6, digitHelp},
	{"Digit7", "0–9", IntentDigit0 + 7, digitHelp},
	{"Digit8", "0–9", IntentDigit0 + 8, digitHelp},
	{"Digit9", "0–9", IntentDigit0 + 9, digitHelp},
	{"Backspace", "Backspace", IntentBackspace, "erase the last digit typed"},
	{"Enter", "Enter", IntentConfirm, "go to the sample typed (none typed: one step)"},
	{"Equal", "+", IntentSpeedUp, "faster (more steps per frame)"},
	{"Minus", "−", IntentSpeedDown, "slower"},
	{"BracketRight", "]", IntentLRUp, "learning rate up"},
	{"BracketLeft", "[", IntentLRDown, "learning rate down"},
	{"R", "R", IntentReset, "reset: new weights from the seed, step 0"},
	{"S", "S", IntentScope, "colour scale per layer / per map / shared"},
	{"H", "H", IntentHelp, "this help"},
	{"Escape", "Esc", IntentDismiss, "cancel the typing, or close help and clear the message"},
}

// Scope is what a colour scale is normalised over.
type Scope int

const (
	ScopeLayer  Scope = iota // one range per tensor (all its maps)
	ScopeMap                 // one range per 2-D map
	ScopeShared              // one range per row: forward values, gradients
	numScopes
)

func (s Scope) String() string {
	switch s {
	case ScopeLayer:
		return "layer"
	case ScopeMap:
		return "map"
	case ScopeShared:
		return "shared"
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// speed is one notch of the speed setting: every frames per step when
// every > 1, else perFrame steps per frame (0: as many as the frame budget
// allows).
type speed struct {
	every, perFrame int
	label           string
}

var speeds = [...]speed{
	{60, 1, "1 step / 60 frames"},
	{15, 1, "1 step / 15 frames"},
	{4, 1, "1 step / 4 frames"},
	{1, 1, "1 step / frame"},
	{1, 2, "2 / frame"},
	{1, 5, "5 / frame"},
	{1, 10, "10 / frame"},
	{1, 20, "20 / frame"},
	{1, 50, "50 / frame"},
	{1, 100, "100 / frame"},
	{1, 200, "200 / frame"},
	{1, 500, "500 / frame"},
	{1, 0, "max"},
}

const defaultSpeed = 3

// lrs are the notches of IntentLRUp and IntentLRDown, a 1–3 ladder up to
// core.MaxLR.
var lrs = [...]float64{0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1}

// DefaultFrameBudget is how long Tick may train in one frame: half of a
// 60 Hz frame, so that drawing and input keep the page responsive.
const DefaultFrameBudget = 8 * time.Millisecond

// accWindow is how many recent predictions the running accuracy counts.
const accWindow = 100

// Lab is the controller: the network, the step in progress, the sample,
// the settings and the run's history. It is driven by intents and Tick,
// needs no display, and the View only reads it.
//
// A step is in progress on the current sample: Reset, SelectSample and
// SetSample start one and run its forward stages, so that the prediction
// shows. IntentStep finishes the step in progress, or, when it is done,
// starts one on the next sample and runs it whole. Stage intents move one
// core.Stage at a time within the step, forwards and back.
type Lab struct {
	// Net is the network; read it, never write it.
	Net *core.Net

	cfg     core.Config
	stepper *core.Stepper
	data    *core.Dataset

	x      []float64 // the current sample, C×H×W
	label  int
	sample int // dataset index, or -1 for a drawing

	lr       float64
	seed     uint64
	speed    int
	running  bool
	frame    int // frames since the last step, for slow speeds
	budget   time.Duration
	now      func() time.Time
	diverged bool

	step    int
	acc     accRing
	hist    History
	pending histPoint
	hasPend bool

	scope Scope
	help  bool
	msg   string

	// The sample number being typed (IntentDigit0…): entry[:entryN], open
	// from the first digit until Enter or Esc.
	entry     [maxEntry]byte
	entryN    int
	entryOpen bool
}

// maxEntry is how many digits a typed sample number may have; more are
// ignored (no data set here has a billion digits).
const maxEntry = 9

// NewLab returns a lab for a network of size cfg, trained on data (which
// may be nil or empty: then the sample is blank until SetSample), with
// weights from seed and learning rate lr. The data's images must be
// cfg.H×cfg.W with cfg.C = 1.
func NewLab(cfg core.Config, data *core.Dataset, seed uint64, lr float64) (*Lab, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := core.ValidLR(lr); err != nil {
		return nil, err
	}
	if data != nil && data.Len() > 0 {
		if cfg.C != 1 || data.Rows != cfg.H || data.Cols != cfg.W {
			return nil, fmt.Errorf("viz: the data's images are %d×%d with one channel, the network wants %d×%d×%d",
				data.Rows, data.Cols, cfg.C, cfg.H, cfg.W)
		}
		if len(data.Images) < data.Len()*data.Rows*data.Cols {
			return nil, errors.New("viz: the data set has fewer pixels than its labels say")
		}
	}
	n, err := core.New(cfg, nil)
	if err != nil {
		return nil, err
	}
	l := &Lab{
		Net:     n,
		cfg:     cfg,
		stepper: core.NewStepper(n, lr),
		data:    data,
		x:       make([]float64, cfg.C*cfg.H*cfg.W),
		lr:      lr,
		seed:    seed,
		speed:   defaultSpeed,
		budget:  DefaultFrameBudget,
		now:     time.Now,
	}
	l.Reset(seed)
	return l, nil
}

// Config is the network's size.
func (l *Lab) Config() core.Config { return l.cfg }

// Reset draws new weights from seed (core.NewRand(seed), as cmd/backprop does), forgets the run
// (step 0, accuracy, history, message), pauses, and starts a step on the
// first sample (the drawing, if the sample is a drawing).
func (l *Lab) Reset(seed uint64) {
	l.seed = seed
	l.Net.Params.Init(l.cfg, core.NewRand(seed))
	l.running, l.diverged, l.frame = false, false, 0
	l.step = 0
	l.acc = accRing{}
	l.hist.reset()
	l.hasPend = false
	l.msg = ""
	if l.sample >= 0 {
		l.sample = 0
		l.loadSample()
	}
	l.begin()
}

// SetSeed sets the seed that IntentReset uses, without resetting.
func (l *Lab) SetSeed(seed uint64) { l.seed = seed }

// Seed is the seed of the last reset, or the one SetSeed gave.
func (l *Lab) Seed() uint64 { return l.seed }

// SetLR sets the learning rate from the next update on. An invalid one
// (core.ValidLR) leaves the old rate, sets the message and returns the error.
func (l *Lab) SetLR(lr float64) error {
	if err := core.ValidLR(lr); err != nil {
		l.msg = err.Error()
		return err
	}
	l.lr = lr
	l.stepper.LR = lr
	return nil
}

// LR is the learning rate.
func (l *Lab) LR() float64 { return l.lr }

// SelectSample makes MNIST digit i the sample: the step in progress is
// abandoned (parameters as before it), a new one starts on digit i and its
// forward pass runs. An index out of range sets the message and returns an
// error, and changes nothing.
func (l *Lab) SelectSample(i int) error {
	if l.data == nil || l.data.Len() == 0 {
		return l.fail(errors.New("there are no MNIST digits loaded"))
	}
	if i < 0 || i >= l.data.Len() {
		return l.fail(fmt.Errorf("sample %d does not exist: choose one from 0 to %d", i, l.data.Len()-1))
	}
	l.running = false
	l.abandon()
	l.sample = i
	l.loadSample()
	l.begin()
	return nil
}

// SetSample makes x (C×H×W values, row-major, 0 = background) with the
// given label the sample, as for a drawing: the step in progress is
// abandoned, a new one starts on x and its forward pass runs. Steps then
// train on x until a digit is selected again. A wrong length, a value that
// is not finite or a label out of range sets the message, returns an error
// and changes nothing.
func (l *Lab) SetSample(x []float64, label int) error {
	if len(x) != len(l.x) {
		return l.fail(fmt.Errorf("the drawing has %d pixels, want %d", len(x), len(l.x)))
	}
	if label < 0 || label >= l.cfg.M {
		return l.fail(fmt.Errorf("label %d does not exist: choose one from 0 to %d", label, l.cfg.M-1))
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return l.fail(fmt.Errorf("pixel %d of the drawing is %v", i, v))
		}
	}
	l.running = false
	l.abandon()
	copy(l.x, x)
	l.label = label
	l.sample = -1
	l.begin()
	return nil
}

func (l *Lab) fail(err error) error {
	l.msg = err.Error()
	return err
}

// Sample is the dataset index of the current sample, -1 for a drawing.
func (l *Lab) Sample() int { return l.sample }

// Label is the true class of the current sample.
func (l *Lab) Label() int { return l.label }

// Prediction is the most probable class of the current step's forward
// pass, -1 before its forward pass has run or if ŷ is not a number.
func (l *Lab) Prediction() int {
	if L := l.Net.Act.L; l.stepper.Done() < core.StageLoss || L-L != 0 {
		return -1
	}
	return l.Net.Prediction()
}

// Loss is the current step's loss L, NaN before its forward pass has run.
func (l *Lab) Loss() float64 {
	if l.stepper.Done() < core.StageLoss {
		return math.NaN()
	}
	return l.Net.Act.L
}

// Steps is the number of training steps done since the reset.
func (l *Lab) Steps() int { return l.step }

// Accuracy is the fraction of the last 100 predictions (each made by a
// step's forward pass, before its update) that were right, and how many
// predictions it counts (fewer than 100 early in the run).
func (l *Lab) Accuracy() (frac float64, n int) { return l.acc.value() }

// Stage is the last stage of the step in progress that has run.
func (l *Lab) Stage() core.Stage { return l.stepper.Done() }

// Running reports whether Tick trains.
func (l *Lab) Running() bool { return l.running }

// Speed is the speed setting's label, e.g. "10 / frame" or "max".
func (l *Lab) Speed() string { return speeds[l.speed].label }

// FullSpeed reports whether the speed setting is the last one, "max": as
// many steps a frame as the frame budget allows. It says nothing of
// whether the lab is running (see Running).
func (l *Lab) FullSpeed() bool { return speeds[l.speed].perFrame == 0 }

// Scope is the colour scale's scope.
func (l *Lab) Scope() Scope { return l.scope }

// HelpShown reports whether the help overlay is on.
func (l *Lab) HelpShown() bool { return l.help }

// Message is the last error or warning for the user, "" if none.
func (l *Lab) Message() string { return l.msg }

// Entry is the sample number being typed, digits as typed (it may be ""
// after Backspace), and whether an entry is open: from the first digit
// until Enter goes to that sample or Esc cancels.
func (l *Lab) Entry() (digits string, open bool) {
	return string(l.entry[:l.entryN]), l.entryOpen
}

// Diverged reports whether training stopped because the loss stopped being
// a number; only Reset clears it.
func (l *Lab) Diverged() bool { return l.diverged }

// History is the run's loss and running-accuracy curve.
func (l *Lab) History() *History { return &l.hist }

// Before is the parameters with which the step in progress began: the ones
// its forward pass and gradients used. After StageUpdate, Net.Params differ.
func (l *Lab) Before() *core.Params { return l.stepper.Before() }

// SetFrameBudget sets how long Tick may train per frame, clamped to
// [1 ms, 30 ms].
func (l *Lab) SetFrameBudget(d time.Duration) {
	l.budget = min(max(d, time.Millisecond), 30*time.Millisecond)
}

// Apply carries out one intent.
func (l *Lab) Apply(in Intent) {
	switch in {
	case IntentStep:
		l.running = false
		l.wholeStep()
	case IntentRunToggle:
		if l.running {
			l.running = false
		} else {
			l.Apply(IntentRun)
		}
	case IntentRun:
		if l.diverged {
			l.msg = l.divergedMsg()
			return
		}
		l.running = true
		l.frame = 0
	case IntentPause:
		l.running = false
	case IntentStageNext:
		l.running = false
		l.stageNext()
	case IntentStagePrev:
		l.running = false
		l.stagePrev()
	case IntentReset:
		l.Reset(l.seed)
	case IntentNextSample, IntentPrevSample:
		if l.data == nil || l.data.Len() == 0 {
			l.msg = "there are no MNIST digits loaded"
			return
		}
		i := l.sample
		if in == IntentNextSample {
			i = (i + 1) % l.data.Len()
		} else {
			i = (i - 1 + l.data.Len()) % l.data.Len()
		}
		l.SelectSample(i)
	case IntentLRUp:
		for _, v := range lrs {
			if v > l.lr*(1+1e-9) {
				l.SetLR(v)
				return
			}
		}
		l.msg = fmt.Sprintf("the learning rate is at its largest, %g", l.lr)
	case IntentLRDown:
		for i := len(lrs) - 1; i >= 0; i-- {
			if lrs[i] < l.lr*(1-1e-9) {
				l.SetLR(lrs[i])
				return
			}
		}
		l.msg = fmt.Sprintf("the learning rate is at its smallest, %g", l.lr)
	case IntentSpeedUp:
		l.speed = min(l.speed+1, len(speeds)-1)
	case IntentSpeedDown:
		l.speed = max(l.speed-1, 0)
	case IntentScope:
		l.scope = (l.scope + 1) % numScopes
	case IntentHelp:
		l.help = !l.help
	case IntentDismiss:
		if l.entryOpen {
			l.closeEntry()
			return
		}
		l.help = false
		if !l.diverged {
			l.msg = ""
		}
	case IntentBackspace:
		if l.entryN > 0 {
			l.entryN--
		}
	case IntentConfirm:
		if !l.entryOpen {
			l.Apply(IntentStep)
			return
		}
		digits := l.entry[:l.entryN]
		l.closeEntry()
		if len(digits) == 0 {
			return
		}
		i := 0
		for _, d := range digits {
			i = 10*i + int(d-'0')
		}
		l.SelectSample(i)
	default:
		if d, ok := in.Digit(); ok {
			l.typeDigit(d)
		}
	}
}

// typeDigit adds digit d to the sample number being typed, opening the
// entry if none is open.
func (l *Lab) typeDigit(d int) {
	if !l.entryOpen {
		l.entryOpen, l.entryN = true, 0
	}
	if l.entryN == maxEntry {
		return
	}
	l.entry[l.entryN] = byte('0' + d)
	l.entryN++
}

func (l *Lab) closeEntry() { l.entryOpen, l.entryN = false, 0 }

// Tick is called once per frame: when running, it trains as many steps as
// the speed asks for, but no longer than the frame budget
// (DefaultFrameBudget), even at "max": it stops when the time so far plus
// two average steps would pass the budget. The last step of a frame runs through the stepper with
// ∂L/∂X, so that the view shows it whole; the others take the fast path,
// core.Net.Step.
func (l *Lab) Tick() {
	if !l.running || l.diverged {
		return
	}
	sp := speeds[l.speed]
	if sp.every > 1 {
		l.frame++
		if l.frame < sp.every {
			return
		}
		l.frame = 0
	}
	start := l.now()
	for i := 1; sp.perFrame == 0 || i < sp.perFrame; i++ {
		// Stop while there is still time for one more step and the frame's
		// last, shown one: the budget is a bound, not a target.
		el := l.now().Sub(start)
		if i > 1 && el+2*el/time.Duration(i-1) >= l.budget {
			break
		}
		if !l.fastStep() {
			return
		}
	}
	l.wholeStep()
}

// loadSample copies dataset sample l.sample into l.x.
func (l *Lab) loadSample() {
	if l.data == nil || l.data.Len() == 0 {
		clear(l.x)
		l.label = 0
		return
	}
	l.label = l.data.Sample(l.x, l.sample)
}

// begin starts a step on the current sample and runs its forward stages.
func (l *Lab) begin() {
	l.commit()
	l.stepper.Begin(l.x, l.label)
	l.runTo(core.StageLoss)
}

// nextStep starts a step on the next sample, with nothing run yet.
func (l *Lab) nextStep() {
	l.commit()
	if l.sample >= 0 && l.data != nil && l.data.Len() > 0 {
		l.sample = (l.sample + 1) % l.data.Len()
		l.loadSample()
	}
	l.stepper.Begin(l.x, l.label)
}

// abandon undoes the step in progress unless it is done.
func (l *Lab) abandon() {
	if l.stepper.Done() != core.StageUpdate {
		l.stepper.GoTo(core.StageNone)
	}
}

// runTo runs stages until s has run or the loss is not a number.
func (l *Lab) runTo(s core.Stage) {
	for l.stepper.Done() < s {
		if !l.stageNextInStep() {
			return
		}
	}
}

// stageNextInStep runs the next stage of the step in progress, keeping the
// books; it returns false if the training diverged.
func (l *Lab) stageNextInStep() bool {
	if l.diverged {
		l.msg = l.divergedMsg()
		return false
	}
	s, ok := l.stepper.Next()
	if !ok {
		return true
	}
	switch s {
	case core.StageLoss:
		if L := l.Net.Act.L; math.IsNaN(L) || math.IsInf(L, 0) {
			l.diverge()
			return false
		}
	case core.StageUpdate:
		l.record()
	}
	return true
}

func (l *Lab) diverge() {
	l.diverged = true
	l.running = false
	l.msg = l.divergedMsg()
}

func (l *Lab) divergedMsg() string {
	return fmt.Sprintf("training diverged at step %d: lower the learning rate and reset", l.step+1)
}

// wholeStep finishes the step in progress, or runs the next one whole.
func (l *Lab) wholeStep() {
	if l.diverged {
		l.msg = l.divergedMsg()
		return
	}
	if l.stepper.Done() == core.StageUpdate {
		l.nextStep()
	}
	l.runTo(core.StageUpdate)
}

func (l *Lab) stageNext() {
	if l.diverged {
		l.msg = l.divergedMsg()
		return
	}
	if l.stepper.Done() == core.StageUpdate {
		l.nextStep()
	}
	l.stageNextInStep()
}

func (l *Lab) stagePrev() {
	switch l.stepper.Done() {
	case core.StageNone:
		l.msg = "this is the start of the step: press → to run its first stage"
		return
	case core.StageUpdate:
		l.unrecord()
	}
	l.stepper.Prev()
}

// fastStep runs one whole step on the next sample with core.Net.Step
// (no ∂L/∂X, no stepper). It returns false if the training diverged.
func (l *Lab) fastStep() bool {
	if l.stepper.Done() != core.StageUpdate {
		l.runTo(core.StageUpdate)
		return !l.diverged
	}
	l.commit()
	if l.sample >= 0 && l.data != nil && l.data.Len() > 0 {
		l.sample = (l.sample + 1) % l.data.Len()
		l.loadSample()
	}
	L := l.Net.Step(l.x, l.label, l.lr)
	if math.IsNaN(L) || math.IsInf(L, 0) {
		// The stepper must not undo into parameters it did not see: start
		// it afresh on this sample, forward pass only, which shows the NaN.
		l.stepper.Begin(l.x, l.label)
		l.stepper.GoTo(core.StageLoss)
		l.diverge()
		return false
	}
	l.step++
	l.acc.push(l.Net.Prediction() == l.label)
	frac, _ := l.acc.value()
	l.hist.add(L, frac)
	// The stepper still describes an earlier step; the next step, whole or
	// stepped, calls nextStep, which begins it afresh.
	return true
}

// record keeps the books for a step whose update just ran.
func (l *Lab) record() {
	l.step++
	l.acc.push(l.Net.Prediction() == l.label)
	frac, _ := l.acc.value()
	l.pending = histPoint{l.Net.Act.L, frac}
	l.hasPend = true
}

// unrecord undoes record, when the update is stepped back over.
func (l *Lab) unrecord() {
	l.step--
	l.acc.pop()
	l.hasPend = false
}

// commit moves the finished step's point into the history: from then on
// the step cannot be undone.
func (l *Lab) commit() {
	if l.hasPend {
		l.hist.add(l.pending.loss, l.pending.acc)
		l.hasPend = false
	}
}

// accRing holds the last predictions' rightness. It keeps more than
// accWindow so that pop (undoing one step) restores the window exactly.
type accRing struct {
	ok    [2 * accWindow]bool
	head  int // next write
	count int
}

func (r *accRing) push(ok bool) {
	r.ok[r.head] = ok
	r.head = (r.head + 1) % len(r.ok)
	r.count = min(r.count+1, len(r.ok))
}

func (r *accRing) pop() {
	if r.count == 0 {
		return
	}
	r.head = (r.head - 1 + len(r.ok)) % len(r.ok)
	r.count--
}

func (r *accRing) value() (float64, int) {
	n := min(r.count, accWindow)
	if n == 0 {
		return math.NaN(), 0
	}
	right := 0
	for i := 1; i <= n; i++ {
		if r.ok[(r.head-i+len(r.ok))%len(r.ok)] {
			right++
		}
	}
	return float64(right) / float64(n), n
}

type histPoint struct{ loss, acc float64 }

// historyCap is the number of points a History keeps.
const historyCap = 512

// History is the run's curve in bounded memory: point i is the mean loss
// and mean running accuracy of steps [i·Per, (i+1)·Per). When the points
// fill up, neighbours are merged and Per doubles, so the whole run always
// fits in historyCap points.
type History struct {
	pts  [historyCap]histPoint
	n    int
	per  int
	cur  histPoint // sums of the partial point
	curN int
}

func (h *History) reset() { *h = History{per: 1} }

func (h *History) add(loss, acc float64) {
	if h.per == 0 {
		h.per = 1
	}
	h.cur.loss += loss
	h.cur.acc += acc
	h.curN++
	if h.curN < h.per {
		return
	}
	if h.n == len(h.pts) {
		for i := 0; i < len(h.pts)/2; i++ {
			a, b := h.pts[2*i], h.pts[2*i+1]
			h.pts[i] = histPoint{(a.loss + b.loss) / 2, (a.acc + b.acc) / 2}
		}
		h.n = len(h.pts) / 2
		h.per *= 2
		// The partial sum was for the old Per: it is complete at half the
		// new one, so it stays partial.
		return
	}
	h.pts[h.n] = histPoint{h.cur.loss / float64(h.per), h.cur.acc / float64(h.per)}
	h.n++
	h.cur, h.curN = histPoint{}, 0
}

// Len is the number of points.
func (h *History) Len() int { return h.n }

// Per is the number of steps each point stands for.
func (h *History) Per() int { return max(h.per, 1) }

// At is point i: mean loss and mean running accuracy.
func (h *History) At(i int) (loss, acc float64) { return h.pts[i].loss, h.pts[i].acc }
