package lab

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"backproplab/core"
	"backproplab/ink"
)

// Lab is the lab's state: the network, the step in progress on the
// current sample, the settings and the run's history. It changes only
// through Apply and Tick, needs no display, and the view only reads it.
//
// A step is always in progress on the current sample: a reset or a new
// sample starts one and runs its forward stages, so that the prediction
// shows. "step" finishes the step in progress or, when it is done, starts
// one on the next sample and runs it whole. "stage-next" and "stage-prev"
// move one core.Stage at a time within the step, forwards and back.
type Lab struct {
	net     *core.Net
	cfg     core.Config
	stepper *core.Stepper
	data    *core.Dataset

	x      []float64 // the current sample, C×H×W
	label  int
	sample int // dataset index

	lr       float64
	seed     uint64
	speed    Speed
	running  bool
	frame    int // frames since the last step, at the slow speeds
	diverged bool

	// dead counts the steps in a row whose P was all 0 (so every A was 0):
	// then no gradient reaches W and b, and the network cannot learn again.
	// died is set when the lab said so, until a reset.
	dead int
	died bool

	step    int
	jr      journal // every step since the reset, and checkpoints (journal.go)
	asks    Asks    // copy-link and export, for the app (trace.go)
	acc     accRing
	hist    History
	pending histPoint
	hasPend bool

	scope     Scope
	selected  Cell // Tensor "" when none
	mode      Mode
	presenter bool
	colors    Colors
	zoom      bool // the selected panel (or the stage's) alone, large
	help      bool
	msg       string

	// The sample number being typed ("digit"): entry[:entryN], open from
	// the first digit until "confirm" or "dismiss".
	entry     [maxEntry]byte
	entryN    int
	entryOpen bool

	// The drawing pad (pad.go): its state, the network that classifies it
	// (a copy of net's parameters, so the step shown is left alone), the
	// pretrained parameters, where a reset starts from, and whether the
	// step in progress is on the pad's drawing rather than an MNIST digit.
	pad           Pad
	probe         *core.Net
	probeGen      uint64 // paramsGen when the probe last took net's parameters
	paramsGen     uint64 // counts changes of net's parameters (paramsChanged)
	pretrainedP   *core.Params
	weights       Weights
	weightsChosen bool // a weights command was given: entering the pad keeps them
	onPad         bool
	eraserAt      ink.Point // the eraser's last point
	run           trainRun  // the schedule, the order, the test digits (train.go)
	route         int       // frames left of the routing animation (animate.go)
	dataMsg       string    // what the data loading does (SetDataMessage)
	saved         []byte    // the weights file save-weights made, until Saved

	pretrained []byte // the pretrained weights file (SetPretrained)
}

// maxEntry is how many digits a typed sample number may have; more are
// ignored (no data set here has a billion digits).
const maxEntry = 9

// deadAfter is how many steps in a row with every ReLU output 0 make the
// lab say that the network has died. One sample can give an all-zero P in
// a healthy network; a hundred different ones in a row do not.
const deadAfter = 100

// DefaultFrameBudget is how long Tick may train in one frame when not at
// full speed: half of a 60 Hz frame, so that drawing and input keep the
// page responsive.
const DefaultFrameBudget = 8 * time.Millisecond

// New returns a lab for a network of size cfg, trained on data (nil or
// empty: the sample is blank), at the default settings: weights from seed
// 1, the first sample's forward pass run. Apply the Commands of a Settings
// to start elsewhere. The data's images must be cfg.H×cfg.W with cfg.C = 1.
func New(cfg core.Config, data *core.Dataset) (*Lab, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if data != nil && data.Len() > 0 {
		if err := core.CheckData(cfg, data); err != nil {
			return nil, fmt.Errorf("lab: %v", err)
		}
	}
	n, err := core.New(cfg, nil)
	if err != nil {
		return nil, err
	}
	d := DefaultSettings
	l := &Lab{
		net:     n,
		cfg:     cfg,
		stepper: core.NewStepper(n, d.LR),
		data:    data,
		x:       make([]float64, cfg.C*cfg.H*cfg.W),
		lr:      d.LR,
		speed:   d.Speed,
		scope:   d.Scope,
		pad:     newPad(cfg),
		run:     trainRun{schedule: d.Schedule, epochs: d.Epochs},
	}
	l.reset(d.Seed)
	return l, nil
}

