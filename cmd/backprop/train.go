package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"backproplab/core"
)

// trainOptions are the train command's flags.
type trainOptions struct {
	epochs int
	lr     float64
	decay  string
	seed   uint64
	out    string
	data   string
}

// maxEpochs bounds -epochs: an epoch of MNIST takes seconds, so this is
// hours, and a typo such as -epochs 1000000 is refused instead of run.
const maxEpochs = 1000

func trainFlags(out io.Writer) (*flag.FlagSet, *trainOptions) {
	o := &trainOptions{}
	fs := flag.NewFlagSet("backprop train", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&o.epochs, "epochs", core.DefaultEpochs, "passes over the 60,000 training digits (1 to 1000)")
	fs.Float64Var(&o.lr, "lr", core.DefaultLR, "learning rate at the first step (above 0, at most 1)")
	fs.StringVar(&o.decay, "decay", core.DefaultDecay.String(), "how the learning rate falls over the run: linear or cosine (to 0 at the end), or constant")
	fs.Uint64Var(&o.seed, "seed", core.DefaultSeed, "seed of the initial weights and of each epoch's shuffled order")
	fs.StringVar(&o.out, "out", "", "save the trained weights to this file (Backprop Lab weights format)")
	fs.StringVar(&o.data, "data", "", "folder with the MNIST IDX files (default: the GoMNIST module's data/ folder)")
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: backprop train [flags]\n\nTrain on the MNIST training digits, test on the test digits, print one JSON line.\n\n")
		fs.PrintDefaults()
	}
	return fs, o
}

// trainResult is the final JSON line of train. Seconds and StepsPerSecond
// count the training steps only, not loading the data or testing.
type trainResult struct {
	Epochs         int     `json:"epochs"`
	Steps          int     `json:"steps"`
	TestAccuracy   float64 `json:"test_accuracy"`
	Seconds        float64 `json:"seconds"`
	StepsPerSecond float64 `json:"steps_per_second"`
}

// runTrain is "backprop train": train the MNIST network from a seed with
// the schedule the flags give, test it, print the result as one JSON line
// on stdout, and save the weights if -out is given. Progress goes to
// stderr, updated in place on a terminal, one line per tenth of the run
// otherwise.
func runTrain(args []string, stdout, stderr io.Writer) int {
	flags, o := trainFlags(stderr)
	if err := flags.Parse(args); err != nil {
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "backprop train: "+format+"\n", a...)
		return 1
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "backprop train: unexpected argument %q (flags: -epochs, -lr, -decay, -seed, -out, -data)\n", flags.Arg(0))
		return 2
	}
	if o.epochs < 1 || o.epochs > maxEpochs {
		return fail("-epochs %d: want a number of passes from 1 to %d", o.epochs, maxEpochs)
	}
	if err := core.ValidLR(o.lr); err != nil {
		return fail("-lr: %v", err)
	}
	var decay core.Decay
	switch o.decay {
	case "linear":
		decay = core.DecayLinear
	case "cosine":
		decay = core.DecayCosine
	case "constant":
		decay = core.DecayConstant
	default:
		return fail("-decay %q: want linear, cosine or constant", o.decay)
	}

	// Make sure the weights can be written before spending minutes training:
	// they go to a temporary file in the same folder, renamed at the end, so
	// an existing file is replaced only by a complete one.
	var tmp *os.File
	if o.out != "" {
		var err error
		tmp, err = os.CreateTemp(filepath.Dir(o.out), "."+filepath.Base(o.out)+".tmp*")
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the temporary file's name would only confuse
			}
			return fail("-out %s: cannot write there: %v", o.out, err)
		}
		defer func() {
			tmp.Close()
			os.Remove(tmp.Name()) // fails harmlessly once renamed
		}()
	}

	dir := o.data
	if dir == "" {
		var err error
		if dir, err = findMNIST(); err != nil {
			return fail("%v", err)
		}
	}
	train, err := loadSet(dir, mnistFiles.trainImages, mnistFiles.trainLabels)
	if err != nil {
		return fail("%v", err)
	}
	test, err := loadSet(dir, mnistFiles.testImages, mnistFiles.testLabels)
	if err != nil {
		return fail("%v", err)
	}
	if test.Rows != train.Rows || test.Cols != train.Cols {
		return fail("the test images are %d×%d but the training images %d×%d", test.Rows, test.Cols, train.Rows, train.Cols)
	}

	// The MNIST network, sized to the images (28×28 for MNIST itself).
	cfg := core.MNIST
	cfg.H, cfg.W = train.Rows, train.Cols
	r := core.NewRand(o.seed)
	net, err := core.New(cfg, r) // the weights come first from r …
	if err != nil {
		return fail("images of %d×%d: %v", train.Rows, train.Cols, err)
	}
	steps := o.epochs * train.Len()
	tr, err := core.NewTrainer(net, train, r, core.Schedule{LR: o.lr, Decay: decay, Steps: steps}) // … then each epoch's order
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stderr, "training %v on %d digits for %d epoch(s), lr %g %s, seed %d\n", cfg, train.Len(), o.epochs, o.lr, decay, o.seed)

	prog := newProgress(stderr, steps, o.epochs, train.Len())
	start := time.Now()
	var lossSum float64
	var lossN int
	for tr.Steps < steps {
		_, loss := tr.Step()
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			prog.done()
			return fail("the loss became %v at step %d (epoch %d): the weights diverged; try a smaller -lr than %g, such as %g",
				loss, tr.Steps, (tr.Steps-1)/train.Len()+1, o.lr, core.DefaultLR)
		}
		lossSum += loss
		lossN++
		if prog.due(tr.Steps, start) {
			prog.report(tr.Steps, lossSum/float64(lossN), tr.Schedule.At(tr.Steps-1), time.Since(start))
			lossSum, lossN = 0, 0
		}
	}
	elapsed := time.Since(start)
	prog.done()

	acc := core.Accuracy(net, test)
	fmt.Fprintf(stderr, "test accuracy %.2f%% on %d digits\n", 100*acc, test.Len())
	if acc < 0.5 {
		fmt.Fprintf(stderr, "the network barely learnt: with -lr %g its ReLUs may have died; try a smaller -lr, such as %g\n", o.lr, core.DefaultLR)
	}

	if tmp != nil {
		w := bufio.NewWriter(tmp)
		if err := net.SaveWeights(w); err != nil {
			return fail("-out %s: %v", o.out, err)
		}
		if err := w.Flush(); err != nil {
			return fail("-out %s: %v", o.out, err)
		}
		if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it 0600
			return fail("-out %s: %v", o.out, err)
		}
		if err := tmp.Close(); err != nil {
			return fail("-out %s: %v", o.out, err)
		}
		if err := os.Rename(tmp.Name(), o.out); err != nil {
			return fail("-out %s: %v", o.out, err)
		}
		fmt.Fprintf(stderr, "saved the weights to %s\n", o.out)
	}

	secs := elapsed.Seconds()
	line, _ := json.Marshal(trainResult{
		Epochs:         o.epochs,
		Steps:          steps,
		TestAccuracy:   acc,
		Seconds:        math.Round(secs*100) / 100,
		StepsPerSecond: math.Round(float64(steps) / secs),
	})
	fmt.Fprintf(stdout, "%s\n", line)
	return 0
}

