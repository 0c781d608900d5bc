package lab

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"backproplab/core"
)

// A run as `backprop train` makes it: the learning-rate schedule, the
// epochs, the order of the training digits, and the test accuracy,
// measured in the background on the test digits.
//
// With the constant schedule the lab walks the training digits in file
// order, one after the other, at the learning rate set: the lab as a
// student steps it. With the linear schedule it is `backprop train`'s run:
// the rate falls from the one set to 0 over Epochs epochs, each epoch
// visits the digits in an order shuffled from the seed's random source
// (after the weights were drawn from it, as core.Trainer does), and the
// run stops by itself at its end. The same seed, rate and data give the
// same weights, bit for bit, and so the same test accuracy.

// Schedule is how the learning rate moves over a run.
type Schedule int

const (
	ScheduleConstant Schedule = iota // the rate set, digits in file order, no end
	ScheduleLinear                   // backprop train's: linear decay to 0 over the epochs, shuffled
	numSchedules
)

var scheduleNames = [numSchedules]string{"constant", "linear"}

func (s Schedule) String() string {
	if s < 0 || s >= numSchedules {
		return fmt.Sprintf("Schedule(%d)", int(s))
	}
	return scheduleNames[s]
}

func parseSchedule(v string) (Schedule, error) {
	for i, n := range scheduleNames {
		if strings.TrimSpace(v) == n {
			return Schedule(i), nil
		}
	}
	return 0, fmt.Errorf("schedule %q is not constant or linear", clip(v))
}

// MaxEpochs bounds the epochs of a run, as `backprop train -epochs` does.
const MaxEpochs = 1000

func parseEpochs(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > MaxEpochs {
		return 0, fmt.Errorf("epochs %q is not a whole number from 1 to %d", clip(v), MaxEpochs)
	}
	return n, nil
}

// trainRun is the lab's part for runs: the schedule, the shuffled order,
// the test digits and their measurement.
type trainRun struct {
	schedule Schedule
	epochs   int

	// The order of epoch orderEpoch (-1: none drawn), drawn from rng,
	// which has drawn the weights and the orders of the epochs before.
	rng        *rand.Rand
	order      []int32
	orderEpoch int

	test *core.Dataset
	eval testEval
}

// testEval measures the test accuracy of a copy of the weights, a slice
// of test digits at a time, so that no frame waits for all of them.
type testEval struct {
	net    *core.Net // holds the copy of the weights being measured
	x      []float64
	active bool
	next   int // the next test digit
	right  int
	step   int // the step of the weights being measured
	final  bool

	// The last measurement: its accuracy (NaN before any), the step of its
	// weights (-1 before any) and how many digits it counted.
	acc     float64
	accStep int
	accN    int

	// The longest one slice of measuring took (by the clock evalTick is
	// given), for the page's benchmark: what measuring adds to a frame.
	worst time.Duration
}

// TestPoint is one measurement of the test accuracy during a run.
type TestPoint struct {
	Step     int
	Accuracy float64
}

// maxTestPoints bounds the test curve: when full, every other point goes.
const maxTestPoints = 256

// RunStatus is the run's part of Status.
type RunStatus struct {
	Schedule Schedule
	Epochs   int // of the linear schedule
	Epoch    int // the epoch of the next step, from 1
	InEpoch  int // steps done in this epoch
	Total    int // the steps of the whole run (linear); 0 for no end
	Ended    bool
	Rate     float64 // the learning rate of the next step

	TrainSize    int
	TestSize     int
	TestAccuracy float64       // NaN until measured
	TestStep     int           // the step whose weights TestAccuracy measured; -1 before any
	TestN        int           // how many test digits it counted
	Measuring    bool          // a measurement is under way
	MeasureWorst time.Duration // the longest a frame's slice of measuring took
	DataMessage  string        // what the data loading does, or why it failed
}

func (l *Lab) runStatus() RunStatus {
	r := &l.run
	s := RunStatus{
		Schedule:     r.schedule,
		Epochs:       r.epochs,
		Total:        l.runSteps(),
		Rate:         l.rate(),
		TestAccuracy: r.eval.acc,
		TestStep:     r.eval.accStep,
		TestN:        r.eval.accN,
		Measuring:    r.eval.active,
		MeasureWorst: r.eval.worst,
		DataMessage:  l.dataMsg,
	}
	if n := l.trainLen(); n > 0 {
		s.TrainSize = n
		s.Epoch = l.step/n + 1
		s.InEpoch = l.step % n
	}
	if r.test != nil {
		s.TestSize = r.test.Len()
	}
	s.Ended = s.Total > 0 && l.step >= s.Total
	return s
}

