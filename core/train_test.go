package core

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"backproplab/internal/mnisttest"
)

func TestScheduleAt(t *testing.T) {
	for _, tc := range []struct {
		s    Schedule
		t    int
		want float64
	}{
		{Schedule{LR: 0.1}, 0, 0.1},
		{Schedule{LR: 0.1}, 1e9, 0.1},
		{Schedule{LR: 0.1, Decay: DecayLinear}, 5, 0.1}, // Steps 0: constant
		{Schedule{LR: 0.1, Decay: DecayLinear, Steps: 10}, 0, 0.095},
		{Schedule{LR: 0.1, Decay: DecayLinear, Steps: 10}, 9, 0.005},
		{Schedule{LR: 0.1, Decay: DecayLinear, Steps: 10}, 10, 0.005}, // after the run: the last rate
		{Schedule{LR: 0.1, Decay: DecayLinear, Steps: 10}, -3, 0.095},
		{Schedule{LR: 0.1, Decay: DecayCosine, Steps: 2}, 0, 0.1 * (1 + math.Cos(math.Pi/4)) / 2},
		{Schedule{LR: 0.1, Decay: DecayCosine, Steps: 2}, 1, 0.1 * (1 + math.Cos(3*math.Pi/4)) / 2},
	} {
		if got := tc.s.At(tc.t); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%+v.At(%d) = %v, want %v", tc.s, tc.t, got, tc.want)
		}
	}
	// Over a whole run, both decays average LR/2, fall monotonically and
	// never reach 0.
	for _, d := range []Decay{DecayLinear, DecayCosine} {
		s := Schedule{LR: 0.03, Decay: d, Steps: 1000}
		var sum float64
		prev := math.Inf(1)
		for i := range s.Steps {
			lr := s.At(i)
			if lr <= 0 || lr > prev {
				t.Fatalf("%v: At(%d) = %v after %v, want positive and not rising", d, i, lr, prev)
			}
			prev = lr
			sum += lr
		}
		if mean := sum / float64(s.Steps); math.Abs(mean-0.015) > 1e-12 {
			t.Errorf("%v: mean rate %v over the run, want LR/2 = 0.015", d, mean)
		}
	}
	if got := DefaultSchedule(60000); got != (Schedule{LR: DefaultLR, Decay: DefaultDecay, Steps: 60000}) {
		t.Errorf("DefaultSchedule(60000) = %+v", got)
	}
	if DecayCosine.String() != "cosine" || Decay(7).String() != "Decay(7)" {
		t.Errorf("Decay names: %v, %v", DecayCosine, Decay(7))
	}
}

// barsConfig takes 8×8 images of one bar: classes 0 to 3 are a horizontal
// bar in the top or bottom half, or a vertical bar in the left or right half.
var barsConfig = Config{C: 1, H: 8, W: 8, K: 3, F: 4, M: 4}

// barsDataset draws n noisy bar images from r.
func barsDataset(n int, r *rand.Rand) *Dataset {
	d := &Dataset{Rows: 8, Cols: 8, Images: make([]uint8, n*64), Labels: make([]uint8, n)}
	for i := range n {
		class := r.IntN(4)
		img := d.Images[i*64 : (i+1)*64]
		for j := range img {
			img[j] = uint8(r.IntN(40)) // background noise
		}
		at := r.IntN(3) + 4*(class%2) // the bar's row or column, in its half
		for k := 0; k < 8; k++ {
			if class < 2 {
				img[at*8+k] = 200 + uint8(r.IntN(56))
			} else {
				img[k*8+at] = 200 + uint8(r.IntN(56))
			}
		}
		d.Labels[i] = uint8(class)
	}
	return d
}

