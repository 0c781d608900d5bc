package viz

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"backproplab/core"
)

// synthData is a small stand-in for MNIST: class k is a bright 6×6 square
// whose place depends on k, with a faint diagonal so no two images agree.
func synthData(n int) *core.Dataset {
	const rows, cols = 28, 28
	d := &core.Dataset{Rows: rows, Cols: cols, Images: make([]uint8, n*rows*cols), Labels: make([]uint8, n)}
	for i := 0; i < n; i++ {
		k := i % 10
		d.Labels[i] = uint8(k)
		img := d.Images[i*rows*cols : (i+1)*rows*cols]
		r0, c0 := 3+(k/5)*12, 2+(k%5)*5
		for u := r0; u < r0+6; u++ {
			for v := c0; v < c0+6 && v < cols; v++ {
				img[u*cols+v] = 255
			}
		}
		for t := 0; t < rows; t++ {
			img[t*cols+(t+i)%cols] = uint8(40 + 7*(i%5))
		}
	}
	return d
}

func newTestLab(t testing.TB) *Lab {
	t.Helper()
	l, err := NewLab(core.MNIST, synthData(50), 1, 0.01)
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
	if l.Steps() != 0 || l.Sample() != 0 || l.Label() != 0 {
		t.Errorf("after NewLab: step %d sample %d label %d, want 0 0 0", l.Steps(), l.Sample(), l.Label())
	}
	if L := l.Loss(); math.IsNaN(L) || L <= 0 {
		t.Errorf("Loss() = %v, want a positive number", L)
	}
	if p := l.Prediction(); p < 0 || p > 9 {
		t.Errorf("Prediction() = %d, want a class", p)
	}
}

func TestNewLabRefusesMismatchedData(t *testing.T) {
	d := synthData(3)
	cfg := core.MNIST
	cfg.H = 20
	if _, err := NewLab(cfg, d, 1, 0.01); err == nil {
		t.Error("NewLab with 28×28 data for a 20×28 net: no error")
	}
	if _, err := NewLab(core.MNIST, d, 1, 7); err == nil {
		t.Error("NewLab with lr 7: no error")
	}
}

func TestStepIncrementsAndChangesLoss(t *testing.T) {
	l := newTestLab(t)
	L0 := l.Loss()
	w0 := cloneParams(&l.Net.Params, l.cfg)
	l.Apply(IntentStep)
	if l.Steps() != 1 || l.Stage() != core.StageUpdate {
		t.Fatalf("after one step: Steps() = %d, Stage() = %v; want 1, %v", l.Steps(), l.Stage(), core.StageUpdate)
	}
	if paramsEqual(w0, &l.Net.Params) {
		t.Error("a step left the parameters unchanged")
	}
	if l.Sample() != 0 {
		t.Errorf("the first step trained on sample %d, want 0 (the one shown)", l.Sample())
	}
	l.Apply(IntentStep)
	if l.Steps() != 2 || l.Sample() != 1 {
		t.Errorf("after two steps: Steps() = %d, Sample() = %d; want 2, 1", l.Steps(), l.Sample())
	}
	if l.Loss() == L0 {
		t.Errorf("the loss did not change: %v", L0)
	}
	// Training on one sample again lowers its loss.
	l.SelectSample(0)
	before := l.Loss()
	l.Apply(IntentStep)
	l.SelectSample(0)
	if after := l.Loss(); !(after < before) {
		t.Errorf("loss of sample 0 after a step on it = %v, want below %v", after, before)
	}
}

