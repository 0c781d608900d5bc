package lab

import (
	"flag"
	"io"
	"math"
	"net/url"
	"strings"
	"testing"

	"backproplab/core"
)

func TestParseQueryKeepsWhatItCan(t *testing.T) {
	for _, c := range []struct {
		query    string
		want     Settings
		problems []string // each must appear in one problem, in order
	}{
		{"", DefaultSettings, nil},
		{"seed=3&lr=0.03&sample=12", Settings{F: 8, K: 5, Epochs: 1, Seed: 3, LR: 0.03, Sample: 12, Speed: defaultSpeed, Stage: core.StageLoss}, nil},
		// A stray % in a key that is not ours costs nothing.
		{"sample=12&seed=3&note=100%", Settings{F: 8, K: 5, Epochs: 1, Seed: 3, LR: 0.01, Sample: 12, Speed: defaultSpeed, Stage: core.StageLoss}, nil},
		{"sample=12&seed=3;", Settings{F: 8, K: 5, Epochs: 1, Seed: 3, LR: 0.01, Sample: 12, Speed: defaultSpeed, Stage: core.StageLoss}, nil},
		{"seed=4&x=%zz", Settings{F: 8, K: 5, Epochs: 1, Seed: 4, LR: 0.01, Speed: defaultSpeed, Stage: core.StageLoss}, nil},
		{"lr=abc&seed=2", Settings{F: 8, K: 5, Epochs: 1, Seed: 2, LR: 0.01, Speed: defaultSpeed, Stage: core.StageLoss}, []string{`learning rate "abc" is not a number`}},
		{"seed=%zz&sample=4", Settings{F: 8, K: 5, Epochs: 1, Seed: 1, LR: 0.01, Sample: 4, Speed: defaultSpeed, Stage: core.StageLoss}, []string{"seed=%zz could not be read"}},
		{"lr=7&speed=max&scope=map", Settings{F: 8, K: 5, Epochs: 1, Seed: 1, LR: 0.01, Speed: maxSpeed, Scope: ScopeMap, Stage: core.StageLoss}, []string{"too large"}},
		{"seed=9007199254740993", DefaultSettings, []string{"2⁵³"}},
		{"lr=5e-324&speed=fast&scope=all", DefaultSettings, []string{"too small", `speed "fast"`, `scope "all"`}},
		{"F=4&K=3&schedule=linear&epochs=2", Settings{F: 4, K: 3, Epochs: 2, Schedule: ScheduleLinear, Seed: 1, LR: 0.01, Speed: defaultSpeed, Stage: core.StageLoss}, nil},
		{"F=17&K=0&schedule=cosine&epochs=1001", DefaultSettings, []string{`F "17"`, `K "0"`, `schedule "cosine"`, `epochs "1001"`}},
	} {
		got, problems := ParseQuery(c.query)
		if got != c.want {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", c.query, got, c.want)
		}
		if len(problems) != len(c.problems) {
			t.Errorf("ParseQuery(%q): problems %q, want %d", c.query, problems, len(c.problems))
			continue
		}
		for i, p := range problems {
			msg := p.Error()
			if !strings.Contains(msg, c.problems[i]) || !strings.Contains(msg, "using ") {
				t.Errorf("ParseQuery(%q): problem %q, want it to say %q and what it uses instead", c.query, msg, c.problems[i])
			}
			if len(msg) > 300 || strings.Contains(msg, "\n") {
				t.Errorf("ParseQuery(%q): problem %q is not one short line", c.query, msg)
			}
		}
	}
}

func TestSettingsRoundTripThroughTheAddress(t *testing.T) {
	for _, s := range []Settings{
		DefaultSettings,
		{Seed: 3, LR: 0.03, Sample: 12, Speed: maxSpeed, Scope: ScopeShared},
		{Seed: MaxSeed, LR: 0.0003, Sample: 3999, Speed: 0, Scope: ScopeMap},
		{Seed: 0, LR: 1, Sample: 0, Speed: 6, Scope: ScopeLayer},
		{Seed: 17, LR: 0.123456789012345, Sample: 5, Speed: 1, Scope: ScopeLayer},
		{Seed: 2, LR: 0.01, Speed: defaultSpeed, Mode: ModePad, Presenter: true},
		{Seed: 2, LR: 0.01, Speed: defaultSpeed, Cell: Cell{"delta_Z", 4607}},
		{Seed: 1, LR: 0.03, Speed: maxSpeed, F: 4, K: 3, Schedule: ScheduleLinear, Epochs: 3},
		{Seed: 1, LR: 0.03, Speed: maxSpeed, F: 16, K: 9, Schedule: ScheduleConstant, Epochs: 1000},
	} {
		if s.F == 0 {
			s.F, s.K, s.Epochs = 8, 5, 1
		}
		q := s.Values().Encode()
		got, problems := ParseQuery(q)
		if got != s || problems != nil {
			t.Errorf("ParseQuery(%q) = %+v, %v; want %+v", q, got, problems, s)
		}
		// The address parsed by the standard library reads the same.
		v, err := url.ParseQuery(q)
		if err != nil || v.Get("lr") != s.Values().Get("lr") {
			t.Errorf("%q does not parse as a query: %v", q, err)
		}
	}
}