// Apply carries out one command. The error, if any, is a sentence for the
// user, which also becomes the message; the lab is then as it was, but for
// the message.
func (l *Lab) Apply(c Command) error {
	cmd, ok := commands[c.Name]
	if !ok {
		return l.fail(unknown(c.Name))
	}
	l.route = 0             // any command ends the routing animation (animate.go)
	if l.jr.replay != nil { // a link is being replayed: c waits for it
		if kept, err := l.await(c); kept {
			return err
		}
	}
	err := cmd.run(l, c.Arg)
	l.padSync()
	if err != nil {
		return l.fail(err)
	}
	return nil
}

func (l *Lab) fail(err error) error {
	l.msg = err.Error()
	return err
}

// Status is everything of the lab that is one number or word, as the
// status line, the JS API's state() and the tests read it.
type Status struct {
	Step       int        // training steps done since the reset
	Steps      int        // steps in the run's journal: Step is fewer when going back
	Stage      core.Stage // the last stage of the step in progress that has run
	Sample     int        // the MNIST training digit of the step
	Samples    int        // how many digits there are
	Label      int        // the sample's true class
	Prediction int        // the forward pass's most probable class, -1 before it or if ŷ is not a number
	Loss       float64    // the step's L, NaN before its forward pass
	Accuracy   float64    // of the last AccuracyN predictions, each made before its update; NaN if none
	AccuracyN  int        // up to 100
	Running    bool
	Speed      Speed
	LR         float64
	Seed       uint64
	Scope      Scope
	Mode       Mode
	Weights    Weights   // where a reset starts the parameters
	Selected   Cell      // the selected cell; Tensor "" when none
	Presenter  bool      // large type for a projector
	Colors     Colors    // the colour theme
	Zoom       bool      // the selected panel (or the stage's output) alone, large
	Help       bool      // the help is shown
	Message    string    // the last error or warning, "" if none
	Entry      string    // the sample number being typed (may be "" after Backspace)
	EntryOpen  bool      // a number is being typed
	Diverged   bool      // training stopped because the loss stopped being a number
	Died       bool      // every ReLU output stayed 0 for many steps: the network cannot learn
	Run        RunStatus // the schedule, the epoch, the data and the test accuracy (train.go)
	// Route is the frames left of the routing of δᴾ into δᴬ that the class
	// mode animates, from RouteTicks down to 1; 0 when none (animate.go).
	Route int
}

// Status is the lab's state in numbers and words.
func (l *Lab) Status() Status {
	acc, n := l.acc.value()
	s := Status{
		Step:       l.step,
		Steps:      l.jr.Len(),
		Stage:      l.stepper.Done(),
		Sample:     l.sample,
		Label:      l.label,
		Prediction: -1,
		Loss:       math.NaN(),
		Accuracy:   acc,
		AccuracyN:  n,
		Running:    l.running,
		Speed:      l.speed,
		LR:         l.lr,
		Seed:       l.seed,
		Scope:      l.scope,
		Mode:       l.mode,
		Weights:    l.weights,
		Selected:   l.selected,
		Presenter:  l.presenter,
		Colors:     l.colors,
		Zoom:       l.zoom,
		Help:       l.help,
		Message:    l.msg,
		Entry:      string(l.entry[:l.entryN]),
		EntryOpen:  l.entryOpen,
		Diverged:   l.diverged,
		Died:       l.died,
		Run:        l.runStatus(),
		Route:      l.route,
	}
	if l.data != nil {
		s.Samples = l.data.Len()
	}
	if l.onPad {
		s.Sample = -1 // the pad's drawing
	}
	if s.Stage >= core.StageLoss {
		s.Loss = l.net.Act.L
		if L := s.Loss; L-L == 0 {
			s.Prediction = l.net.Prediction()
		}
	}
	return s
}

