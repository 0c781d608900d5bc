package lab

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"backproplab/core"
)

// TestPadFollowsEveryChangeOfWeights: whatever road changes the weights
// (a step, its undoing, running, a reset, a seed, a size, the weights
// setting, a weights file, a trip back through the journal, a link's
// journal), the pad's ŷ afterwards is the drawing classified by the
// weights now, not by weights that are gone.
func TestPadFollowsEveryChangeOfWeights(t *testing.T) {
	l := padTestLab(t)
	mustApply(t, l, Command{"draw", seven})
	other := core.NewParams(l.cfg)
	other.Init(l.cfg, core.NewRand(99))
	var file bytes.Buffer
	if err := other.Save(&file, l.cfg); err != nil {
		t.Fatal(err)
	}
	snapshot := func() []float64 {
		p := &l.Net().Params
		return slices.Concat(p.W.Data, p.B.Data, p.U.Data, p.C.Data)
	}
	for _, road := range []struct {
		name string
		do   func()
	}{
		{"step", func() { mustApply(t, l, Do("step")) }},
		{"stage-prev over the update", func() { mustApply(t, l, Do("stage-prev")) }},
		{"stage-next through the update", func() {
			for l.Stage() != core.StageUpdate {
				mustApply(t, l, Do("stage-next"))
			}
		}},
		{"a running frame", func() {
			mustApply(t, l, Do("run"))
			l.Tick(DefaultFrameBudget, time.Now)
		}},
		{"back", func() { mustApply(t, l, Do("pause")); mustApply(t, l, Do("back")) }},
		{"goto", func() { mustApply(t, l, Command{"goto", "0"}) }},
		{"forward", func() { mustApply(t, l, Do("forward")) }},
		{"weights seed", func() { mustApply(t, l, Command{"weights", "seed"}) }},
		{"seed", func() { mustApply(t, l, Command{"seed", "5"}) }},
		{"reset to another seed", func() { mustApply(t, l, Command{"reset", "6"}) }},
		{"load-weights", func() { mustApply(t, l, Command{"load-weights", file.String()}) }},
		{"a link's journal", func() { mustApply(t, l, Command{"journal", "40_0l0.01"}) }},
		{"a long link's journal, replayed over frames", func() {
			mustApply(t, l, Command{"journal", "1200_0l0.01"})
			for l.Replaying() {
				l.Tick(DefaultFrameBudget, time.Now)
			}
		}},
		{"arch", func() { mustApply(t, l, Command{"arch", "4 3"}) }},
		{"arch back", func() { mustApply(t, l, Command{"arch", "8 5"}) }},
		{"weights pretrained", func() { mustApply(t, l, Command{"weights", "pretrained"}) }},
	} {
		before := snapshot()
		road.do()
		if slices.Equal(snapshot(), before) {
			t.Fatalf("%s: the weights did not change, so this road checks nothing", road.name)
		}
		p := l.Pad()
		n, _ := core.New(l.Net().Cfg, nil)
		n.Params.CopyFrom(&l.Net().Params)
		want := n.Predict(p.X)
		if p.Prediction != want || !slices.Equal(p.Yhat, n.Act.Yhat.Data) {
			t.Errorf("after %s: the pad shows %d, ŷ %.4f; the weights now give %d, ŷ %.4f", road.name, p.Prediction, p.Yhat, want, n.Act.Yhat.Data)
		}
	}
}

// BenchmarkCommandWithADrawing is a command that changes nothing (the
// colours as they are) with a drawing on the pad: what checking that the
// pad's ŷ is still current costs every command and every running frame.
func BenchmarkCommandWithADrawing(b *testing.B) {
	l, err := New(core.MNIST, synthData(50))
	if err != nil {
		b.Fatal(err)
	}
	mustApply(b, l, Command{"mode", "pad"})
	mustApply(b, l, Command{"draw", seven})
	c := Command{"colors", "standard"}
	b.ReportAllocs()
	for b.Loop() {
		l.Apply(c)
	}
}
