package viz

import (
	"compress/gzip"
	"encoding/gob"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"backproplab/core"
	"backproplab/internal/synth"
	"backproplab/lab"
)

var updateFixtures = flag.Bool("update-fixtures", false, "rewrite the frozen lab states in testdata/*.fixture.gz from a live lab (then -update the goldens and look at them)")

// synthData is a small stand-in for MNIST (synth.Digits).
func synthData(n int) *core.Dataset { return synth.Digits(n) }

// newTestLab is a live lab on synthData, for tests whose assertions
// follow the numbers (the tooltips' arithmetic); pictures come from
// fixtures.
func newTestLab(tb testing.TB) *lab.Lab {
	tb.Helper()
	l, err := lab.New(core.MNIST, synthData(50))
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// fixture is a frozen Source: a lab's tensors, status and curve as they
// were when the fixture was written, read back from testdata. Goldens
// render fixtures, so that a change in core's rounding or the lab's
// bookkeeping does not rewrite the pictures.
type fixture struct {
	net    *core.Net
	before core.Params
	status lab.Status
	hist   lab.History
}

func (f *fixture) Net() *core.Net         { return f.net }
func (f *fixture) Before() *core.Params   { return &f.before }
func (f *fixture) Status() lab.Status     { return f.status }
func (f *fixture) History() *lab.History  { return &f.hist }
func (f *fixture) Stage() core.Stage      { return f.status.Stage }
func (f *fixture) Config() core.Config    { return f.net.Cfg }
func (f *fixture) setScope(sc lab.Scope)  { f.status.Scope = sc }
func (f *fixture) setHelp(on bool)        { f.status.Help = on }
func (f *fixture) setEntry(digits string) { f.status.Entry, f.status.EntryOpen = digits, digits != "" }

// fixtureFile is a fixture as stored: gob, gzipped. Tensors by name.
type fixtureFile struct {
	Cfg     core.Config
	Tensors map[string][]float64
	Argmax  []uint8
	Status  lab.Status
	Curve   [][2]float64 // loss, accuracy per step
}

// tensors names every tensor of a net and its parameters, as the view
// reads them.
func tensors(n *core.Net, before *core.Params) map[string]*[]float64 {
	a, g := &n.Act, &n.Grad
	return map[string]*[]float64{
		"X": &a.X.Data, "Z": &a.Z.Data, "A": &a.A.Data, "P": &a.P.Data, "s": &a.S.Data, "yhat": &a.Yhat.Data,
		"W": &n.Params.W.Data, "b": &n.Params.B.Data, "U": &n.Params.U.Data, "c": &n.Params.C.Data,
		"W0": &before.W.Data, "b0": &before.B.Data, "U0": &before.U.Data, "c0": &before.C.Data,
		"delta_s": &g.DeltaS.Data, "dU": &g.DU.Data, "dc": &g.Dc.Data, "delta_P": &g.DeltaP.Data,
		"delta_A": &g.DeltaA.Data, "delta_Z": &g.DeltaZ.Data, "dW": &g.DW.Data, "db": &g.Db.Data, "dX": &g.DX.Data,
	}
}

// loadFixture reads testdata/name.fixture.gz; with -update-fixtures it
// first writes it from make (a live lab in the state the fixture names).
func loadFixture(t testing.TB, name string, make func() *lab.Lab) *fixture {
	t.Helper()
	path := filepath.Join("testdata", name+".fixture.gz")
	if *updateFixtures {
		writeFixture(t, path, make())
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (go test ./viz -update-fixtures writes it)", err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var ff fixtureFile
	if err := gob.NewDecoder(zr).Decode(&ff); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	n, err := core.New(ff.Cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{net: n, before: core.NewParams(ff.Cfg), status: ff.Status}
	for k, dst := range tensors(n, &f.before) {
		src, ok := ff.Tensors[k]
		if !ok || len(src) != len(*dst) {
			t.Fatalf("%s: tensor %s has %d values, want %d", path, k, len(src), len(*dst))
		}
		copy(*dst, src)
	}
	copy(n.Act.Argmax, ff.Argmax)
	for _, p := range ff.Curve {
		f.hist.Add(p[0], p[1])
	}
	return f
}

func writeFixture(t testing.TB, path string, l *lab.Lab) {
	t.Helper()
	ff := fixtureFile{Cfg: l.Config(), Tensors: map[string][]float64{}, Status: l.Status()}
	before := core.NewParams(l.Config())
	before.CopyFrom(l.Before())
	for k, p := range tensors(l.Net(), &before) {
		ff.Tensors[k] = *p
	}
	ff.Argmax = l.Net().Act.Argmax
	h := l.History()
	for i := 0; i < h.Len(); i++ {
		loss, acc := h.At(i)
		ff.Curve = append(ff.Curve, [2]float64{loss, acc})
	}
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(fh, gzip.BestCompression)
	if err := gob.NewEncoder(zw).Encode(ff); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}

// afterSteps is a live lab after n whole steps.
func afterSteps(tb testing.TB, n int) func() *lab.Lab {
	return func() *lab.Lab {
		l := newTestLab(tb)
		for i := 0; i < n; i++ {
			l.Apply(lab.Do("step"))
		}
		return l
	}
}

// threeSteps is the fixture of the 1280×800 golden: three whole steps.
func threeSteps(tb testing.TB) *fixture {
	return loadFixture(tb, "three_steps", afterSteps(tb, 3))
}

// midStep is the fixture of the stepped golden: the fourth step run up to
// δᴬ, with the colour scale per map.
func midStep(tb testing.TB) *fixture {
	return loadFixture(tb, "mid_step_deltaA", func() *lab.Lab {
		l := afterSteps(tb, 3)()
		l.Apply(lab.Command{Name: "scope", Arg: "map"})
		l.Apply(lab.Do("step"))
		for l.Stage() != core.StageDeltaA {
			l.Apply(lab.Do("stage-next"))
		}
		return l
	})
}

// stepped is a Source for a network of any size: one whole step of core's
// stepper on x with weights from seed, no lab (a lab takes MNIST-sized
// digits only).
func stepped(tb testing.TB, cfg core.Config, seed uint64, x []float64, label int, lr float64) *fixture {
	tb.Helper()
	n, err := core.New(cfg, core.NewRand(seed))
	if err != nil {
		tb.Fatal(err)
	}
	st := core.NewStepper(n, lr)
	st.Begin(x, label)
	st.GoTo(core.StageUpdate)
	f := &fixture{net: n, before: core.NewParams(cfg)}
	f.before.CopyFrom(st.Before())
	f.status = lab.Status{Step: 1, Stage: core.StageUpdate, Label: label, Prediction: n.Prediction(), Loss: n.Act.L, LR: lr, Seed: seed}
	return f
}
