package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/lab"
)

// TestTrainIsTheLabsLinearRun: `backprop train` and the lab's linear run
// of the same seed, rate and epochs on the same digits give the same test
// accuracy and the same weights file, byte for byte; the file of either
// loads into the other.
func TestTrainIsTheLabsLinearRun(t *testing.T) {
	dir := barsDir(t)
	wfile := filepath.Join(dir, "bars.weights")
	out, errs, code := runTrainOn("-data", dir, "-epochs", "2", "-seed", "4", "-lr", "0.05", "-out", wfile)
	if code != 0 {
		t.Fatalf("train: exit %d, stderr:\n%s", code, errs)
	}
	var res struct {
		TestAccuracy float64 `json:"test_accuracy"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	trainFile, err := os.ReadFile(wfile)
	if err != nil {
		t.Fatal(err)
	}

	train, err := loadSet(dir, mnistFiles.trainImages, mnistFiles.trainLabels)
	if err != nil {
		t.Fatal(err)
	}
	test, err := loadSet(dir, mnistFiles.testImages, mnistFiles.testLabels)
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.MNIST
	cfg.H, cfg.W = 12, 12
	l, err := lab.New(cfg, train)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetData(train, test); err != nil {
		t.Fatal(err)
	}
	for _, c := range []lab.Command{{Name: "seed", Arg: "4"}, {Name: "lr", Arg: "0.05"}, {Name: "schedule", Arg: "linear"},
		{Name: "epochs", Arg: "2"}, {Name: "speed", Arg: "max"}, {Name: "run"}} {
		if err := l.Apply(c); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
	}
	clock := func() time.Time { return time.Time{} }
	for i := 0; i < 100 && (l.Running() || l.Measuring()); i++ {
		l.Tick(30*time.Millisecond, clock)
	}
	s := l.Status()
	if s.Step != 800 || s.Run.TestAccuracy != res.TestAccuracy {
		t.Errorf("the lab: step %d, test accuracy %v; backprop train: 800 steps, %v", s.Step, s.Run.TestAccuracy, res.TestAccuracy)
	}
	if err := l.Apply(lab.Do("save-weights")); err != nil {
		t.Fatal(err)
	}
	if labFile := l.Saved(); !bytes.Equal(labFile, trainFile) {
		t.Errorf("the lab's weights file (%d bytes) differs from backprop train -out's (%d bytes)", len(labFile), len(trainFile))
	}
	fresh, _ := lab.New(cfg, train)
	if err := fresh.Apply(lab.Command{Name: "load-weights", Arg: string(trainFile)}); err != nil {
		t.Errorf("backprop train -out's file does not load into the lab: %v", err)
	}
}