func TestSettingsRoundTripThroughFlags(t *testing.T) {
	want := Settings{F: 8, K: 5, Epochs: 1, Seed: 3, LR: 0.03, Sample: 12, Speed: maxSpeed, Scope: ScopeMap, Stage: core.StageLoss}
	var args []string
	for k, v := range want.Values() {
		args = append(args, "-"+k, v[0])
	}
	got := DefaultSettings
	var problems []error
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	got.RegisterFlags(fs, &problems)
	if err := fs.Parse(args); err != nil || problems != nil || got != want {
		t.Errorf("flags %q: %+v (%v, %v), want %+v", args, got, err, problems, want)
	}
	// A bad value does not stop the others.
	got, problems = DefaultSettings, nil
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	got.RegisterFlags(fs, &problems)
	if err := fs.Parse([]string{"-lr", "abc", "-seed", "2"}); err != nil {
		t.Fatal(err)
	}
	if got.Seed != 2 || got.LR != 0.01 || len(problems) != 1 || !strings.Contains(problems[0].Error(), "lr") {
		t.Errorf("-lr abc -seed 2: %+v, problems %v; want seed 2, lr 0.01 and one problem about lr", got, problems)
	}
}

// TestCommandsReplaySettings: a lab given a link's commands shows what the
// link says, and its Settings are the link again.
func TestCommandsReplaySettings(t *testing.T) {
	want := Settings{F: 8, K: 5, Epochs: 1, Seed: 5, LR: 0.3, Sample: 7, Speed: 8, Scope: ScopeShared, Cell: Cell{"dW", 17}, Stage: core.StageLoss}
	l := newTestLab(t)
	l.Apply(Do("step")) // whatever state it was in
	for _, c := range want.Commands() {
		if err := l.Apply(c); err != nil {
			t.Fatalf("Apply(%v) = %v", c, err)
		}
	}
	if got := l.Settings(); got != want {
		t.Errorf("after replaying %v: Settings() = %+v, want %+v", want.Commands(), got, want)
	}
	fresh := newTestLab(t)
	fresh.Apply(Command{"seed", "5"})
	fresh.Apply(Command{"sample", "7"})
	if !paramsEqual(&fresh.net.Params, &l.net.Params) || fresh.Status().Loss != l.Status().Loss {
		t.Error("a replayed link shows other numbers than the same steps taken by hand")
	}
}

func TestBadSettingsCommandsChangeNothing(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Command{"sample", "3"})
	before := l.Settings()
	for _, c := range []Command{
		{"lr", "abc"}, {"lr", "5e-324"}, {"lr", "NaN"}, {"lr", "2"}, {"seed", "-1"},
		{"seed", "9007199254740993"}, {"sample", "50"}, {"sample", "-2"}, {"sample", "x"},
		{"speed", "fast"}, {"scope", "all"}, {"step", "now"}, {"frobnicate", ""}, {"help", "maybe"},
		{"digit", "12"}, {"select", "Z.4608"}, {"select", "Q.1"}, {"select", "Z"}, {"mode", "wild"},
	} {
		err := l.Apply(c)
		if err == nil {
			t.Errorf("Apply(%v) = nil, want an error", c)
			continue
		}
		if l.Settings() != before {
			t.Errorf("Apply(%v) changed the settings to %+v", c, l.Settings())
		}
		if l.Status().Message != err.Error() {
			t.Errorf("Apply(%v): message %q, want the error %q", c, l.Status().Message, err)
		}
	}
}

