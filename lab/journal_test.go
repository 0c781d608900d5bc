package lab

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"backproplab/core"
)

// shot is what the screen shows of a lab, as numbers: every tensor that
// the stages done have computed, the parameters now and before the step,
// and the status's numbers.
type shot struct {
	status string
	vals   map[string][]uint64
}

// tensorsBy lists the tensors each stage computes.
func tensorsBy(n *core.Net) map[core.Stage]map[string][]float64 {
	a, g := &n.Act, &n.Grad
	return map[core.Stage]map[string][]float64{
		core.StageConv:     {"Z": a.Z.Data},
		core.StageReLU:     {"A": a.A.Data},
		core.StagePool:     {"P": a.P.Data},
		core.StageFC:       {"s": a.S.Data},
		core.StageLoss:     {"yhat": a.Yhat.Data, "L": {a.L}},
		core.StageDeltaS:   {"delta_s": g.DeltaS.Data},
		core.StageFCGrad:   {"dU": g.DU.Data, "dc": g.Dc.Data},
		core.StageDeltaP:   {"delta_P": g.DeltaP.Data},
		core.StageDeltaA:   {"delta_A": g.DeltaA.Data},
		core.StageDeltaZ:   {"delta_Z": g.DeltaZ.Data},
		core.StageConvGrad: {"dW": g.DW.Data, "db": g.Db.Data},
		core.StageDX:       {"dX": g.DX.Data},
	}
}

func bits(v []float64) []uint64 {
	b := make([]uint64, len(v))
	for i, x := range v {
		b[i] = math.Float64bits(x)
	}
	return b
}

func snap(l *Lab) shot {
	st := l.Status()
	s := shot{
		status: fmt.Sprintf("step %d, stage %v, sample %d label %d, L %x, acc %x/%d, lr %v, pred %d",
			st.Step, st.Stage, st.Sample, st.Label, math.Float64bits(st.Loss), math.Float64bits(st.Accuracy), st.AccuracyN, st.LR, st.Prediction),
		vals: map[string][]uint64{"X": bits(l.net.Act.X.Data)},
	}
	for name, p := range map[string]*core.Params{"now": &l.net.Params, "before": l.Before()} {
		s.vals[name+".W"], s.vals[name+".b"] = bits(p.W.Data), bits(p.B.Data)
		s.vals[name+".U"], s.vals[name+".c"] = bits(p.U.Data), bits(p.C.Data)
	}
	for stage, ts := range tensorsBy(l.net) {
		if stage <= st.Stage {
			for name, v := range ts {
				s.vals[name] = bits(v)
			}
		}
	}
	return s
}

// differ names the first difference between two shots, "" if none.
func differ(a, b shot) string {
	if a.status != b.status {
		return fmt.Sprintf("status %q, want %q", a.status, b.status)
	}
	if len(a.vals) != len(b.vals) {
		return fmt.Sprintf("%d tensors, want %d", len(a.vals), len(b.vals))
	}
	for name, v := range b.vals {
		w := a.vals[name]
		if len(w) != len(v) {
			return name + " is missing"
		}
		for i := range v {
			if v[i] != w[i] {
				return fmt.Sprintf("%s[%d] = %v, want %v", name, i, math.Float64frombits(w[i]), math.Float64frombits(v[i]))
			}
		}
	}
	return ""
}

// script trains a lab to `steps` steps the ways a class does: stepped
// whole, fast (as Run does), with the rate changed and a sample chosen on
// the way.
func script(t testing.TB, l *Lab, steps int) {
	t.Helper()
	for l.step < steps {
		switch i := l.step; {
		case i == 100:
			l.Apply(Command{"lr", "0.03"})
		case i == 250 && l.stepper.Done() == core.StageUpdate:
			l.Apply(Command{"sample", "7"})
		case i == 400:
			l.Apply(Command{"lr", "down"})
		}
		if l.step%37 == 0 || l.step == steps-1 { // a frame's last step is shown whole
			if err := l.Apply(Do("step")); err != nil {
				t.Fatal(err)
			}
		} else if !l.fastStep() {
			t.Fatal("diverged")
		}
	}
}

func mustApply(t testing.TB, l *Lab, c Command) {
	t.Helper()
	if err := l.Apply(c); err != nil {
		t.Fatalf("Apply(%v) = %v", c, err)
	}
}