// Settings are the lab's current settings: opening their address (or
// replaying their Commands on a new lab) shows the same step 0.
func (l *Lab) Settings() Settings {
	next, lr := l.headSampleLR()
	st := Settings{Seed: l.seed, LR: lr, Sample: l.sample, Next: l.nextWord(next), Speed: l.speed, Scope: l.scope, Mode: l.mode, Presenter: l.presenter, Colors: l.colors, Cell: l.selected,
		Step: l.step, Stage: l.stepper.Done(),
		Schedule: l.run.schedule, Epochs: l.run.epochs, F: l.cfg.F, K: l.cfg.K, Weights: l.weights}
	if l.run.schedule != ScheduleLinear {
		// (a linear run's journal is a jump a step, left out below: not
		// spelled out for nothing in every frame that reads the settings)
		st.Journal = l.jr.String()
	}
	l.cutLink(&st) // a drawing taught on the pad does not travel in a link
	l.replayLink(&st)
	if l.run.schedule == ScheduleLinear {
		// A linear run's digits are its seed's shuffled order, which the
		// journal would spell out one by one: the address carries the
		// run's settings, not the place in it.
		st.Journal, st.Next, st.Step, st.Stage = "", "", 0, DefaultSettings.Stage
	}
	return st
}

// Config is the network's size.
func (l *Lab) Config() core.Config { return l.cfg }

// Net is the network, whose Act and Grad hold every quantity the spec
// names after the stages that have run. Read it, never write it.
func (l *Lab) Net() *core.Net { return l.net }

// Before is the parameters with which the step in progress began: the
// ones its forward pass and gradients used. After StageUpdate, Net().Params
// differ.
func (l *Lab) Before() *core.Params { return l.stepper.Before() }

// Stage is the last stage of the step in progress that has run.
func (l *Lab) Stage() core.Stage { return l.stepper.Done() }

// History is the run's loss and running-accuracy curve. Read it only.
func (l *Lab) History() *History { return &l.hist }

// Running reports whether Tick trains.
func (l *Lab) Running() bool { return l.running }

// FullSpeed reports whether the lab runs at "max", as many steps a frame
// as the frame's budget allows, or replays a link's run (journal.go),
// which the app paces the same way.
func (l *Lab) FullSpeed() bool { return l.running && l.speed.Full() || l.jr.replay != nil }

// The commands, in the order of Commands' table.

func (l *Lab) doStep(arg string) error {
	if err := noArg("step", arg); err != nil {
		return err
	}
	l.running = false
	return l.wholeStep()
}

func (l *Lab) doRun(arg string) error {
	if err := noArg("run", arg); err != nil {
		return err
	}
	if l.diverged {
		return errors.New(l.divergedMsg())
	}
	if l.stepsLeft() <= 0 {
		return errRunEnded
	}
	l.continueHere()
	l.running, l.frame = true, 0
	return nil
}

func (l *Lab) doPause(arg string) error {
	if err := noArg("pause", arg); err != nil {
		return err
	}
	l.running = false
	return nil
}

func (l *Lab) doRunPause(arg string) error {
	if l.running {
		return l.doPause(arg)
	}
	return l.doRun(arg)
}

func (l *Lab) doStageNext(arg string) error {
	if err := noArg("stage-next", arg); err != nil {
		return err
	}
	l.running = false
	if l.diverged {
		return errors.New(l.divergedMsg())
	}
	if l.stepper.Done() == core.StageUpdate {
		l.nextStep()
	}
	err := l.stageNextInStep()
	l.startRoute()
	return err
}

func (l *Lab) doStagePrev(arg string) error {
	if err := noArg("stage-prev", arg); err != nil {
		return err
	}
	l.running = false
	switch l.stepper.Done() {
	case core.StageNone:
		return errors.New("this is the start of the step: press → to run its first stage")
	case core.StageUpdate:
		l.unrecord()
		l.unjournal()
		l.paramsChanged() // Prev undoes the update
	}
	l.stepper.Prev()
	return nil
}

func (l *Lab) doReset(arg string) error {
	seed := l.seed
	if arg != "" {
		var err error
		if seed, err = parseSeed(arg); err != nil {
			return err
		}
	}
	l.reset(seed)
	return nil
}

func (l *Lab) doSeed(arg string) error {
	switch {
	case arg == "":
		return errors.New("seed: give a seed, a whole number such as 3, or up or down")
	case arg == "up" && l.seed < MaxSeed:
		arg = strconv.FormatUint(l.seed+1, 10) // a button or a key: the next seed's weights
	case arg == "down" && l.seed > 0:
		arg = strconv.FormatUint(l.seed-1, 10)
	case arg == "up" || arg == "down":
		return fmt.Errorf("the seed is at its %s, %d", map[bool]string{true: "largest", false: "smallest"}[arg == "up"], l.seed)
	}
	if _, err := parseSeed(arg); err != nil {
		return err
	}
	l.weights = WeightsSeed
	return l.doReset(arg)
}

