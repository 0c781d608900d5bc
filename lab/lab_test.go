package lab

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/internal/synth"
)

// synthData is a small stand-in for MNIST (synth.Digits).
func synthData(n int) *core.Dataset { return synth.Digits(n) }

func newTestLab(t testing.TB) *Lab {
	t.Helper()
	l, err := New(core.MNIST, synthData(50))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func paramsEqual(a, b *core.Params) bool {
	return slices.Equal(a.W.Data, b.W.Data) && slices.Equal(a.B.Data, b.B.Data) &&
		slices.Equal(a.U.Data, b.U.Data) && slices.Equal(a.C.Data, b.C.Data)
}

func cloneParams(p *core.Params, cfg core.Config) *core.Params {
	q := core.NewParams(cfg)
	q.CopyFrom(p)
	return &q
}

func TestNewLabShowsForwardPass(t *testing.T) {
	l := newTestLab(t)
	if got := l.Stage(); got != core.StageLoss {
		t.Errorf("Stage() after NewLab = %v, want %v", got, core.StageLoss)
	}
	if l.Status().Step != 0 || l.Status().Sample != 0 || l.Status().Label != 0 {
		t.Errorf("after NewLab: step %d sample %d label %d, want 0 0 0", l.Status().Step, l.Status().Sample, l.Status().Label)
	}
	if L := l.Status().Loss; math.IsNaN(L) || L <= 0 {
		t.Errorf("Loss() = %v, want a positive number", L)
	}
	if p := l.Status().Prediction; p < 0 || p > 9 {
		t.Errorf("Prediction() = %d, want a class", p)
	}
}

func TestNewLabRefusesMismatchedData(t *testing.T) {
	d := synthData(3)
	cfg := core.MNIST
	cfg.H = 20
	if _, err := New(cfg, d); err == nil {
		t.Error("New with 28×28 data for a 20×28 net: no error")
	}
}

func TestStepIncrementsAndChangesLoss(t *testing.T) {
	l := newTestLab(t)
	L0 := l.Status().Loss
	w0 := cloneParams(&l.net.Params, l.cfg)
	l.Apply(Do("step"))
	if l.Status().Step != 1 || l.Stage() != core.StageUpdate {
		t.Fatalf("after one step: Steps() = %d, Stage() = %v; want 1, %v", l.Status().Step, l.Stage(), core.StageUpdate)
	}
	if paramsEqual(w0, &l.net.Params) {
		t.Error("a step left the parameters unchanged")
	}
	if l.Status().Sample != 0 {
		t.Errorf("the first step trained on sample %d, want 0 (the one shown)", l.Status().Sample)
	}
	l.Apply(Do("step"))
	if l.Status().Step != 2 || l.Status().Sample != 1 {
		t.Errorf("after two steps: Steps() = %d, Sample() = %d; want 2, 1", l.Status().Step, l.Status().Sample)
	}
	if l.Status().Loss == L0 {
		t.Errorf("the loss did not change: %v", L0)
	}
	// Training on one sample again lowers its loss.
	l.Apply(Command{"sample", strconv.Itoa(0)})
	before := l.Status().Loss
	l.Apply(Do("step"))
	l.Apply(Command{"sample", strconv.Itoa(0)})
	if after := l.Status().Loss; !(after < before) {
		t.Errorf("loss of sample 0 after a step on it = %v, want below %v", after, before)
	}
}

func TestStageRoundTripRestoresParams(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Do("step")) // a step done: the next stage begins sample 1
	p0 := cloneParams(&l.net.Params, l.cfg)
	steps := l.Status().Step
	for i := 0; i < core.NumStages; i++ {
		l.Apply(Do("stage-next"))
	}
	if l.Stage() != core.StageUpdate || l.Status().Step != steps+1 {
		t.Fatalf("after %d stages: Stage() = %v, Steps() = %d; want %v, %d", core.NumStages, l.Stage(), l.Status().Step, core.StageUpdate, steps+1)
	}
	if paramsEqual(p0, &l.net.Params) {
		t.Fatal("the stepped update changed nothing")
	}
	for i := 0; i < core.NumStages; i++ {
		l.Apply(Do("stage-prev"))
	}
	if l.Stage() != core.StageNone {
		t.Errorf("after stepping back: Stage() = %v, want %v", l.Stage(), core.StageNone)
	}
	if !paramsEqual(p0, &l.net.Params) {
		t.Error("stepping back over the update did not restore the parameters exactly")
	}
	if l.Status().Step != steps {
		t.Errorf("Steps() after undoing the update = %d, want %d", l.Status().Step, steps)
	}
	l.Apply(Do("stage-prev"))
	if !strings.Contains(l.Status().Message, "start of the step") {
		t.Errorf("stage back at the start: message %q, want one about the start of the step", l.Status().Message)
	}
}