// TestCurve is the run's test accuracy, measurement by measurement.
// Read it only.
func (l *Lab) TestCurve() []TestPoint { return l.hist.Tests() }

func init() {
	register(
		command{CommandDoc{"schedule", "[constant|linear]", "(none: the other) the learning-rate schedule: constant (file order), or linear decay to 0 over the epochs, shuffled (backprop train's)"}, (*Lab).doSchedule},
		command{CommandDoc{"epochs", "<n>", "the epochs of a linear run (it stops by itself at their end)"}, (*Lab).doEpochs},
	)
}

func (l *Lab) doSchedule(arg string) error {
	s := (l.run.schedule + 1) % numSchedules
	if arg != "" {
		var err error
		if s, err = parseSchedule(arg); err != nil {
			return err
		}
	}
	l.run.schedule = s
	l.reaim()
	return nil
}

func (l *Lab) doEpochs(arg string) error {
	n, err := parseEpochs(arg)
	if err != nil {
		return err
	}
	l.run.epochs = n
	l.reaim()
	return nil
}

// reaim sets the rate of the step in progress, and at step 0 of a
// linear run points it at the run's first digit, if it is on the digit a
// reset chose: so choosing the schedule in a fresh lab makes its first step
// backprop train's first.
func (l *Lab) reaim() {
	l.stepper.LR = l.rate()
	if l.run.schedule != ScheduleLinear || l.step != 0 || l.sample != 0 ||
		l.stepper.Done() == core.StageUpdate || l.trainLen() == 0 {
		return
	}
	if want := l.sampleOf(0); want != l.sample {
		l.abandon()
		l.sample = want
		l.loadSample()
		l.begin()
	}
}

// trainLen is the number of training digits.
func (l *Lab) trainLen() int {
	if l.data == nil {
		return 0
	}
	return l.data.Len()
}

// runSteps is the length of a linear run in steps; 0 for no end.
func (l *Lab) runSteps() int {
	if l.run.schedule != ScheduleLinear {
		return 0
	}
	return l.run.epochs * l.trainLen()
}

// rate is the learning rate of the next step, l.step (from 0).
func (l *Lab) rate() float64 {
	if l.run.schedule != ScheduleLinear {
		return l.lr
	}
	return core.Schedule{LR: l.lr, Decay: core.DecayLinear, Steps: l.runSteps()}.At(l.step)
}

// sampleOf is the training digit of step k of a linear run (its epoch's
// shuffled order); with the constant schedule, the digit after the current.
func (l *Lab) sampleOf(k int) int {
	n := l.trainLen()
	if l.run.schedule != ScheduleLinear {
		if k == 0 {
			return 0
		}
		return (l.sample + 1) % n
	}
	return int(l.orderOf(k / n)[k%n])
}

// orderOf is the shuffled order of epoch e, drawn as core.Trainer draws
// it: from the seed's random source after the weights, one core.Shuffle
// per epoch. Going on to the next epoch draws one
// more; any other epoch is drawn afresh from the seed.
func (l *Lab) orderOf(e int) []int32 {
	r := &l.run
	n := l.trainLen()
	if r.orderEpoch == e && len(r.order) == n {
		return r.order
	}
	if r.rng == nil || len(r.order) != n || e != r.orderEpoch+1 {
		r.rng = core.NewRand(l.seed)
		scratch := core.NewParams(l.cfg)
		scratch.Init(l.cfg, r.rng) // the weights come first from the source
		r.order = make([]int32, n)
		r.orderEpoch = -1
	}
	for r.orderEpoch < e {
		core.Shuffle(r.order, r.rng)
		r.orderEpoch++
	}
	return r.order
}

// resetRun forgets the run's order and its measurements (a reset, new
// weights, a new size or new data).
func (l *Lab) resetRun() {
	r := &l.run
	r.rng, r.orderEpoch = nil, -1
	r.eval.active = false
	r.eval.acc, r.eval.accStep, r.eval.accN = math.NaN(), -1, 0
}

// stepsLeft is how many steps the run has before its end, or MaxInt.
func (l *Lab) stepsLeft() int {
	if t := l.runSteps(); t > 0 {
		return t - l.step
	}
	return math.MaxInt
}

// stepped is called after each step is counted: at the run's end it stops
// the run and measures the final weights.
func (l *Lab) stepped() {
	if t := l.runSteps(); t > 0 && l.step == t {
		l.running = false
		l.startEval(true)
		l.msg = l.endMsg()
	}
}