func (l *Lab) doLR(arg string) error {
	switch arg {
	case "":
		return errors.New("lr: give a learning rate such as 0.01, or up or down")
	case "up":
		for _, v := range lrs {
			if v > l.lr*(1+1e-9) {
				l.setLR(v)
				return nil
			}
		}
		return fmt.Errorf("the learning rate is at its largest, %g", l.lr)
	case "down":
		for i := len(lrs) - 1; i >= 0; i-- {
			if lrs[i] < l.lr*(1-1e-9) {
				l.setLR(lrs[i])
				return nil
			}
		}
		return fmt.Errorf("the learning rate is at its smallest, %g", l.lr)
	}
	lr, err := parseLR(arg)
	if err != nil {
		return err
	}
	l.setLR(lr)
	return nil
}

func (l *Lab) setLR(lr float64) {
	l.lr = lr
	l.stepper.LR = l.rate()
}

func (l *Lab) doSample(arg string) error {
	if l.data == nil || l.data.Len() == 0 {
		return errNoData
	}
	n := l.data.Len()
	switch arg {
	case "", "next":
		return l.selectSample((l.sample + 1) % n)
	case "prev":
		return l.selectSample((l.sample - 1 + n) % n)
	}
	i, err := parseSample(arg)
	if err != nil {
		return err
	}
	return l.selectSample(i)
}

func (l *Lab) doSpeed(arg string) error {
	switch arg {
	case "up":
		l.speed = min(l.speed+1, maxSpeed)
	case "down":
		l.speed = max(l.speed-1, 0)
	case "min":
		l.speed = 0
	case "":
		return fmt.Errorf("speed: give up, down, min, max or one of %s", speedWords())
	default:
		s, err := parseSpeed(arg)
		if err != nil {
			return err
		}
		l.speed = s
	}
	return nil
}

func (l *Lab) doScope(arg string) error {
	if arg == "" {
		l.scope = (l.scope + 1) % numScopes
		return nil
	}
	s, err := parseScope(arg)
	if err != nil {
		return err
	}
	l.scope = s
	return nil
}

func (l *Lab) doHelp(arg string) error {
	switch arg {
	case "":
		l.help = !l.help
	case "on":
		l.help = true
	case "off":
		l.help = false
	default:
		return fmt.Errorf("help takes on or off, not %q", clip(arg))
	}
	return nil
}

func (l *Lab) doDismiss(arg string) error {
	if err := noArg("dismiss", arg); err != nil {
		return err
	}
	if l.entryOpen {
		l.closeEntry()
		return nil
	}
	l.help = false
	l.selected = Cell{}
	if !l.diverged {
		l.msg = ""
	}
	return nil
}

func (l *Lab) doDigit(arg string) error {
	if len(arg) != 1 || arg[0] < '0' || arg[0] > '9' {
		return fmt.Errorf("digit takes one of 0–9, not %q", clip(arg))
	}
	if l.mode == ModePad && !l.entryOpen {
		return l.doLabel(arg) // on the pad a digit teaches the drawing
	}
	if !l.entryOpen {
		l.entryOpen, l.entryN = true, 0
	}
	if l.entryN < maxEntry {
		l.entry[l.entryN] = arg[0]
		l.entryN++
	}
	return nil
}

func (l *Lab) doBackspace(arg string) error {
	if err := noArg("backspace", arg); err != nil {
		return err
	}
	if l.mode == ModePad && !l.entryOpen {
		return l.doUndo("")
	}
	if l.entryN > 0 {
		l.entryN--
	}
	return nil
}

func (l *Lab) doConfirm(arg string) error {
	if err := noArg("confirm", arg); err != nil {
		return err
	}
	if !l.entryOpen {
		return l.doStep("")
	}
	digits := string(l.entry[:l.entryN])
	l.closeEntry()
	if digits == "" {
		return nil
	}
	return l.doSample(digits)
}

func (l *Lab) doSay(arg string) error {
	l.msg = clipLine(arg)
	return nil
}

// clipLine keeps a message to one line of at most 300 bytes.
func clipLine(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r = r[:i]
			break
		}
	}
	if len(r) > 200 {
		r = append(r[:200], '…')
	}
	return string(r)
}

func (l *Lab) closeEntry() { l.entryOpen, l.entryN = false, 0 }