func TestStageRoundTripRestoresParams(t *testing.T) {
	l := newTestLab(t)
	l.Apply(IntentStep) // a step done: the next stage begins sample 1
	p0 := cloneParams(&l.Net.Params, l.cfg)
	steps := l.Steps()
	for i := 0; i < core.NumStages; i++ {
		l.Apply(IntentStageNext)
	}
	if l.Stage() != core.StageUpdate || l.Steps() != steps+1 {
		t.Fatalf("after %d stages: Stage() = %v, Steps() = %d; want %v, %d", core.NumStages, l.Stage(), l.Steps(), core.StageUpdate, steps+1)
	}
	if paramsEqual(p0, &l.Net.Params) {
		t.Fatal("the stepped update changed nothing")
	}
	for i := 0; i < core.NumStages; i++ {
		l.Apply(IntentStagePrev)
	}
	if l.Stage() != core.StageNone {
		t.Errorf("after stepping back: Stage() = %v, want %v", l.Stage(), core.StageNone)
	}
	if !paramsEqual(p0, &l.Net.Params) {
		t.Error("stepping back over the update did not restore the parameters exactly")
	}
	if l.Steps() != steps {
		t.Errorf("Steps() after undoing the update = %d, want %d", l.Steps(), steps)
	}
	l.Apply(IntentStagePrev)
	if !strings.Contains(l.Message(), "start of the step") {
		t.Errorf("stage back at the start: message %q, want one about the start of the step", l.Message())
	}
}

func TestUndoUpdateRestoresAccuracy(t *testing.T) {
	l := newTestLab(t)
	for i := 0; i < 5; i++ {
		l.Apply(IntentStep)
	}
	a0, n0 := l.Accuracy()
	l.Apply(IntentStagePrev) // undo the update of step 5
	l.Apply(IntentStageNext) // and redo it
	a1, n1 := l.Accuracy()
	if a0 != a1 || n0 != n1 || n1 != 5 {
		t.Errorf("accuracy after undo and redo = %v over %d, want %v over %d (5)", a1, n1, a0, n0)
	}
}

func TestInvalidLRKeepsOld(t *testing.T) {
	l := newTestLab(t)
	for _, bad := range []float64{math.NaN(), math.Inf(1), 0, -0.1, 5} {
		if err := l.SetLR(bad); err == nil {
			t.Errorf("SetLR(%v) = nil, want an error", bad)
		}
		if l.LR() != 0.01 {
			t.Errorf("after SetLR(%v): LR() = %v, want 0.01 kept", bad, l.LR())
		}
		if l.Message() == "" {
			t.Errorf("SetLR(%v) left no message", bad)
		}
	}
	if err := l.SetLR(0.05); err != nil || l.LR() != 0.05 {
		t.Errorf("SetLR(0.05) = %v, LR() = %v", err, l.LR())
	}
	l.Apply(IntentLRUp)
	if l.LR() != 0.1 {
		t.Errorf("LR up from 0.05 = %v, want 0.1", l.LR())
	}
	l.Apply(IntentLRDown)
	l.Apply(IntentLRDown)
	if l.LR() != 0.01 {
		t.Errorf("LR down twice from 0.1 = %v, want 0.01", l.LR())
	}
	l.SetLR(1)
	l.Apply(IntentLRUp)
	if l.LR() != 1 || l.Message() == "" {
		t.Errorf("LR up at 1: LR() = %v, message %q; want 1 and a message", l.LR(), l.Message())
	}
}

func TestDivergencePausesAndSays(t *testing.T) {
	l := newTestLab(t)
	l.Apply(IntentStep)
	l.Net.Params.C.Data[3] = math.Inf(1) // as if a huge lr had blown it up
	l.Apply(IntentRun)
	l.Tick()
	if l.Running() {
		t.Error("still running after the loss became NaN")
	}
	if want := "training diverged at step 2"; !strings.Contains(l.Message(), want) {
		t.Errorf("message %q, want it to contain %q", l.Message(), want)
	}
	if p := l.Prediction(); p != -1 {
		t.Errorf("Prediction() with a NaN loss = %d, want -1 (none)", p)
	}
	l.Apply(IntentStep)
	if l.Steps() != 1 {
		t.Errorf("a step after divergence ran: Steps() = %d, want 1", l.Steps())
	}
	l.Apply(IntentReset)
	if l.Diverged() || l.Message() != "" || l.Steps() != 0 {
		t.Errorf("after reset: diverged %v, message %q, step %d", l.Diverged(), l.Message(), l.Steps())
	}
	if where, ok := l.Net.Params.Finite(); !ok {
		t.Errorf("after reset the parameters are not finite: %s", where)
	}
}

