package core

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"backproplab/core/plain"
	"backproplab/internal/gomnist"
	"backproplab/internal/mnisttest"
)

// benchTrain is the MNIST training set, or nil where it cannot be read.
var benchTrain = sync.OnceValue(func() *Dataset {
	if dir := mnisttest.Dir(); dir != "" {
		if d, err := gomnist.Read(dir, "train", ReadDataset); err == nil {
			return d
		}
	}
	return nil
})

// benchDigits returns the first 256 digits of benchTrain as X, or, where
// that cannot be read (wasm under Node with no GOMNIST_DATA), as many
// synthetic pen strokes of the same sparsity.
var benchDigits = sync.OnceValues(func() ([][]float64, []int) {
	if d := benchTrain(); d != nil {
		var xs [][]float64
		var ls []int
		for i := 0; i < 256 && i < d.Len(); i++ {
			x := make([]float64, d.Rows*d.Cols)
			ls = append(ls, d.Sample(x, i))
			xs = append(xs, x)
		}
		return xs, ls
	}
	r := rand.New(rand.NewPCG(1, 1))
	var xs [][]float64
	var ls []int
	for i := 0; i < 256; i++ {
		xs = append(xs, strokeDigit(r))
		ls = append(ls, i%10)
	}
	return xs, ls
})

// strokeDigit draws an ellipse of random size with a soft 2-pixel pen in a
// 28×28 field, centred like MNIST's 20×20 box: about a fifth of the pixels
// are nonzero, as in MNIST.
func strokeDigit(r *rand.Rand) []float64 {
	x := make([]float64, 28*28)
	cu, cv := 14+r.Float64()*2-1, 14+r.Float64()*2-1
	ru, rv := 6+r.Float64()*3, 3+r.Float64()*4
	for t := 0.0; t < 2*math.Pi; t += 0.05 {
		pu, pv := cu+ru*math.Sin(t), cv+rv*math.Cos(t)
		for u := int(pu) - 2; u <= int(pu)+2; u++ {
			for v := int(pv) - 2; v <= int(pv)+2; v++ {
				if u < 0 || u >= 28 || v < 0 || v >= 28 {
					continue
				}
				d := math.Hypot(float64(u)-pu, float64(v)-pv)
				x[u*28+v] = math.Max(x[u*28+v], math.Max(0, 1-d/2))
			}
		}
	}
	return x
}