func TestUndoUpdateRestoresAccuracy(t *testing.T) {
	l := newTestLab(t)
	for i := 0; i < 5; i++ {
		l.Apply(Do("step"))
	}
	a0, n0 := accuracy(l)
	l.Apply(Do("stage-prev")) // undo the update of step 5
	l.Apply(Do("stage-next")) // and redo it
	a1, n1 := accuracy(l)
	if a0 != a1 || n0 != n1 || n1 != 5 {
		t.Errorf("accuracy after undo and redo = %v over %d, want %v over %d (5)", a1, n1, a0, n0)
	}
}

func TestInvalidLRKeepsOld(t *testing.T) {
	l := newTestLab(t)
	for _, bad := range []float64{math.NaN(), math.Inf(1), 0, -0.1, 5} {
		if err := l.Apply(Command{"lr", fmt.Sprint(bad)}); err == nil {
			t.Errorf("SetLR(%v) = nil, want an error", bad)
		}
		if l.Status().LR != 0.01 {
			t.Errorf("after SetLR(%v): LR() = %v, want 0.01 kept", bad, l.Status().LR)
		}
		if l.Status().Message == "" {
			t.Errorf("SetLR(%v) left no message", bad)
		}
	}
	if err := l.Apply(Command{"lr", fmt.Sprint(0.05)}); err != nil || l.Status().LR != 0.05 {
		t.Errorf("SetLR(0.05) = %v, LR() = %v", err, l.Status().LR)
	}
	l.Apply(Command{"lr", "up"})
	if l.Status().LR != 0.1 {
		t.Errorf("LR up from 0.05 = %v, want 0.1", l.Status().LR)
	}
	l.Apply(Command{"lr", "down"})
	l.Apply(Command{"lr", "down"})
	if l.Status().LR != 0.01 {
		t.Errorf("LR down twice from 0.1 = %v, want 0.01", l.Status().LR)
	}
	l.Apply(Command{"lr", fmt.Sprint(1)})
	l.Apply(Command{"lr", "up"})
	if l.Status().LR != 1 || l.Status().Message == "" {
		t.Errorf("LR up at 1: LR() = %v, message %q; want 1 and a message", l.Status().LR, l.Status().Message)
	}
}

func TestDivergencePausesAndSays(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Do("step"))
	l.net.Params.C.Data[3] = math.Inf(1) // as if a huge lr had blown it up
	l.Apply(Do("run"))
	l.Tick(8*time.Millisecond, now)
	if l.Running() {
		t.Error("still running after the loss became NaN")
	}
	if want := "training diverged at step 2"; !strings.Contains(l.Status().Message, want) {
		t.Errorf("message %q, want it to contain %q", l.Status().Message, want)
	}
	if p := l.Status().Prediction; p != -1 {
		t.Errorf("Prediction() with a NaN loss = %d, want -1 (none)", p)
	}
	l.Apply(Do("step"))
	if l.Status().Step != 1 {
		t.Errorf("a step after divergence ran: Steps() = %d, want 1", l.Status().Step)
	}
	l.Apply(Do("reset"))
	if l.Status().Diverged || l.Status().Message != "" || l.Status().Step != 0 {
		t.Errorf("after reset: diverged %v, message %q, step %d", l.Status().Diverged, l.Status().Message, l.Status().Step)
	}
	if where, ok := l.net.Params.Finite(); !ok {
		t.Errorf("after reset the parameters are not finite: %s", where)
	}
}

func TestResetIsReproducible(t *testing.T) {
	a, b := newTestLab(t), newTestLab(t)
	p0 := cloneParams(&a.net.Params, a.cfg)
	for i := 0; i < 7; i++ {
		a.Apply(Do("step"))
		b.Apply(Do("step"))
	}
	if !paramsEqual(&a.net.Params, &b.net.Params) || a.Status().Loss != b.Status().Loss {
		t.Error("two labs with the same seed trained differently")
	}
	a.Apply(Do("reset"))
	if !paramsEqual(p0, &a.net.Params) || a.Status().Sample != 0 || a.Status().Step != 0 || a.History().Len() != 0 {
		t.Error("reset with the same seed did not return to the start")
	}
	a.Apply(Command{"reset", fmt.Sprint(2)})
	if paramsEqual(p0, &a.net.Params) {
		t.Error("seed 2 gave the weights of seed 1")
	}
}