func TestResetIsReproducible(t *testing.T) {
	a, b := newTestLab(t), newTestLab(t)
	p0 := cloneParams(&a.Net.Params, a.cfg)
	for i := 0; i < 7; i++ {
		a.Apply(IntentStep)
		b.Apply(IntentStep)
	}
	if !paramsEqual(&a.Net.Params, &b.Net.Params) || a.Loss() != b.Loss() {
		t.Error("two labs with the same seed trained differently")
	}
	a.Apply(IntentReset)
	if !paramsEqual(p0, &a.Net.Params) || a.Sample() != 0 || a.Steps() != 0 || a.History().Len() != 0 {
		t.Error("reset with the same seed did not return to the start")
	}
	a.Reset(2)
	if paramsEqual(p0, &a.Net.Params) {
		t.Error("seed 2 gave the weights of seed 1")
	}
}

func TestTickRunsAtSpeedWithinBudget(t *testing.T) {
	l := newTestLab(t)
	var clock time.Time
	tick := 100 * time.Microsecond
	l.now = func() time.Time { clock = clock.Add(tick); return clock }
	l.Apply(IntentRun)
	l.Tick() // 1 step / frame
	if l.Steps() != 1 {
		t.Errorf("one tick at 1/frame: %d steps", l.Steps())
	}
	for l.Speed() != "10 / frame" {
		l.Apply(IntentSpeedUp)
	}
	l.Tick()
	if l.Steps() != 11 {
		t.Errorf("one tick at 10/frame: %d steps in all, want 11", l.Steps())
	}
	for i := 0; i < 20; i++ {
		l.Apply(IntentSpeedUp)
	}
	if l.Speed() != "max" || !l.FullSpeed() {
		t.Fatalf("top speed %q, FullSpeed() = %v; want max, true", l.Speed(), l.FullSpeed())
	}
	l.Apply(IntentSpeedDown)
	if l.FullSpeed() {
		t.Errorf("speed %q: FullSpeed() = true, want false", l.Speed())
	}
	l.Apply(IntentSpeedUp)
	// The fake clock advances 1 ms a reading, so a step seems to take 1 ms:
	// an 8 ms budget allows 5 fast steps (after the 5th, 6 ms have passed
	// and two more steps would pass 8), then the frame's last, whole step.
	tick = time.Millisecond
	before := l.Steps()
	l.Tick()
	if got := l.Steps() - before; got != 6 {
		t.Errorf("one tick at max with an 8 ms budget and 1 ms a step: %d steps, want 6", got)
	}
	if l.Stage() != core.StageUpdate {
		t.Errorf("after a tick, Stage() = %v, want the whole step shown (%v)", l.Stage(), core.StageUpdate)
	}
	// Slow speeds count frames.
	for l.Speed() != "1 step / 4 frames" {
		l.Apply(IntentSpeedDown)
	}
	before = l.Steps()
	for i := 0; i < 8; i++ {
		l.Tick()
	}
	if got := l.Steps() - before; got != 2 {
		t.Errorf("8 ticks at 1 step / 4 frames: %d steps, want 2", got)
	}
	l.Apply(IntentPause)
	l.Tick()
	if got := l.Steps() - before; got != 2 {
		t.Error("a tick while paused trained")
	}
}

