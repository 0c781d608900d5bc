package lab

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"backproplab/core"
)

// The journal is every step taken since the reset: which sample, at which
// learning rate, and what it gave (the loss, whether the prediction was
// right, whether P was all 0). Training is deterministic for a seed, so the
// journal and the initial weights determine every later state: going to
// step t loads the nearest checkpoint of the parameters at or before t and
// replays the steps after it with core.Net.Step, which leaves the
// parameters bit for bit as the stepped path does (core's
// TestStepIsTheStages).
//
// What it costs: 9 bytes a step (the loss, 8, and the flags, 1), plus 16
// bytes for each sample chosen by hand and each change of the learning
// rate; the samples that follow one another round the data set, as training
// takes them, cost nothing. The checkpoints are bounded whatever the length
// of the run: at most maxSparse of them spread over the whole run (every
// `every` steps, doubling when they fill up) and nearN recent ones every
// nearEvery steps, for stepping back; each is one copy of W, b, U and c
// (11,738 float64 for MNIST's network, 94 KB), so 160 of them, 15 MB, and
// up to maxSparse/2 buffers of dropped ones kept for reuse: 21 MB at most.
type journal struct {
	losses []float64
	flags  []uint8 // flagRight | flagDead
	jumps  []jump  // steps whose sample is not the one after the previous
	rates  []rate  // the learning rate from each step on
	n      int     // the data set's size, for "the one after"

	sparse []checkpoint // steps 0, every, 2·every, …, in order
	every  int
	near   [nearN]checkpoint // step/nearEvery mod nearN; step -1 when empty
	spare  [][]float64       // buffers of dropped checkpoints, for reuse

	// taught are the steps taught on the pad's drawing (pad.go's "label"),
	// in order: they ran on an input that is no MNIST digit, so the
	// journal keeps that input (C×H×W values, 6 KB for MNIST) and its true
	// class, and replays it bit for bit. Teaching is by hand, one drawing at
	// a time: maxTaught of them, 1.6 MB at most, and then a sentence.
	taught []taughtStep

	replay *replayJob // a link's run being replayed a slice a frame, nil if none

	// away is set while the lab shows a step before the last one: then
	// headSample and headLR are the sample and rate that the step in
	// progress at the head had, restored on coming back to it.
	away       bool
	headSample int
	headLR     float64
	// headPad is set when the step in progress at the head is on the pad's
	// drawing (not yet journaled): headX and headLabel are its input.
	headPad   bool
	headX     []float64
	headLabel int
}

// taughtStep is a step taught on a drawing: step t's input and class.
type taughtStep struct {
	step  int
	label int
	x     []float64
}

// maxTaught is how many taught drawings a journal keeps (256 × 6 KB =
// 1.6 MB): a class teaches a handful by hand.
const maxTaught = 256

const (
	flagRight = 1 << iota // the prediction before the update was the label
	flagDead              // P was all 0
)

// maxJournal is the most steps a journal keeps (9 MB of it): at full speed
// in the page, about ten minutes of training. Then training pauses and says
// so.
const maxJournal = 1 << 20

const (
	maxSparse = 128
	nearN     = 32
	nearEvery = 16
)

type jump struct{ step, sample int }

type rate struct {
	step int
	lr   float64
}

type checkpoint struct {
	step int
	p    []float64
}

// Len is the number of steps journaled.
func (j *journal) Len() int { return len(j.losses) }

func (j *journal) reset(p *core.Params, n int) {
	for _, c := range j.sparse {
		j.spare = append(j.spare, c.p)
	}
	for i := range j.near {
		if j.near[i].p != nil {
			j.spare = append(j.spare, j.near[i].p)
		}
		j.near[i] = checkpoint{step: -1}
	}
	j.losses, j.flags, j.jumps, j.rates = j.losses[:0], j.flags[:0], j.jumps[:0], j.rates[:0]
	j.sparse, j.taught = j.sparse[:0], j.taught[:0]
	j.every, j.n, j.away, j.headPad = 1, max(n, 1), false, false
	j.replay = nil
	j.keep(0, p)
}

// sample is the sample of step t < Len.
func (j *journal) sample(t int) int {
	i := sort.Search(len(j.jumps), func(i int) bool { return j.jumps[i].step > t }) - 1
	if i < 0 {
		return t % j.n
	}
	return (j.jumps[i].sample + t - j.jumps[i].step) % j.n
}

// lr is the learning rate of step t < Len.
func (j *journal) lr(t int) float64 {
	i := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].step > t }) - 1
	return j.rates[i].lr
}

// taughtAt is step t's drawing if step t was taught on the pad, else nil.
func (j *journal) taughtAt(t int) *taughtStep {
	i := sort.Search(len(j.taught), func(i int) bool { return j.taught[i].step >= t })
	if i < len(j.taught) && j.taught[i].step == t {
		return &j.taught[i]
	}
	return nil
}