func TestTickRunsAtSpeedWithinBudget(t *testing.T) {
	l := newTestLab(t)
	// A clock on which every step takes stepTime, however often it is read.
	stepTime := 100 * time.Microsecond
	clock := func() time.Time { return time.Time{}.Add(time.Duration(l.Status().Step) * stepTime) }
	const budget = 8 * time.Millisecond
	l.Apply(Do("run"))
	l.Tick(budget, clock) // 1 step / frame
	if l.Status().Step != 1 {
		t.Errorf("one tick at 1/frame: %d steps", l.Status().Step)
	}
	l.Apply(Command{"speed", "10"})
	l.Tick(budget, clock)
	if l.Status().Step != 11 {
		t.Errorf("one tick at 10/frame: %d steps in all, want 11", l.Status().Step)
	}
	for i := 0; i < 20; i++ {
		l.Apply(Command{"speed", "up"})
	}
	if st := l.Status(); st.Speed.Word() != "max" || !l.FullSpeed() {
		t.Fatalf("top speed %q, FullSpeed() = %v; want max, true", st.Speed.Word(), l.FullSpeed())
	}
	// At max, steps of 1 ms fill a frame's 8 ms budget but never pass it.
	stepTime = time.Millisecond
	before := l.Status().Step
	l.Tick(budget, clock)
	if got := l.Status().Step - before; got < 4 || got > 8 {
		t.Errorf("one tick at max with an 8 ms budget and 1 ms a step: %d steps, want 4 to 8", got)
	}
	if l.Stage() != core.StageUpdate {
		t.Errorf("after a tick, Stage() = %v, want the whole step shown (%v)", l.Stage(), core.StageUpdate)
	}
	// Slow speeds count frames.
	l.Apply(Command{"speed", "1/4"})
	before = l.Status().Step
	for i := 0; i < 8; i++ {
		l.Tick(budget, clock)
	}
	if got := l.Status().Step - before; got != 2 {
		t.Errorf("8 ticks at 1 step / 4 frames: %d steps, want 2", got)
	}
	l.Apply(Do("pause"))
	l.Tick(budget, clock)
	if got := l.Status().Step - before; got != 2 {
		t.Error("a tick while paused trained")
	}
}

func TestFastStepsKeepStepperConsistent(t *testing.T) {
	l := newTestLab(t)
	for l.Status().Speed.String() != "50 / frame" {
		l.Apply(Command{"speed", "up"})
	}
	l.Apply(Do("run"))
	l.Tick(8*time.Millisecond, now)
	l.Apply(Do("pause"))
	if l.Status().Step != 50 || l.Status().Sample != 49 {
		t.Fatalf("after a tick at 50/frame: Steps() = %d, Sample() = %d; want 50, 49", l.Status().Step, l.Status().Sample)
	}
	// Undoing the frame's last update goes back to the parameters it began with.
	before := cloneParams(l.Before(), l.cfg)
	l.Apply(Do("stage-prev"))
	if !paramsEqual(before, &l.net.Params) {
		t.Error("undoing the last update of a run did not restore the parameters it began with")
	}
	frac, n := accuracy(l)
	if n != 49 || frac < 0 || frac > 1 {
		t.Errorf("Accuracy() = %v over %d, want a fraction over 49", frac, n)
	}
}

func TestSelectSample(t *testing.T) {
	l := newTestLab(t)
	if err := l.Apply(Command{"sample", strconv.Itoa(7)}); err != nil || l.Status().Sample != 7 || l.Status().Label != 7 || l.Stage() != core.StageLoss {
		t.Errorf("SelectSample(7): err %v, sample %d, label %d, stage %v", err, l.Status().Sample, l.Status().Label, l.Stage())
	}
	for _, bad := range []int{-1, 50, 1 << 40} {
		if err := l.Apply(Command{"sample", strconv.Itoa(bad)}); err == nil {
			t.Errorf("SelectSample(%d) = nil, want an error", bad)
		}
		if l.Status().Sample != 7 {
			t.Errorf("SelectSample(%d) changed the sample to %d", bad, l.Status().Sample)
		}
	}
	l.Apply(Command{"sample", "prev"})
	l.Apply(Command{"sample", "next"})
	l.Apply(Command{"sample", "next"})
	if l.Status().Sample != 8 {
		t.Errorf("prev, next, next from 7 = %d, want 8", l.Status().Sample)
	}
}

