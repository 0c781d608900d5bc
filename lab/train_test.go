package lab

import (
	"math"
	"strings"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// backpropTrain is `backprop train` on train (cmd/backprop/train.go's
// loop): the weights and the order from one seed's source, core.Trainer
// with the linear schedule, then the accuracy on test.
func backpropTrain(t *testing.T, cfg core.Config, train, test *core.Dataset, seed uint64, lr float64, epochs int) (*core.Net, float64) {
	t.Helper()
	r := core.NewRand(seed)
	n, err := core.New(cfg, r)
	if err != nil {
		t.Fatal(err)
	}
	steps := epochs * train.Len()
	tr, err := core.NewTrainer(n, train, r, core.Schedule{LR: lr, Decay: core.DecayLinear, Steps: steps})
	if err != nil {
		t.Fatal(err)
	}
	for tr.Steps < steps {
		tr.Step()
	}
	return n, core.Accuracy(n, test)
}

// runToEnd ticks l until its run has ended and the final measurement is
// done, with a clock that never moves (so each Tick trains as the speed
// says and measures evalChunk digits).
func runToEnd(t *testing.T, l *Lab, most int) {
	t.Helper()
	for i := 0; i < most; i++ {
		s := l.Status()
		if !s.Running && !s.Run.Measuring && s.Run.TestStep == s.Step {
			return
		}
		l.Tick(30*time.Millisecond, now)
	}
	t.Fatalf("the run did not end in %d frames: %+v", most, l.Status().Run)
}

func apply(t *testing.T, l *Lab, cmds ...Command) {
	t.Helper()
	for _, c := range cmds {
		if err := l.Apply(c); err != nil {
			t.Fatalf("Apply(%v) = %v", c, err)
		}
	}
}

// TestLinearRunIsBackpropTrain: a linear run in the lab, however it is
// driven (stepped stage by stage, step by step, at one step a frame, at
// full speed), trains the same weights as backprop train, bit for bit,
// stops by itself at the end of its epochs, and measures the same test
// accuracy.
func TestLinearRunIsBackpropTrain(t *testing.T) {
	train, test := synthData(40), synthData(30)
	for i := range test.Images {
		test.Images[i] = uint8(int(test.Images[i]) * 3 / 4) // other digits than the training ones
	}
	const seed, lr, epochs = 3, 0.05, 3
	want, wantAcc := backpropTrain(t, core.MNIST, train, test, seed, lr, epochs)

	l, err := New(core.MNIST, synthData(10))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetData(train, test); err != nil {
		t.Fatal(err)
	}
	apply(t, l, Command{"seed", "3"}, Command{"lr", "0.05"}, Command{"schedule", "linear"}, Command{"epochs", "3"})
	for range 5 {
		apply(t, l, Do("stage-next"))
	}
	apply(t, l, Do("stage-prev"), Do("step"), Do("step"), Do("run"))
	for range 10 {
		l.Tick(30*time.Millisecond, now) // one step a frame
	}
	apply(t, l, Command{"speed", "max"}, Do("run"))
	runToEnd(t, l, 1000)

	s := l.Status()
	if s.Step != epochs*train.Len() || s.Running || !s.Run.Ended {
		t.Errorf("after the run: step %d, running %v, ended %v; want step %d, stopped, ended", s.Step, s.Running, s.Run.Ended, epochs*train.Len())
	}
	if !paramsEqual(&l.net.Params, &want.Params) {
		t.Error("the lab's weights after the run differ from backprop train's")
	}
	if s.Run.TestAccuracy != wantAcc || s.Run.TestN != test.Len() {
		t.Errorf("test accuracy %v on %d digits, backprop train's %v on %d", s.Run.TestAccuracy, s.Run.TestN, wantAcc, test.Len())
	}
	if !strings.Contains(s.Message, "has ended") || !strings.Contains(s.Message, "test accuracy") {
		t.Errorf("message at the end %q, want it to say that the run ended and its test accuracy", s.Message)
	}
	if err := l.Apply(Do("run")); err == nil || l.Status().Running {
		t.Errorf("run after the end = %v, want it refused in words", err)
	}
}

// TestLinearRunOnMNIST is the check: seed 1, lr 0.03, linear, one
// epoch of MNIST's 60,000 digits gives backprop train's test accuracy on
// its 10,000 test digits.
func TestLinearRunOnMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two epochs of MNIST")
	}
	train, test := mnisttest.Set(t, "train", core.ReadDataset), mnisttest.Set(t, "t10k", core.ReadDataset)
	_, wantAcc := backpropTrain(t, core.MNIST, train, test, 1, 0.03, 1)

	l, err := New(core.MNIST, synthData(10))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetData(train, test); err != nil {
		t.Fatal(err)
	}
	apply(t, l, Command{"lr", "0.03"}, Command{"schedule", "linear"}, Command{"epochs", "1"}, Command{"speed", "max"}, Do("run"))
	runToEnd(t, l, 1000)
	s := l.Status()
	if s.Step != 60000 || s.Run.TestAccuracy != wantAcc {
		t.Errorf("step %d, test accuracy %v; backprop train: 60000 steps, %v", s.Step, s.Run.TestAccuracy, wantAcc)
	}
	t.Logf("test accuracy %v after one epoch", s.Run.TestAccuracy)
}