// next is the sample that a step after the journal's last takes when
// nobody chose another: the one after the last's.
func (j *journal) next() int {
	if t := j.Len(); t > 0 {
		return (j.sample(t-1) + 1) % j.n
	}
	return 0
}

// resize is the data's new size n (the page's grows when all of MNIST
// arrives), for the steps after the journal's last. The steps so far
// counted round the old size: each place where that count came round to
// 0 becomes a jump, so that they keep their samples (and a link made
// later carries them so).
func (j *journal) resize(n int) {
	n, old := max(n, 1), j.n
	if n == old {
		return
	}
	segs := append([]jump{{0, 0}}, j.jumps...) // the first stretch starts at step 0, sample 0
	var out []jump
	for i, s := range segs {
		end := j.Len()
		if i+1 < len(segs) {
			end = segs[i+1].step
		}
		if i > 0 {
			out = append(out, s)
		}
		for w := s.step + old - s.sample%old; w < end; w += old {
			out = append(out, jump{w, 0})
		}
	}
	j.jumps, j.n = out, n
}

// teach marks the step just added as taught on the drawing x with class
// label (x is copied).
func (j *journal) teach(x []float64, label int) {
	j.taught = append(j.taught, taughtStep{j.Len() - 1, label, append([]float64(nil), x...)})
}

// linkSteps is how many of the journal's steps a link can carry: all of
// them, or those before the first taught step, whose drawing an address
// cannot hold.
func (j *journal) linkSteps() int {
	if len(j.taught) > 0 {
		return j.taught[0].step
	}
	return j.Len()
}

// input puts step t's input into x and returns its class: the drawing it
// was taught on, or its MNIST digit.
func (j *journal) input(x []float64, data *core.Dataset, t int) int {
	if k := j.taughtAt(t); k != nil {
		copy(x, k.x)
		return k.label
	}
	return data.Sample(x, j.sample(t))
}

// add journals the step that just ran (the parameters p after it).
func (j *journal) add(sample int, lr, loss float64, flags uint8, p *core.Params) {
	t := j.Len()
	if sample != j.next() {
		j.jumps = append(j.jumps, jump{t, sample})
	}
	if len(j.rates) == 0 || j.rates[len(j.rates)-1].lr != lr {
		j.rates = append(j.rates, rate{t, lr})
	}
	j.losses = append(j.losses, loss)
	j.flags = append(j.flags, flags)
	j.keep(t+1, p)
}

// keep stores a checkpoint of p, the parameters after step steps, where
// the schedule wants one.
func (j *journal) keep(step int, p *core.Params) {
	if step%nearEvery == 0 {
		c := &j.near[step/nearEvery%nearN]
		c.step = step
		c.p = j.save(c.p, p)
	}
	if step%j.every != 0 || len(j.sparse) > 0 && j.sparse[len(j.sparse)-1].step >= step {
		return
	}
	if len(j.sparse) == maxSparse {
		j.every *= 2
		kept := j.sparse[:0]
		for _, c := range j.sparse {
			if c.step%j.every == 0 {
				kept = append(kept, c)
			} else {
				j.spare = append(j.spare, c.p)
			}
		}
		j.sparse = kept
		if step%j.every != 0 {
			return
		}
	}
	j.sparse = append(j.sparse, checkpoint{step, j.save(nil, p)})
}

// save copies p into buf (reused if it is there, else a spare one).
func (j *journal) save(buf []float64, p *core.Params) []float64 {
	n := len(p.W.Data) + len(p.B.Data) + len(p.U.Data) + len(p.C.Data)
	if buf == nil && len(j.spare) > 0 {
		buf, j.spare = j.spare[len(j.spare)-1], j.spare[:len(j.spare)-1]
	}
	if len(buf) != n {
		buf = make([]float64, n)
	}
	o := copy(buf, p.W.Data)
	o += copy(buf[o:], p.B.Data)
	o += copy(buf[o:], p.U.Data)
	copy(buf[o:], p.C.Data)
	return buf
}

func load(p *core.Params, buf []float64) {
	o := copy(p.W.Data, buf)
	o += copy(p.B.Data, buf[o:])
	o += copy(p.U.Data, buf[o:])
	copy(p.C.Data, buf[o:])
}

// nearest is the latest checkpoint at or before step t.
func (j *journal) nearest(t int) checkpoint {
	i := sort.Search(len(j.sparse), func(i int) bool { return j.sparse[i].step > t }) - 1
	best := j.sparse[i] // step 0 is always there
	for _, c := range j.near {
		if c.step > best.step && c.step <= t {
			best = c
		}
	}
	return best
}