func TestNoDataset(t *testing.T) {
	l, err := New(core.MNIST, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Apply(Command{"sample", "next"})
	if l.Status().Message == "" {
		t.Error("next sample without data: no message")
	}
	l.Apply(Do("step"))
	if l.Status().Step != 1 {
		t.Errorf("a step on the blank sample: Steps() = %d", l.Status().Step)
	}
}

func TestHistoryBounded(t *testing.T) {
	var h History
	h.reset()
	const n = 100000
	for i := 0; i < n; i++ {
		h.add(float64(i%2), 0.5)
	}
	if h.Len() > historyCap || h.Len() < historyCap/2 {
		t.Errorf("after %d points: Len() = %d, want between %d and %d", n, h.Len(), historyCap/2, historyCap)
	}
	if per := h.Per(); per&(per-1) != 0 || h.Len()*per > n || (h.Len()+1)*per <= n-per {
		t.Errorf("Per() = %d with Len() = %d does not cover %d steps", per, h.Len(), n)
	}
	for i := 0; i < h.Len(); i++ {
		if loss, acc := h.At(i); loss != 0.5 || acc != 0.5 {
			t.Fatalf("At(%d) = %v, %v; want the mean 0.5, 0.5", i, loss, acc)
		}
	}
}

func TestScopeAndHelpCycle(t *testing.T) {
	l := newTestLab(t)
	seen := map[Scope]bool{}
	for i := 0; i < int(numScopes); i++ {
		seen[l.Status().Scope] = true
		l.Apply(Do("scope"))
	}
	if len(seen) != int(numScopes) || l.Status().Scope != ScopeLayer {
		t.Errorf("scopes seen %v, back at %v", seen, l.Status().Scope)
	}
	l.Apply(Do("help"))
	if !l.Status().Help {
		t.Error("help not shown")
	}
	l.Apply(Do("dismiss"))
	if l.Status().Help {
		t.Error("Esc did not close help")
	}
}

// typeNumber types the digits of s as the keys 0–9 do.
func typeNumber(l *Lab, s string) {
	for _, c := range s {
		l.Apply(Command{"digit", string(c)})
	}
}

// TestTypeSampleNumber: digits open a "go to sample" entry, Backspace edits
// it, Enter goes there (and takes no step), and the entry closes.
func TestTypeSampleNumber(t *testing.T) {
	l := newTestLab(t)
	if d, open := entry(l); open || d != "" {
		t.Fatalf("a new lab: entry %q open %v, want none", d, open)
	}
	typeNumber(l, "1")
	if d, open := entry(l); !open || d != "1" {
		t.Fatalf("after 1: entry %q open %v, want \"1\" open", d, open)
	}
	typeNumber(l, "29")
	l.Apply(Do("backspace"))
	typeNumber(l, "7")
	if d, _ := entry(l); d != "127" {
		t.Fatalf("after 1 2 9 Backspace 7: entry %q, want \"127\"", d)
	}
	l.Apply(Do("backspace"))
	if d, _ := entry(l); d != "12" {
		t.Fatalf("after Backspace: entry %q, want \"12\"", d)
	}
	l.Apply(Do("confirm"))
	if d, open := entry(l); open || d != "" {
		t.Errorf("after Enter: entry %q open %v, want closed", d, open)
	}
	if l.Status().Sample != 12 || l.Status().Label != 2 || l.Status().Step != 0 || l.Stage() != core.StageLoss {
		t.Errorf("after 12 Enter: sample %d label %d step %d stage %v; want sample 12, label 2, no step, its forward pass",
			l.Status().Sample, l.Status().Label, l.Status().Step, l.Stage())
	}
	if l.Status().Message != "" {
		t.Errorf("after 12 Enter: message %q, want none", l.Status().Message)
	}
	// Leading zeros are only zeros: 007 is sample 7.
	typeNumber(l, "007")
	l.Apply(Do("confirm"))
	if l.Status().Sample != 7 {
		t.Errorf("after 007 Enter: sample %d, want 7", l.Status().Sample)
	}
}

// TestTypedSampleOutOfRange: Enter on a number past the data set keeps the
// sample and its step, and says which numbers exist.
func TestTypedSampleOutOfRange(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Command{"sample", "next"})
	l.Apply(Do("stage-next")) // δˢ: a step in progress, which must survive
	stage, before := l.Stage(), cloneParams(&l.net.Params, l.cfg)
	typeNumber(l, "50")
	l.Apply(Do("confirm"))
	if l.Status().Sample != 1 || l.Stage() != stage || l.Status().Step != 0 || !paramsEqual(before, &l.net.Params) {
		t.Errorf("after 50 Enter on 50 digits: sample %d stage %v step %d; want sample 1 at %v, no step, parameters kept",
			l.Status().Sample, l.Stage(), l.Status().Step, stage)
	}
	if want := "sample 50 does not exist: choose one from 0 to 49"; l.Status().Message != want {
		t.Errorf("message %q, want %q", l.Status().Message, want)
	}
	if _, open := entry(l); open {
		t.Error("the entry stayed open after Enter")
	}
	// More digits than any index has are ignored, not an overflow.
	typeNumber(l, "99999999999999999999")
	if d, _ := entry(l); len(d) != maxEntry {
		t.Errorf("after 20 nines: entry %q, want %d digits", d, maxEntry)
	}
	l.Apply(Do("confirm"))
	if l.Status().Sample != 1 || !strings.Contains(l.Status().Message, "999999999 does not exist") {
		t.Errorf("after nines Enter: sample %d message %q; want sample 1 and a message", l.Status().Sample, l.Status().Message)
	}
}