func TestEveryBindingIsACommand(t *testing.T) {
	keys := map[string]bool{}
	used := map[string]bool{}
	for _, b := range append(Bindings(), Aliases()...) {
		if keys[b.Key] {
			t.Errorf("key %s bound twice", b.Key)
		}
		keys[b.Key] = true
		used[b.Command.Name] = true
		l := newTestLab(t)
		if err := l.Apply(b.Command); err != nil && !strings.Contains(err.Error(), "start of the step") && !strings.Contains(err.Error(), "step of the run") && !strings.Contains(err.Error(), "nothing on the pad") && !strings.Contains(err.Error(), "no pretrained weights here") {
			t.Errorf("key %s: Apply(%v) = %v", b.Key, b.Command, err)
		}
	}
	for _, b := range Bindings() {
		if b.Help == "" || b.Label == "" {
			t.Errorf("binding %+v lacks a label or help", b)
		}
	}
	// Every command a person uses has a key; run, pause and say come from
	// run-pause, the JS API and the lab itself; mode gets its keys with the
	// modes' screens; select and pick are what the cell cursor's keys and a
	// tap do, stage-next and stage-prev what ← and → do with no cell selected.
	// The pad's strokes come from the pointer, images from files, label from
	// the digit keys on the pad, weights from the pad's button. A file
	// chooser (open-weights) opens from its button and, in the page, Ctrl+O,
	// which index.html handles within the key's event (a browser opens a
	// chooser only then); the desktop has none.
	pad := map[string]bool{"stroke-begin": true, "stroke-to": true, "stroke-end": true, "draw": true, "image": true, "label": true, "weights": true}
	for _, c := range Commands() {
		if !used[c.Name] && c.Name != "run" && c.Name != "pause" && c.Name != "say" && c.Name != "seed" && c.Name != "mode" &&
			c.Name != "select" && c.Name != "pick" && c.Name != "stage-next" && c.Name != "stage-prev" &&
			c.Name != "goto" && c.Name != "journal" && c.Name != "epochs" && c.Name != "open-weights" && c.Name != "open-image" && !pad[c.Name] { // the epochs come with the address and the JS API
			t.Errorf("no key for the command %q", c.Name)
		}
	}
}

func TestSpeedMaxIsOneCommand(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Command{"speed", "max"})
	if !l.Status().Speed.Full() {
		t.Errorf("speed max: %v", l.Status().Speed)
	}
	l.Apply(Command{"speed", "min"})
	if l.Status().Speed.Word() != "1/60" {
		t.Errorf("speed min: %v", l.Status().Speed)
	}
}

// TestDeadNetworkSays: when every ReLU output stays 0, training pauses and
// the message says what happened and what to do.
func TestDeadNetworkSays(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Command{"lr", "1"})
	for i := range l.net.Params.B.Data {
		l.net.Params.B.Data[i] = -1000 // every Z < 0: as a too-large step leaves it
	}
	l.Apply(Command{"speed", "20"})
	l.Apply(Do("run"))
	for i := 0; i < 10 && l.Running(); i++ {
		l.Tick(8e6, now)
	}
	st := l.Status()
	if st.Running || !st.Died {
		t.Fatalf("after %d steps with every A = 0: running %v, died %v; want paused and died", st.Step, st.Running, st.Died)
	}
	if st.Step < deadAfter || st.Step > deadAfter+20 {
		t.Errorf("it said so after %d steps, want soon after %d", st.Step, deadAfter)
	}
	for _, want := range []string{"died", "every ReLU output A was 0", "learning rate 1", "reset"} {
		if !strings.Contains(st.Message, want) {
			t.Errorf("message %q, want it to say %q", st.Message, want)
		}
	}
	l.Apply(Do("reset"))
	if st := l.Status(); st.Died || st.Message != "" {
		t.Errorf("after reset: died %v, message %q", st.Died, st.Message)
	}
	// A healthy run says nothing of the kind.
	l.Apply(Command{"lr", "0.01"})
	l.Apply(Command{"speed", "20"})
	l.Apply(Do("run"))
	for i := 0; i < 20; i++ {
		l.Tick(8e6, now)
	}
	if st := l.Status(); st.Died || st.Message != "" || !st.Running {
		t.Errorf("healthy run of %d steps: died %v, message %q, running %v", st.Step, st.Died, st.Message, st.Running)
	}
}

func TestStatusBeforeForwardPass(t *testing.T) {
	l := newTestLab(t)
	l.Apply(Do("step"))
	l.Apply(Do("stage-next"))
	if st := l.Status(); st.Stage != core.StageConv || !math.IsNaN(st.Loss) || st.Prediction != -1 {
		t.Errorf("mid-forward: stage %v loss %v prediction %d; want conv, NaN, -1", st.Stage, st.Loss, st.Prediction)
	}
}