// Tick is called once a frame: when running, it trains as many steps as
// the speed asks for, but for no longer than budget (clamped to 1–30 ms)
// by the clock now, even at "max": it stops when the time so far plus two
// average steps would pass the budget, reading the clock a few times a
// frame. The last step of a frame runs through the stepper with ∂L/∂X, so
// that the view shows it whole; the others take core.Net.Step, the fast
// path.
func (l *Lab) Tick(budget time.Duration, now func() time.Time) {
	budget = min(max(budget, time.Millisecond), 30*time.Millisecond)
	if l.route > 0 {
		l.route-- // a frame of the routing animation (animate.go)
	}
	if l.jr.replay != nil {
		l.replayTick(budget, now) // a link's run, a slice a frame
		if l.jr.replay == nil {
			l.padSync() // the run is in: the pad shows its weights' ŷ
		}
		return
	}
	l.evalTick(l.evalBudget(budget), now)
	if !l.running || l.diverged {
		return
	}
	left := l.stepsLeft()
	sp := speeds[l.speed]
	if sp.every > 1 {
		l.frame++
		if l.frame < sp.every {
			return
		}
		l.frame = 0
	}
	start := now()
	check := 2 // the step before which the clock is read next
	for i := 1; (sp.perFrame == 0 || i < sp.perFrame) && i < left; i++ {
		// Stop while there is still time for one more step and the
		// frame's last, shown one: the budget is a bound, not a target.
		// The clock is read before the second step, then when half the
		// steps that still fit have run, at most an eighth of the budget
		// apart: in wasm a reading is two calls into JS, some 2 µs, and
		// reading it before every step (130 µs) took 1.5% of the frame.
		if i == check {
			// Until a coarse clock (a browser's) has moved, it is read
			// again at the next step.
			check = i + 1
			if el := now().Sub(start); el > 0 {
				avg := el / time.Duration(i-1)
				if el+2*avg >= budget {
					break
				}
				fit := int((budget-el)/max(avg, 1)) - 1 // besides the shown step
				check = i + min(max(fit/2, 1), int(budget/8/max(avg, 1))+1)
			}
		}
		if !l.fastStep() {
			return
		}
		if !l.running {
			break // the network died: show this step whole, then stop
		}
	}
	l.wholeStep()
	l.padSync()
}

// reset draws new weights from seed (core.NewRand(seed), as cmd/backprop
// does), or takes the pretrained ones (the weights setting), forgets the run (step 0, accuracy, history, message), pauses,
// and starts a step on the first sample.
func (l *Lab) reset(seed uint64) {
	l.seed = seed
	l.initWeights(seed)
	l.resetRun()
	n := 0
	if l.data != nil {
		n = l.data.Len()
	}
	l.jr.reset(&l.net.Params, n)
	l.running, l.diverged, l.frame = false, false, 0
	l.dead, l.died = 0, false
	l.step = 0
	l.acc = accRing{}
	l.hist.reset()
	l.hasPend = false
	l.msg = ""
	l.sample = 0
	if l.trainLen() > 0 {
		l.sample = l.sampleOf(0)
	}
	l.loadSample()
	l.begin()
}

// selectSample makes digit i the sample: the step in progress is
// abandoned (parameters as before it), a new one starts on digit i and its
// forward pass runs. An index out of range changes nothing.
func (l *Lab) selectSample(i int) error {
	if i < 0 || i >= l.data.Len() {
		return fmt.Errorf("sample %d does not exist: choose one from 0 to %d", i, l.data.Len()-1)
	}
	l.running = false
	l.continueHere()
	l.abandon()
	l.sample = i
	l.loadSample()
	l.begin()
	return nil
}

// loadSample copies dataset sample l.sample into l.x.
func (l *Lab) loadSample() {
	l.onPad = false
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
	if !l.jr.away {
		l.stepper.LR = l.rate()
	}
	l.stepper.Begin(l.x, l.label)
	l.runTo(core.StageLoss)
}

// nextStep starts a step on the next sample, with nothing run yet.
func (l *Lab) nextStep() {
	l.commit()
	l.advance()
	if !l.jr.away {
		l.stepper.LR = l.rate()
	}
	l.stepper.Begin(l.x, l.label)
}

