// Command backprop is Backprop Lab without a display: it runs the spec's
// network (package core) from the command line.
//
//	backprop trace < case.json > trace.json
//	backprop train [-epochs N] [-lr X] [-decay linear|cosine|constant] [-seed S] [-out FILE] [-data DIR]
//
// trace runs one forward and backward pass on a case given as JSON and
// writes every tensor that the spec names: the exact contract of the
// numbers, for worksheets and for checking other implementations. train
// trains on the 60,000 MNIST digits one sample at a time and tests on the
// 10,000 test digits. Run "backprop help" for the details.
//
// It imports neither ebiten nor any image code, so it runs where there is
// no display. Everything runs through run, which tests call directly.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  backprop trace < case.json > trace.json
      One forward and backward pass of the spec's network on the case, every
      tensor written as JSON. Input:
        {"config": {"C":1, "H":6, "W":6, "K":3, "F":2, "M":3}, "label": 2,
         "tensors": {"X": T, "W": T, "b": T, "U": T, "c": T}}
      where each T is {"shape": [d0, d1, …], "data": [row-major values]}
      (X: C×H×W, W: F×C×K×K, b: F, U: M×N with N = F·HP·WP, c: M).
      Output: the same object with Z, A, P, argmax_index, argmax_mask, s,
      yhat, delta_s, dU, dc, delta_P, delta_A, delta_Z, dW, db, dX added to
      its tensors, and the loss "L".

  backprop train [flags]
      Train on the 60,000 MNIST training digits, one sample at a time, then
      test on the 10,000 test digits; print one JSON line with the result.
`

// run is the whole command: it reads args (without the program name) and
// stdin, writes to stdout and stderr, and returns the exit code: 0 on
// success, 1 on a failure (one line on stderr), 2 on a usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "trace":
		return runTrace(args[1:], stdin, stdout, stderr)
	case "train":
		return runTrain(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		fs, _ := trainFlags(stdout)
		fmt.Fprintln(stdout, "\ntrain flags:")
		fs.PrintDefaults()
		return 0
	}
	fmt.Fprintf(stderr, "backprop: unknown command %q: want trace or train (backprop help shows how to use them)\n", args[0])
	return 2
}