// benchStep times training steps as training runs them: on the MNIST
// training digits one after the other, each converted from its bytes as
// Trainer.Step does, at lr 0.01, on a net that the default schedule has
// trained for 6,000 steps first. How long a step takes depends on the
// net's state: backward visits the pool blocks whose winner has Z > 0,
// 300 to 370 of the 1,152 in this state (BenchmarkStepMemorised times a net
// where they are most of them). Without the digits (wasm under Node with
// no GOMNIST_DATA), it steps through synthetic ones on a fresh net.
func benchStep(b *testing.B, withDX bool) {
	d := benchTrain()
	if d == nil {
		benchStepOn(b, withDX, 0)
		return
	}
	n, _ := New(MNIST, NewRand(1))
	tr, err := NewTrainer(n, d, NewRand(1), DefaultSchedule(d.Len()))
	if err != nil {
		b.Fatal(err)
	}
	for range 6000 {
		tr.Step()
	}
	x := make([]float64, MNIST.C*MNIST.H*MNIST.W)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n.step(x, d.Sample(x, i), 0.01, withDX)
		i = (i + 1) % d.Len()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// benchStepOn times steps that go round the 256 digits of benchDigits at lr
// 0.01, on a fresh net that has first taken warm of those steps untimed.
func benchStepOn(b *testing.B, withDX bool, warm int) {
	xs, ls := benchDigits()
	n, _ := New(MNIST, rand.New(rand.NewPCG(1, 2)))
	i := 0
	for range warm {
		n.step(xs[i], ls[i], 0.01, withDX)
		i = (i + 1) % len(xs)
	}
	b.ReportAllocs()
	for b.Loop() {
		n.step(xs[i], ls[i], 0.01, withDX)
		i = (i + 1) % len(xs)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkStep is one training step at the reference size (C=1, 28×28,
// F=8, K=5, M=10): forward, backward without ∂L/∂X, and the update.
func BenchmarkStep(b *testing.B) { benchStep(b, false) }

// BenchmarkStepWithDX is the same step with ∂L/∂X, as the viewer runs it.
func BenchmarkStepWithDX(b *testing.B) { benchStep(b, true) }

// BenchmarkStepDXShare times the step with ∂L/∂X against the step
// without, interleaved in one run on the same work: two copies of
// benchStep's net take the same 64 digits in turn, one copy each way, round
// after round, so that they stay in the same state. dx/step is the median
// over the rounds of the ratio of their times: what BenchmarkStepWithDX
// costs over BenchmarkStep, by which a speed measured against Step (lab's
// BenchmarkFullSpeed) converts to one against StepWithDX.
func BenchmarkStepDXShare(b *testing.B) {
	var a *Net
	var sample func(x []float64, i int) int
	size := 0
	if d := benchTrain(); d != nil {
		a, _ = New(MNIST, NewRand(1))
		tr, err := NewTrainer(a, d, NewRand(1), DefaultSchedule(d.Len()))
		if err != nil {
			b.Fatal(err)
		}
		for range 6000 {
			tr.Step()
		}
		sample, size = d.Sample, d.Len()
	} else {
		xs, ls := benchDigits()
		a, _ = New(MNIST, rand.New(rand.NewPCG(1, 2)))
		sample = func(x []float64, i int) int { copy(x, xs[i]); return ls[i] }
		size = len(xs)
	}
	dx, _ := New(MNIST, nil)
	dx.Params.CopyFrom(&a.Params)
	x := make([]float64, MNIST.C*MNIST.H*MNIST.W)
	const round = 64
	ratios := make([]float64, 0, 1<<16) // allocated before the timing starts
	var without, with time.Duration
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		for k := range round {
			a.step(x, sample(x, (i+k)%size), 0.01, false)
		}
		t1 := time.Now()
		for k := range round {
			dx.step(x, sample(x, (i+k)%size), 0.01, true)
		}
		t2 := time.Now()
		i = (i + round) % size
		without, with = without+t1.Sub(t0), with+t2.Sub(t1)
		if len(ratios) < cap(ratios) {
			ratios = append(ratios, t2.Sub(t1).Seconds()/t1.Sub(t0).Seconds())
		}
	}
	slices.Sort(ratios)
	b.ReportMetric(float64(round*b.N)/without.Seconds(), "steps/s")
	b.ReportMetric(float64(round*b.N)/with.Seconds(), "dx-steps/s")
	b.ReportMetric(ratios[len(ratios)/2], "dx/step")
}

// BenchmarkStepMemorised is the step on a net that has memorised 256
// digits: 20,000 steps round them at a constant lr from a fresh net leave
// positive biases, which make Z > 0 in the digits' blank margins, so about
// 970 of the 1,152 pool blocks are sites (about 300 in training) and
// backward visits them all. A harder case than training.
func BenchmarkStepMemorised(b *testing.B) { benchStepOn(b, false, 20000) }

// BenchmarkStepPlain is the same training step done by package plain
// (plain.Step): the spec's equations as nested loops, dense, allocating
// its tensors, as a first implementation would. BenchmarkStep's speed-up
// over it is the figure to compare across machines.
func BenchmarkStepPlain(b *testing.B) {
	xs, ls := benchDigits()
	n, _ := New(MNIST, rand.New(rand.NewPCG(1, 2)))
	p := &n.Params
	i := 0
	for b.Loop() {
		plain.Step(plain.Sizes(MNIST), xs[i], plainParams(p), ls[i], 0.01)
		i = (i + 1) % len(xs)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkStage times each stage of the step on its own, to show where the
// time goes. It repeats one digit, so the branch predictor learns it: judge
// changes to branches with BenchmarkStep, which goes through the digits.
func BenchmarkStage(b *testing.B) {
	xs, ls := benchDigits()
	n, _ := New(MNIST, rand.New(rand.NewPCG(1, 2)))
	for s := StageConv; s <= StageDX; s++ {
		b.Run(s.String(), func(b *testing.B) {
			n.SetInput(xs[0], ls[0])
			n.Forward()
			n.Backward(true)
			b.ReportAllocs()
			for b.Loop() {
				n.RunStage(s)
			}
		})
	}
	b.Run("update", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n.Update(1e-9)
		}
	})
}