// truncate forgets steps t and after.
func (j *journal) truncate(t int) {
	if t >= j.Len() {
		return
	}
	j.losses, j.flags = j.losses[:t], j.flags[:t]
	for len(j.jumps) > 0 && j.jumps[len(j.jumps)-1].step >= t {
		j.jumps = j.jumps[:len(j.jumps)-1]
	}
	for len(j.rates) > 0 && j.rates[len(j.rates)-1].step >= t {
		j.rates = j.rates[:len(j.rates)-1]
	}
	for len(j.taught) > 0 && j.taught[len(j.taught)-1].step >= t {
		j.taught = j.taught[:len(j.taught)-1]
	}
	for len(j.sparse) > 1 && j.sparse[len(j.sparse)-1].step > t {
		j.spare = append(j.spare, j.sparse[len(j.sparse)-1].p)
		j.sparse = j.sparse[:len(j.sparse)-1]
	}
	for i := range j.near {
		if j.near[i].step > t {
			j.near[i].step = -1
		}
	}
}

// JournalBytes is what the lab's journal of the run holds now, its steps
// and checkpoints: the one part of the lab that grows as it trains, bounded
// by maxJournal steps and the checkpoints' schedule.
func (l *Lab) JournalBytes() int { return l.jr.Bytes() }

// Bytes is what the journal holds now: the steps and the checkpoints.
func (j *journal) Bytes() int {
	b := 9*cap(j.losses) + 16*(cap(j.jumps)+cap(j.rates))
	for _, c := range j.sparse {
		b += 8 * len(c.p)
	}
	for _, c := range j.near {
		b += 8 * len(c.p)
	}
	for _, p := range j.spare {
		b += 8 * len(p) // dropped checkpoints' buffers, kept for the next ones
	}
	for _, k := range j.taught {
		b += 8*len(k.x) + 40
	}
	return b + 8*len(j.headX)
}

// The journal in the address: "3000_n60000_0l0.01_0s12_150s7_200l0.03" is
// 3000 steps on a data set of 60,000 training digits; from step 0 the rate
// 0.01 and sample 12, from step 150 sample 7 (and the ones after it), from
// step 200 the rate 0.03. Steps not named take the sample after the
// previous one, round the data set: "n" says how many it had, so that a
// page that has only the embedded digits yet waits for all of MNIST
// instead of counting round the wrong number (a journal without it counts
// round the lab's data set, as the first links did).

// String is the journal as the address carries it, "" when empty: up to
// its first taught step (see linkSteps).
func (j *journal) String() string { return j.stringTo(j.linkSteps()) }

// stringTo is the journal's first n steps as the address carries them.
func (j *journal) stringTo(n int) string {
	if n == 0 {
		return ""
	}
	b := strconv.AppendInt(nil, int64(n), 10)
	b = append(b, "_n"...)
	b = strconv.AppendInt(b, int64(j.n), 10)
	ji, ri := 0, 0
	jn := sort.Search(len(j.jumps), func(i int) bool { return j.jumps[i].step >= n })
	rn := sort.Search(len(j.rates), func(i int) bool { return j.rates[i].step >= n })
	for ji < jn || ri < rn {
		if ri < rn && (ji == jn || j.rates[ri].step <= j.jumps[ji].step) {
			b = append(b, '_')
			b = strconv.AppendInt(b, int64(j.rates[ri].step), 10)
			b = append(b, 'l')
			b = strconv.AppendFloat(b, j.rates[ri].lr, 'g', -1, 64)
			ri++
			continue
		}
		b = append(b, '_')
		b = strconv.AppendInt(b, int64(j.jumps[ji].step), 10)
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(j.jumps[ji].sample), 10)
		ji++
	}
	return string(b)
}

// plan is a journal read from the address: its steps' samples and rates,
// and the size of the data set they count round (n).
type plan struct {
	steps int
	n     int
	jumps []jump
	rates []rate
}

// maxData bounds a journal's data set: MNIST has 60,000 training digits.
const maxData = 1 << 20

