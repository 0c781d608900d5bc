package lab

import (
	"bytes"
	"fmt"
	"strings"

	"backproplab/core"
)

// Weights in and out, in the file format of `backprop train -out`
// (core's weights format).

func init() {
	register(
		command{CommandDoc{"save-weights", "", "save the current weights (a download; on the desktop, a file)"}, (*Lab).doSaveWeights},
		command{CommandDoc{"load-weights", "[pretrained|<file's bytes>]", "load weights: a weights file, or the pretrained ones (none: pretrained)"}, (*Lab).doLoadWeights},
		command{CommandDoc{"open-weights", "", "choose a weights file to load (the page's file chooser; on the desktop, drop one on the window)"}, (*Lab).doOpenWeights},
		command{CommandDoc{"open-image", "", "choose a PNG or JPEG of a digit for the pad (the page's file chooser; on the desktop, drop one on the window)"}, (*Lab).doOpenImage},
	)
}

// doOpenWeights asks the app for a file chooser (Asks.Open): choosing is
// the platform's, and the file chosen comes back as load-weights.
func (l *Lab) doOpenWeights(arg string) error {
	if err := noArg("open-weights", arg); err != nil {
		return err
	}
	l.asks.Open++
	return nil
}

// doOpenImage asks for a file chooser for the pad (Asks.OpenImage); the
// image chosen comes back as the image command.
func (l *Lab) doOpenImage(arg string) error {
	if err := noArg("open-image", arg); err != nil {
		return err
	}
	l.asks.OpenImage++
	return nil
}

// SetPretrained gives the lab the pretrained weights file (assets'), for
// load-weights pretrained.
func (l *Lab) SetPretrained(file []byte) { l.pretrained = file }

// Saved returns the weights file that the last save-weights made and
// forgets it: the app offers it as a download or writes it. nil if none.
func (l *Lab) Saved() []byte {
	b := l.saved
	l.saved = nil
	return b
}

// SavedName is a file name for the weights saved at this step.
func (l *Lab) SavedName() string {
	return fmt.Sprintf("backprop-F%d-K%d-seed%d-step%d.bplw", l.cfg.F, l.cfg.K, l.seed, l.step)
}

func (l *Lab) doSaveWeights(arg string) error {
	if err := noArg("save-weights", arg); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := l.net.SaveWeights(&b); err != nil {
		return fmt.Errorf("cannot save the weights: %v", strings.TrimPrefix(err.Error(), "weights: "))
	}
	l.saved = b.Bytes()
	l.msg = fmt.Sprintf("saved the weights of step %s (%d bytes, F = %d, K = %d)", grouped(l.step), b.Len(), l.cfg.F, l.cfg.K)
	return nil
}

// doLoadWeights loads a weights file (its bytes are the argument) or the
// pretrained weights. A file that cannot be used changes nothing: the
// error says why in one sentence.
func (l *Lab) doLoadWeights(arg string) error {
	var (
		cfg  core.Config
		p    core.Params
		err  error
		what = "the weights file"
	)
	if arg == "" || arg == "pretrained" {
		what = "the pretrained weights"
		if l.pretrained == nil {
			return fmt.Errorf("there are no pretrained weights here: drop a weights file on the window instead")
		}
		cfg, p, err = core.LoadParams(bytes.NewReader(l.pretrained))
	} else {
		cfg, p, err = core.LoadParams(strings.NewReader(arg))
	}
	if err != nil {
		return fmt.Errorf("cannot load %s (the current weights are kept): %s", what, strings.TrimPrefix(err.Error(), "weights: "))
	}
	if cfg != l.cfg {
		if cfg.C == l.cfg.C && cfg.H == l.cfg.H && cfg.W == l.cfg.W && cfg.M == l.cfg.M {
			return fmt.Errorf("cannot load %s (the current weights are kept): it is for F = %d filters of K = %d, the network has F = %d, K = %d; choose that size first (arch %d %d)",
				what, cfg.F, cfg.K, l.cfg.F, l.cfg.K, cfg.F, cfg.K)
		}
		return fmt.Errorf("cannot load %s (the current weights are kept): it is for a network of %v, this one is %v", what, cfg, l.cfg)
	}
	l.running = false
	l.abandon()
	l.net.Complete()
	l.net.Params.CopyFrom(&p)
	l.paramsChanged()
	l.diverged, l.dead, l.died = false, 0, false
	l.run.eval.active, l.run.eval.accStep = false, -1 // measure the new weights
	l.begin()
	l.msg = fmt.Sprintf("loaded %s (F = %d, K = %d) at step %s", what, cfg.F, cfg.K, grouped(l.step))
	return nil
}
