//go:build !js

package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backproplab/internal/gomnist"
	"backproplab/internal/mnisttest"
)

// On the desktop, with -mnist none (the embedded digits only), a link's
// run made on all of MNIST says in a sentence why it shows step 0, instead
// of waiting for digits that will not come; with all of MNIST read from
// disk, the same link replays there.
func TestDesktopLinkOnAllOfMNIST(t *testing.T) {
	const link = "journal=300_n60000_0l0.01_0s4100&step=300"
	g, _ := newGameAt(t, 1280, 800, link)
	g.startDataFrom("none")
	if st := g.lab.Status(); g.lab.Replaying() || st.Step != 0 || !strings.Contains(st.Message, "60,000 training digits") || !strings.Contains(st.Message, "-mnist none") {
		t.Errorf("replaying %v, step %d, message %q", g.lab.Replaying(), st.Step, st.Message)
	}

	dir := mnisttest.NeedDir(t)
	g, _ = newGameAt(t, 1280, 800, link)
	g.startDataFrom(dir)
	deadline := time.Now().Add(60 * time.Second)
	for g.lab.Replaying() || g.lab.Status().Samples != 60000 {
		if time.Now().After(deadline) {
			t.Fatalf("all of MNIST not in after 60 s: %d digits, message %q, data %q", g.lab.Status().Samples, g.lab.Status().Message, g.lab.Status().Run.DataMessage)
		}
		update(t, g, 1)
	}
	if st := g.lab.Status(); st.Step != 300 || st.Sample != 4100+300 || !strings.Contains(st.Run.DataMessage, "60,000 + 10,000") {
		t.Errorf("after the replay on all of MNIST: step %d, sample %d, data %q", st.Step, st.Sample, st.Run.DataMessage)
	}

	g, _ = newGameAt(t, 1280, 800, "")
	g.startDataFrom(t.TempDir())
	for deadline := time.Now().Add(20 * time.Second); g.plat.data != nil; update(t, g, 1) {
		if time.Now().After(deadline) {
			t.Fatal("reading an empty folder does not end")
		}
	}
	if st := g.lab.Status(); st.Samples != 4000 || !strings.Contains(st.Run.DataMessage, "could not be read") || !strings.Contains(st.Run.DataMessage, "4,000 embedded digits") {
		t.Errorf("from an empty folder: %d digits, data message %q", st.Samples, st.Run.DataMessage)
	}
}

// The desktop binary run outside the repository (from a desktop icon, in
// the home folder), where go list has no module to ask, still finds all of
// MNIST: in the module cache, at the version it was built with.
func TestDesktopFindsMNISTOutsideTheRepository(t *testing.T) {
	want := mnisttest.NeedDir(t)
	t.Chdir(t.TempDir())
	if _, err := gomnist.Dir(); err == nil {
		t.Skip("go list finds the module outside the repository too (a go.work?)")
	}
	got, err := gomnist.Find()
	if err != nil || filepath.Clean(got) != filepath.Clean(want) {
		t.Errorf("gomnist.Find() outside the repository = %q, %v; want %q", got, err, want)
	}
}
