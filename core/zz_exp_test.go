//go:build exp

package core

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var (
	expLR     = flag.Float64("exp.lr", 0.05, "")
	expDecay  = flag.Int("exp.decay", 1, "")
	expEpochs = flag.Int("exp.epochs", 1, "")
	expSeed   = flag.Uint64("exp.seed", 1, "")
	expN      = flag.Int("exp.n", 60000, "")
	expNoShuf = flag.Bool("exp.noshuffle", false, "")
)

func expLoad(t *testing.T, prefix string) *Dataset {
	dir := mnistDataDir(t)
	img, _ := os.Open(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	lab, _ := os.Open(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	d, err := ReadDataset(img, lab)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestExp(t *testing.T) {
	train, test := expLoad(t, "train"), expLoad(t, "t10k")
	train.Labels = train.Labels[:*expN]
	train.Images = train.Images[:*expN*784]
	net, _ := New(MNIST, rand.New(rand.NewPCG(*expSeed, 0)))
	steps := *expEpochs * train.Len()
	tr, err := NewTrainer(net, train, rand.New(rand.NewPCG(*expSeed, 1)), Schedule{LR: *expLR, Decay: Decay(*expDecay), Steps: steps})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	x := make([]float64, 784)
	for i := 0; i < steps; i++ {
		if *expNoShuf {
			k := i % train.Len()
			l := train.Sample(x, k)
			net.Step(x, l, tr.Schedule.At(i))
		} else {
			tr.Step()
		}
	}
	el := time.Since(t0)
	acc := Accuracy(net, test)
	fmt.Printf("lr=%g decay=%v epochs=%d seed=%d n=%d noshuf=%v: acc=%.4f train %.2fs (%.0f steps/s)\n", *expLR, Decay(*expDecay), *expEpochs, *expSeed, *expN, *expNoShuf, acc, el.Seconds(), float64(steps)/el.Seconds())
}