// parsePlan reads the address's journal; n is the lab's data set's size,
// which the steps count round unless the journal says its own. On a bad
// part it returns the steps before that part, which are good, and says
// what was wrong.
func parsePlan(v string, n int) (plan, error) {
	p := plan{n: n}
	parts := strings.Split(strings.TrimSpace(v), "_")
	steps, err := strconv.Atoi(parts[0])
	if err != nil || steps < 0 {
		return plan{n: n}, fmt.Errorf("the journal %q does not start with a number of steps", clip(v))
	}
	if steps > maxJournal {
		return plan{n: n}, fmt.Errorf("the journal has %d steps, more than the %d a lab keeps", steps, maxJournal)
	}
	p.steps = steps
	parts = parts[1:]
	if len(parts) > 0 && strings.HasPrefix(parts[0], "n") {
		d, err := strconv.Atoi(parts[0][1:])
		if err != nil || d < 1 || d > maxData {
			return plan{n: n}, fmt.Errorf("the journal's data set %q is not a number of training digits from 1 to %d: starting from step 0", clip(parts[0]), maxData)
		}
		p.n = d
		parts = parts[1:]
	}
	last := 0
	for _, part := range parts {
		bad := func(why string) (plan, error) {
			p.steps = last
			if len(p.rates) == 0 || p.rates[0].step > 0 {
				p.steps = 0
			}
			return p, fmt.Errorf("the journal's part %q %s: keeping its first %d steps", clip(part), why, p.steps)
		}
		k := strings.IndexAny(part, "ls")
		if k <= 0 {
			return bad("is not a step and l<rate> or s<sample>")
		}
		t, err := strconv.Atoi(part[:k])
		if err != nil || t < last || t >= steps {
			return bad("names a step out of order or past the end")
		}
		val := part[k+1:]
		if part[k] == 'l' {
			lr, err := parseLR(val)
			if err != nil {
				return bad("has a learning rate that cannot be used")
			}
			p.rates = append(p.rates, rate{t, lr})
		} else {
			s, err := strconv.Atoi(val)
			if err != nil || s < 0 || s >= p.n {
				return bad(fmt.Sprintf("names a sample that does not exist (there are %d)", p.n))
			}
			p.jumps = append(p.jumps, jump{t, s})
		}
		last = t
	}
	if steps > 0 && (len(p.rates) == 0 || p.rates[0].step != 0) {
		return plan{n: n}, errors.New("the journal gives no learning rate for step 0: starting from step 0")
	}
	return p, nil
}

func (p plan) sample(t, n int) int {
	i := sort.Search(len(p.jumps), func(i int) bool { return p.jumps[i].step > t }) - 1
	if i < 0 {
		return t % n
	}
	return (p.jumps[i].sample + t - p.jumps[i].step) % n
}

func (p plan) lr(t int) float64 {
	i := sort.Search(len(p.rates), func(i int) bool { return p.rates[i].step > t }) - 1
	return p.rates[i].lr
}

// Stage names in the address: ASCII words for core's stages.
var stageWords = [...]string{"start", "conv", "relu", "pool", "fc", "loss", "delta_s", "fc_grad",
	"delta_P", "delta_A", "delta_Z", "conv_grad", "dX", "update"}

func stageWord(s core.Stage) string { return stageWords[s+1] }

