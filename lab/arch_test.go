package lab

import (
	"bytes"
	"strings"
	"testing"

	"backproplab/core"
)

func TestArchRebuildsFromTheSeed(t *testing.T) {
	l := newTestLab(t)
	apply(t, l, Command{"seed", "4"}, Command{"lr", "0.05"}, Do("step"), Command{"select", "dW.190"})
	apply(t, l, Command{"arch", "4 3"})
	cfg := l.Config()
	if cfg.F != 4 || cfg.K != 3 || l.Status().Step != 0 {
		t.Fatalf("arch 4 3: %v at step %d, want F 4, K 3, step 0", cfg, l.Status().Step)
	}
	want, _ := core.New(cfg, core.NewRand(4))
	if !paramsEqual(&want.Params, &l.net.Params) {
		t.Error("arch 4 3: the weights are not those of seed 4 for that size")
	}
	if s := l.Settings(); s.F != 4 || s.K != 3 || s.LR != 0.05 || s.Cell != (Cell{}) {
		t.Errorf("settings %+v: want F 4, K 3, lr kept, and dW.190 (which no longer exists) unselected", s)
	}
	if got := l.Net().Act.Z.Shape; got[0] != 4 || got[1] != 26 {
		t.Errorf("Z's shape %v, want 4×26×26", got)
	}
	apply(t, l, Do("step"), Do("stage-next"), Do("stage-prev"))

	for _, arg := range []string{"17 3", "0 3", "4 10", "4", "four 3", ""} {
		if err := l.Apply(Command{"arch", arg}); err == nil || l.Config() != cfg {
			t.Errorf("arch %q = %v, now %v; want a sentence and the size kept", arg, err, l.Config())
		}
	}
	apply(t, l, Command{"arch", "16 9"}, Command{"arch", "F up"}, Command{"arch", "K up"})
	if c := l.Config(); c.F != 1 || c.K != 1 {
		t.Errorf("F up from 16, K up from 9: %v, want F 1, K 1", c)
	}
	apply(t, l, Command{"arch", "F down"}, Command{"arch", "K down"})
	if c := l.Config(); c.F != 16 || c.K != 9 {
		t.Errorf("F down from 1, K down from 1: %v, want F 16, K 9", c)
	}
}

// TestArchRefusesShapesThatDoNotFit: on 6×6 images K = 5 leaves P 1×1,
// K = 6 nothing to pool.
func TestArchRefusesShapesThatDoNotFit(t *testing.T) {
	cfg := core.Config{C: 1, H: 6, W: 6, K: 3, F: 2, M: 10}
	d := &core.Dataset{Rows: 6, Cols: 6, Images: make([]uint8, 36), Labels: []uint8{3}}
	l, err := New(cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	apply(t, l, Command{"arch", "2 5"})
	err = l.Apply(Command{"arch", "2 6"})
	if err == nil || !strings.Contains(err.Error(), "smaller than 1×1") || l.Config().K != 5 {
		t.Errorf("arch 2 6 on 6×6 images = %v, K %d; want refused (P smaller than 1×1), K 5 kept", err, l.Config().K)
	}
}

func weightsOf(t *testing.T, l *Lab) []byte {
	t.Helper()
	apply(t, l, Do("save-weights"))
	b := l.Saved()
	if b == nil || l.Saved() != nil {
		t.Fatal("save-weights made no file, or Saved did not forget it")
	}
	return b
}

func TestWeightsOutAndIn(t *testing.T) {
	a := newTestLab(t)
	apply(t, a, Command{"lr", "0.05"}, Do("step"), Do("step"), Do("step"))
	file := weightsOf(t, a)
	cfg, p, err := core.LoadParams(bytes.NewReader(file))
	if err != nil || cfg != a.Config() || !paramsEqual(&p, &a.net.Params) {
		t.Fatalf("the saved file reads back as %v, %v (equal %v)", cfg, err, paramsEqual(&p, &a.net.Params))
	}

	b := newTestLab(t)
	apply(t, b, Do("step"))
	apply(t, b, Command{"load-weights", string(file)})
	if !paramsEqual(&b.net.Params, &a.net.Params) || b.Status().Step != 1 || b.Stage() != core.StageLoss {
		t.Errorf("after loading: weights equal %v, step %d, stage %v; want a's weights, step 1 kept, the forward pass shown",
			paramsEqual(&b.net.Params, &a.net.Params), b.Status().Step, b.Stage())
	}

	other := newTestLab(t)
	apply(t, other, Command{"arch", "4 3"})
	otherFile := weightsOf(t, other)
	corrupt := bytes.Clone(file)
	corrupt[100] ^= 1
	for _, c := range []struct {
		name, file, says string
	}{
		{"truncated", string(file[:len(file)/2]), "truncated"},
		{"too short for a header", string(file[:10]), "truncated"},
		{"of another size", string(otherFile), "F = 4 filters of K = 3"},
		{"corrupt", string(corrupt), "corrupt"},
		{"not weights", "hello, world: this is not a weights file at all", "not a Backprop Lab weights file"},
		{"followed by more", string(file) + "x", "checksum"},
	} {
		apply(t, b, Do("run"))
		before := cloneParams(&b.net.Params, b.cfg)
		step := b.Status().Step
		err := b.Apply(Command{"load-weights", c.file})
		if err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "kept") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want one line saying %q and that the weights are kept", c.name, err, c.says)
		}
		if !paramsEqual(before, &b.net.Params) || b.Status().Step != step || !b.Status().Running {
			t.Errorf("%s: the weights or the run changed", c.name)
		}
	}

	if err := b.Apply(Do("load-weights")); err == nil || !strings.Contains(err.Error(), "no pretrained") {
		t.Errorf("load-weights with no pretrained weights given = %v, want a sentence", err)
	}
	b.SetPretrained(file)
	other.SetPretrained(file)
	apply(t, b, Command{"step", ""}, Do("load-weights"))
	if !paramsEqual(&b.net.Params, &a.net.Params) {
		t.Error("load-weights (pretrained): not the pretrained weights")
	}
	if err := other.Apply(Command{"load-weights", "pretrained"}); err == nil || !strings.Contains(err.Error(), "arch 8 5") {
		t.Errorf("pretrained into F = 4, K = 3: %v, want the size to choose", err)
	}
}
