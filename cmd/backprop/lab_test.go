package main

import (
	"bytes"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// TestTraceOfTheLabsStep: `backprop trace` given the inputs of a step the
// lab shows (after travelling back to it) writes the bytes of the lab's
// own trace, which the page's trace() and export return.
func TestTraceOfTheLabsStep(t *testing.T) {
	d := &core.Dataset{Rows: 28, Cols: 28, Images: make([]uint8, 20*28*28), Labels: make([]uint8, 20)}
	for i := range d.Images {
		d.Images[i] = uint8((i*37 + i/784*11) % 256 * (i / 28 % 3 / 2))
	}
	for i := range d.Labels {
		d.Labels[i] = uint8(i % 10)
	}
	l, err := lab.New(core.MNIST, d)
	if err != nil {
		t.Fatal(err)
	}
	for range 30 {
		l.Apply(lab.Do("step"))
	}
	for _, at := range []string{"12 delta_A", "30 update", "0 loss"} {
		if err := l.Apply(lab.Command{Name: "goto", Arg: at}); err != nil {
			t.Fatal(err)
		}
		want, err := l.Trace()
		if err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		if code := runTrace(nil, bytes.NewReader(l.TraceCase()), &out, &errs); code != 0 {
			t.Fatalf("goto %s: backprop trace exits %d: %s", at, code, errs.String())
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("goto %s: backprop trace of the lab's inputs writes %d bytes, the lab's trace is %d, and they differ", at, out.Len(), len(want))
		}
	}
}