// TestGotoEqualsTraining: going back to step N of a run (and to any stage
// of it) shows bit for bit what training N steps from the seed shows.
func TestGotoEqualsTraining(t *testing.T) {
	run := newTestLab(t)
	script(t, run, 700)
	for _, n := range []int{1, 37, 99, 101, 300, 513, 699, 700} {
		fresh := newTestLab(t)
		script(t, fresh, n)
		mustApply(t, run, Command{"goto", fmt.Sprint(n, " update")})
		if d := differ(snap(run), snap(fresh)); d != "" {
			t.Fatalf("goto %d update: %s", n, d)
		}
		if n == 700 {
			continue // the head's next step is not the journal's
		}
		mustApply(t, fresh, Do("stage-next"))
		for s := core.StageConv; s < core.StageUpdate; s++ {
			mustApply(t, run, Command{"goto", fmt.Sprint(n, " ", stageWord(s))})
			if d := differ(snap(run), snap(fresh)); d != "" {
				t.Fatalf("goto %d %s: %s", n, stageWord(s), d)
			}
			mustApply(t, fresh, Do("stage-next"))
		}
	}
	if st := run.Status(); st.Steps != 700 || run.History().Len() == 0 {
		t.Errorf("after going back and forth: the run has %d steps, want 700 kept", st.Steps)
	}
}

// TestStagesThereAndBack: from a step of the past, forward through every
// stage and back again, and a whole step back and forward, returns the
// same state bit for bit.
func TestStagesThereAndBack(t *testing.T) {
	l := newTestLab(t)
	script(t, l, 120)
	mustApply(t, l, Command{"goto", "80 start"})
	var shots []shot
	for {
		shots = append(shots, snap(l))
		if l.Stage() == core.StageUpdate {
			break
		}
		mustApply(t, l, Do("stage-next"))
	}
	for i := len(shots) - 1; i >= 0; i-- {
		if d := differ(snap(l), shots[i]); d != "" {
			t.Fatalf("back at stage %v: %s", core.Stage(i-1), d)
		}
		if i > 0 {
			mustApply(t, l, Do("stage-prev"))
		}
	}
	mustApply(t, l, Command{"goto", "80 delta_A"})
	here := snap(l)
	mustApply(t, l, Do("back"))
	if st := l.Status(); st.Step != 79 || st.Stage != core.StageDeltaA {
		t.Errorf("back: step %d stage %v, want 79 δᴬ", st.Step, st.Stage)
	}
	mustApply(t, l, Do("forward"))
	if d := differ(snap(l), here); d != "" {
		t.Errorf("back then forward: %s", d)
	}
	// Walking on along the run by Space keeps it whole.
	for range 40 {
		mustApply(t, l, Do("step"))
	}
	if st := l.Status(); st.Step != 120 || st.Steps != 120 || st.Message != "" {
		t.Errorf("walking to the head by Space: step %d of %d, message %q; want 120 of 120 and none", st.Step, st.Steps, st.Message)
	}
	mustApply(t, l, Do("step"))
	if st := l.Status(); st.Step != 121 || st.Steps != 121 {
		t.Errorf("one more step at the head: step %d of %d, want 121 of 121", st.Step, st.Steps)
	}
}

// TestLinkRoundTrip: a lab opened from another's address shows the same
// numbers, the same curve, and gives the same address.
func TestLinkRoundTrip(t *testing.T) {
	l := newTestLab(t)
	script(t, l, 450)
	mustApply(t, l, Command{"sample", "12"}) // the head's step in progress: chosen by hand
	mustApply(t, l, Command{"goto", "260 delta_A"})
	mustApply(t, l, Command{"select", "delta_A.40"})
	mustApply(t, l, Command{"mode", "class"})
	s := l.Settings()
	q := s.Values().Encode()
	if len(q) > 200 {
		t.Errorf("the address is %d bytes for 450 steps: %s", len(q), q)
	}
	read, problems := ParseQuery(q)
	if problems != nil || read != s {
		t.Fatalf("ParseQuery(%s) = %+v, %v; want %+v", q, read, problems, s)
	}
	o := newTestLab(t)
	for _, c := range read.Commands() {
		mustApply(t, o, c)
	}
	if d := differ(snap(o), snap(l)); d != "" {
		t.Fatalf("opened from %s: %s", q, d)
	}
	if o.Settings() != s {
		t.Errorf("opened from %s: Settings %+v, want %+v", q, o.Settings(), s)
	}
	if o.History().Len() != l.History().Len() || o.History().Per() != l.History().Per() {
		t.Fatalf("curve: %d points of %d steps, want %d of %d", o.History().Len(), o.History().Per(), l.History().Len(), l.History().Per())
	}
	for i := range l.History().Len() {
		a, b := o.History().At(i)
		c, d := l.History().At(i)
		if a != c || b != d {
			t.Fatalf("curve point %d: %v %v, want %v %v", i, a, b, c, d)
		}
	}
	// Both go on to the head the same way: to the sample chosen there.
	mustApply(t, o, Command{"goto", "450 loss"})
	mustApply(t, l, Command{"goto", "450 loss"})
	if d := differ(snap(o), snap(l)); d != "" || o.Status().Sample != 12 {
		t.Errorf("at the head: sample %d (want 12); %s", o.Status().Sample, d)
	}
}