func TestTrainerLearnsBars(t *testing.T) {
	train, test := barsDataset(400, rand.New(rand.NewPCG(1, 1))), barsDataset(200, rand.New(rand.NewPCG(2, 2)))
	r := rand.New(rand.NewPCG(3, 3))
	n, err := New(barsConfig, r)
	if err != nil {
		t.Fatal(err)
	}
	before := Accuracy(n, test)
	tr, err := NewTrainer(n, train, r, DefaultSchedule(3*train.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var first, last float64
	for range 3 * train.Len() {
		_, loss := tr.Step()
		if tr.Steps <= 100 {
			first += loss / 100
		}
		if tr.Steps > 3*train.Len()-100 {
			last += loss / 100
		}
	}
	if tr.Steps != 1200 || tr.Epoch != 3 {
		t.Errorf("after 1200 steps: Steps %d, Epoch %d, want 1200, 3", tr.Steps, tr.Epoch)
	}
	after := Accuracy(n, test)
	t.Logf("accuracy %.3f → %.3f, mean loss %.3f → %.3f", before, after, first, last)
	if after < 0.95 {
		t.Errorf("test accuracy after 3 epochs on bars = %.3f (before: %.3f), want ≥ 0.95", after, before)
	}
	if last > first/4 {
		t.Errorf("mean loss of the last 100 steps %.3f, want under a quarter of the first 100's %.3f", last, first)
	}
}

// TestTrainerEpochOrder checks that every epoch visits every sample once,
// in a new order, and that the seed alone decides the orders.
func TestTrainerEpochOrder(t *testing.T) {
	d := barsDataset(50, rand.New(rand.NewPCG(1, 1)))
	orders := func(seed uint64) [][]int {
		n, _ := New(barsConfig, rand.New(rand.NewPCG(seed, 0)))
		tr, err := NewTrainer(n, d, rand.New(rand.NewPCG(seed, 1)), Schedule{LR: 0.01})
		if err != nil {
			t.Fatal(err)
		}
		var out [][]int
		for range 3 {
			var o []int
			for range d.Len() {
				i, _ := tr.Step()
				o = append(o, i)
			}
			out = append(out, o)
		}
		return out
	}
	a := orders(7)
	for e, o := range a {
		s := slices.Sorted(slices.Values(o))
		for i, v := range s {
			if v != i {
				t.Fatalf("epoch %d visits %v, want each of 0…%d once", e, o, d.Len()-1)
			}
		}
	}
	if slices.Equal(a[0], a[1]) || slices.Equal(a[1], a[2]) {
		t.Errorf("two epochs in the same order %v", a[0])
	}
	identity := slices.Sorted(slices.Values(a[0]))
	if slices.Equal(a[0], identity) {
		t.Errorf("the first epoch is in file order")
	}
	b := orders(7)
	for e := range a {
		if !slices.Equal(a[e], b[e]) {
			t.Errorf("epoch %d: seed 7 gave %v, then %v", e, a[e][:10], b[e][:10])
		}
	}
	if c := orders(8); slices.Equal(a[0], c[0]) {
		t.Errorf("seeds 7 and 8 give the same order")
	}
}

// TestShuffleIsTheTrainersOrder checks the promise a replay of a run (the
// lab's linear schedule) relies on: a Trainer's epochs visit the samples
// in the orders that successive Shuffle calls draw from a twin of its
// source, whatever the slice held before.
func TestShuffleIsTheTrainersOrder(t *testing.T) {
	d := barsDataset(40, rand.New(rand.NewPCG(1, 1)))
	n, _ := New(barsConfig, rand.New(rand.NewPCG(3, 0)))
	tr, err := NewTrainer(n, d, NewRand(3), Schedule{LR: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	twin := NewRand(3)
	o := make([]int32, d.Len())
	for i := range o {
		o[i] = 99 // not an order: Shuffle starts from the identity
	}
	for e := range 3 {
		Shuffle(o, twin)
		for k, want := range o {
			if got, _ := tr.Step(); got != int(want) {
				t.Fatalf("epoch %d, step %d: the trainer visits sample %d, Shuffle's order %d", e, k, got, want)
			}
		}
	}
	if a := testing.AllocsPerRun(10, func() { Shuffle(o, twin) }); a != 0 {
		t.Errorf("Shuffle allocates %v times, want 0", a)
	}
}

// TestTrainerStepUsesSchedule checks that step t trains at Schedule.At(t)
// by replaying the trainer's steps on a twin network.
func TestTrainerStepUsesSchedule(t *testing.T) {
	d := barsDataset(10, rand.New(rand.NewPCG(1, 1)))
	n, _ := New(barsConfig, rand.New(rand.NewPCG(1, 2)))
	twin, _ := New(barsConfig, nil)
	twin.Params.CopyFrom(&n.Params)
	s := Schedule{LR: 0.5, Decay: DecayLinear, Steps: 15}
	tr, err := NewTrainer(n, d, rand.New(rand.NewPCG(1, 3)), s)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 64)
	for step := range 25 {
		i, loss := tr.Step()
		label := d.Sample(x, i)
		if want := twin.Step(x, label, s.At(step)); loss != want {
			t.Fatalf("step %d: loss %v, want %v from Net.Step at rate %v", step, loss, want, s.At(step))
		}
	}
	if !sameBits(n.Params.U.Data, twin.Params.U.Data) || !sameBits(n.Params.W.Data, twin.Params.W.Data) {
		t.Errorf("after 25 steps the trainer's weights differ from Net.Step's at Schedule.At(t)")
	}
}

func TestTrainerStepAllocatesNothing(t *testing.T) {
	d := barsDataset(7, rand.New(rand.NewPCG(1, 1)))
	n, _ := New(barsConfig, rand.New(rand.NewPCG(1, 2)))
	tr, err := NewTrainer(n, d, rand.New(rand.NewPCG(1, 3)), DefaultSchedule(100))
	if err != nil {
		t.Fatal(err)
	}
	// 50 runs cross several epoch boundaries, where the order is reshuffled.
	if a := testing.AllocsPerRun(50, func() { tr.Step() }); a != 0 {
		t.Errorf("Trainer.Step allocates %v times per step, want 0", a)
	}
}

func TestNewTrainerRefuses(t *testing.T) {
	d := barsDataset(5, rand.New(rand.NewPCG(1, 1)))
	n, _ := New(barsConfig, nil)
	other, _ := New(Config{C: 1, H: 9, W: 8, K: 3, F: 4, M: 4}, nil)
	two, _ := New(Config{C: 1, H: 8, W: 8, K: 3, F: 4, M: 2}, nil)
	rgb, _ := New(Config{C: 3, H: 8, W: 8, K: 3, F: 4, M: 4}, nil)
	clear(d.Labels)
	d.Labels[3] = 3
	r := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name string
		n    *Net
		d    *Dataset
		r    *rand.Rand
		s    Schedule
		want string
	}{
		{"empty", n, &Dataset{Rows: 8, Cols: 8}, r, Schedule{LR: 0.01}, "empty"},
		{"nil dataset", n, nil, r, Schedule{LR: 0.01}, "empty"},
		{"other size", other, d, r, Schedule{LR: 0.01}, "images are 1×8×8, the network takes 1×9×8"},
		{"colour net", rgb, d, r, Schedule{LR: 0.01}, "the network takes 3×8×8"},
		{"label out of range", two, d, r, Schedule{LR: 0.01}, "label 3 (of image 3) is not one of the 2 classes"},
		{"zero lr", n, d, r, Schedule{}, "learning rate"},
		{"NaN lr", n, d, r, Schedule{LR: math.NaN()}, "learning rate"},
		{"no rand", n, d, nil, Schedule{LR: 0.01}, "random"},
	} {
		if _, err := NewTrainer(tc.n, tc.d, tc.r, tc.s); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewTrainer error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestAccuracy(t *testing.T) {
	d := barsDataset(40, rand.New(rand.NewPCG(1, 1)))
	n, _ := New(barsConfig, nil) // zero weights: s = c, so the prediction is argmax c
	n.Params.C.Data[2] = 1
	want := 0
	for _, l := range d.Labels {
		if l == 2 {
			want++
		}
	}
	if got := Accuracy(n, d); got != float64(want)/40 {
		t.Errorf("Accuracy(always 2) = %v, want %d/40, the share of label 2", got, want)
	}
}

// TestDefaultsOnMNIST is the README's promise: one epoch with the defaults
// reaches at least 97.5% on the 10,000 test digits. It takes one epoch of
// training (a few seconds) and is skipped with -short.
func TestDefaultsOnMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains one MNIST epoch")
	}
	train, test := mnisttest.Set(t, "train", ReadDataset), mnisttest.Set(t, "t10k", ReadDataset)
	r := NewRand(DefaultSeed) // as cmd/backprop train seeds it
	n, err := New(MNIST, r)
	if err != nil {
		t.Fatal(err)
	}
	steps := DefaultEpochs * train.Len()
	tr, err := NewTrainer(n, train, r, DefaultSchedule(steps))
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		tr.Step()
	}
	acc := Accuracy(n, test)
	t.Logf("test accuracy after %d epoch(s) with the defaults: %.4f", DefaultEpochs, acc)
	if acc < 0.975 {
		t.Errorf("test accuracy after %d epoch(s) with the defaults = %.4f, want ≥ 0.975", DefaultEpochs, acc)
	}
}