// advance moves to the next sample, round the data set.
func (l *Lab) advance() {
	if l.jr.away {
		l.advanceAway()
		return
	}
	if l.data != nil && l.data.Len() > 0 {
		l.sample = l.sampleOf(l.step)
		l.loadSample()
	}
}

// abandon undoes the step in progress unless it is done.
func (l *Lab) abandon() {
	if l.stepper.Done() != core.StageUpdate {
		l.stepper.GoTo(core.StageNone)
	}
}

// runTo runs stages until s has run or training diverges.
func (l *Lab) runTo(s core.Stage) error {
	for l.stepper.Done() < s {
		if err := l.stageNextInStep(); err != nil {
			return err
		}
	}
	return nil
}

// stageNextInStep runs the next stage of the step in progress, keeping
// the books; it fails if the training diverged.
func (l *Lab) stageNextInStep() error {
	if l.diverged {
		return errors.New(l.divergedMsg())
	}
	s, ok := l.stepper.Next()
	if !ok {
		return nil
	}
	switch s {
	case core.StageLoss:
		if L := l.net.Act.L; math.IsNaN(L) || math.IsInf(L, 0) {
			return l.diverge()
		}
	case core.StageUpdate:
		l.paramsChanged()
		l.record()
	}
	return nil
}

func (l *Lab) diverge() error {
	l.diverged = true
	l.running = false
	return l.fail(errors.New(l.divergedMsg()))
}

func (l *Lab) divergedMsg() string {
	return fmt.Sprintf("training diverged at step %d: the loss is no longer a number. Lower the learning rate ([) and reset (R)", l.step+1)
}

// wholeStep finishes the step in progress, or runs the next one whole.
func (l *Lab) wholeStep() error {
	if l.diverged {
		return errors.New(l.divergedMsg())
	}
	if l.stepper.Done() == core.StageUpdate {
		l.nextStep()
	}
	return l.runTo(core.StageUpdate)
}

// fastStep runs one whole step on the next sample with core.Net.Step (no
// ∂L/∂X, no stepper). It returns false if the training diverged.
func (l *Lab) fastStep() bool {
	if l.stepper.Done() != core.StageUpdate {
		return l.runTo(core.StageUpdate) == nil
	}
	l.commit()
	l.advance()
	if !l.jr.away {
		l.stepper.LR = l.rate() // the journal records the rate used (journalStep)
	}
	L := l.net.Step(l.x, l.label, l.stepper.LR)
	l.paramsChanged()
	if math.IsNaN(L) || math.IsInf(L, 0) {
		// The stepper must not undo into parameters it did not see: start
		// it afresh on this sample, forward pass only, which shows the NaN.
		l.stepper.Begin(l.x, l.label)
		l.stepper.GoTo(core.StageLoss)
		l.diverge()
		return false
	}
	l.step++
	l.acc.push(l.net.Prediction() == l.label)
	frac, _ := l.acc.value()
	l.hist.add(L, frac)
	l.watchDeath()
	l.journalStep()
	l.stepped()
	// The stepper still describes an earlier step; the next step, whole or
	// stepped, calls nextStep, which begins it afresh.
	return true
}

// record keeps the books for a step whose update just ran.
func (l *Lab) record() {
	l.step++
	l.acc.push(l.net.Prediction() == l.label)
	frac, _ := l.acc.value()
	l.watchDeath()
	l.journalStep()
	if !l.jr.away {
		l.pending = histPoint{l.net.Act.L, frac}
		l.hasPend = true
	}
	l.stepped()
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

// watchDeath counts the steps in a row whose pooled output P was all 0
// (P is the largest A of each block, so then every A was 0) and, the first
// time they reach deadAfter, pauses and says what happened and what to do.
func (l *Lab) watchDeath() {
	for _, p := range l.net.Act.P.Data {
		if p != 0 {
			l.dead = 0
			return
		}
	}
	l.dead++
	if l.dead < deadAfter || l.died {
		return
	}
	l.died = true
	l.running = false
	acc, _ := l.acc.value()
	l.msg = "the network has died: for the last " + strconv.Itoa(deadAfter) +
		" steps every ReLU output A was 0, so no gradient reaches W and b and it cannot learn again (accuracy " +
		strconv.Itoa(int(math.Round(100*acc))) + "%). The learning rate " + strconv.FormatFloat(l.lr, 'g', -1, 64) +
		" is too large: lower it ([) and reset (R)"
}
