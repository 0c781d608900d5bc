package lab

import (
	"bytes"
	"fmt"
	"strconv"

	"backproplab/tracefmt"
)

// Trace is the step shown as `backprop trace` writes it: the step's inputs
// (the sample X, its label, and the parameters W, b, U, c the step began
// with), every tensor of its forward and backward passes, and L, with the
// seed, the step and the stage as extra fields. `backprop trace` given
// TraceCase writes the same numbers.
func (l *Lab) Trace() ([]byte, error) {
	vals, L, err := tracefmt.Step(l.cfg, l.Before(), l.x, l.label)
	if err != nil {
		return nil, err
	}
	extra := map[string][]byte{
		"seed":   []byte(strconv.FormatUint(l.seed, 10)),
		"step":   []byte(strconv.Itoa(l.step)),
		"stage":  []byte(strconv.Quote(stageWord(l.stepper.Done()))),
		"sample": []byte(strconv.Itoa(l.Status().Sample)), // -1: the pad's drawing
	}
	var b bytes.Buffer
	if err := tracefmt.Write(&b, l.cfg, l.label, vals, L, extra); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TraceCase is the input of the step shown for `backprop trace`, with the
// same extra fields as Trace.
func (l *Lab) TraceCase() []byte {
	b := tracefmt.Case(l.cfg, l.label, l.Before(), l.x)
	// The extra fields go in before the closing brace, as trace copies them.
	b = b[:len(b)-3] // "\n}\n"
	b = fmt.Appendf(b, ",\n  \"sample\": %d,\n  \"seed\": %d,\n  \"stage\": %q,\n  \"step\": %d\n}\n",
		l.Status().Sample, l.seed, stageWord(l.stepper.Done()), l.step)
	return b
}

// ExportName is the name of the files an export writes, without the
// extension: backprop-seed1-step300-relu.
func (l *Lab) ExportName() string {
	return fmt.Sprintf("backprop-seed%d-step%d-%s", l.seed, l.step, stageWord(l.stepper.Done()))
}

func init() {
	register(
		command{CommandDoc{"copy-link", "", "copy the link to what is shown (the address)"}, (*Lab).doCopyLink},
		command{CommandDoc{"export", "", "save the step's numbers as JSON (backprop trace's format) and the view as PNG"}, (*Lab).doExport},
	)
}

// Asks counts the copy-link, export, open-weights and open-image commands:
// the app carries them out (the clipboard, a download, a file or a file
// chooser are not the lab's) when a count changes.
type Asks struct{ Link, Export, Open, OpenImage int }

func (l *Lab) doCopyLink(arg string) error {
	if err := noArg("copy-link", arg); err != nil {
		return err
	}
	l.asks.Link++
	return nil
}

func (l *Lab) doExport(arg string) error {
	if err := noArg("export", arg); err != nil {
		return err
	}
	l.asks.Export++
	return nil
}

// Asked is the counts of copy-link, export, open-weights and open-image so far.
func (l *Lab) Asked() Asks { return l.asks }