// TestTypedSampleCancel: Esc closes the entry and changes nothing else (not
// even the message, or the help); the next Esc does what Esc always does.
func TestTypedSampleCancel(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Do("help"))
	typeNumber(l, "3")
	l.Apply(Do("dismiss"))
	if _, open := entry(l); open {
		t.Fatal("Esc left the entry open")
	}
	if l.Status().Sample != 0 || l.Status().Step != 0 || !l.Status().Help {
		t.Errorf("after 3 Esc: sample %d step %d help %v; want 0, 0, help still shown", l.Status().Sample, l.Status().Step, l.Status().Help)
	}
	l.Apply(Do("dismiss"))
	if l.Status().Help {
		t.Error("the second Esc did not close the help")
	}
	// Enter after a cancel is a step again.
	l.Apply(Do("confirm"))
	if l.Status().Step != 1 || l.Status().Sample != 0 {
		t.Errorf("Enter after a cancel: step %d sample %d, want step 1 on sample 0", l.Status().Step, l.Status().Sample)
	}
	// Backspace with nothing typed does nothing; erasing every digit leaves
	// the entry open, and Enter then only closes it.
	l.Apply(Do("backspace"))
	if _, open := entry(l); open {
		t.Error("Backspace with nothing typed opened an entry")
	}
	typeNumber(l, "4")
	l.Apply(Do("backspace"))
	if d, open := entry(l); !open || d != "" {
		t.Errorf("4 Backspace: entry %q open %v, want \"\" open", d, open)
	}
	l.Apply(Do("confirm"))
	if _, open := entry(l); open || l.Status().Step != 1 || l.Status().Sample != 0 {
		t.Errorf("Enter on an empty entry: open %v step %d sample %d; want closed, nothing else", open, l.Status().Step, l.Status().Sample)
	}
}

// TestEnterStepsWithoutEntry: with no number being typed, Enter is a step,
// as Space is.
func TestEnterStepsWithoutEntry(t *testing.T) {
	a, b := newTestLab(t), newTestLab(t)
	for range 3 {
		a.Apply(Do("confirm"))
		b.Apply(Do("step"))
	}
	if a.Status().Step != 3 || a.Status().Sample != b.Status().Sample || !paramsEqual(&a.net.Params, &b.net.Params) {
		t.Errorf("3 × Enter: step %d sample %d; want what 3 × Space gives, step %d sample %d", a.Status().Step, a.Status().Sample, b.Status().Step, b.Status().Sample)
	}
}

func accuracy(l *Lab) (float64, int) { s := l.Status(); return s.Accuracy, s.AccuracyN }

// now is a clock that never moves: a frame that takes no time.
func now() time.Time { return time.Time{} }

func entry(l *Lab) (string, bool) { s := l.Status(); return s.Entry, s.EntryOpen }