// TestTestAccuracyInSlices: the test digits are measured a slice a frame,
// on a copy of the weights of one step, while training goes on.
func TestTestAccuracyInSlices(t *testing.T) {
	l := newTestLab(t)
	test := synthData(3*evalChunk + 7)
	if err := l.SetData(synthData(50), test); err != nil {
		t.Fatal(err)
	}
	if s := l.Status().Run; !math.IsNaN(s.TestAccuracy) || s.TestStep != -1 || s.TestSize != test.Len() {
		t.Fatalf("before any measurement: %+v, want NaN at step -1 on %d digits", s, test.Len())
	}
	apply(t, l, Do("step"), Do("step"))
	measured := cloneParams(&l.net.Params, l.cfg)
	apply(t, l, Do("run"))
	for i := 0; i < 4; i++ {
		l.Tick(30*time.Millisecond, now)
		if s := l.Status().Run; i < 3 && (!s.Measuring || !math.IsNaN(s.TestAccuracy)) {
			t.Fatalf("after %d frames: measuring %v, accuracy %v; want a measurement under way", i+1, s.Measuring, s.TestAccuracy)
		}
	}
	n, _ := core.New(l.cfg, nil)
	n.Params.CopyFrom(measured)
	s := l.Status().Run
	if want := core.Accuracy(n, test); s.TestAccuracy != want || s.TestStep != 2 || s.TestN != test.Len() {
		t.Errorf("after 4 frames: %v at step %d on %d digits; want %v, the weights of step 2, on %d", s.TestAccuracy, s.TestStep, s.TestN, want, test.Len())
	}
	if l.Status().Step != 6 {
		t.Errorf("step %d after 4 frames at one step a frame, want 6", l.Status().Step)
	}
	if c := l.TestCurve(); len(c) != 1 || c[0].Step != 2 {
		t.Errorf("test curve %v, want one point at step 2", c)
	}
	// A clock that moves stops the slice at the budget.
	tick := time.Time{}
	clock := func() time.Time { tick = tick.Add(time.Millisecond); return tick }
	l.Tick(30*time.Millisecond, clock)
	if e := l.run.eval; !e.active || e.next > 48 {
		t.Errorf("with 1 ms a call, a frame measured %d digits; want at most 48 (3 ms, the clock read every 16)", e.next)
	}
}