func parseStage(v string) (core.Stage, error) {
	v = strings.TrimSpace(v)
	for i, w := range stageWords {
		if w == v {
			return core.Stage(i - 1), nil
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n >= -1 && n < core.NumStages {
		return core.Stage(n), nil
	}
	return 0, fmt.Errorf("stage %q is not one of %s", clip(v), strings.Join(stageWords[:], ", "))
}

func init() {
	register(
		command{CommandDoc{"goto", "<step> [stage]", "go to a step of the run, and a stage of it (restored exactly)"}, (*Lab).doGoto},
		command{CommandDoc{"back", "", "go back one whole step, to the same stage"}, (*Lab).doBack},
		command{CommandDoc{"forward", "", "go forward one whole step along the run, to the same stage"}, (*Lab).doForward},
		command{CommandDoc{"class", "", "class mode on or off (back to the lab)"}, (*Lab).doClass},
		command{CommandDoc{"journal", "<journal>", "replay a run from the address: steps, samples and rates, from the seed"}, (*Lab).doJournal},
	)
}

func (l *Lab) doGoto(arg string) error {
	f := strings.Fields(arg)
	if len(f) == 0 || len(f) > 2 {
		return errors.New("goto: give a step, such as 300, and optionally a stage, such as relu")
	}
	step, err := strconv.Atoi(f[0])
	if err != nil || step < 0 {
		return fmt.Errorf("goto: step %q is not a whole number from 0", clip(f[0]))
	}
	stage := l.stepper.Done()
	if len(f) == 2 {
		if stage, err = parseStage(f[1]); err != nil {
			return err
		}
	}
	if n := l.jr.Len(); step > n {
		l.travel(n, stage)
		return fmt.Errorf("step %d has not been trained: the run has %d steps; showing step %d", step, n, n)
	}
	return l.travel(step, stage)
}

func (l *Lab) doBack(arg string) error {
	if err := noArg("back", arg); err != nil {
		return err
	}
	stage := l.stepper.Done()
	step := l.step - 1
	if stage == core.StageUpdate && step < 1 || step < 0 {
		return errors.New("this is the first step of the run: there is none before it")
	}
	return l.travel(step, stage)
}

func (l *Lab) doForward(arg string) error {
	if err := noArg("forward", arg); err != nil {
		return err
	}
	if l.step+1 > l.jr.Len() {
		return errors.New("this is the last step of the run: press Space to train the next one")
	}
	return l.travel(l.step+1, l.stepper.Done())
}

// travel shows step `step` (as Status counts it: the steps done) at stage
// s, exactly as training from the seed left it. The step in progress is
// the step's own from the journal, or at the head the one that was in
// progress there.
func (l *Lab) travel(step int, s core.Stage) error {
	n := l.jr.Len()
	if s == core.StageUpdate && step == 0 {
		s = core.StageLoss // no update has run at step 0: its nearest stage
	}
	l.running = false
	l.commit()
	if !l.jr.away {
		l.jr.headSample, l.jr.headLR = l.headSampleLR()
		// A drawing in progress at the head (on the pad, not yet taught
		// through its update) is kept for coming back to it.
		j := &l.jr
		j.headPad = l.onPad && l.stepper.Done() != core.StageUpdate
		if j.headPad {
			j.headX = append(j.headX[:0], l.x...)
			j.headLabel = l.label
		}
	}
	t := step // the step in progress, whose parameters before it are after t steps
	if s == core.StageUpdate {
		t = step - 1
	}
	l.restore(t)
	if t < n {
		l.loadStep(t)
		l.jr.away = true
	} else {
		l.loadHead()
	}
	l.stepper.Begin(l.x, l.label)
	l.stepper.GoTo(s)
	l.step = step
	l.rebuildCounts()
	l.diverged = false
	l.startRoute()
	return nil
}

// headSampleLR is the sample and rate of the step to be taken at the
// head of the run: the step in progress there, or after a finished one the
// next. The address carries them, so that a link shown at an earlier step
// goes on as the run did.
func (l *Lab) headSampleLR() (int, float64) {
	switch {
	case l.jr.away:
		return l.jr.headSample, l.jr.headLR
	case l.stepper.Done() == core.StageUpdate && l.jr.Len() > 0 && l.data != nil && l.data.Len() > 0:
		return l.sampleOf(l.step), l.lr
	}
	return l.sample, l.lr
}

// nextWord is the address's "next": the sample of the step to be taken at
// the head when it is not the one after the journal's last, else "".
func (l *Lab) nextWord(next int) string {
	n := l.jr.Len()
	if n == 0 || l.data == nil || l.data.Len() == 0 || next == (l.jr.sample(n-1)+1)%l.data.Len() {
		return ""
	}
	return strconv.Itoa(next)
}

// advanceAway is advance away from the head: the next step is the
// journal's, or at the head the one that was in progress there.
func (l *Lab) advanceAway() {
	if l.step < l.jr.Len() {
		l.loadStep(l.step)
	} else {
		l.loadHead()
	}
}

// loadStep makes step t of the journal the step's input: its sample and
// rate, and its drawing if it was taught on the pad.
func (l *Lab) loadStep(t int) {
	l.sample, l.lr = l.jr.sample(t), l.jr.lr(t)
	l.stepper.LR = l.lr
	l.loadSample()
	if k := l.jr.taughtAt(t); k != nil {
		copy(l.x, k.x)
		l.label, l.onPad = k.label, true
	}
}

// loadHead makes the head's step in progress the step's input again, as
// it was when the lab went away from it.
func (l *Lab) loadHead() {
	j := &l.jr
	l.sample, l.lr = j.headSample, j.headLR
	j.away = false
	l.stepper.LR = l.lr
	l.loadSample()
	if j.headPad {
		copy(l.x, j.headX)
		l.label, l.onPad = j.headLabel, true
		j.headPad = false
	}
}

// restore sets the parameters to those after t steps: from the current
// ones if they are at or before t and no checkpoint is nearer, else from
// the nearest checkpoint, replaying the journal's steps after it.
func (l *Lab) restore(t int) {
	l.paramsChanged()
	from := l.step // Net.Params are those after l.step steps, at any stage
	c := l.jr.nearest(t)
	if from > t || c.step > from || l.diverged {
		load(&l.net.Params, c.p)
		from = c.step
	}
	x := make([]float64, len(l.x))
	for i := from; i < t; i++ {
		label := l.jr.input(x, l.data, i)
		l.net.Step(x, label, l.jr.lr(i))
		if (i+1)%nearEvery == 0 {
			k := &l.jr.near[(i+1)/nearEvery%nearN]
			k.step = i + 1
			k.p = l.jr.save(k.p, &l.net.Params)
		}
	}
}

// rebuildCounts sets the running accuracy and the dead count from the
// journal's first l.step steps.
func (l *Lab) rebuildCounts() {
	l.acc = accRing{}
	f := l.jr.flags[:min(l.step, l.jr.Len())]
	for _, v := range f[max(0, len(f)-len(l.acc.ok)):] {
		l.acc.push(v&flagRight != 0)
	}
	l.dead = 0
	for i := len(f) - 1; i >= 0 && f[i]&flagDead != 0; i-- {
		l.dead++
	}
	l.died = l.dead >= deadAfter
}

// continueHere makes the step shown the last of the run, dropping the
// steps after it and saying so: training goes on from here.
func (l *Lab) continueHere() {
	n := l.jr.Len()
	if !l.jr.away && l.step >= n {
		return
	}
	l.jr.truncate(l.step)
	l.jr.away = false
	l.hist.reset()
	var acc accRing
	for i, loss := range l.jr.losses {
		acc.push(l.jr.flags[i]&flagRight != 0)
		frac, _ := acc.value()
		l.hist.add(loss, frac)
	}
	l.hasPend = false
	if dropped := n - l.step; dropped > 0 {
		l.msg = fmt.Sprintf("training goes on from step %d: the %d later steps (to step %d) are dropped", l.step, dropped, n)
	}
}

// journalStep journals the step whose update just ran on l.sample at l.lr.
// At the head it is appended; away from it, a step that does what the
// journal says moves along it, and one that does not (another rate) drops
// the rest of the run first.
func (l *Lab) journalStep() {
	t := l.step - 1 // the step that ran
	if l.jr.away && t < l.jr.Len() {
		if l.sameStep(t) {
			if t == l.jr.Len()-1 {
				l.jr.away = false // arrived at the head, its update done
			}
			return
		}
		l.step = t
		l.continueHere()
		l.step = t + 1
	}
	var f uint8
	if l.net.Prediction() == l.label {
		f |= flagRight
	}
	if l.dead > 0 {
		f |= flagDead
	}
	if l.onPad {
		// A drawing is no sample: the journal keeps it, and the samples'
		// chain goes on as if the step had none.
		l.jr.add(l.jr.next(), l.stepper.LR, l.net.Act.L, f, &l.net.Params)
		l.jr.teach(l.x, l.label)
	} else {
		l.jr.add(l.sample, l.stepper.LR, l.net.Act.L, f, &l.net.Params)
	}
	if l.jr.Len() >= maxJournal {
		l.running = false
		l.msg = fmt.Sprintf("the journal is full (%d steps): reset (R) to train more", maxJournal)
	}
}

// sameStep reports whether the step that just ran is step t of the
// journal: the same rate, and the same sample, or the same drawing and
// class.
func (l *Lab) sameStep(t int) bool {
	if l.jr.lr(t) != l.stepper.LR {
		return false
	}
	k := l.jr.taughtAt(t)
	if k == nil || !l.onPad {
		return k == nil && !l.onPad && l.jr.sample(t) == l.sample
	}
	if k.label != l.label {
		return false
	}
	for i, v := range k.x {
		if math.Float64bits(v) != math.Float64bits(l.x[i]) {
			return false
		}
	}
	return true
}

// roomToTeach fails when the journal holds as many taught drawings as it
// keeps (maxTaught): teaching another would lose one.
func (l *Lab) roomToTeach() error {
	keep := len(l.jr.taught)
	if l.jr.away {
		// Teaching away from the head drops the run after the step shown.
		t := l.step
		if l.stepper.Done() == core.StageUpdate {
			t++
		}
		keep = sort.Search(len(l.jr.taught), func(i int) bool { return l.jr.taught[i].step >= t })
	}
	if keep >= maxTaught {
		return fmt.Errorf("the journal keeps %d taught drawings, and has them all: reset (R) to teach more", maxTaught)
	}
	return nil
}

// linkCut is where a link of what is shown must stop: ok is set when the
// run holds a drawing taught on the pad that the link cannot carry (or the
// step shown is on the pad), and steps is how many steps the link then
// carries: those before the first drawing.
func (l *Lab) linkCut() (steps int, ok bool) {
	n := l.jr.linkSteps()
	return n, n < l.jr.Len() || l.onPad
}

// cutLink makes st, the settings of what is shown, a link that can be
// opened elsewhere: when the run holds a taught drawing, the journal stops
// before it, and if the step shown is that drawing's or after it, the link
// shows the last step before it.
func (l *Lab) cutLink(st *Settings) {
	n, ok := l.linkCut()
	if !ok {
		return
	}
	shown := l.step
	if l.stepper.Done() == core.StageUpdate {
		shown--
	}
	if n < l.jr.Len() {
		st.Next, st.LR = "", l.jr.lr(n) // the run's head is then step n, at the rate it had
	}
	if l.onPad || shown >= n {
		st.Step, st.Stage = n, core.StageUpdate
		st.Sample = l.jr.sample(max(n-1, 0))
		if n == 0 {
			st.Stage, st.Sample = DefaultSettings.Stage, l.jr.sample(0)
			if l.jr.Len() == 0 {
				st.Sample = l.sample
			}
		}
	}
}

// replayLink makes st, while a link's run is replayed, the link being
// opened (the run whole, and its head as replaying it leaves it), not the
// part replayed so far.
func (l *Lab) replayLink(st *Settings) {
	if r := l.jr.replay; r != nil {
		// The same every frame, so that the page's address is not
		// rewritten every frame (which browsers throttle).
		st.Journal, st.Next, st.LR, st.Sample = r.arg, "", r.lr, 0
		st.Step, st.Stage = r.plan.steps, core.StageLoss
	}
}

// LinkNote is what a link to what is shown leaves out, as a sentence
// ending in "; ", or "" when it carries it all: a drawing taught on the
// pad cannot travel in an address.
func (l *Lab) LinkNote() string {
	n, ok := l.linkCut()
	if !ok {
		return ""
	}
	st := Settings{Step: -1}
	l.cutLink(&st)
	shows := ""
	if st.Step >= 0 {
		shows = fmt.Sprintf(" and shows step %d, not the step on the screen", n)
	}
	return fmt.Sprintf("the link carries the run's first %d steps%s: a step on a drawing of the pad (step %d) cannot travel in a link; ", n, shows, n+1)
}

// unjournal undoes journalStep at the head, when its update is stepped
// back over; away from the head the journal keeps the step.
func (l *Lab) unjournal() {
	if !l.jr.away && l.jr.Len() == l.step+1 {
		l.jr.truncate(l.step)
	}
}

// doJournal replays a run from the address on a fresh lab of its seed:
// each step on its sample at its rate. A bad part keeps the steps before
// it. A run of up to replayAtOnce steps is replayed at once; a longer one
// a slice a frame (Tick), saying how far it is, and the commands given
// meanwhile (the rest of the link's: the step, the stage, the cell) wait
// for it in order.
func (l *Lab) doJournal(arg string) error {
	n := 1
	if l.data != nil {
		n = max(l.data.Len(), 1)
	}
	p, perr := parsePlan(arg, n)
	if p.steps > 0 && (l.data == nil || l.data.Len() == 0) {
		return errNoData
	}
	lr := l.lr
	l.reset(l.seed)
	r := &replayJob{plan: p, n: p.n, lr: lr, err: perr, x: make([]float64, len(l.x)), arg: strings.TrimSpace(arg)}
	if p.steps > 0 && p.n > l.data.Len() {
		// Counted round more digits than are here yet (all of MNIST, still
		// loading): the replay waits for them (SetData), and the commands
		// given meanwhile wait with it.
		r.waiting = true
		l.jr.replay = r
		l.msg = r.progress()
		return perr
	}
	if p.steps <= replayAtOnce {
		l.replaySlice(r, p.steps, nil, 0)
		return l.replayDone(r)
	}
	l.jr.replay = r
	l.msg = r.progress()
	return perr
}

// replayAtOnce is the longest journal replayed within the command: about
// 150 ms in the page (a step there takes some 0.15 ms), a few frames.
const replayAtOnce = 1000

// maxQueued bounds the commands that wait for a replay.
const maxQueued = 64

// replayJob is a link's run being replayed: the plan, the next step of it,
// and the commands that wait for the end.
type replayJob struct {
	plan  plan
	n     int // the data set's size
	t     int // the next step to replay
	lr    float64
	err   error // what was wrong with the plan, said again at the end
	arg   string
	x     []float64
	queue []Command
	// waiting is set while the plan counts round more training digits
	// than the lab has: it starts when SetData brings them.
	waiting bool
}

func (r *replayJob) progress() string {
	if r.waiting {
		return fmt.Sprintf("the link's run is on %s training digits: it is replayed when all of them have loaded", grouped(r.n))
	}
	return fmt.Sprintf("replaying the link: step %d of %d", r.t, r.plan.steps)
}

// dataArrived starts a replay that waited for more digits, if they are
// here now. An app hands its digits over once: if they are still fewer
// than the link's (a link made on a larger set, a folder of a cut one),
// none will come.
func (l *Lab) dataArrived() {
	r := l.jr.replay
	if r == nil || !r.waiting {
		return
	}
	if r.n > l.data.Len() {
		l.NoMoreData("no more digits come")
		return
	}
	r.waiting = false
	l.msg = r.progress()
}

// NoMoreData tells the lab that no more training digits will come (the
// page could not load all of MNIST, or the desktop has only the embedded
// ones; why says so): a link's run that waited for them ends, in a
// sentence, and the commands that waited with it are carried out.
func (l *Lab) NoMoreData(why string) {
	r := l.jr.replay
	if r == nil || !r.waiting {
		return
	}
	l.jr.replay = nil
	l.runQueued(r) // the link's step among them, which cannot be gone to
	l.msg = fmt.Sprintf("the link's run is on %s training digits, and this lab has %s (%s): it shows step 0 instead", grouped(r.n), grouped(l.data.Len()), why)
	if r.err != nil {
		l.msg += "; " + r.err.Error()
	}
}

// runQueued carries out the commands that waited for the replay r, which
// has ended.
func (l *Lab) runQueued(r *replayJob) {
	for _, c := range r.queue {
		l.Apply(c)
	}
}

// Replaying reports whether a link's run is being replayed, a slice each
// Tick: call Tick every frame until it is not.
func (l *Lab) Replaying() bool { return l.jr.replay != nil }

// replaySlice replays steps of r until `upto`, or, with a clock, until
// budget has passed (checked every 4 steps: under a millisecond, or a few
// while the page's wasm is still being compiled). It reports whether the
// run diverged.
func (l *Lab) replaySlice(r *replayJob, upto int, now func() time.Time, budget time.Duration) (diverged bool) {
	var start time.Time
	if now != nil {
		start = now()
	}
	for ; r.t < upto; r.t++ {
		if now != nil && r.t%4 == 0 && now().Sub(start) >= budget {
			return false
		}
		t := r.t
		l.sample, l.lr = r.plan.sample(t, r.n), r.plan.lr(t)
		l.label = l.data.Sample(r.x, l.sample)
		L := l.net.Step(r.x, l.label, l.lr)
		l.paramsChanged()
		if math.IsNaN(L) || math.IsInf(L, 0) {
			l.reset(l.seed)
			r.err = fmt.Errorf("the journal's step %d diverges (the loss is not a number): starting from step 0", t)
			return true
		}
		l.step++
		l.watchDeath()
		right := l.net.Prediction() == l.label
		l.acc.push(right)
		frac, _ := l.acc.value()
		l.hist.add(L, frac)
		var f uint8
		if right {
			f |= flagRight
		}
		if l.dead > 0 {
			f |= flagDead
		}
		l.jr.add(l.sample, l.lr, L, f, &l.net.Params)
	}
	return false
}

// replayDone ends a replay whose steps have all run (or diverged): the
// step after the run begins, as at the end of any run, and the error is
// what was wrong with the plan.
func (l *Lab) replayDone(r *replayJob) error {
	if l.step == r.plan.steps {
		l.lr = r.lr
		l.stepper.LR = r.lr
		l.msg = ""
		l.advance()
		l.begin()
	}
	if r.err != nil {
		l.msg = r.err.Error()
	}
	return r.err
}

// replayTick replays the link's run for this frame's budget and, when it
// is all replayed, carries out the commands that waited for it.
func (l *Lab) replayTick(budget time.Duration, now func() time.Time) {
	r := l.jr.replay
	if r.waiting {
		return
	}
	if !l.replaySlice(r, r.plan.steps, now, budget) && r.t < r.plan.steps {
		l.msg = r.progress()
		return
	}
	l.jr.replay = nil
	l.replayDone(r)
	l.runQueued(r)
}

// replayCancels are the commands that start afresh: given during a
// replay, they end it (and what waited for it) instead of waiting.
var replayCancels = map[string]bool{"reset": true, "seed": true, "journal": true, "weights": true, "arch": true}

// replayPasses are the commands that change only how the screen looks,
// not the run: given during a replay (a link's mode=class), they are
// carried out at once, so that the page shows the link's mode while it
// replays.
var replayPasses = map[string]bool{"scope": true, "presenter": true, "help": true, "speed": true, "class": true}

// await keeps c for the end of the replay, or ends the replay if c starts
// afresh. It reports whether c was kept.
func (l *Lab) await(c Command) (bool, error) {
	r := l.jr.replay
	if replayPasses[c.Name] || c.Name == "mode" && c.Arg != ModePad.String() {
		return false, nil
	}
	if replayCancels[c.Name] {
		l.jr.replay = nil
		l.msg = ""
		return false, nil
	}
	if len(r.queue) == maxQueued {
		return true, fmt.Errorf("%s: wait, the link is being replayed (step %d of %d)", c.Name, r.t, r.plan.steps)
	}
	r.queue = append(r.queue, c)
	return true, nil
}

func (l *Lab) doClass(arg string) error {
	if err := noArg("class", arg); err != nil {
		return err
	}
	if l.mode == ModeClass {
		l.mode = ModeLab
	} else {
		l.mode = ModeClass
	}
	return nil
}