// TestContinueFromThePast: running from an earlier step drops the later
// ones, says so, and trains as a run from there would.
func TestContinueFromThePast(t *testing.T) {
	l := newTestLab(t)
	script(t, l, 300)
	mustApply(t, l, Command{"goto", "200 update"})
	mustApply(t, l, Do("run"))
	if st := l.Status(); st.Steps != 200 || !strings.Contains(st.Message, "100 later steps") {
		t.Errorf("run at step 200 of 300: %d steps kept, message %q", st.Steps, st.Message)
	}
	l.fastStep()
	l.fastStep()
	l.Apply(Do("pause"))
	fresh := newTestLab(t)
	script(t, fresh, 200)
	fresh.fastStep()
	fresh.fastStep()
	if !paramsEqual(&l.net.Params, &fresh.net.Params) || l.History().Len() != fresh.History().Len() {
		t.Error("continued from step 200: the weights differ from a run that stopped at 200")
	}
	// Another rate at a past step's update is another run from there.
	mustApply(t, l, Command{"goto", "150 dX"})
	mustApply(t, l, Command{"lr", "0.1"})
	mustApply(t, l, Do("stage-next"))
	if st := l.Status(); st.Steps != 151 || !strings.Contains(st.Message, "dropped") {
		t.Errorf("update at another rate at step 151 of 202: %d steps kept, message %q", st.Steps, st.Message)
	}
}

// TestBadLinks: an address with a bad journal or step opens the nearest
// state it can, and says what it refused.
func TestBadLinks(t *testing.T) {
	l := newTestLab(t)
	err := l.Apply(Command{"journal", "300_0l0.01_120s7_200s999"})
	if err == nil || !strings.Contains(err.Error(), "keeping its first 120 steps") || l.Status().Steps != 120 {
		t.Errorf("a journal naming sample 999 of 50: %v, %d steps", err, l.Status().Steps)
	}
	err = l.Apply(Command{"goto", "500 relu"})
	if st := l.Status(); err == nil || st.Step != 120 || st.Stage != core.StageReLU {
		t.Errorf("goto 500 of 120: %v; at step %d %v", err, st.Step, st.Stage)
	}
	for _, q := range []string{"journal=many", "journal=5_2l0.01", "journal=5_0q3", "step=x", "stage=sideways"} {
		s, problems := ParseQuery("seed=4&" + q)
		if len(problems) != 1 || s.Seed != 4 || s.Journal != "" || s.Step != 0 || s.Stage != core.StageLoss {
			t.Errorf("?seed=4&%s: %+v, %v; want seed 4 and one problem", q, s, problems)
		}
	}
}