func TestScheduleAndEpochsRefuseBadValues(t *testing.T) {
	l := newTestLab(t)
	for _, c := range []Command{{"schedule", "cosine"}, {"epochs", "0"}, {"epochs", "1001"}, {"epochs", "x"}} {
		before := l.Settings()
		if err := l.Apply(c); err == nil || l.Settings() != before {
			t.Errorf("Apply(%v) = %v, settings %+v; want a sentence and nothing changed", c, err, l.Settings())
		}
	}
	apply(t, l, Do("schedule"))
	if s := l.Status().Run; s.Schedule != ScheduleLinear || s.Total != 50 || s.Epoch != 1 {
		t.Errorf("schedule toggled: %+v, want linear over 1 epoch of 50", s)
	}
	apply(t, l, Command{"epochs", "4"}, Do("step"))
	if s := l.Status().Run; s.Total != 200 || s.InEpoch != 1 || math.Abs(s.Rate-0.01*(1-1.5/200)) > 1e-15 {
		t.Errorf("4 epochs, one step: %+v, want 200 steps, rate 0.01·(1 − 1.5/200)", s)
	}
}

// TestSetDataKeepsTheRun: the full data arriving mid-run keeps the
// weights, the step and the sample.
func TestSetDataKeepsTheRun(t *testing.T) {
	l := newTestLab(t)
	apply(t, l, Do("step"), Do("step"), Command{"sample", "7"})
	before := cloneParams(&l.net.Params, l.cfg)
	if err := l.SetData(synthData(500), synthData(100)); err != nil {
		t.Fatal(err)
	}
	s := l.Status()
	if !paramsEqual(before, &l.net.Params) || s.Step != 2 || s.Sample != 7 || s.Samples != 500 || s.Run.TestSize != 100 {
		t.Errorf("after SetData: step %d, sample %d of %d, %d test digits, weights kept %v", s.Step, s.Sample, s.Samples, s.Run.TestSize, paramsEqual(before, &l.net.Params))
	}
	small := &core.Dataset{Rows: 6, Cols: 6, Images: make([]uint8, 36), Labels: []uint8{1}}
	if err := l.SetData(small, small); err == nil || l.Status().Samples != 500 {
		t.Errorf("SetData of 6×6 images = %v, want refused and the data kept", err)
	}
}

// TestMeasureWhilePaused: paused, the weights are measured a slice a frame
// by Measure, which says when the measurement is done.
func TestMeasureWhilePaused(t *testing.T) {
	l := newTestLab(t)
	if err := l.SetData(synthData(50), synthData(2*evalChunk)); err != nil {
		t.Fatal(err)
	}
	apply(t, l, Do("step"))
	if !l.Measuring() {
		t.Fatal("the weights of step 1 are not measured, yet Measuring is false")
	}
	if l.Measure(now) || !l.Measure(now) || l.Measuring() || l.Status().Run.TestStep != 1 {
		t.Errorf("two slices of %d: want the first to leave it under way and the second to finish it at step 1; %+v", evalChunk, l.Status().Run)
	}
}

// TestMeasureKeepsToItsBudget: by a clock that moves 1 ms each time it is
// read (each test digit, then), a frame's slice of measuring stops at its
// 3 ms, so the 512 digits take many frames, and the longest slice is
// what MeasureWorst says.
func TestMeasureKeepsToItsBudget(t *testing.T) {
	l := newTestLab(t)
	if err := l.SetData(synthData(50), synthData(2*evalChunk)); err != nil {
		t.Fatal(err)
	}
	at := time.Unix(0, 0)
	ticking := func() time.Time { at = at.Add(time.Millisecond); return at }
	frames := 0
	for l.Measuring() && frames < 10000 {
		l.Measure(ticking)
		frames++
	}
	if w := l.Status().Run.MeasureWorst; frames < 2*evalChunk/4 || w > 4*time.Millisecond {
		t.Errorf("512 digits measured in %d frames, the longest slice %v by the clock; want slices of 3 ms, at most 4 digits each", frames, w)
	}
}
