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
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
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

	// Check -out before spending minutes training: it must be a file (or a
	// symbolic link to one, followed) in a folder we can write.
	var out *outFile
	if o.out != "" {
		var err error
		if out, err = checkOut(o.out); err != nil {
			return fail("%v", err)
		}
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

	if out != nil {
		if err := out.save(net.SaveWeights, stderr); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stderr, "saved the weights to %s\n", out.describe())
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

// outFile is -out, checked before training: the weights are written to a
// temporary file beside path, synced and renamed over it, so that path
// holds the old weights or the new ones, whole, never part of either.
//
// The temporary file exists only while the weights are written (a few
// milliseconds), not during training: a run interrupted while it trains,
// by anything including kill -9, leaves nothing. While it exists, SIGINT,
// SIGTERM and SIGHUP remove it before the run exits. SIGKILL cannot be
// caught: a run killed in those milliseconds leaves a hidden
// .NAME.tmpNNNN, and the next run with the same -out removes it if it is
// older than staleTemp (a younger one may be another run's, still being
// written). An unnamed file (Linux's O_TMPFILE, linked at the end) would
// need a named temporary file too to replace an existing target, which
// link cannot do, and exists on Linux only.
type outFile struct {
	name string      // as given
	path string      // the file written: name, or the file a symbolic link name points to
	mode fs.FileMode // the permissions of the file replaced; 0 for a new file
}

// staleTemp is the age from which a temporary file of -out is a leftover:
// writing the weights takes milliseconds.
const staleTemp = time.Minute

// checkOut checks -out before training: a folder, a device or a symbolic
// link to nothing is refused, a symbolic link is followed (the link stays
// and the file it points to is replaced), an existing file keeps its
// permissions, and the folder must be writable. It removes stale temporary
// files of earlier runs killed while they saved.
func checkOut(name string) (*outFile, error) {
	o := &outFile{name: name, path: name}
	st, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st = nil
	case err != nil:
		return nil, fmt.Errorf("-out %s: %v", name, unwrapPath(err))
	case st.Mode()&fs.ModeSymlink != 0:
		to, _ := os.Readlink(name)
		if o.path, err = filepath.EvalSymlinks(name); err != nil {
			return nil, fmt.Errorf("-out %s is a symbolic link to %s, which does not exist: give the file itself", name, to)
		}
		if st, err = os.Stat(o.path); err != nil {
			return nil, fmt.Errorf("-out %s (a symbolic link to %s): %v", name, o.path, unwrapPath(err))
		}
	}
	if st != nil {
		switch {
		case st.IsDir():
			return nil, fmt.Errorf("-out %s is a folder: give a file name, such as %s", name, filepath.Join(name, "mnist.weights"))
		case !st.Mode().IsRegular():
			return nil, fmt.Errorf("-out %s is not a regular file (%v): give a file name", name, st.Mode().Type())
		}
		o.mode = st.Mode().Perm()
	}
	o.removeStale()
	f, err := o.create()
	if err != nil {
		return nil, fmt.Errorf("-out %s: cannot write there: %v", name, err)
	}
	f.Close()
	os.Remove(f.Name())
	return o, nil
}

// describe is -out as given, with the file written when it is a link.
func (o *outFile) describe() string {
	if o.path != o.name {
		return o.name + " (" + o.path + ")"
	}
	return o.name
}

func (o *outFile) tempPrefix() string {
	return filepath.Join(filepath.Dir(o.path), "."+filepath.Base(o.path)+".tmp")
}

// create makes a new temporary file beside o.path: with the permissions of
// the file it replaces, or those os.Create gives (0666 less the umask).
func (o *outFile) create() (*os.File, error) {
	perm := o.mode
	if perm == 0 {
		perm = 0o666
	}
	for range 100 {
		f, err := os.OpenFile(o.tempPrefix()+strconv.FormatUint(uint64(rand.Uint32()), 10), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, unwrapPath(err)
		}
		if o.mode != 0 {
			// The umask may have cleared bits of the old mode.
			if err := f.Chmod(o.mode); err != nil {
				f.Close()
				os.Remove(f.Name())
				return nil, unwrapPath(err)
			}
		}
		return f, nil
	}
	return nil, errors.New("no free temporary file name")
}

// removeStale removes the temporary files of o.path older than staleTemp.
func (o *outFile) removeStale() {
	dir := filepath.Dir(o.path)
	prefix := filepath.Base(o.tempPrefix())
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if _, err := strconv.ParseUint(digits, 10, 32); err != nil {
			continue // not one of ours
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// save writes the weights with write to a temporary file, syncs it and
// renames it over o.path. A SIGINT, SIGTERM or SIGHUP meanwhile removes
// the temporary file and exits (128 + the signal's number, as a shell
// reports it), leaving o.path as it was.
func (o *outFile) save(write func(io.Writer) error, stderr io.Writer) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, saveSignals...)
	defer signal.Stop(sigs)
	var mu sync.Mutex // held while the temporary file is renamed
	var tmp *os.File
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case sig := <-sigs:
			mu.Lock() // never released: the process ends here
			if tmp != nil {
				os.Remove(tmp.Name())
			}
			fmt.Fprintf(stderr, "backprop train: %v while saving the weights; %s is as it was\n", sig, o.describe())
			code := 1
			if s, ok := sig.(syscall.Signal); ok {
				code = 128 + int(s)
			}
			os.Exit(code)
		case <-done:
		}
	}()

	mu.Lock()
	f, err := o.create()
	tmp = f
	mu.Unlock()
	if err != nil {
		return fmt.Errorf("-out %s: %v", o.describe(), err)
	}
	err = writeSynced(f, write)
	mu.Lock()
	defer mu.Unlock()
	if err == nil {
		err = os.Rename(f.Name(), o.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("-out %s: %v", o.describe(), unwrapPath(err))
	}
	tmp = nil
	// Make the rename itself durable; not every system can sync a folder.
	if d, err := os.Open(filepath.Dir(o.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// writeSynced writes f with write, buffered, syncs it to the disk (so that
// the rename cannot outlive the data in a crash) and closes it.
func writeSynced(f *os.File, write func(io.Writer) error) error {
	w := bufio.NewWriter(f)
	err := write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// unwrapPath is err without the file name of an fs.PathError: the
// temporary file's name would only confuse.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