// TestJournalMemoryIsBounded: 100,000 steps cost 9 bytes each and a
// bounded number of checkpoints.
func TestJournalMemoryIsBounded(t *testing.T) {
	cfg := core.Config{C: 1, H: 6, W: 6, K: 3, F: 2, M: 3}
	p := core.NewParams(cfg)
	var j journal
	j.reset(&p, 50)
	const steps = 100_000
	for i := range steps {
		p.W.Data[0] = float64(i)
		j.add(i*3%50, 0.01, 1, flagRight, &p)
	}
	if len(j.sparse) > maxSparse {
		t.Errorf("%d sparse checkpoints, want at most %d", len(j.sparse), maxSparse)
	}
	per := len(p.W.Data) + len(p.B.Data) + len(p.U.Data) + len(p.C.Data)
	if most := 2*9*steps + 16*2*steps + 8*per*(maxSparse+nearN); j.Bytes() > most {
		t.Errorf("the journal holds %d bytes, want at most %d", j.Bytes(), most)
	}
	for _, t0 := range []int{0, 1, 4095, 55555, steps} {
		c := j.nearest(t0)
		if c.step > t0 || t0-c.step > j.every || c.p[0] != float64(c.step-1) && c.step > 0 {
			t.Errorf("nearest(%d) = step %d (spacing %d), W[0] %v", t0, c.step, j.every, c.p[0])
		}
	}
}

// longRun is a lab after 100,000 steps at full speed, for the benchmarks.
func longRun(b *testing.B) *Lab {
	l := newTestLab(b)
	for l.step < 100_000 {
		if !l.fastStep() {
			b.Fatal("diverged")
		}
	}
	l.Apply(Do("step"))
	return l
}

// BenchmarkBackOneStep: the back key, again and again, from the head of a
// 100,000-step run.
func BenchmarkBackOneStep(b *testing.B) {
	l := longRun(b)
	for b.Loop() {
		if l.Apply(Do("back")) != nil {
			b.StopTimer()
			l.Apply(Command{"goto", "100000 relu"})
			b.StartTimer()
		}
	}
	b.ReportMetric(float64(l.jr.Bytes())/100_000, "journal-B/step")
}