func TestFastStepsKeepStepperConsistent(t *testing.T) {
	l := newTestLab(t)
	l.now = func() time.Time { return time.Time{} } // a frame that takes no time
	for l.Speed() != "50 / frame" {
		l.Apply(IntentSpeedUp)
	}
	l.Apply(IntentRun)
	l.Tick()
	l.Apply(IntentPause)
	if l.Steps() != 50 || l.Sample() != 49 {
		t.Fatalf("after a tick at 50/frame: Steps() = %d, Sample() = %d; want 50, 49", l.Steps(), l.Sample())
	}
	// Undoing the frame's last update goes back to the parameters it began with.
	before := cloneParams(l.Before(), l.cfg)
	l.Apply(IntentStagePrev)
	if !paramsEqual(before, &l.Net.Params) {
		t.Error("undoing the last update of a run did not restore the parameters it began with")
	}
	frac, n := l.Accuracy()
	if n != 49 || frac < 0 || frac > 1 {
		t.Errorf("Accuracy() = %v over %d, want a fraction over 49", frac, n)
	}
}

func TestSelectSample(t *testing.T) {
	l := newTestLab(t)
	if err := l.SelectSample(7); err != nil || l.Sample() != 7 || l.Label() != 7 || l.Stage() != core.StageLoss {
		t.Errorf("SelectSample(7): err %v, sample %d, label %d, stage %v", err, l.Sample(), l.Label(), l.Stage())
	}
	for _, bad := range []int{-1, 50, 1 << 40} {
		if err := l.SelectSample(bad); err == nil {
			t.Errorf("SelectSample(%d) = nil, want an error", bad)
		}
		if l.Sample() != 7 {
			t.Errorf("SelectSample(%d) changed the sample to %d", bad, l.Sample())
		}
	}
	l.Apply(IntentPrevSample)
	l.Apply(IntentNextSample)
	l.Apply(IntentNextSample)
	if l.Sample() != 8 {
		t.Errorf("prev, next, next from 7 = %d, want 8", l.Sample())
	}
}

func TestSetSampleDrawing(t *testing.T) {
	l := newTestLab(t)
	x := make([]float64, 28*28)
	for i := 100; i < 200; i++ {
		x[i] = 1
	}
	if err := l.SetSample(x, 3); err != nil {
		t.Fatal(err)
	}
	if l.Sample() != -1 || l.Label() != 3 || l.Prediction() < 0 {
		t.Errorf("after SetSample: sample %d label %d prediction %d", l.Sample(), l.Label(), l.Prediction())
	}
	l.Apply(IntentStep)
	l.Apply(IntentStep)
	if l.Sample() != -1 || !slices.Equal(l.Net.Act.X.Data, x) {
		t.Error("steps after SetSample did not keep training on the drawing")
	}
	x[5] = math.NaN()
	for _, c := range []struct {
		x     []float64
		label int
	}{{x, 3}, {x[:10], 3}, {make([]float64, 784), 10}} {
		if err := l.SetSample(c.x, c.label); err == nil {
			t.Errorf("SetSample(len %d, label %d) = nil, want an error", len(c.x), c.label)
		}
	}
	if l.Sample() != -1 || l.Label() != 3 {
		t.Error("a refused SetSample changed the sample")
	}
}