// loadSet reads an image file and its label file from dir.
func loadSet(dir, images, labels string) (*core.Dataset, error) {
	fi, err := openIDX(dir, images)
	if err != nil {
		return nil, err
	}
	defer fi.Close()
	fl, err := openIDX(dir, labels)
	if err != nil {
		return nil, err
	}
	defer fl.Close()
	d, err := core.ReadDataset(fi, fl)
	if err != nil {
		return nil, fmt.Errorf("%s and %s in %s: %v", filepath.Base(fi.Name()), filepath.Base(fl.Name()), dir, err)
	}
	return d, nil
}

// progress writes the progress of a run to a terminal (one line rewritten
// in place, a few times a second) or to a file or pipe (a line at each
// tenth of the run).
type progress struct {
	w                    io.Writer
	tty                  bool
	steps, epochs, epoch int
	next                 int           // the step of the next line (not tty)
	last                 time.Duration // the time of the last update (tty)
}

func newProgress(w io.Writer, steps, epochs, epochLen int) *progress {
	p := &progress{w: w, steps: steps, epochs: epochs, epoch: epochLen, next: max(steps/10, 1)}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// due reports whether step (1-based) should be reported. On a terminal it
// reads the clock every 256 steps only.
func (p *progress) due(step int, start time.Time) bool {
	if step == p.steps {
		return true
	}
	if p.tty {
		return step%256 == 0 && time.Since(start)-p.last >= 200*time.Millisecond
	}
	return step >= p.next
}

func (p *progress) report(step int, loss, lr float64, t time.Duration) {
	line := fmt.Sprintf("epoch %d/%d  step %d/%d  mean loss %.4f  lr %.3g  %.0f steps/s",
		min((step-1)/p.epoch+1, p.epochs), p.epochs, step, p.steps, loss, lr, float64(step)/t.Seconds())
	if p.tty {
		fmt.Fprintf(p.w, "\r%-80s", line)
		p.last = t
		return
	}
	fmt.Fprintln(p.w, line)
	for p.next <= step {
		p.next += max(p.steps/10, 1)
	}
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