// BenchmarkGotoAnyStep: the timeline slider, to steps spread over a
// 100,000-step run.
func BenchmarkGotoAnyStep(b *testing.B) {
	l := longRun(b)
	i := 0
	for b.Loop() {
		i++
		step := (i * 38_197) % 100_000 // spread, never the one before
		if err := l.Apply(Command{"goto", fmt.Sprint(step, " relu")}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTaughtDrawingTravels: a step taught on the pad's drawing is
// journaled with its drawing, so that going back over it and forward again
// gives the same parameters bit for bit; a link, which cannot carry a
// drawing, carries the run up to it and says so.
func TestTaughtDrawingTravels(t *testing.T) {
	l := newTestLab(t)
	// Past step 256 the journal's checkpoints are 4 steps apart (and every
	// 16 near the head), so going to a step after a drawing replays it.
	script(t, l, 300)
	shots := map[int]shot{} // after each step from 300 on, update done
	mustApply(t, l, Command{"draw", seven})
	mustApply(t, l, Command{"label", "7"}) // step 301, on the drawing
	shots[301] = snap(l)
	if st := l.Status(); st.Step != 301 || st.Steps != 301 || st.Sample != -1 {
		t.Fatalf("after teaching: step %d of %d, sample %d; want 301 of 301 on the pad (-1)", st.Step, st.Steps, st.Sample)
	}
	for range 20 {
		mustApply(t, l, Do("step"))
		shots[l.step] = snap(l)
	}
	mustApply(t, l, Do("clear"))
	mustApply(t, l, Command{"draw", `[[[0.5, 0.15], [0.5, 0.85]]]`})
	mustApply(t, l, Command{"label", "1"}) // step 322
	shots[322] = snap(l)
	for range 5 {
		mustApply(t, l, Do("step"))
		shots[l.step] = snap(l)
	}
	headParams := cloneParams(&l.net.Params, l.cfg)
	for k := 301; k <= 327; k++ {
		mustApply(t, l, Command{"goto", "10 relu"}) // far back: from a checkpoint, replaying the drawings
		mustApply(t, l, Command{"goto", fmt.Sprint(k, " update")})
		if d := differ(snap(l), shots[k]); d != "" {
			t.Fatalf("back to step 10, then to step %d: %s", k, d)
		}
	}
	if !paramsEqual(&l.net.Params, headParams) {
		t.Fatal("at the head again: the parameters differ")
	}
	mustApply(t, l, Command{"goto", "321 delta_A"}) // step 322 in progress
	here := snap(l)
	if st := l.Status(); st.Sample != -1 || st.Label != 1 {
		t.Errorf("at the second drawing's step: sample %d label %d, want the pad's (-1) and 1", st.Sample, st.Label)
	}
	mustApply(t, l, Do("back"))
	mustApply(t, l, Do("forward"))
	if d := differ(snap(l), here); d != "" {
		t.Errorf("back and forward at the second drawing's step: %s", d)
	}
	for range 6 { // walking on by Space follows the run, drawings included
		mustApply(t, l, Do("step"))
	}
	if d := differ(snap(l), shots[327]); d != "" || l.Status().Steps != 327 {
		t.Errorf("walking from step 321 to the head by Space: %s (%d steps)", d, l.Status().Steps)
	}

	// The link stops before the first drawing, shows the step before it,
	// and says so; opened, it is that step exactly, and no drawing step.
	note := l.LinkNote()
	s := l.Settings()
	if s.Step != 300 || s.Stage != core.StageUpdate || !strings.HasPrefix(s.Journal, "300_") ||
		!strings.Contains(note, "first 300 steps") || !strings.Contains(note, "shows step 300") {
		t.Fatalf("the link at step 327: step %d %v, journal %q, note %q; want the first 300 steps, step 300, said so", s.Step, s.Stage, s.Journal, note)
	}
	o := newTestLab(t)
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	mustApply(t, l, Command{"goto", "300 update"})
	if d := differ(snap(o), snap(l)); d != "" || o.Status().Steps != 300 {
		t.Errorf("the link opened: %s, %d steps; want step 300 of 300 as the run had it", d, o.Status().Steps)
	}
	// Before the drawing, the link shows the step on the screen and
	// carries the run up to the drawing.
	mustApply(t, l, Command{"goto", "20 relu"})
	s = l.Settings()
	if note := l.LinkNote(); s.Step != 20 || s.Stage != core.StageReLU || !strings.HasPrefix(s.Journal, "300_") || strings.Contains(note, "shows") || note == "" {
		t.Errorf("the link at step 20: step %d %v, journal %q, note %q", s.Step, s.Stage, s.Journal, note)
	}
	// Without drawings the link carries everything, and says nothing.
	plain := newTestLab(t)
	script(t, plain, 30)
	if note, s := plain.LinkNote(), plain.Settings(); note != "" || !strings.HasPrefix(s.Journal, "30_") {
		t.Errorf("a run with no drawing: note %q, journal %q", note, s.Journal)
	}
}

// TestTaughtDrawingsAreBounded: the journal keeps maxTaught drawings and
// then refuses another with a sentence, losing nothing.
func TestTaughtDrawingsAreBounded(t *testing.T) {
	l := newTestLab(t)
	mustApply(t, l, Command{"draw", seven})
	for i := range maxTaught {
		mustApply(t, l, Command{"label", fmt.Sprint(i % 10)})
	}
	err := l.Apply(Command{"label", "7"})
	if err == nil || !strings.Contains(err.Error(), "taught drawings") || l.Status().Steps != maxTaught {
		t.Fatalf("teaching drawing %d: %v, %d steps; want a sentence and %d steps", maxTaught+1, err, l.Status().Steps, maxTaught)
	}
	if b := l.JournalBytes(); b > maxTaught*(8*784+40)+30*94_000*8 {
		t.Errorf("the journal of %d drawings holds %d bytes", maxTaught, b)
	}
	mustApply(t, l, Command{"goto", "3 update"}) // from the past, teaching drops the later ones
	mustApply(t, l, Command{"label", "2"})
	if st := l.Status(); st.Steps != 4 || !strings.Contains(st.Message, "dropped") {
		t.Errorf("teaching at step 3 of a full journal: %d steps, message %q; want 4 and the rest dropped", st.Steps, st.Message)
	}
}

// TestLongLinkReplaysInSlices: a link of many steps replays a slice a
// Tick, within the Tick's budget by the clock, saying how far it is; the
// link's other commands wait for it; and it ends bit for bit where the run
// it came from was.
func TestLongLinkReplaysInSlices(t *testing.T) {
	l := newTestLab(t)
	script(t, l, 3000)
	mustApply(t, l, Command{"goto", "2700 delta_A"})
	mustApply(t, l, Command{"select", "delta_A.40"})
	mustApply(t, l, Command{"mode", "class"})
	s := l.Settings()

	o := newTestLab(t)
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	if !o.Replaying() || o.Status().Steps >= 3000 || o.Status().Message != "replaying the link: step 0 of 3000" {
		t.Fatalf("a 3000-step link opened: replaying %v, %d steps, message %q; want a replay under way from step 0",
			o.Replaying(), o.Status().Steps, o.Status().Message)
	}
	if o.Status().Mode != ModeClass {
		t.Errorf("while replaying, the mode is %v: want the link's class mode at once", o.Status().Mode)
	}
	if got := o.Settings(); got.Journal != s.Journal {
		t.Errorf("while replaying, the address's journal is %q, want the link's %q", got.Journal, s.Journal)
	}
	mustApply(t, o, Command{"scope", "map"}) // a key pressed meanwhile waits too
	// A fake clock, 0.1 ms a reading: a 2 ms budget is 20 readings, one
	// every 4 steps, so some 80 steps a Tick.
	var clock time.Time
	now := func() time.Time { clock = clock.Add(100 * time.Microsecond); return clock }
	ticks, last := 0, 0
	for o.Replaying() {
		o.Tick(2*time.Millisecond, now)
		ticks++
		st := o.Status()
		if o.Replaying() && (st.Steps <= last || st.Steps-last > 100 || st.Message != fmt.Sprintf("replaying the link: step %d of 3000", st.Steps)) {
			t.Fatalf("tick %d: %d steps (after %d), message %q", ticks, st.Steps, last, st.Message)
		}
		last = st.Steps
		if ticks > 100 {
			t.Fatal("the replay does not end")
		}
	}
	if ticks < 20 {
		t.Errorf("3000 steps replayed in %d ticks of 2 ms: not in slices", ticks)
	}
	if d := differ(snap(o), snap(l)); d != "" {
		t.Fatalf("replayed in %d ticks: %s", ticks, d)
	}
	if st := o.Status(); st.Scope != ScopeMap || st.Selected != (Cell{"delta_A", 40}) || st.Mode != ModeClass || st.Message != "" {
		t.Errorf("after the replay: scope %v, cell %v, mode %v, message %q; want the commands that waited carried out", st.Scope, st.Selected, st.Mode, st.Message)
	}
	// A reset meanwhile ends the replay; nothing waits any more.
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	mustApply(t, o, Do("reset"))
	if st := o.Status(); o.Replaying() || st.Steps != 0 || st.Step != 0 {
		t.Errorf("reset during a replay: replaying %v, step %d of %d", o.Replaying(), st.Step, st.Steps)
	}
}

// When the data grows under a run (the page's 4,000 embedded digits, then
// all of MNIST), the steps before keep the samples they trained on, the
// steps after count round the new size, and going back and forth
// restores every step bitwise: here 60 steps on 50 digits (counting round
// once), then 100 digits and 50 more.
func TestJournalAcrossNewData(t *testing.T) {
	l := newTestLab(t) // 50 digits
	shots := map[int]shot{}
	for range 60 {
		mustApply(t, l, Do("step"))
		shots[l.step] = snap(l)
	}
	if err := l.SetData(synthData(100), synthData(20)); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		mustApply(t, l, Do("step"))
		shots[l.step] = snap(l)
	}
	for _, k := range []int{30, 55, 61, 75, 110} {
		mustApply(t, l, Command{"goto", "5 relu"})
		mustApply(t, l, Command{"goto", fmt.Sprint(k, " update")})
		if d := differ(snap(l), shots[k]); d != "" {
			t.Errorf("back to step 5, then to step %d: %s", k, d)
		}
	}
}

// TestLinkWaitsForItsData: a link made on all of MNIST, opened on a page
// that has only the embedded digits yet, waits for the rest instead of
// counting its steps round the wrong number of digits; the commands given
// meanwhile wait with it; when the digits come it replays bit for bit. If
// they never come, it says so and shows step 0. Here 130 steps on 100
// digits, opened on a lab of the first 50 of them.
func TestLinkWaitsForItsData(t *testing.T) {
	l := newTestLab(t)
	if err := l.SetData(synthData(100), synthData(20)); err != nil {
		t.Fatal(err)
	}
	script(t, l, 130)
	s := l.Settings()
	if !strings.Contains(s.Journal, "_n100_") {
		t.Fatalf("the link's journal %q does not say it counts round 100 digits", s.Journal)
	}
	want := snap(l)
	mustApply(t, l, Do("step"))
	wantAfter := snap(l)

	o := newTestLab(t) // 50 digits
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	if st := o.Status(); !o.Replaying() || st.Step != 0 || !strings.Contains(st.Message, "100 training digits") {
		t.Fatalf("opened on 50 digits: replaying %v, step %d, message %q; want it waiting, saying for what", o.Replaying(), st.Step, st.Message)
	}
	mustApply(t, o, Do("step")) // pressed meanwhile: waits for the replay
	var clock time.Time
	now := func() time.Time { clock = clock.Add(100 * time.Microsecond); return clock }
	for range 5 {
		o.Tick(2*time.Millisecond, now)
	}
	if st := o.Status(); !o.Replaying() || st.Steps != 0 {
		t.Fatalf("before the data came: replaying %v, %d steps; want it still waiting", o.Replaying(), st.Steps)
	}
	if err := o.SetData(synthData(100), synthData(20)); err != nil {
		t.Fatal(err)
	}
	for ticks := 0; o.Replaying(); ticks++ {
		if ticks > 1000 {
			t.Fatal("the replay does not end")
		}
		o.Tick(2*time.Millisecond, now)
	}
	if d := differ(snap(o), wantAfter); d != "" {
		t.Errorf("after the data came and the step that waited: %s", d)
	}
	mustApply(t, o, Command{"goto", "130 update"})
	if d := differ(snap(o), want); d != "" {
		t.Errorf("at the link's step 130: %s", d)
	}

	// The digits never come: a sentence, step 0, and what waited runs.
	q := newTestLab(t)
	for _, c := range s.Commands() {
		mustApply(t, q, c)
	}
	mustApply(t, q, Command{"lr", "0.02"})
	q.NoMoreData("all of MNIST could not be loaded")
	if st := q.Status(); q.Replaying() || st.Step != 0 || !strings.Contains(st.Message, "100 training digits") || !strings.Contains(st.Message, "could not be loaded") || st.LR != 0.02 {
		t.Errorf("no more data: replaying %v, step %d, lr %v, message %q", q.Replaying(), st.Step, st.LR, st.Message)
	}
}

// A link made on the embedded digits alone (before all of MNIST came)
// counts round them; on a lab that has more, whose first digits are the
// same, it replays the same steps.
func TestLinkOnFewerDigits(t *testing.T) {
	l := newTestLab(t) // 50 digits
	script(t, l, 70)   // round them once and more
	s := l.Settings()
	o, err := New(core.MNIST, synthData(100))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	if d := differ(snap(o), snap(l)); d != "" {
		t.Errorf("a 50-digit link on 100 digits: %s", d)
	}
	// Old links, without n, count round the lab's digits.
	p, err := parsePlan("70_0l0.01", 100)
	if err != nil || p.n != 100 || p.sample(60, p.n) != 60 {
		t.Errorf("a journal without n: %+v, %v", p, err)
	}
	for _, bad := range []string{"70_n0_0l0.01", "70_nx_0l0.01", "70_n99999999_0l0.01"} {
		if p, err := parsePlan(bad, 100); err == nil || p.steps != 0 {
			t.Errorf("parsePlan(%q) = %+v, %v; want a sentence and no steps", bad, p, err)
		}
	}
}

// Digits that come but are still fewer than the link's (a folder of a cut
// set) end the wait in a sentence: no more will come, and the lab does not
// stay "replaying" with every command queued.
func TestLinkOnMoreDigitsThanCome(t *testing.T) {
	l := newTestLab(t)
	if err := l.SetData(synthData(100), synthData(20)); err != nil {
		t.Fatal(err)
	}
	script(t, l, 130)
	s := l.Settings()
	o := newTestLab(t)
	for _, c := range s.Commands() {
		mustApply(t, o, c)
	}
	if err := o.SetData(synthData(80), synthData(20)); err != nil {
		t.Fatal(err)
	}
	if st := o.Status(); o.Replaying() || st.Step != 0 || !strings.Contains(st.Message, "100 training digits, and this lab has 80") {
		t.Errorf("80 of the link's 100 digits came: replaying %v, step %d, message %q", o.Replaying(), st.Step, st.Message)
	}
	mustApply(t, o, Do("step"))
	if o.Status().Steps != 1 {
		t.Errorf("a step after the wait ended: %d steps, want 1", o.Status().Steps)
	}
}