func TestNoDataset(t *testing.T) {
	l, err := NewLab(core.MNIST, nil, 1, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	l.Apply(IntentNextSample)
	if l.Message() == "" {
		t.Error("next sample without data: no message")
	}
	l.Apply(IntentStep)
	if l.Steps() != 1 {
		t.Errorf("a step on the blank sample: Steps() = %d", l.Steps())
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
		seen[l.Scope()] = true
		l.Apply(IntentScope)
	}
	if len(seen) != int(numScopes) || l.Scope() != ScopeLayer {
		t.Errorf("scopes seen %v, back at %v", seen, l.Scope())
	}
	l.Apply(IntentHelp)
	if !l.HelpShown() {
		t.Error("help not shown")
	}
	l.Apply(IntentDismiss)
	if l.HelpShown() {
		t.Error("Esc did not close help")
	}
}

func TestBindingsCoverIntents(t *testing.T) {
	keys := map[string]bool{}
	for _, b := range Bindings() {
		if keys[b.Key] {
			t.Errorf("key %s bound twice", b.Key)
		}
		keys[b.Key] = true
		if b.Intent <= IntentNone || b.Intent >= numIntents || b.Help == "" {
			t.Errorf("binding %+v", b)
		}
	}
	for in := IntentStep; in < numIntents; in++ {
		if in == IntentRun || in == IntentPause {
			continue // reached through IntentRunToggle
		}
		found := false
		for _, b := range Bindings() {
			found = found || b.Intent == in
		}
		if !found {
			t.Errorf("no key for %v", in)
		}
	}
}

// TestLossNotYetReadsDash: mid-step, before the forward pass reaches the
// loss, the screen says "—", not "NaN"; once computed, the number.
func TestLossNotYetReadsDash(t *testing.T) {
	l := newTestLab(t)
	l.Apply(IntentStep)
	l.Apply(IntentStageNext) // the next sample's conv
	if l.Stage() != core.StageConv {
		t.Fatalf("stage %v, want %v", l.Stage(), core.StageConv)
	}
	if got := string(appendLoss(nil, l)); got != "—" {
		t.Errorf("loss before the forward pass reads %q, want —", got)
	}
	for l.Stage() != core.StageLoss {
		l.Apply(IntentStageNext)
	}
	if got := string(appendLoss(nil, l)); got == "—" || got == "NaN" {
		t.Errorf("loss after the forward pass reads %q, want a number", got)
	}
}

// typeNumber types the digits of s as the keys 0–9 do.
func typeNumber(l *Lab, s string) {
	for _, c := range s {
		l.Apply(IntentDigit0 + Intent(c-'0'))
	}
}

// TestTypeSampleNumber: digits open a "go to sample" entry, Backspace edits
// it, Enter goes there (and takes no step), and the entry closes.
func TestTypeSampleNumber(t *testing.T) {
	l := newTestLab(t)
	if d, open := l.Entry(); open || d != "" {
		t.Fatalf("a new lab: entry %q open %v, want none", d, open)
	}
	typeNumber(l, "1")
	if d, open := l.Entry(); !open || d != "1" {
		t.Fatalf("after 1: entry %q open %v, want \"1\" open", d, open)
	}
	typeNumber(l, "29")
	l.Apply(IntentBackspace)
	typeNumber(l, "7")
	if d, _ := l.Entry(); d != "127" {
		t.Fatalf("after 1 2 9 Backspace 7: entry %q, want \"127\"", d)
	}
	l.Apply(IntentBackspace)
	if d, _ := l.Entry(); d != "12" {
		t.Fatalf("after Backspace: entry %q, want \"12\"", d)
	}
	l.Apply(IntentConfirm)
	if d, open := l.Entry(); open || d != "" {
		t.Errorf("after Enter: entry %q open %v, want closed", d, open)
	}
	if l.Sample() != 12 || l.Label() != 2 || l.Steps() != 0 || l.Stage() != core.StageLoss {
		t.Errorf("after 12 Enter: sample %d label %d step %d stage %v; want sample 12, label 2, no step, its forward pass",
			l.Sample(), l.Label(), l.Steps(), l.Stage())
	}
	if l.Message() != "" {
		t.Errorf("after 12 Enter: message %q, want none", l.Message())
	}
	// Leading zeros are only zeros: 007 is sample 7.
	typeNumber(l, "007")
	l.Apply(IntentConfirm)
	if l.Sample() != 7 {
		t.Errorf("after 007 Enter: sample %d, want 7", l.Sample())
	}
}

// TestTypedSampleOutOfRange: Enter on a number past the data set keeps the
// sample and its step, and says which numbers exist.
func TestTypedSampleOutOfRange(t *testing.T) {
	l := newTestLab(t)
	l.Apply(IntentNextSample)
	l.Apply(IntentStageNext) // δˢ: a step in progress, which must survive
	stage, before := l.Stage(), cloneParams(&l.Net.Params, l.cfg)
	typeNumber(l, "50")
	l.Apply(IntentConfirm)
	if l.Sample() != 1 || l.Stage() != stage || l.Steps() != 0 || !paramsEqual(before, &l.Net.Params) {
		t.Errorf("after 50 Enter on 50 digits: sample %d stage %v step %d; want sample 1 at %v, no step, parameters kept",
			l.Sample(), l.Stage(), l.Steps(), stage)
	}
	if want := "sample 50 does not exist: choose one from 0 to 49"; l.Message() != want {
		t.Errorf("message %q, want %q", l.Message(), want)
	}
	if _, open := l.Entry(); open {
		t.Error("the entry stayed open after Enter")
	}
	// More digits than any index has are ignored, not an overflow.
	typeNumber(l, "99999999999999999999")
	if d, _ := l.Entry(); len(d) != maxEntry {
		t.Errorf("after 20 nines: entry %q, want %d digits", d, maxEntry)
	}
	l.Apply(IntentConfirm)
	if l.Sample() != 1 || !strings.Contains(l.Message(), "999999999 does not exist") {
		t.Errorf("after nines Enter: sample %d message %q; want sample 1 and a message", l.Sample(), l.Message())
	}
}

// TestTypedSampleCancel: Esc closes the entry and changes nothing else (not
// even the message, or the help); the next Esc does what Esc always does.
func TestTypedSampleCancel(t *testing.T) {
	l := newTestLab(t)
	l.Apply(IntentHelp)
	typeNumber(l, "3")
	l.Apply(IntentDismiss)
	if _, open := l.Entry(); open {
		t.Fatal("Esc left the entry open")
	}
	if l.Sample() != 0 || l.Steps() != 0 || !l.HelpShown() {
		t.Errorf("after 3 Esc: sample %d step %d help %v; want 0, 0, help still shown", l.Sample(), l.Steps(), l.HelpShown())
	}
	l.Apply(IntentDismiss)
	if l.HelpShown() {
		t.Error("the second Esc did not close the help")
	}
	// Enter after a cancel is a step again.
	l.Apply(IntentConfirm)
	if l.Steps() != 1 || l.Sample() != 0 {
		t.Errorf("Enter after a cancel: step %d sample %d, want step 1 on sample 0", l.Steps(), l.Sample())
	}
	// Backspace with nothing typed does nothing; erasing every digit leaves
	// the entry open, and Enter then only closes it.
	l.Apply(IntentBackspace)
	if _, open := l.Entry(); open {
		t.Error("Backspace with nothing typed opened an entry")
	}
	typeNumber(l, "4")
	l.Apply(IntentBackspace)
	if d, open := l.Entry(); !open || d != "" {
		t.Errorf("4 Backspace: entry %q open %v, want \"\" open", d, open)
	}
	l.Apply(IntentConfirm)
	if _, open := l.Entry(); open || l.Steps() != 1 || l.Sample() != 0 {
		t.Errorf("Enter on an empty entry: open %v step %d sample %d; want closed, nothing else", open, l.Steps(), l.Sample())
	}
}

// TestEnterStepsWithoutEntry: with no number being typed, Enter is a step,
// as Space is.
func TestEnterStepsWithoutEntry(t *testing.T) {
	a, b := newTestLab(t), newTestLab(t)
	for range 3 {
		a.Apply(IntentConfirm)
		b.Apply(IntentStep)
	}
	if a.Steps() != 3 || a.Sample() != b.Sample() || !paramsEqual(&a.Net.Params, &b.Net.Params) {
		t.Errorf("3 × Enter: step %d sample %d; want what 3 × Space gives, step %d sample %d", a.Steps(), a.Sample(), b.Steps(), b.Sample())
	}
}

func TestDigitIntents(t *testing.T) {
	for d := range 10 {
		in := IntentDigit0 + Intent(d)
		if got, ok := in.Digit(); !ok || got != d {
			t.Errorf("(%v).Digit() = %d, %v; want %d", in, got, ok, d)
		}
		if want := "digit " + string(rune('0'+d)); in.String() != want {
			t.Errorf("String() = %q, want %q", in.String(), want)
		}
	}
	if _, ok := IntentStep.Digit(); ok {
		t.Error("IntentStep is a digit")
	}
}