func (l *Lab) endMsg() string {
	e := l.run.eval
	what := fmt.Sprintf("the run of %s (%s steps) has ended", plural(l.run.epochs, "epoch"), grouped(l.runSteps()))
	if e.active {
		return what + ": measuring the test accuracy of the final weights…"
	}
	return fmt.Sprintf("%s: test accuracy %.2f%% on %s test digits", what, 100*e.acc, grouped(e.accN))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// grouped writes n with thin groups of three digits: 60,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var errRunEnded = errors.New("the run has ended: reset (R) to run again, or give it more epochs")

// startEval begins measuring the current weights on the test digits.
func (l *Lab) startEval(final bool) {
	r := &l.run
	if r.test == nil || r.test.Len() == 0 {
		return
	}
	e := &r.eval
	if e.net == nil || e.net.Cfg != l.cfg {
		e.net, _ = core.New(l.cfg, nil)
		e.x = make([]float64, l.cfg.C*l.cfg.H*l.cfg.W)
	}
	e.net.Params.CopyFrom(&l.net.Params)
	e.active, e.next, e.right, e.step, e.final = true, 0, 0, l.step, final
}

// evalBudget is the time a Tick may measure test digits: a tenth of the
// training budget at full speed, so training keeps nine tenths; otherwise
// 3 ms, which a 60 Hz frame has to spare.
func (l *Lab) evalBudget(budget time.Duration) time.Duration {
	if l.FullSpeed() {
		return budget / 10
	}
	return 3 * time.Millisecond
}

// evalChunk is the most test digits one Tick measures, whatever the clock
// says (a forward pass is some tens of microseconds).
const evalChunk = 256

// evalTick measures test digits for at most budget: it starts a
// measurement when the weights have changed since the last one, and
// finishes the one under way.
func (l *Lab) evalTick(budget time.Duration, now func() time.Time) {
	r := &l.run
	e := &r.eval
	if r.test == nil || r.test.Len() == 0 {
		return
	}
	if !e.active {
		if e.accStep == l.step {
			return
		}
		l.startEval(false)
	}
	start := now()
	n := r.test.Len()
	// It stops when one more digit, as long as the average, would pass the
	// budget (stopping only once past it took half a digit more on
	// average, a twentieth of a 1 ms budget). A digit is 0.1 to 0.5 ms in
	// wasm (more before V8 has optimised the code), a reading of the clock
	// some 2 µs: the clock is read after the first digit, then when half
	// the digits that still fit have been measured.
	check := 1 // the digit before which the clock is read next
	for i := 0; e.next < n && i < evalChunk; i++ {
		if i == check {
			check = i + 1 // until a coarse clock (a browser's) has moved
			if el := now().Sub(start); el > 0 {
				avg := el / time.Duration(i)
				if el+avg > budget {
					break
				}
				check = i + max(int((budget-el)/max(avg, 1))/2, 1)
			}
		}
		label := r.test.Sample(e.x, e.next)
		if e.net.Predict(e.x) == label {
			e.right++
		}
		e.next++
	}
	e.worst = max(e.worst, now().Sub(start))
	if e.next < n {
		return
	}
	e.active = false
	e.acc, e.accStep, e.accN = float64(e.right)/float64(n), e.step, n
	l.hist.addTest(TestPoint{e.step, e.acc})
	if e.final {
		l.msg = l.endMsg()
	}
}

// SetData replaces the training and test digits (the page's full MNIST
// arriving after the embedded subset), keeping the weights and the run:
// the step count, the history, the sample shown if it still exists. A
// linear run's order is drawn afresh for the new number of digits, and
// the test accuracy is measured again on the new test digits.
func (l *Lab) SetData(train, test *core.Dataset) error {
	for _, d := range []*core.Dataset{train, test} {
		if err := core.CheckData(l.cfg, d); err != nil {
			return fmt.Errorf("lab: %v", err)
		}
	}
	l.data = train
	l.jr.resize(train.Len())
	l.run.test = test
	l.resetRun()
	l.hist.tests = l.hist.tests[:0] // the old test set's points do not compare
	if l.sample >= train.Len() {
		l.selectSample(0)
	}
	l.stepper.LR = l.rate()
	l.dataArrived()
	return nil
}

// SetDataMessage sets what the data loading is doing, for the status.
func (l *Lab) SetDataMessage(s string) { l.dataMsg = clipLine(s) }

// Measuring reports whether the test accuracy has work to do: a
// measurement under way, or weights not yet measured. Tick measures while
// training; when it does not run, call Measure once a frame.
func (l *Lab) Measuring() bool {
	r := &l.run
	return r.test != nil && r.test.Len() > 0 && (r.eval.active || r.eval.accStep != l.step)
}

// Measure measures test digits for this frame (3 ms by the clock now) and
// reports whether a measurement finished, so that the status changed.
func (l *Lab) Measure(now func() time.Time) bool {
	before := l.run.eval.accStep
	l.evalTick(3*time.Millisecond, now)
	return !l.run.eval.active && l.run.eval.accStep != before
}
